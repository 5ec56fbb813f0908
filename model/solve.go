package model

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Solver settings from docs/MODEL.md: relative market-clearing residual
// below 1e-12, with a bounded number of Newton steps.
const (
	tolerance     = 1e-12
	maxIterations = 100
	// denseMax is the largest number of unknowns solved with a dense LU
	// factorisation; larger blocks use matrix-free GMRES so that the cost
	// of a Newton step grows with the number of flows, not its cube.
	denseMax = 64
	// maxLogStep bounds a Newton step in log prices (a factor e² ≈ 7.4)
	// so that a poor first step cannot overflow the exponentials.
	maxLogStep = 2
)

// ConvergenceError reports a market whose equilibrium was not found.
type ConvergenceError struct {
	Market     string // e.g. "US/ict" or "exporter CN in ict"
	Iterations int
	Residual   float64 // largest relative market-clearing residual
	Reason     string
}

func (e *ConvergenceError) Error() string {
	return fmt.Sprintf("market %s did not converge after %d Newton iterations (relative residual %.3g): %s",
		e.Market, e.Iterations, e.Residual, e.Reason)
}

// Solve computes the equilibrium of p.
func Solve(p *Problem) (*Result, error) {
	s, err := compile(p)
	if err != nil {
		return nil, err
	}
	return s.solve(nil)
}

// solve solves s into res (nil: a new Result).
func (s *system) solve(res *Result) (*Result, error) {
	w := s.getWork()
	defer s.putWork(w)
	return w.solveInto(res)
}

// solveInto solves w.s into res.
func (w *work) solveInto(res *Result) (*Result, error) {
	s := w.s
	var iters int
	var resid float64
	for b := range len(s.bM) - 1 {
		var it int
		var r float64
		var err error
		if s.p.Form == Linear {
			err = w.solveLinear(b)
		} else {
			it, r, err = w.solveExact(b)
		}
		if err != nil {
			return nil, err
		}
		iters, resid = max(iters, it), max(resid, r)
	}
	res = w.result(res)
	res.Iterations, res.Residual = iters, resid
	return res, nil
}

// work holds the state of a solve.
type work struct {
	s *system
	// A prepared draw's system and problem: copies with the draw's
	// elasticities in parBuf (see Prepared.SolveInto).
	sys    system
	prob   Problem
	parBuf []float64

	x      []float64 // per unit: log p̂ (exact) or p̂−1 (linear)
	uP     []float64 // per unit: p̂ in the exact form, as of the last eval
	lq     []float64 // per variety: log q̂, as of the last eval
	share  []float64 // per variety: current expenditure share among the market's imports
	q      []float64 // per variety: q̂
	mLogP  []float64 // per market: log P̂_m
	mLogPM []float64 // per market: log P̂_M of the import composite
	mSd    []float64 // per market: current domestic share in the outer nest
	mC     []float64 // per market: scratch for Jacobian products
	mCm    []float64 // per market: scratch for Jacobian products (outer nest)
	uD     []float64 // per unit: Σ V q̂
	uF     []float64 // per unit: residual
	linear bool
	mhat   []float64 // per variety, linear form: M̂
	// Unit-indexed scratch for Jacobian products, shared by blocks: a
	// product touches only its own block's units and leaves them zero.
	full, out     []float64
	importQ       []float64    // scratch for result: Q̂_M per market
	unitP, unitPS []float64    // scratch for result: p̂ and ΔPS per unit
	ls            linearSolver // reused by every block
	wood          woodbury     // scratch of the market-space solve
	// denseOnly makes every block of at most denseMax unknowns take the
	// dense LU (tests compare the fast paths with it).
	denseOnly bool
	fbufs     [3][]float64 // see floats
	scratch   []float64    // see floats
	freeBuf   []int32      // see free
}

func newWork(s *system) *work {
	n, nm, nu := s.numFlows(), len(s.mSigma), len(s.uEps)
	// One allocation for the arrays of every solve.
	buf := make([]float64, 3*n+5*nm+4*nu)
	take := func(k int) []float64 {
		xs := buf[:k:k]
		buf = buf[k:]
		return xs
	}
	return &work{
		s: s, x: take(nu), uP: take(nu),
		share: take(n), q: take(n), lq: take(n),
		mLogP: take(nm), mLogPM: take(nm), mSd: take(nm),
		mC: take(nm), mCm: take(nm),
		uD: take(nu), uF: take(nu),
	}
}

