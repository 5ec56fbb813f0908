package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fastCases are random problems with pieces and domestic nests under both
// supplies, including a Cobb–Douglas σ, fixed domestic prices (ε_D = ∞)
// and a global block with more unknowns than the dense path takes.
func fastCases() []struct {
	name string
	p    *Problem
} {
	r := rand.New(rand.NewPCG(16, 16))
	var out []struct {
		name string
		p    *Problem
	}
	for _, supply := range []Supply{Bilateral, Global} {
		for i, pr := range []Params{elD(5, 1.25, 1.5, 2.5, 2), elD(1, 0.8, 2, 1, 0.4), elD(0.7, 3, 0.1, 6, inf), elD(8, 1, 3, 3, 5)} {
			p := nested(r, 5, 4, 3)
			p.Supply, p.Params = supply, pr
			out = append(out, struct {
				name string
				p    *Problem
			}{fmt.Sprintf("%v/nested%d", supply, i), p})
		}
		// Few hubs (US and OTH sell in every partner's market) over many
		// markets, with pieces and domestic sales.
		an := atpNested()
		an.Supply = supply
		out = append(out, struct {
			name string
			p    *Problem
		}{fmt.Sprintf("%v/atpNested", supply), an})
		p := randomProblem(r, 12, 90, 2)
		p.Supply, p.Params = supply, el(6, 1.2, 1.5)
		out = append(out, struct {
			name string
			p    *Problem
		}{fmt.Sprintf("%v/12x90", supply), p})
	}
	return out
}

// TestWoodburyStepMatchesDense compares the market-space (Woodbury,
// Sherman–Morrison) Newton step with the dense LU step at random prices.
func TestWoodburyStepMatchesDense(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 16))
	for _, tc := range fastCases() {
		s, err := compile(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		w := newWork(s)
		taken := 0
		for b := range len(s.bM) - 1 {
			free := w.free(b)
			if len(free) == 0 {
				continue
			}
			for _, u := range free {
				w.x[u] = 0.3 * r.NormFloat64()
			}
			w.eval(b)
			rhs := make([]float64, len(free))
			for i := range rhs {
				rhs[i] = r.NormFloat64()
			}
			ls := w.newLinearSolver(b, free)
			fast := make([]float64, len(free))
			if !ls.solveWoodbury(fast, rhs) {
				continue
			}
			taken++
			ls.jac = mat.NewDense(len(free), len(free), nil)
			var lu mat.LU
			lu.Factorize(ls.dense())
			dense := mat.NewVecDense(len(free), nil)
			if err := lu.SolveVecTo(dense, false, mat.NewVecDense(len(rhs), append([]float64(nil), rhs...))); err != nil {
				t.Fatal(err)
			}
			var scale, diff float64
			for i := range fast {
				scale = max(scale, math.Abs(dense.AtVec(i)))
				diff = max(diff, math.Abs(fast[i]-dense.AtVec(i)))
			}
			if diff > 1e-12*scale {
				t.Errorf("%s block %d: Woodbury step differs from the dense LU step by %g (scale %g)", tc.name, b, diff, scale)
			}
		}
		if taken == 0 {
			t.Errorf("%s: no block took the market-space solve", tc.name)
		}
	}
}

// TestFastPathsMatchDense solves each case with the fast paths and with
// the dense LU path that every block of at most denseMax unknowns took
// before them (GMRES above): the equilibria agree to 1e-12.
func TestFastPathsMatchDense(t *testing.T) {
	for _, tc := range fastCases() {
		s, err := compile(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := newWork(s).solveInto(nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		dw := newWork(s)
		dw.denseOnly = true
		ref, err := dw.solveInto(nil)
		if err != nil {
			t.Fatalf("%s dense: %v", tc.name, err)
		}
		rel := func(what string, i int, a, b float64) {
			if math.Abs(a-b) > 1e-12*max(1, math.Abs(b)) {
				t.Errorf("%s %s %d: fast %v, dense %v", tc.name, what, i, a, b)
			}
		}
		for i := range fast.Flows {
			rel("p̂", i, fast.Flows[i].PriceHat, ref.Flows[i].PriceHat)
			rel("q̂", i, fast.Flows[i].QuantityHat, ref.Flows[i].QuantityHat)
			rel("V1/V", i, fast.Flows[i].NewValue/fast.Flows[i].Value, ref.Flows[i].NewValue/ref.Flows[i].Value)
		}
		for i := range fast.Markets {
			rel("P̂", i, fast.Markets[i].PriceIndexHat, ref.Markets[i].PriceIndexHat)
		}
		if fast.Residual > tolerance || ref.Residual > tolerance {
			t.Errorf("%s: residuals %g (fast), %g (dense)", tc.name, fast.Residual, ref.Residual)
		}
	}
}

// A prepared solve into a Result it filled before rewrites every number:
// a Result whose numbers are all poisoned comes back equal to a fresh one.
func TestSolveIntoRewritesEveryNumber(t *testing.T) {
	p := atpNested()
	for _, supply := range []Supply{Bilateral, Global} {
		p.Supply = supply
		pp, err := Prepare(p)
		if err != nil {
			t.Fatal(err)
		}
		res, err := pp.SolveInto(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		poison(reflect.ValueOf(res).Elem())
		if res, err = pp.SolveInto(res, nil); err != nil {
			t.Fatal(err)
		}
		want, _ := Solve(p)
		if !reflect.DeepEqual(nanFree(res), nanFree(want)) {
			t.Errorf("%v: a reused Result keeps stale numbers", supply)
		}
	}
}

// poison sets every float, int and bool reachable from v (but not
// strings, which a reused Result keeps) to a wrong value.
func poison(v reflect.Value) {
	switch v.Kind() {
	case reflect.Float64:
		v.SetFloat(-12345.678)
	case reflect.Int:
		v.SetInt(-7)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				poison(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			poison(v.Index(i))
		}
	}
}

// A prepared solve into a reused Result allocates nothing, with the
// problem's own elasticities and with a draw's.
func TestPreparedAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts: sync.Pool drops items under the race detector")
	}
	for _, supply := range []Supply{Bilateral, Global} {
		for _, eps := range []float64{inf, 3} {
			p := atpNested()
			p.Supply = supply
			p.Params.Default.ExportSupply = eps
			pp, err := Prepare(p)
			if err != nil {
				t.Fatal(err)
			}
			draw := p.Params
			draw.Default.Substitution = 4
			res, err := pp.SolveInto(nil, &draw)
			if err != nil {
				t.Fatal(err)
			}
			for _, params := range []*Params{nil, &draw} {
				if n := testing.AllocsPerRun(20, func() {
					if res, err = pp.SolveInto(res, params); err != nil {
						t.Fatal(err)
					}
				}); n != 0 {
					t.Errorf("%v ε = %v, own params %v: %v allocations per solve", supply, eps, params == nil, n)
				}
			}
		}
	}
}
