package ge

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Solve computes the counterfactual equilibrium of p.
//
// It returns an [*InputError] for bad data (naming the country or flow) and a
// [*ConvergenceError] if Newton's method does not reach the tolerance.
func Solve(p *Problem) (*Result, error) {
	q, err := prepare(p)
	if err != nil {
		return nil, err
	}
	s := newSolver(q)
	if err := s.run(); err != nil {
		return nil, err
	}
	for j := range q.n {
		// Additive deficits are fixed in money: a shock that shrinks a
		// surplus country's income below its surplus leaves it negative
		// spending, a solution of the equations but not an economy.
		if !(s.eHat[j] > 0) {
			return nil, &InputError{Country: q.codes[j], Msg: fmt.Sprintf(
				"no economic equilibrium: %s's spending would be %.4g (its fixed deficit %.4g exceeds its income); try Multiplicative imbalances",
				q.codes[j], q.e[j]*s.eHat[j], q.d[j])}
		}
	}
	return s.result(p), nil
}

// solver holds the hat-form state. Every quantity is computed relative to the
// baseline in the same order as the baseline sums, so that with no change
// every hat is exactly 1 rather than 1 ± rounding.
type solver struct {
	q   *prepared
	n   int
	ref int // the clearing equation replaced by the numeraire: the largest Y

	pi     []float64 // π_ij
	cth    []float64 // c_ij^(−θ)
	ex     []float64 // ŵ_i^(−θ)
	rho    []float64 // (1+t0)/(1+t1)
	r0, r1 []float64 // t/(1+t)
	phi0   []float64 // Σ_k π_kj as summed here
	s0     []float64 // baseline tariff share of spending, Σ_i π_ij r0_ij / Φ0_j
	b0     []float64 // Y_j + D_j
	sumY   float64

	// state at x
	x, w     []float64
	h        []float64 // (ŵ_i c_ij)^(−θ)
	phiHat   []float64 // Φ̂_j
	sp       []float64 // s′_j
	bp       []float64 // B′_j = ŵ_j Y_j + D′_j
	eHat     []float64 // Ê_j
	xp       []float64 // X′_ij
	sales    []float64 // Σ_j X′_ij
	g        []float64 // clearing residuals in logs, all n
	worldW   float64   // Σ ŵ_i Y_i
	worldS   float64   // Σ_i sales_i
	resid    float64
	worst    int
	iters    int
	jac, z   *mat.Dense
	lu       mat.LU
	rhs, dx  *mat.VecDense
	trial    []float64
	colSumJS []float64
}

func newSolver(q *prepared) *solver {
	n := q.n
	s := &solver{q: q, n: n,
		pi: make([]float64, n*n), cth: make([]float64, n*n), ex: make([]float64, n), rho: make([]float64, n*n),
		r0: make([]float64, n*n), r1: make([]float64, n*n),
		phi0: make([]float64, n), s0: make([]float64, n), b0: make([]float64, n),
		x: make([]float64, n), w: make([]float64, n), h: make([]float64, n*n),
		phiHat: make([]float64, n), sp: make([]float64, n), bp: make([]float64, n),
		eHat: make([]float64, n), xp: make([]float64, n*n), sales: make([]float64, n),
		g: make([]float64, n), trial: make([]float64, n), colSumJS: make([]float64, n),
	}
	for i := range n {
		if q.y[i] > q.y[s.ref] {
			s.ref = i
		}
		s.sumY += q.y[i]
	}
	for j := range n {
		s.b0[j] = q.y[j] + q.d[j]
	}
	for i := range n {
		for j := range n {
			ij := i*n + j
			s.pi[ij] = q.x[ij] * (1 + q.t0[ij]) / q.e[j]
			s.rho[ij] = (1 + q.t0[ij]) / (1 + q.t1[ij])
			s.cth[ij] = 1
			if s.rho[ij] != 1 || q.kappa[ij] != 1 {
				s.cth[ij] = math.Pow(q.kappa[ij]/s.rho[ij], -q.theta)
			}
			s.r0[ij] = q.t0[ij] / (1 + q.t0[ij])
			s.r1[ij] = q.t1[ij] / (1 + q.t1[ij])
		}
	}
	for j := range n {
		for k := range n {
			s.phi0[j] += s.pi[k*n+j]
		}
		for i := range n {
			s.s0[j] += s.pi[i*n+j] / s.phi0[j] * s.r0[i*n+j]
		}
	}
	return s
}