// getWork returns a work for s: a recycled one when s belongs to a
// Prepared (its draws all have the same sizes), which saves about half of
// a Monte Carlo draw's allocations; a new one otherwise.
func (s *system) getWork() *work {
	if s.pool != nil {
		if w, ok := s.pool.Get().(*work); ok {
			w.s, w.linear = s, false
			// Zero everything a fresh work would have zero: the solvers
			// start from x = 0 and rely on zeroed scratch.
			for _, xs := range [][]float64{w.x, w.uP, w.lq, w.share, w.q, w.mLogP, w.mLogPM, w.mSd, w.mC, w.mCm, w.uD, w.uF, w.mhat, w.full, w.out} {
				clear(xs)
			}
			return w
		}
	}
	return newWork(s)
}

func (s *system) putWork(w *work) {
	if s.pool != nil {
		w.s = nil
		s.pool.Put(w)
	}
}

// free returns the units of block b whose price is unknown (finite ε).
// The slice is the work's and valid until the next call.
func (w *work) free(b int) []int32 {
	idx := w.freeBuf[:0]
	for u := w.s.bU[b]; u < w.s.bU[b+1]; u++ {
		if !math.IsInf(w.s.uEps[u], 1) {
			idx = append(idx, u)
		}
	}
	w.freeBuf = idx
	return idx
}

