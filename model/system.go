package model

import (
	"fmt"
	"math"
	"sync"
)

// system is a Problem compiled into flat arrays of varieties: a flow is
// one variety, or one per piece when exempt shares split it (see
// docs/MODEL.md). Flows are ordered by block, then market (imports first,
// then the market's domestic flow), then exporter, and a flow's pieces are
// contiguous; markets and supply units are contiguous per block. A block is
// a set of markets coupled through exporters' prices: one market under
// bilateral supply, one category under global supply.
type system struct {
	p *Problem
	// pool recycles works across the solves of a Prepared (nil for a
	// one-off Solve); copies of the system share it.
	pool *sync.Pool

	// Per ordered flow j: its index in Problem.Flows and its varieties
	// fVar[j]:fVar[j+1].
	fOrig []int
	fVar  []int32

	// Per variety k.
	flow     []int32 // ordered flow of the variety
	market   []int32 // market of the variety
	unit     []int32 // supply unit of the variety
	value    []float64
	logTheta []float64 // log of the baseline expenditure share among the market's imports
	logShock []float64 // log τ + log κ: the consumer-price shock
	shock    []float64 // τ κ
	theta0   []float64 // the shares among the market's imports at the baseline, as eval computes them
	tau      []float64 // power of the tariff change
	kappa    []float64 // power of the trade-cost change
	t1       []float64
	share    []float64 // V_k / V_f

	// Per market: imports are varieties mStart[m]:mEnd[m]; the domestic
	// flow, if any, is variety mDom[m] = mEnd[m] (−1 without one).
	mStart  []int32
	mEnd    []int32
	mDom    []int32
	mSigma  []float64
	mEta    []float64
	mSigD   []float64
	mLSE0   []float64 // log Σ θ at the baseline, so that no change gives P̂ = 1 exactly
	mLogThD []float64 // log θ_d of the domestic flow
	mLog1mD []float64 // log (1 − θ_d)
	mDLSE0  []float64 // log(θ_d + (1 − θ_d)) as computed, for the same reason as mLSE0
	mSd0    []float64 // the domestic share of the outer nest at the baseline (σ_D ≠ 1), as eval computes it
	// mQuiet tells the markets where no consumer price is shocked: at
	// baseline prices their state is the baseline's.
	mQuiet  []bool
	mImport []string
	mCat    []string
	// The names' codes: ranks in sorted order (see codes).
	mImpCode, mCatCode []int32
	mExpend0           []float64

	// Per supply unit (one flow under bilateral supply; exporter ×
	// category under global supply; a domestic flow under both).
	uFlows  [][]int32 // varieties of the unit
	uEps    []float64
	uX      []float64 // baseline sales at world prices
	uExport []string
	uCat    []string
	uDom    []bool
	// uCatCode is the unit's category code.
	uCatCode []int32

	// Per block: markets bM[b]:bM[b+1] and units bU[b]:bU[b+1].
	bM, bU []int32

	codes  *codes
	layout *layout
}

// numFlows is the number of varieties.
func (s *system) numFlows() int { return len(s.flow) }

// compile checks p and builds its system.
func compile(p *Problem) (*system, error) { return compileWith(p, nil) }

