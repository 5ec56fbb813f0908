package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// system is a Problem compiled into flat arrays: flows ordered by block,
// then market; markets and supply units contiguous per block. A block is a
// set of markets coupled through exporters' prices: one market under
// bilateral supply, one category under global supply.
type system struct {
	p *Problem
	// pool recycles works across the solves of a Prepared (nil for a
	// one-off Solve); copies of the system share it.
	pool *sync.Pool

	// Per ordered flow.
	orig     []int   // index into Problem.Flows
	market   []int32 // market of the flow
	unit     []int32 // supply unit of the flow
	value    []float64
	logTheta []float64 // log of the baseline expenditure share in its market
	logTau   []float64 // log of the power of the tariff change
	tau      []float64
	t1       []float64

	// Per market.
	mStart   []int32 // flows of market m are mStart[m]:mStart[m+1]
	mSigma   []float64
	mEta     []float64
	mLSE0    []float64 // log Σ θ at the baseline, so that no change gives P̂ = 1 exactly
	mImport  []string
	mCat     []string
	mExpend0 []float64

	// Per supply unit (one flow under bilateral supply; exporter ×
	// category under global supply).
	uFlows  [][]int32 // ordered flows of the unit
	uEps    []float64
	uX      []float64 // baseline sales at world prices
	uExport []string
	uCat    []string

	// Per block: markets bM[b]:bM[b+1] and units bU[b]:bU[b+1].
	bM, bU []int32

	layout *layout
}

func (s *system) numFlows() int { return len(s.orig) }

// compile checks p and builds its system.
func compile(p *Problem) (*system, error) {
	n := len(p.Flows)
	if n == 0 {
		return nil, fmt.Errorf("no flows")
	}
	if p.NewTariff != nil && len(p.NewTariff) != n {
		return nil, fmt.Errorf("%d new tariffs for %d flows", len(p.NewTariff), n)
	}
	if p.Supply != Bilateral && p.Supply != Global {
		return nil, fmt.Errorf("unknown supply %v", p.Supply)
	}
	if p.Form != Exact && p.Form != Linear {
		return nil, fmt.Errorf("unknown form %v", p.Form)
	}
	for i, f := range p.Flows {
		if !(f.Value > 0) || math.IsInf(f.Value, 0) {
			return nil, fmt.Errorf("flow %s: value %v must be positive and finite", flowName(f), f.Value)
		}
		if !(f.Tariff >= 0) || math.IsInf(f.Tariff, 0) {
			return nil, fmt.Errorf("flow %s: baseline tariff %v must be ≥ 0 and finite", flowName(f), f.Tariff)
		}
		if p.NewTariff != nil {
			t1 := p.NewTariff[i]
			if !(t1 > -1) || math.IsInf(t1, 0) {
				return nil, fmt.Errorf("flow %s: new tariff %v must be finite and above −100%%", flowName(f), t1)
			}
		}
	}

	// Order flows by block key, then market, then exporter, so that
	// results do not depend on input order.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Both supply modes order flows by category, importer, exporter: a
	// block (a category, or a category and importer) is then contiguous.
	sameBlock := func(a, b *Flow) bool {
		if p.Supply == Global {
			return a.Category == b.Category
		}
		return a.Category == b.Category && a.Importer == b.Importer
	}
	slices.SortFunc(order, func(a, b int) int {
		fa, fb := &p.Flows[a], &p.Flows[b]
		if c := strings.Compare(fa.Category, fb.Category); c != 0 {
			return c
		}
		if c := strings.Compare(fa.Importer, fb.Importer); c != 0 {
			return c
		}
		return strings.Compare(fa.Exporter, fb.Exporter)
	})

	s := &system{
		p:        p,
		orig:     order,
		market:   make([]int32, n),
		unit:     make([]int32, n),
		value:    make([]float64, n),
		logTheta: make([]float64, n),
		logTau:   make([]float64, n),
		tau:      make([]float64, n),
		t1:       make([]float64, n),
	}
	type unitKey struct{ exporter, category string }
	var unitIndex map[unitKey]int32
	for k, i := range order {
		f := &p.Flows[i]
		if k > 0 {
			prev := &p.Flows[order[k-1]]
			if prev.Importer == f.Importer && prev.Exporter == f.Exporter && prev.Category == f.Category {
				return nil, fmt.Errorf("flow %s appears twice", flowName(*f))
			}
		}
		newBlock := k == 0 || !sameBlock(&p.Flows[order[k-1]], f)
		if newBlock {
			s.bM = append(s.bM, int32(len(s.mStart)))
			s.bU = append(s.bU, int32(len(s.uX)))
			if p.Supply == Global {
				unitIndex = map[unitKey]int32{}
			}
		}
		if newBlock || p.Flows[order[k-1]].Importer != f.Importer {
			s.mStart = append(s.mStart, int32(k))
			s.mImport = append(s.mImport, f.Importer)
			s.mCat = append(s.mCat, f.Category)
		}
		s.market[k] = int32(len(s.mStart) - 1)

		// Under bilateral supply every flow is its own unit; under global
		// supply an exporter's flows of the category share one.
		u, ok := int32(0), false
		if p.Supply == Global {
			u, ok = unitIndex[unitKey{f.Exporter, f.Category}]
		}
		if !ok {
			u = int32(len(s.uX))
			if p.Supply == Global {
				unitIndex[unitKey{f.Exporter, f.Category}] = u
			}
			s.uX = append(s.uX, 0)
			s.uFlows = append(s.uFlows, nil)
			s.uExport = append(s.uExport, f.Exporter)
			s.uCat = append(s.uCat, f.Category)
		}
		s.unit[k] = u
		s.uFlows[u] = append(s.uFlows[u], int32(k))
		s.uX[u] += f.Value

		t1 := f.Tariff
		if p.NewTariff != nil {
			t1 = p.NewTariff[i]
		}
		s.value[k] = f.Value
		s.t1[k] = t1
		s.tau[k] = (1 + t1) / (1 + f.Tariff)
		s.logTau[k] = math.Log1p(t1) - math.Log1p(f.Tariff)
	}
	s.mStart = append(s.mStart, int32(n))
	s.bM = append(s.bM, int32(len(s.mImport)))
	s.bU = append(s.bU, int32(len(s.uX)))

	s.mLSE0 = make([]float64, len(s.mImport))
	s.mExpend0 = make([]float64, len(s.mImport))
	for m := range s.mImport {
		lo, hi := s.mStart[m], s.mStart[m+1]
		var e0 float64
		for k := lo; k < hi; k++ {
			e0 += s.value[k] * (1 + p.Flows[s.orig[k]].Tariff)
		}
		for k := lo; k < hi; k++ {
			s.logTheta[k] = math.Log(s.value[k] * (1 + p.Flows[s.orig[k]].Tariff) / e0)
		}
		s.mExpend0[m] = e0
		s.mLSE0[m] = logSumExp(s.logTheta[lo:hi], nil, 0)
	}
	if err := s.setParams(&p.Params); err != nil {
		return nil, err
	}
	s.layout = newLayout(s)
	return s, nil
}