// eval computes demand at the prices w.x for block b and the residuals
// F_u = log(D_u / X_u) − ε_u log p̂_u. It returns the largest relative
// residual |D/S − 1| over the free units.
//
// It takes one exp per variety: the shares s_k = θ_k π̂_k^(1−σ) / Σ come
// from one pass, and q̂_k = Q̂_M (π̂_k/P̂_M)^(−σ) from them, as
// q̂_k = Q̂_M P̂_M s_k / (θ'_k π̂_k) with θ'_k the shares at the baseline
// computed the same way (so that no change gives q̂ = 1 exactly).
func (w *work) eval(b int) float64 {
	s := w.s
	for u := s.bU[b]; u < s.bU[b+1]; u++ {
		if x := w.x[u]; x == 0 {
			w.uP[u] = 1
		} else {
			w.uP[u] = math.Exp(x)
		}
	}
	for m := s.bM[b]; m < s.bM[b+1]; m++ {
		lo, hi := s.mStart[m], s.mEnd[m]
		if s.mQuiet[m] && w.atBaseline(m) {
			// Nothing has changed in this market: the baseline state,
			// exactly as the general case below computes it.
			copy(w.share[lo:hi], s.theta0[lo:hi])
			for k := lo; k < hi; k++ {
				w.q[k], w.lq[k] = 1, 0
			}
			// Zeros with the signs that the general case gives.
			var logP float64
			if a := 1 - s.mSigma[m]; hi > lo && math.Abs(a) >= 1e-9 {
				logP = 0 / a
			}
			w.mLogPM[m], w.mLogP[m] = logP, logP
			if d := s.mDom[m]; d >= 0 {
				sd := s.mSd0[m]
				var logPm float64
				switch bb := 1 - s.mSigD[m]; {
				case hi == lo:
					sd = 1
				case math.Abs(bb) < 1e-9:
					sd = math.Exp(s.mLogThD[m])
				default:
					logPm = 0 / bb
				}
				w.mLogP[m], w.mSd[m] = logPm, sd
				w.share[d], w.q[d], w.lq[d] = sd, 1, 0
			}
			continue
		}
		sigma, eta := s.mSigma[m], s.mEta[m]
		a := 1 - sigma
		cobbDouglas := math.Abs(a) < 1e-9
		var logP float64
		switch {
		case hi == lo:
			// A market of domestic sales only has no import composite.
		case cobbDouglas:
			// Cobb–Douglas limit: log P̂ = Σ θ log π̂.
			for k := lo; k < hi; k++ {
				th := math.Exp(s.logTheta[k])
				logP += th * (w.x[s.unit[k]] + s.logShock[k])
				w.share[k] = th
			}
		default:
			mx := math.Inf(-1)
			for k := lo; k < hi; k++ {
				v := s.logTheta[k] + a*(w.x[s.unit[k]]+s.logShock[k])
				w.share[k] = v
				mx = max(mx, v)
			}
			var sum float64
			for k := lo; k < hi; k++ {
				e := math.Exp(w.share[k] - mx)
				w.share[k] = e
				sum += e
			}
			logP = (mx + math.Log(sum) - s.mLSE0[m]) / a
			inv := 1 / sum
			for k := lo; k < hi; k++ {
				w.share[k] *= inv
			}
		}
		w.mLogPM[m] = logP
		d := s.mDom[m]
		// logQM is log Q̂_M of the import composite.
		var logQM float64
		if d < 0 {
			w.mLogP[m] = logP
			logQM = -eta * logP
		} else {
			// The outer nest: domestic goods against the import composite.
			sigD := s.mSigD[m]
			xd := w.x[s.unit[d]]
			bb := 1 - sigD
			var logPm, sd float64
			switch {
			case hi == lo:
				logPm, sd = xd, 1
			case math.Abs(bb) < 1e-9:
				sd = math.Exp(s.mLogThD[m])
				logPm = sd*xd + math.Exp(s.mLog1mD[m])*logP
			default:
				lse := logSumExp2(s.mLogThD[m]+bb*xd, s.mLog1mD[m]+bb*logP)
				logPm = (lse - s.mDLSE0[m]) / bb
				sd = math.Exp(s.mLogThD[m] + bb*xd - lse)
			}
			w.mLogP[m], w.mSd[m] = logPm, sd
			w.share[d] = sd
			logQM = (sigD-eta)*logPm - sigD*logP
			w.lq[d] = (sigD-eta)*logPm - sigD*xd
			w.q[d] = math.Exp(w.lq[d])
		}
		if cobbDouglas {
			for k := lo; k < hi; k++ {
				w.lq[k] = logQM + sigma*logP - sigma*(w.x[s.unit[k]]+s.logShock[k])
				w.q[k] = math.Exp(w.lq[k])
			}
			continue
		}
		if hi > lo {
			c := math.Exp(logQM + logP)
			for k := lo; k < hi; k++ {
				x := w.x[s.unit[k]]
				w.q[k] = c * w.share[k] / (s.theta0[k] * s.shock[k] * w.uP[s.unit[k]])
				w.lq[k] = logQM + sigma*(logP-x-s.logShock[k])
			}
		}
	}
	// Demand per unit, summed in the order of the varieties (a unit's
	// varieties ascend), streaming through the block's arrays.
	u0, u1 := s.bU[b], s.bU[b+1]
	clear(w.uD[u0:u1])
	for k := s.mStart[s.bM[b]]; k < s.mStart[s.bM[b+1]]; k++ {
		w.uD[s.unit[k]] += s.value[k] * w.q[k]
	}
	// The largest |expm1(F)| is at the largest or the smallest F.
	var fmin, fmax float64
	for u := u0; u < u1; u++ {
		d := w.uD[u]
		eps := s.uEps[u]
		if math.IsInf(eps, 1) {
			w.uF[u] = 0
			continue
		}
		var f float64
		if vs := s.uFlows[u]; len(vs) == 1 {
			// One variety, with the unit's baseline value: log(D/X) is
			// its log q̂, known without a log.
			f = w.lq[vs[0]] - eps*w.x[u]
		} else {
			f = math.Log(d/s.uX[u]) - eps*w.x[u]
		}
		w.uF[u] = f
		fmin, fmax = min(fmin, f), max(fmax, f)
	}
	return max(math.Abs(math.Expm1(fmax)), math.Abs(math.Expm1(fmin)))
}

// atBaseline reports whether every price of market m is at its baseline.
func (w *work) atBaseline(m int32) bool {
	s := w.s
	for k := s.mStart[m]; k < s.mEnd[m]; k++ {
		if w.x[s.unit[k]] != 0 {
			return false
		}
	}
	if d := s.mDom[m]; d >= 0 && w.x[s.unit[d]] != 0 {
		return false
	}
	return true
}