// eval sets the state at x and returns ½‖g̃‖², g̃ being g with the reference
// row replaced by the numeraire; it returns +Inf where the state is not finite.
func (s *solver) eval(x []float64) float64 {
	q, n, th := s.q, s.n, s.q.theta
	copy(s.x, x)
	s.worldW = 0
	for i := range n {
		s.w[i] = math.Exp(x[i])
		s.ex[i] = math.Exp(-th * x[i])
		s.worldW += s.w[i] * q.y[i]
	}
	for j := range n {
		raw := 0.0
		for k := range n {
			kj := k*n + j
			s.h[kj] = s.ex[k] * s.cth[kj]
			raw += s.pi[kj] * s.h[kj]
		}
		s.phiHat[j] = raw / s.phi0[j]
		sp := 0.0
		for i := range n {
			ij := i*n + j
			sp += s.pi[ij] * s.h[ij] / raw * s.r1[ij]
		}
		s.sp[j] = sp
		if q.imb == Multiplicative {
			s.bp[j] = s.w[j] * (q.y[j] + q.d[j])
		} else {
			s.bp[j] = s.w[j]*q.y[j] + q.d[j]
		}
		s.eHat[j] = s.bp[j] / s.b0[j] * (1 - s.s0[j]) / (1 - sp)
	}
	s.worldS = 0
	for i := range n {
		sum := 0.0
		for j := range n {
			ij := i*n + j
			v := q.x[ij] * s.rho[ij] * s.h[ij] * s.eHat[j] / s.phiHat[j]
			s.xp[ij] = v
			sum += v
		}
		s.sales[i] = sum
		s.worldS += sum
	}
	scale := 0.0
	if q.imb == Multiplicative {
		scale = math.Log(s.worldS / s.worldW)
	}
	s.resid, s.worst = math.Abs(s.worldW/s.sumY-1), s.ref
	f := 0.0
	for i := range n {
		s.g[i] = math.Log(s.sales[i]/q.y[i]) - x[i] - scale
		if r := math.Abs(math.Expm1(s.g[i])); r > s.resid || math.IsNaN(r) {
			s.resid, s.worst = r, i
		}
		if i != s.ref {
			f += s.g[i] * s.g[i]
		}
	}
	num := math.Log(s.worldW / s.sumY)
	f += num * num
	if math.IsNaN(f) || math.IsInf(f, 0) || math.IsNaN(s.resid) {
		s.resid = math.Inf(1)
		return math.Inf(1)
	}
	return f / 2
}

// jacobian fills s.jac with ∂g̃/∂x at the current state.
//
// With G_j = Σ_i X′_ij (= E′_j (1 − s′_j)) and b_k = ∂B′_k/∂x_k,
//
//	∂S_i/∂x_k = −θ δ_ik S_i + θ Σ_j X′_ij X′_kj / G_j + X′_ik b_k / B′_k
//
// for the sales S_i = Σ_j X′_ij, from ∂π′_ij/∂x_k = −θ π′_ij (δ_ik − π′_kj)
// and ∂s′_j/∂x_k = −θ π′_kj (r_kj − s′_j).
func (s *solver) jacobian() {
	q, n, th := s.q, s.n, s.q.theta
	if s.jac == nil {
		s.jac = mat.NewDense(n, n, nil)
		s.rhs = mat.NewVecDense(n, nil)
		s.dx = mat.NewVecDense(n, nil)
		s.z = mat.NewDense(n, n, nil) // X′_ij / sqrt(G_j)
	}
	z := s.z
	for j := range n {
		gj := 0.0
		for i := range n {
			gj += s.xp[i*n+j]
		}
		inv := 1 / math.Sqrt(gj)
		for i := range n {
			z.Set(i, j, s.xp[i*n+j]*inv)
		}
	}
	s.jac.Mul(z, z.T())
	for k := range n {
		s.colSumJS[k] = 0
	}
	for i := range n {
		row := s.jac.RawRowView(i)
		for k := range n {
			bk := s.w[k] * q.y[k]
			if q.imb == Multiplicative {
				bk = s.bp[k]
			}
			v := th*row[k] + s.xp[i*n+k]*bk/s.bp[k]
			if i == k {
				v -= th * s.sales[i]
			}
			s.colSumJS[k] += v
			row[k] = v / s.sales[i]
		}
	}
	for i := range n {
		row := s.jac.RawRowView(i)
		if i == s.ref {
			for k := range n {
				row[k] = s.w[k] * q.y[k] / s.worldW
			}
			continue
		}
		row[i]--
		if q.imb == Multiplicative {
			for k := range n {
				row[k] -= s.colSumJS[k]/s.worldS - s.w[k]*q.y[k]/s.worldW
			}
		}
	}
}

func (s *solver) run() error {
	n := s.n
	x := make([]float64, n)
	f := s.eval(x)
	for s.iters = 0; s.resid > s.q.tol; s.iters++ {
		if s.iters >= s.q.maxIter {
			return &ConvergenceError{Iterations: s.iters, Residual: s.resid, Country: s.q.codes[s.worst]}
		}
		s.jacobian()
		for i := range n {
			v := -s.g[i]
			if i == s.ref {
				v = -math.Log(s.worldW / s.sumY)
			}
			s.rhs.SetVec(i, v)
		}
		s.lu.Factorize(s.jac)
		// Backtracking on ½‖g̃‖² (Armijo with c = 1e-4): Newton's direction
		// is a descent direction with slope −2f.
		accepted := false
		if err := s.lu.SolveVecTo(s.dx, false, s.rhs); err == nil {
			for alpha := 1.0; alpha >= 1.0/1024; alpha /= 2 {
				for i := range n {
					s.trial[i] = x[i] + alpha*s.dx.AtVec(i)
				}
				ft := s.eval(s.trial)
				if ft <= f*(1-2e-4*alpha) || ft < 1e-30 {
					f, accepted = ft, true
					copy(x, s.trial)
					break
				}
			}
		}
		if !accepted {
			// Far from the solution (near-autarky costs, say) the merit
			// function can have a local minimum where Newton stalls. Then take
			// steps of ge_gravity's damped fixed point, ŵ_i ← ŵ_i (S_i/T_i)^(1/(1+θ))
			// rescaled to the numeraire, which move towards clearing
			// whatever the merit function says, and go back to Newton.
			s.eval(x)
			for range 20 {
				for i := range n {
					x[i] += s.g[i] / (1 + s.q.theta)
				}
				s.eval(x)
				shift := math.Log(s.worldW / s.sumY)
				for i := range n {
					x[i] -= shift
				}
				f = s.eval(x)
			}
			if math.IsInf(f, 0) {
				return &ConvergenceError{Iterations: s.iters + 1, Residual: s.resid, Country: s.q.codes[s.worst]}
			}
		}
	}
	return nil
}