// setParams fills the elasticities of every market and supply unit from
// params, checking each one used.
func (s *system) setParams(params *Params) error {
	s.mSigma = make([]float64, len(s.mImport))
	s.mEta = make([]float64, len(s.mImport))
	s.uEps = make([]float64, len(s.uX))
	for m, cat := range s.mCat {
		e := params.For("", cat)
		e.ExportSupply = 0 // checked per unit below
		if err := e.Validate(); err != nil {
			return fmt.Errorf("market %s/%s: %w", s.mImport[m], cat, err)
		}
		s.mSigma[m], s.mEta[m] = e.Substitution, e.ImportDemand
	}
	// Consecutive units mostly share a category, so one lookup serves a run;
	// this is params.For without two map lookups per unit, which showed
	// in Monte Carlo profiles.
	var cat string
	var catEps float64
	for u := range s.uX {
		if u == 0 || s.uCat[u] != cat {
			cat = s.uCat[u]
			e, ok := params.Category[cat]
			if !ok {
				e = params.Default
			}
			catEps = e.ExportSupply
		}
		eps := catEps
		if len(params.ExportSupply) > 0 {
			if v, ok := params.ExportSupply[s.uExport[u]]; ok {
				eps = v
			}
		}
		if !(eps >= 0) {
			f := s.p.Flows[s.orig[s.uFlows[u][0]]]
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
// one Result and saves most allocations. res may be nil.
func (pp *Prepared) SolveInto(res *Result, params *Params) (*Result, error) {
	s := pp.s
	if params != nil {
		c := *pp.s
		pc := *pp.s.p
		pc.Params = *params
		c.p = &pc
		if err := c.setParams(params); err != nil {
			return nil, err
		}
		s = &c
	}
	return s.solve(res)
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