// jacVec sets dst_u = Σ_w J_uw v_w for the units of block b, where
// J = ∂F/∂log p̂ at the state of the last eval (or, in the linear form, at
// the baseline). v and dst are indexed by unit; fixed units of v must be 0.
// Without a domestic flow in the market,
//
//	J_uw = Σ_{k∈u} ω_k [(σ_m−η_m) Σ_{g∈m(k), u(g)=w} s_g − σ_m δ_uw] − ε_u δ_uw
//
// with ω_k = V_k q̂_k / D_u over the unit's varieties and s_g the current
// shares among imports. With one, ∂log q̂ of an import is
// (σ_D−η) dlog P̂_m + (σ−σ_D) dlog P̂_M − σ dlog p̂, of the domestic flow
// (σ_D−η) dlog P̂_m − σ_D dlog p̂_d, where dlog P̂_M = Σ s_g dlog p̂_g and
// dlog P̂_m = s_d dlog p̂_d + (1 − s_d) dlog P̂_M. Its cost is linear in the
// number of varieties of the block.
func (w *work) jacVec(b int, dst, v []float64) {
	s := w.s
	for m := s.bM[b]; m < s.bM[b+1]; m++ {
		var c float64
		for k := s.mStart[m]; k < s.mEnd[m]; k++ {
			c += w.share[k] * v[s.unit[k]]
		}
		w.mC[m] = c
		if d := s.mDom[m]; d >= 0 {
			sd := w.mSd[m]
			w.mCm[m] = sd*v[s.unit[d]] + (1-sd)*c
		}
	}
	u0, u1 := s.bU[b], s.bU[b+1]
	clear(dst[u0:u1])
	// In the order of the varieties, as eval sums demand.
	for k := s.mStart[s.bM[b]]; k < s.mStart[s.bM[b+1]]; k++ {
		u := s.unit[k]
		m := s.market[k]
		d := s.mDom[m]
		switch {
		case d < 0:
			dst[u] += s.value[k] * w.q[k] * ((s.mSigma[m]-s.mEta[m])*w.mC[m] - s.mSigma[m]*v[u])
		case k == d:
			dst[u] += s.value[k] * w.q[k] * ((s.mSigD[m]-s.mEta[m])*w.mCm[m] - s.mSigD[m]*v[u])
		default:
			dst[u] += s.value[k] * w.q[k] * ((s.mSigD[m]-s.mEta[m])*w.mCm[m] + (s.mSigma[m]-s.mSigD[m])*w.mC[m] - s.mSigma[m]*v[u])
		}
	}
	for u := u0; u < u1; u++ {
		if eps := s.uEps[u]; math.IsInf(eps, 1) {
			dst[u] = 0
		} else {
			dst[u] = dst[u]/w.uD[u] - eps*v[u]
		}
	}
}

// jacDiag returns J_uu for the preconditioner.
func (w *work) jacDiag(u int32) float64 {
	s := w.s
	var sum float64
	for _, k := range s.uFlows[u] {
		m := s.market[k]
		d := s.mDom[m]
		if k == d {
			sum += s.value[k] * w.q[k] * ((s.mSigD[m]-s.mEta[m])*w.mSd[m] - s.mSigD[m])
			continue
		}
		// The unit's share of the import composite: its flow's pieces.
		c := w.share[k]
		if j := s.flow[k]; s.fVar[j+1]-s.fVar[j] > 1 {
			c = 0
			for g := s.fVar[j]; g < s.fVar[j+1]; g++ {
				c += w.share[g]
			}
		}
		if d < 0 {
			sum += s.value[k] * w.q[k] * ((s.mSigma[m]-s.mEta[m])*c - s.mSigma[m])
		} else {
			sum += s.value[k] * w.q[k] * ((s.mSigD[m]-s.mEta[m])*(1-w.mSd[m])*c + (s.mSigma[m]-s.mSigD[m])*c - s.mSigma[m])
		}
	}
	return sum/w.uD[u] - s.uEps[u]
}

// linearSolver solves J δ = r over the free units of a block.
type linearSolver struct {
	w    *work
	b    int
	free []int32
	full []float64 // unit-indexed scratch
	out  []float64
	lu   mat.LU
	// jac, when set, makes solve factorise the dense Jacobian (filled
	// column by column from jacVec) with an LU and a condition check: the
	// path of blocks that the market-space solve does not take, and the
	// reference that tests compare the fast paths with.
	jac      *mat.Dense
	denseBuf *mat.Dense // jac's storage, kept across blocks
	col      []float64  // scratch for dense
	diag     []float64  // scratch for GMRES: the inverse diagonal
	gm       gmresWork
}