// compileWith is compile; a non-nil prev, compiled from a problem with the
// same flows in the same order (the caller checks: see values.go), lends
// its result layout, which depends on nothing else.
func compileWith(p *Problem, prev *system) (*system, error) {
	n := len(p.Flows)
	if n == 0 {
		return nil, fmt.Errorf("no flows")
	}
	if p.NewTariff != nil && len(p.NewTariff) != n {
		return nil, fmt.Errorf("%d new tariffs for %d flows", len(p.NewTariff), n)
	}
	if p.Pieces != nil && len(p.Pieces) != n {
		return nil, fmt.Errorf("%d piece lists for %d flows", len(p.Pieces), n)
	}
	if p.TradeCost != nil && len(p.TradeCost) != n {
		return nil, fmt.Errorf("%d trade costs for %d flows", len(p.TradeCost), n)
	}
	if p.Supply != Bilateral && p.Supply != Global {
		return nil, fmt.Errorf("unknown supply %v", p.Supply)
	}
	if p.Form != Exact && p.Form != Linear {
		return nil, fmt.Errorf("unknown form %v", p.Form)
	}
	isDomestic := func(f *Flow) bool { return f.Importer == f.Exporter && !p.IntraTrade }
	for i := range p.Flows {
		f := &p.Flows[i]
		if !(f.Value > 0) || math.IsInf(f.Value, 0) {
			return nil, fmt.Errorf("flow %s: value %v must be positive and finite", flowName(*f), f.Value)
		}
		if !(f.Tariff >= 0) || math.IsInf(f.Tariff, 0) {
			return nil, fmt.Errorf("flow %s: baseline tariff %v must be ≥ 0 and finite", flowName(*f), f.Tariff)
		}
		if p.NewTariff != nil {
			t1 := p.NewTariff[i]
			if !(t1 > -1) || math.IsInf(t1, 0) {
				return nil, fmt.Errorf("flow %s: new tariff %v must be finite and above −100%%", flowName(*f), t1)
			}
		}
		if p.Pieces != nil && len(p.Pieces[i]) > 0 {
			var sum float64
			for _, pc := range p.Pieces[i] {
				if !(pc.Share > 0 && pc.Share <= 1) {
					return nil, fmt.Errorf("flow %s: piece share %v must be in (0, 1]", flowName(*f), pc.Share)
				}
				if !(pc.Tariff > -1) || math.IsInf(pc.Tariff, 0) {
					return nil, fmt.Errorf("flow %s: new tariff %v of a piece must be finite and above −100%%", flowName(*f), pc.Tariff)
				}
				sum += pc.Share
			}
			if math.Abs(sum-1) > 1e-9 {
				return nil, fmt.Errorf("flow %s: piece shares sum to %v, want 1", flowName(*f), sum)
			}
		}
		if p.TradeCost != nil {
			if k := p.TradeCost[i]; !(k > 0) || math.IsInf(k, 0) {
				return nil, fmt.Errorf("flow %s: trade cost %v must be positive and finite (1 = no change)", flowName(*f), k)
			}
		}
		if isDomestic(f) {
			switch {
			case p.Form == Linear:
				return nil, fmt.Errorf("flow %s is domestic sales (exporter = importer): the linear form takes no domestic flows; use form = \"exact\" or leave the flow out", flowName(*f))
			case f.Tariff != 0:
				return nil, fmt.Errorf("domestic flow %s: baseline tariff %v must be 0 (an importer does not tax its own goods)", flowName(*f), f.Tariff)
			case p.NewTariff != nil && p.NewTariff[i] != 0 || p.Pieces != nil && len(p.Pieces[i]) > 0:
				return nil, fmt.Errorf("domestic flow %s: its tariff cannot change (a measure of an importer on itself)", flowName(*f))
			case p.TradeCost != nil && p.TradeCost[i] != 1:
				return nil, fmt.Errorf("domestic flow %s: its trade cost cannot change (a measure of an importer on itself)", flowName(*f))
			}
		}
	}

	// Order flows by block key, then market, then exporter, so that
	// results do not depend on input order. Both supply modes order flows
	// by category, importer, exporter: a block (a category, or a category
	// and importer) is then contiguous. A market's domestic flow comes
	// after its imports. Names are numbered in sorted order first, so that
	// the sort and everything after it compare integers.
	cd := newCodes(p.Flows)
	dom := make([]bool, n)
	for i := range p.Flows {
		dom[i] = cd.imp[i] == cd.exp[i] && !p.IntraTrade
	}
	order := cd.order(dom)
	sameBlock := func(a, b int) bool {
		if p.Supply == Global {
			return cd.cat[a] == cd.cat[b]
		}
		return cd.cat[a] == cd.cat[b] && cd.imp[a] == cd.imp[b]
	}

	nv := n
	if p.Pieces != nil {
		for i := range p.Pieces {
			if len(p.Pieces[i]) > 1 {
				nv += len(p.Pieces[i]) - 1
			}
		}
	}
	s := &system{
		p:        p,
		fOrig:    order,
		fVar:     make([]int32, 0, n+1),
		flow:     make([]int32, 0, nv),
		market:   make([]int32, 0, nv),
		unit:     make([]int32, 0, nv),
		value:    make([]float64, 0, nv),
		logTheta: make([]float64, nv),
		logShock: make([]float64, 0, nv),
		shock:    make([]float64, 0, nv),
		theta0:   make([]float64, nv),
		tau:      make([]float64, 0, nv),
		kappa:    make([]float64, 0, nv),
		t1:       make([]float64, 0, nv),
		share:    make([]float64, 0, nv),
	}
	// Under global supply, unitOf[exporter] is the exporter's unit in the
	// current block when unitBlock[exporter] is that block.
	var unitOf, unitBlock []int32
	if p.Supply == Global {
		unitOf, unitBlock = make([]int32, len(cd.country)), make([]int32, len(cd.country))
		for c := range unitBlock {
			unitBlock[c] = -1
		}
	}
	// Count markets and units first so that their arrays are allocated
	// once.
	{
		nmk, nuk, blk := 0, 0, int32(0)
		for j, i := range order {
			newBlock := j == 0 || !sameBlock(order[j-1], i)
			if newBlock {
				blk++
			}
			if newBlock || cd.imp[order[j-1]] != cd.imp[i] {
				nmk++
			}
			if e := cd.exp[i]; p.Supply == Global && !dom[i] {
				if unitBlock[e] != -blk-1 {
					unitBlock[e] = -blk - 1
					nuk++
				}
			} else {
				nuk++
			}
		}
		for c := range unitBlock {
			unitBlock[c] = -1
		}
		s.mStart, s.mEnd, s.mDom = make([]int32, 0, nmk+1), make([]int32, 0, nmk), make([]int32, 0, nmk)
		s.mImport, s.mCat = make([]string, 0, nmk), make([]string, 0, nmk)
		s.mImpCode, s.mCatCode = make([]int32, 0, nmk), make([]int32, 0, nmk)
		s.uX, s.uExport, s.uCat = make([]float64, 0, nuk), make([]string, 0, nuk), make([]string, 0, nuk)
		s.uCatCode, s.uDom = make([]int32, 0, nuk), make([]bool, 0, nuk)
		s.bM, s.bU = make([]int32, 0, blk+1), make([]int32, 0, blk+1)
	}
	for j, i := range order {
		f := &p.Flows[i]
		if j > 0 {
			prev := order[j-1]
			if cd.imp[prev] == cd.imp[i] && cd.exp[prev] == cd.exp[i] && cd.cat[prev] == cd.cat[i] {
				return nil, fmt.Errorf("flow %s appears twice", flowName(*f))
			}
		}
		dom := dom[i]
		newBlock := j == 0 || !sameBlock(order[j-1], i)
		if newBlock {
			s.bM = append(s.bM, int32(len(s.mStart)))
			s.bU = append(s.bU, int32(len(s.uX)))
		}
		k0 := int32(len(s.flow))
		if newBlock || cd.imp[order[j-1]] != cd.imp[i] {
			s.mStart = append(s.mStart, k0)
			s.mEnd = append(s.mEnd, k0)
			s.mDom = append(s.mDom, -1)
			s.mImport = append(s.mImport, f.Importer)
			s.mCat = append(s.mCat, f.Category)
			s.mImpCode = append(s.mImpCode, cd.imp[i])
			s.mCatCode = append(s.mCatCode, cd.cat[i])
		}
		m := int32(len(s.mStart) - 1)

		// Under bilateral supply every flow is its own unit; under global
		// supply an exporter's flows of the category share one. A domestic
		// flow is always its own unit: it is not part of the exporter's
		// supply.
		u, ok := int32(0), false
		e := cd.exp[i]
		if p.Supply == Global && !dom && unitBlock[e] == int32(len(s.bM)) {
			u, ok = unitOf[e], true
		}
		if !ok {
			u = int32(len(s.uX))
			if p.Supply == Global && !dom {
				unitOf[e], unitBlock[e] = u, int32(len(s.bM))
			}
			s.uX = append(s.uX, 0)
			s.uExport = append(s.uExport, f.Exporter)
			s.uCat = append(s.uCat, f.Category)
			s.uCatCode = append(s.uCatCode, cd.cat[i])
			s.uDom = append(s.uDom, dom)
		}
		s.uX[u] += f.Value

		kappa := 1.0
		if p.TradeCost != nil {
			kappa = p.TradeCost[i]
		}
		var logKappa float64
		if kappa != 1 {
			logKappa = math.Log(kappa)
		}
		add := func(share, t1 float64) {
			s.flow = append(s.flow, int32(j))
			s.market = append(s.market, m)
			s.unit = append(s.unit, u)
			s.value = append(s.value, f.Value*share)
			s.share = append(s.share, share)
			s.t1 = append(s.t1, t1)
			s.tau = append(s.tau, (1+t1)/(1+f.Tariff))
			var ls float64 // log1p(t1) − log1p(t0), exactly 0 without a change
			if t1 != f.Tariff {
				ls = math.Log1p(t1) - math.Log1p(f.Tariff)
			}
			if kappa != 1 {
				ls += logKappa
			}
			s.logShock = append(s.logShock, ls)
			s.shock = append(s.shock, (1+t1)/(1+f.Tariff)*kappa)
			s.kappa = append(s.kappa, kappa)
		}
		s.fVar = append(s.fVar, k0)
		if p.Pieces != nil && len(p.Pieces[i]) > 0 {
			for _, pc := range p.Pieces[i] {
				add(pc.Share, pc.Tariff)
			}
		} else {
			t1 := f.Tariff
			if p.NewTariff != nil {
				t1 = p.NewTariff[i]
			}
			add(1, t1)
		}
		if dom {
			s.mDom[m] = k0
		} else {
			s.mEnd[m] = int32(len(s.flow))
		}
	}
	s.fVar = append(s.fVar, int32(len(s.flow)))
	s.mStart = append(s.mStart, int32(len(s.flow)))
	// The varieties of each unit, in order, in one array.
	nu := len(s.uX)
	start := make([]int32, nu+1)
	for _, u := range s.unit {
		start[u+1]++
	}
	for u := range nu {
		start[u+1] += start[u]
	}
	vars := make([]int32, len(s.unit))
	fill := append([]int32(nil), start[:nu]...)
	for k, u := range s.unit {
		vars[fill[u]] = int32(k)
		fill[u]++
	}
	s.uFlows = make([][]int32, nu)
	for u := range nu {
		s.uFlows[u] = vars[start[u]:start[u+1]:start[u+1]]
	}
	s.bM = append(s.bM, int32(len(s.mImport)))
	s.bU = append(s.bU, int32(len(s.uX)))

	nm := len(s.mImport)
	s.mLSE0 = make([]float64, nm)
	s.mExpend0 = make([]float64, nm)
	s.mLogThD = make([]float64, nm)
	s.mLog1mD = make([]float64, nm)
	s.mDLSE0 = make([]float64, nm)
	s.mSd0 = make([]float64, nm)
	s.mQuiet = make([]bool, nm)
	for m := range s.mImport {
		lo, hi := s.mStart[m], s.mEnd[m]
		var e0 float64
		for k := lo; k < hi; k++ {
			e0 += s.value[k] * (1 + p.Flows[s.fOrig[s.flow[k]]].Tariff)
		}
		for k := lo; k < hi; k++ {
			s.logTheta[k] = math.Log(s.value[k] * (1 + p.Flows[s.fOrig[s.flow[k]]].Tariff) / e0)
		}
		s.mExpend0[m] = e0
		if hi > lo {
			s.mLSE0[m] = logSumExp(s.logTheta[lo:hi], nil, 0)
			// What eval computes at the baseline, operation for operation.
			mx := math.Inf(-1)
			for k := lo; k < hi; k++ {
				mx = max(mx, s.logTheta[k])
			}
			var sum float64
			for k := lo; k < hi; k++ {
				e := math.Exp(s.logTheta[k] - mx)
				s.theta0[k] = e
				sum += e
			}
			inv := 1 / sum
			for k := lo; k < hi; k++ {
				s.theta0[k] *= inv
			}
		}
		if d := s.mDom[m]; d >= 0 {
			dv := s.value[d]
			s.mExpend0[m] = dv + e0
			s.mLogThD[m] = math.Log(dv / (dv + e0))
			s.mLog1mD[m] = math.Log(e0 / (dv + e0))
			s.mDLSE0[m] = logSumExp2(s.mLogThD[m], s.mLog1mD[m])
			s.mSd0[m] = math.Exp(s.mLogThD[m] - s.mDLSE0[m])
		}
		s.mQuiet[m] = true
		for k := lo; k < hi; k++ {
			if s.logShock[k] != 0 {
				s.mQuiet[m] = false
			}
		}
	}
	if err := s.setParams(&p.Params); err != nil {
		return nil, err
	}
	s.codes = cd
	if s.layout = newLayoutOf(s, prev); s.layout == nil {
		s.layout = newLayout(s)
	}
	return s, nil
}