func (w *work) newLinearSolver(b int, free []int32) *linearSolver {
	if w.full == nil {
		w.full, w.out = make([]float64, len(w.x)), make([]float64, len(w.x))
	}
	// One solver per work, reused block after block: a bilateral problem
	// has a small system per market, and allocating each one dominated the
	// allocations of a solve.
	ls := &w.ls
	ls.w, ls.b, ls.free, ls.full, ls.out = w, b, free, w.full, w.out
	ls.jac = nil
	return ls
}

// useDense points jac at a zeroed n×n matrix.
func (ls *linearSolver) useDense() {
	n := len(ls.free)
	if ls.denseBuf == nil {
		ls.denseBuf = mat.NewDense(n, n, nil)
	} else {
		ls.denseBuf.Reset()
		ls.denseBuf.ReuseAs(n, n)
	}
	ls.jac = ls.denseBuf
}

// floats returns k slices of length n from the work's scratch, zeroed.
func (w *work) floats(n, k int) [][]float64 {
	if cap(w.scratch) < n*k {
		w.scratch = make([]float64, n*k)
	}
	buf := w.scratch[:n*k]
	clear(buf)
	out := w.fbufs[:k]
	for i := range out {
		out[i] = buf[i*n : (i+1)*n : (i+1)*n]
	}
	return out
}

// apply computes dst = J v on free-unit vectors.
func (ls *linearSolver) apply(dst, v []float64) {
	for i, u := range ls.free {
		ls.full[u] = v[i]
	}
	ls.w.jacVec(ls.b, ls.out, ls.full)
	for i, u := range ls.free {
		dst[i] = ls.out[u]
		ls.full[u] = 0
	}
}

// dense fills the Jacobian column by column from jacVec.
func (ls *linearSolver) dense() *mat.Dense {
	n := len(ls.free)
	if cap(ls.col) < 2*n {
		ls.col = make([]float64, 2*n)
	}
	e, col := ls.col[:n], ls.col[n:2*n]
	clear(e)
	for j := range n {
		e[j] = 1
		ls.apply(col, e)
		e[j] = 0
		for i := range n {
			ls.jac.Set(i, j, col[i])
		}
	}
	return ls.jac
}

var errSingular = errors.New("the Jacobian is singular: prices are not determined (are η and ε both zero?)")

// solve sets x to the solution of J x = r, to relative accuracy rtol when
// iterative. It takes the market-space (Woodbury) solve when the block has
// few market variables, else the dense LU for a block of at most denseMax
// unknowns, else GMRES; an explicitly set jac forces the dense LU.
func (ls *linearSolver) solve(x, r []float64, rtol float64) error {
	if ls.jac == nil && !ls.w.denseOnly {
		if ls.solveWoodbury(x, r) {
			return nil
		}
	}
	if ls.jac == nil && len(ls.free) <= denseMax {
		ls.useDense()
	}
	if ls.jac != nil {
		ls.lu.Factorize(ls.dense())
		if ls.lu.Cond() > 1e14 {
			return errSingular
		}
		xv := mat.NewVecDense(len(x), x)
		if err := ls.lu.SolveVecTo(xv, false, mat.NewVecDense(len(r), r)); err != nil {
			return errSingular
		}
		return nil
	}
	ls.diag = resize(ls.diag, len(ls.free))
	for i, u := range ls.free {
		d := ls.w.jacDiag(u)
		if d == 0 {
			return errSingular
		}
		ls.diag[i] = 1 / d
	}
	return ls.gm.solve(ls.apply, ls.diag, r, x, rtol, 40, 2000)
}

// solveExact runs damped Newton on log prices for block b.
func (w *work) solveExact(b int) (iters int, resid float64, err error) {
	free := w.free(b)
	resid = w.eval(b)
	if len(free) == 0 || resid < tolerance {
		return 0, resid, nil
	}
	ls := w.newLinearSolver(b, free)
	n := len(free)
	bufs := w.floats(n, 3)
	f, step, x0 := bufs[0], bufs[1], bufs[2]
	merit := func() float64 {
		var ss float64
		for _, u := range free {
			ss += w.uF[u] * w.uF[u]
		}
		return ss
	}
	phi := merit()
	for iters = 1; iters <= maxIterations; iters++ {
		for i, u := range free {
			f[i] = -w.uF[u]
			x0[i] = w.x[u]
		}
		// Inexact Newton: ask the iterative solver for no more accuracy
		// than the current residual warrants.
		if err := ls.solve(step, f, max(1e-14, min(1e-2, math.Sqrt(phi)))); err != nil {
			return iters, resid, &ConvergenceError{Market: w.blockName(b, free), Iterations: iters, Residual: resid, Reason: err.Error()}
		}
		lambda := 1.0
		var big float64
		for _, d := range step {
			big = max(big, math.Abs(d))
		}
		if big > maxLogStep {
			lambda = maxLogStep / big
		}
		for {
			for i, u := range free {
				w.x[u] = x0[i] + lambda*step[i]
			}
			resid = w.eval(b)
			trial := merit()
			if trial <= (1-1e-4*lambda)*phi || resid < tolerance {
				phi = trial
				break
			}
			lambda /= 2
			if lambda < 1e-10 {
				return iters, resid, &ConvergenceError{Market: w.blockName(b, free), Iterations: iters, Residual: resid,
					Reason: "the line search found no step that lowers the residual"}
			}
		}
		if resid < tolerance {
			return iters, resid, nil
		}
		if math.IsNaN(resid) {
			break
		}
	}
	return maxIterations, resid, &ConvergenceError{Market: w.blockName(b, free), Iterations: maxIterations, Residual: resid,
		Reason: "try the linear form or less extreme elasticities"}
}

// blockName names a block for messages: the market, or under global supply
// the category and the exporter with the largest residual.
func (w *work) blockName(b int, free []int32) string {
	s := w.s
	if s.p.Supply == Bilateral {
		m := s.bM[b]
		return s.mImport[m] + "/" + s.mCat[m]
	}
	worst, at := -1.0, int32(-1)
	for _, u := range free {
		if r := math.Abs(w.uF[u]); r > worst || math.IsNaN(r) {
			worst, at = r, u
		}
	}
	if at < 0 {
		return "category " + s.mCat[s.bM[b]]
	}
	if s.uDom[at] {
		return fmt.Sprintf("domestic producers of %s in %s", s.uExport[at], s.uCat[at])
	}
	return fmt.Sprintf("exporter %s in %s", s.uExport[at], s.uCat[at])
}

// solveLinear solves GSIM's linearised system for block b: with shares and
// quantities at the baseline, J P̂* = −Σ_{f∈u} φ_f [(σ−η) Σ_g θ_g T̂_g − σ T̂_f].
func (w *work) solveLinear(b int) error {
	s := w.s
	w.linear = true
	if w.mhat == nil {
		w.mhat = make([]float64, s.numFlows())
	}
	// Baseline state: x = 0, q̂ = 1, shares θ. (compile rejects domestic
	// flows in the linear form.)
	for m := s.bM[b]; m < s.bM[b+1]; m++ {
		for k := s.mStart[m]; k < s.mEnd[m]; k++ {
			w.share[k] = math.Exp(s.logTheta[k])
			w.q[k] = 1
		}
	}
	for u := s.bU[b]; u < s.bU[b+1]; u++ {
		w.uD[u] = s.uX[u]
		w.x[u] = 0
	}
	// M̂ of each variety from the tariff and trade-cost shocks alone.
	that := func(k int32) float64 { return s.tau[k]*s.kappa[k] - 1 }
	shock := func() {
		for m := s.bM[b]; m < s.bM[b+1]; m++ {
			lo, hi := s.mStart[m], s.mEnd[m]
			var c float64
			for k := lo; k < hi; k++ {
				c += w.share[k] * (that(k) + w.x[s.unit[k]])
			}
			for k := lo; k < hi; k++ {
				w.mhat[k] = (s.mSigma[m]-s.mEta[m])*c - s.mSigma[m]*(that(k)+w.x[s.unit[k]])
			}
		}
	}
	shock()
	free := w.free(b)
	if len(free) > 0 {
		r := make([]float64, len(free))
		for i, u := range free {
			var sum float64
			for _, k := range s.uFlows[u] {
				sum += s.value[k] * w.mhat[k]
			}
			r[i] = -sum / s.uX[u]
		}
		ls := w.newLinearSolver(b, free)
		p := make([]float64, len(free))
		if err := ls.solve(p, r, 1e-14); err != nil {
			return &ConvergenceError{Market: w.blockName(b, free), Reason: err.Error()}
		}
		for i, u := range free {
			w.x[u] = p[i]
		}
		shock()
	}
	return nil
}