// logSumExp2 returns log(exp(a) + exp(b)); −Inf terms drop out.
func logSumExp2(a, b float64) float64 {
	mx := max(a, b)
	if math.IsInf(mx, -1) {
		return mx
	}
	return mx + math.Log(math.Exp(a-mx)+math.Exp(b-mx))
}

// setParams fills the elasticities of every market and supply unit from
// params, checking each one used.
func (s *system) setParams(params *Params) error {
	// A prepared draw brings its own arrays (see Prepared.SolveInto).
	nm := len(s.mImport)
	if len(s.mSigma) != nm {
		buf := make([]float64, 3*nm)
		s.mSigma, s.mEta, s.mSigD = buf[:nm:nm], buf[nm:2*nm:2*nm], buf[2*nm:]
	}
	if len(s.uEps) != len(s.uX) {
		s.uEps = make([]float64, len(s.uX))
	}
	// Markets of a category are mostly consecutive: one lookup and one
	// check serve a run of them.
	lastCat := int32(-1)
	var e Elasticities
	for m, cat := range s.mCat {
		if s.mCatCode[m] != lastCat {
			lastCat = s.mCatCode[m]
			var ok bool
			if e, ok = params.Category[cat]; !ok {
				e = params.Default
			}
			e.ExportSupply = 0 // checked per unit below
			if err := e.Validate(); err != nil {
				return fmt.Errorf("market %s/%s: %w", s.mImport[m], cat, err)
			}
		}
		if s.mDom[m] >= 0 && !(e.DomesticSubstitution > 0) {
			return fmt.Errorf("market %s/%s has a domestic flow but no domestic substitution elasticity σ_D (domestic_substitution): want a positive number", s.mImport[m], cat)
		}
		s.mSigma[m], s.mEta[m], s.mSigD[m] = e.Substitution, e.ImportDemand, e.DomesticSubstitution
		if e.ImportsOnly && s.mDom[m] >= 0 {
			s.mEta[m] = TotalDemand(e.ImportDemand, math.Exp(s.mLogThD[m]), e.DomesticSubstitution)
		}
	}
	// Consecutive units mostly share a category, so one lookup serves a run;
	// this is params.For without two map lookups per unit, which showed
	// in Monte Carlo profiles.
	cat := int32(-1)
	var catEps, catEpsD float64
	for u := range s.uX {
		if s.uCatCode[u] != cat {
			cat = s.uCatCode[u]
			e, ok := params.Category[s.uCat[u]]
			if !ok {
				e = params.Default
			}
			catEps, catEpsD = e.ExportSupply, e.DomesticSupply
		}
		if s.uDom[u] {
			// Exporters' ε overrides are about exports, not home sales.
			s.uEps[u] = catEpsD
			continue
		}
		eps := catEps
		if len(params.ExportSupply) > 0 {
			if v, ok := params.ExportSupply[s.uExport[u]]; ok {
				eps = v
			}
		}
		if !(eps >= 0) {
			f := s.p.Flows[s.fOrig[s.flow[s.uFlows[u][0]]]]
			return fmt.Errorf("flow %s: export supply elasticity ε = %v: must be ≥ 0 or +Inf", flowName(f), eps)
		}
		s.uEps[u] = eps
	}
	return nil
}

// Prepared is a Problem compiled once to be solved many times with other
// elasticities, as Monte Carlo draws and sweeps do: it saves the indexing
// work and allocations of Solve. It is safe for concurrent use.
type Prepared struct {
	s *system
}

// Prepare compiles p. p must not change while the Prepared is in use.
func Prepare(p *Problem) (*Prepared, error) {
	s, err := compile(p)
	if err != nil {
		return nil, err
	}
	s.pool = &sync.Pool{}
	return &Prepared{s: s}, nil
}

// Solve solves the prepared problem with params instead of the problem's
// own (nil means the problem's own).
func (pp *Prepared) Solve(params *Params) (*Result, error) {
	return pp.SolveInto(nil, params)
}

// SolveInto is Solve writing into res, whose slices are reused when a
// previous solve of the same Prepared made them: a Monte Carlo worker keeps
// one Result, and a solve into it allocates nothing. Every number of res is
// rewritten; the names (importers, exporters, categories, countries) are
// written only when res does not hold this problem's already, so a caller
// must not edit them in a Result it passes back. res may be nil.
func (pp *Prepared) SolveInto(res *Result, params *Params) (*Result, error) {
	s := pp.s
	if params == nil {
		return s.solve(res)
	}
	// The draw's system is a copy of s with its own elasticities, kept in
	// the pooled work so that a draw allocates nothing.
	w := s.getWork()
	defer s.putWork(w)
	w.sys = *s
	w.prob = *s.p
	w.prob.Params = *params
	w.sys.p = &w.prob
	nm, nu := len(s.mSigma), len(s.uEps)
	if len(w.parBuf) != 3*nm+nu {
		w.parBuf = make([]float64, 3*nm+nu)
	}
	w.sys.mSigma, w.sys.mEta, w.sys.mSigD = w.parBuf[:nm:nm], w.parBuf[nm:2*nm:2*nm], w.parBuf[2*nm:3*nm:3*nm]
	w.sys.uEps = w.parBuf[3*nm:]
	if err := w.sys.setParams(params); err != nil {
		return nil, err
	}
	w.s = &w.sys
	return w.solveInto(res)
}

// logSumExp returns log Σ exp(a_i + c·y_i) (y may be nil for zero).
func logSumExp(a, y []float64, c float64) float64 {
	mx := math.Inf(-1)
	for i, ai := range a {
		v := ai
		if y != nil {
			v += c * y[i]
		}
		mx = max(mx, v)
	}
	var sum float64
	for i, ai := range a {
		v := ai
		if y != nil {
			v += c * y[i]
		}
		sum += math.Exp(v - mx)
	}
	return mx + math.Log(sum)
}

func flowName(f Flow) string {
	return fmt.Sprintf("%s←%s %s", f.Importer, f.Exporter, f.Category)
}
