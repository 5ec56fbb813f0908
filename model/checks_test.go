package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

var inf = math.Inf(1)

func el(sigma, eta, eps float64) Params {
	return Params{Default: Elasticities{Substitution: sigma, ImportDemand: eta, ExportSupply: eps}}
}

// Check 1: no tariff change leaves every hat exactly 1 and every Δ 0.
func TestNoChange(t *testing.T) {
	for _, supply := range []Supply{Bilateral, Global} {
		for _, form := range []Form{Exact, Linear} {
			for _, pr := range []Params{el(5, 1.25, inf), el(8.8, 0.94, 1.5), el(1, 1, 0.5)} {
				p := randomProblem(rand.New(rand.NewPCG(1, 2)), 6, 5, 3)
				p.NewTariff = nil
				p.Supply, p.Form, p.Params = supply, form, pr
				res, err := Solve(p)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range res.Flows {
					if f.PriceHat != 1 || f.QuantityHat != 1 || f.ConsumerPriceHat != 1 || f.NewValue != f.Value ||
						f.VolumeEffect != 0 || f.SubstitutionEffect != 0 || f.PriceEffect != 0 || f.ProducerSurplus != 0 || !math.IsNaN(f.PassThrough) {
						t.Fatalf("%v %v %+v: flow %+v", supply, form, pr.Default, f)
					}
				}
				for _, m := range res.Markets {
					if m.PriceIndexHat != 1 || m.QuantityHat != 1 || m.ConsumerSurplus != 0 || m.RevenueChange != 0 {
						t.Fatalf("market %+v", m)
					}
				}
				for _, c := range res.Countries {
					if c.Welfare != 0 || c.Exports0 != c.Exports1 || c.Imports0 != c.Imports1 {
						t.Fatalf("country %+v", c)
					}
				}
			}
		}
	}
}

func oneMarket(values, t0, t1 []float64, pr Params, supply Supply) *Problem {
	p := &Problem{Params: pr, Supply: supply}
	for i, v := range values {
		p.Flows = append(p.Flows, Flow{Importer: "I", Exporter: fmt.Sprintf("S%d", i+1), Category: "k", Value: v, Tariff: t0[i]})
	}
	p.NewTariff = t1
	return p
}

// Check 2: one source, ε = +Inf: V̂ = τ^(−η).
// Check 3: one source, finite ε: p̂ = τ^(−η/(ε+η)), q̂ = p̂^ε.
func TestOneSource(t *testing.T) {
	for _, tc := range []struct{ t0, t1, sigma, eta, eps float64 }{
		{0, 0.25, 5, 1.25, inf},
		{0.1, 0.5, 3, 2, inf},
		{0, 0.25, 5, 1.25, 1.5},
		{0.05, 1.45, 8.8, 0.94, 0.3},
		{0.2, 0, 2, 1, 4},    // a tariff cut
		{0, 0.25, 5, 0, 2},   // η = 0: nothing moves
		{0, 0.25, 5, 1.5, 0}, // ε = 0: the exporter bears it all
	} {
		for _, supply := range []Supply{Bilateral, Global} {
			res, err := Solve(oneMarket([]float64{100}, []float64{tc.t0}, []float64{tc.t1}, el(tc.sigma, tc.eta, tc.eps), supply))
			if err != nil {
				t.Fatal(err)
			}
			f := res.Flows[0]
			tau := (1 + tc.t1) / (1 + tc.t0)
			name := fmt.Sprintf("%+v %v", tc, supply)
			if math.IsInf(tc.eps, 1) {
				near(t, name+" V̂", f.NewValue/f.Value, math.Pow(tau, -tc.eta), 1e-12)
				near(t, name+" p̂", f.PriceHat, 1, 0)
				near(t, name+" pass-through", f.PassThrough, 1, 1e-12)
				continue
			}
			ph := math.Pow(tau, -tc.eta/(tc.eps+tc.eta))
			near(t, name+" p̂", f.PriceHat, ph, 1e-12)
			near(t, name+" q̂", f.QuantityHat, math.Pow(ph, tc.eps), 1e-12)
		}
	}
}

// Check 4: two sources, ε = +Inf, tariff on source 1 only.
func TestTwoSources(t *testing.T) {
	for _, tc := range []struct{ v1, v2, t, sigma, eta float64 }{
		{60, 40, 0.25, 5, 1.25},
		{10, 90, 1.45, 8.8, 0.94},
		{50, 50, 0.1, 1, 2},   // σ = 1, Cobb–Douglas
		{50, 50, 0.1, 0.5, 1}, // complements
	} {
		res, err := Solve(oneMarket([]float64{tc.v1, tc.v2}, []float64{0, 0}, []float64{tc.t, 0}, el(tc.sigma, tc.eta, inf), Bilateral))
		if err != nil {
			t.Fatal(err)
		}
		th1 := tc.v1 / (tc.v1 + tc.v2)
		tau := 1 + tc.t
		var P float64
		if tc.sigma == 1 {
			P = math.Pow(tau, th1)
		} else {
			P = math.Pow(th1*math.Pow(tau, 1-tc.sigma)+1-th1, 1/(1-tc.sigma))
		}
		name := fmt.Sprintf("%+v", tc)
		near(t, name+" P̂", res.Markets[0].PriceIndexHat, P, 1e-12)
		near(t, name+" q̂1", res.Flows[0].QuantityHat, math.Pow(P, tc.sigma-tc.eta)*math.Pow(tau, -tc.sigma), 1e-12)
		near(t, name+" q̂2", res.Flows[1].QuantityHat, math.Pow(P, tc.sigma-tc.eta), 1e-12)
	}
}

// Check 5: the same tariff on every source leaves the shares unchanged.
func TestUniformTariffKeepsShares(t *testing.T) {
	for _, pr := range []Params{el(5, 1.25, inf), el(5, 1.25, 1.5), el(3, 0.5, 0.2)} {
		p := oneMarket([]float64{10, 30, 60}, []float64{0.1, 0.1, 0.1}, []float64{0.35, 0.35, 0.35}, pr, Bilateral)
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Flows {
			near(t, "share", f.NewValue/res.Markets[0].Value1, f.Value/res.Markets[0].Value0, 1e-12)
		}
	}
}

// Check 6: the decomposition adds up and welfare matches its closed forms.
func TestDecompositionAndWelfare(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, supply := range []Supply{Bilateral, Global} {
		for _, form := range []Form{Exact, Linear} {
			p := randomProblem(r, 8, 6, 3)
			p.Supply, p.Form = supply, form
			p.Params = el(4, 1.3, 2)
			p.Params.ExportSupply = map[string]float64{"E0": inf, "E1": 0.7}
			res, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Flows {
				sum := f.VolumeEffect + f.SubstitutionEffect + f.PriceEffect
				near(t, "decomposition", sum, f.NewValue-f.Value, 1e-9*f.Value)
			}
			if form == Linear {
				continue
			}
			for _, m := range res.Markets {
				eta := m.Elasticities.ImportDemand
				near(t, "ΔCS", m.ConsumerSurplus, m.Expenditure0*(1-math.Pow(m.PriceIndexHat, 1-eta))/(1-eta), 1e-9*m.Expenditure0)
			}
			for _, pr := range res.Producers {
				if math.IsInf(pr.ExportSupply, 1) {
					if pr.ProducerSurplus != 0 {
						t.Errorf("ΔPS with ε = ∞: %v", pr.ProducerSurplus)
					}
					continue
				}
				if supply == Global {
					e := pr.ExportSupply
					near(t, "ΔPS", pr.ProducerSurplus, pr.Value0*(math.Pow(pr.PriceHat, 1+e)-1)/(1+e), 1e-9*pr.Value0)
				}
			}
			// Adding up: countries' welfare is the sum of its parts, and
			// world exports equal world imports.
			var ex0, ex1, im0, im1 float64
			for _, c := range res.Countries {
				near(t, "welfare", c.Welfare, c.ConsumerSurplus+c.RevenueChange+c.ProducerSurplus, 1e-9)
				ex0, ex1, im0, im1 = ex0+c.Exports0, ex1+c.Exports1, im0+c.Imports0, im1+c.Imports1
			}
			near(t, "exports = imports before", ex0, im0, 1e-9)
			near(t, "exports = imports after", ex1, im1, 1e-9)
		}
	}
}

// Check 7: bilateral and global supply agree when every exporter sells to
// one market.
func TestBilateralEqualsGlobalWithOneMarket(t *testing.T) {
	p := oneMarket([]float64{10, 30, 60}, []float64{0, 0.05, 0}, []float64{0.25, 0.05, 0.6}, el(5, 1.25, 1.5), Bilateral)
	p.Params.ExportSupply = map[string]float64{"S2": 0.3}
	a, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	p.Supply = Global
	b, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Flows {
		near(t, "p̂", a.Flows[i].PriceHat, b.Flows[i].PriceHat, 1e-12)
		near(t, "q̂", a.Flows[i].QuantityHat, b.Flows[i].QuantityHat, 1e-12)
	}
	for i := range a.Countries {
		near(t, "welfare", a.Countries[i].Welfare, b.Countries[i].Welfare, 1e-9)
	}
}

// The σ = 1 and η = 1 special cases are the limits of the general formulas.
func TestLimits(t *testing.T) {
	base := func(sigma, eta float64) *Result {
		p := oneMarket([]float64{10, 30, 60}, []float64{0, 0, 0}, []float64{0.25, 0, 0.1}, el(sigma, eta, 2), Bilateral)
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for _, tc := range []struct{ sigma, eta float64 }{{1, 1.25}, {5, 1}, {1, 1}} {
		at := base(tc.sigma, tc.eta)
		for _, d := range []float64{-1e-6, 1e-6} {
			s, e := tc.sigma, tc.eta
			if s == 1 {
				s += d
			}
			if e == 1 {
				e += d
			}
			nb := base(s, e)
			near(t, "P̂ limit", at.Markets[0].PriceIndexHat, nb.Markets[0].PriceIndexHat, 1e-6)
			near(t, "ΔCS limit", at.Markets[0].ConsumerSurplus, nb.Markets[0].ConsumerSurplus, 1e-4)
			near(t, "q̂ limit", at.Flows[0].QuantityHat, nb.Flows[0].QuantityHat, 1e-6)
		}
	}
}

// TestJacobian checks the analytic Jacobian against central finite
// differences from gonum's diff/fd at random prices.
func TestJacobian(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, supply := range []Supply{Bilateral, Global} {
		for _, pr := range []Params{el(5, 1.25, 1.5), el(1, 0.8, 2), el(0.7, 3, 0.1)} {
			p := randomProblem(r, 5, 4, 2)
			p.Supply, p.Params = supply, pr
			s, err := compile(p)
			if err != nil {
				t.Fatal(err)
			}
			w := newWork(s)
			for b := range len(s.bM) - 1 {
				free := w.free(b)
				for _, u := range free {
					w.x[u] = 0.3 * r.NormFloat64()
				}
				w.eval(b)
				ls := w.newLinearSolver(b, free)
				ls.jac = mat.NewDense(len(free), len(free), nil)
				got := mat.DenseCopyOf(ls.dense())
				x0 := make([]float64, len(free))
				for i, u := range free {
					x0[i] = w.x[u]
				}
				want := mat.NewDense(len(free), len(free), nil)
				fd.Jacobian(want, func(y, x []float64) {
					for i, u := range free {
						w.x[u] = x[i]
					}
					w.eval(b)
					for i, u := range free {
						y[i] = w.uF[u]
					}
				}, x0, &fd.JacobianSettings{Formula: fd.Central})
				if !mat.EqualApprox(got, want, 1e-6) {
					t.Fatalf("%v %+v block %d:\nanalytic %v\nfd %v", supply, pr.Default, b, mat.Formatted(got), mat.Formatted(want))
				}
			}
		}
	}
}

// TestIterativeMatchesDense solves a block too large for the dense path
// and compares with the dense LU solution of the same problem.
func TestIterativeMatchesDense(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(5, 6)), 30, 90, 2)
	p.Supply = Global
	p.Params = el(6, 1.2, 1.5)
	it, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := compile(p)
	w := newWork(s)
	for b := range len(s.bM) - 1 {
		if n := len(w.free(b)); n <= denseMax {
			t.Fatalf("block has %d unknowns: too few to use GMRES", n)
		}
	}
	// Force the dense path.
	dw := newWork(s)
	for b := range len(s.bM) - 1 {
		free := dw.free(b)
		dw.eval(b)
		for iter := 0; iter < 50; iter++ {
			ls := dw.newLinearSolver(b, free)
			ls.jac = mat.NewDense(len(free), len(free), nil)
			f := make([]float64, len(free))
			for i, u := range free {
				f[i] = -dw.uF[u]
			}
			step := make([]float64, len(free))
			if err := ls.solve(step, f, 0); err != nil {
				t.Fatal(err)
			}
			for i, u := range free {
				dw.x[u] += step[i]
			}
			if dw.eval(b) < 1e-13 {
				break
			}
		}
	}
	dres := dw.result(nil)
	for i := range it.Flows {
		near(t, "p̂", it.Flows[i].PriceHat, dres.Flows[i].PriceHat, 1e-10)
		near(t, "q̂", it.Flows[i].QuantityHat, dres.Flows[i].QuantityHat, 1e-10)
	}
}

func TestInputErrors(t *testing.T) {
	ok := func() *Problem {
		return oneMarket([]float64{10, 20}, []float64{0, 0}, []float64{0.1, 0}, el(5, 1.25, inf), Bilateral)
	}
	for _, tc := range []struct {
		name string
		edit func(p *Problem)
		want string
	}{
		{"no flows", func(p *Problem) { p.Flows, p.NewTariff = nil, nil }, "no flows"},
		{"zero value", func(p *Problem) { p.Flows[0].Value = 0 }, "must be positive"},
		{"NaN value", func(p *Problem) { p.Flows[0].Value = math.NaN() }, "must be positive"},
		{"negative tariff", func(p *Problem) { p.Flows[0].Tariff = -0.1 }, "baseline tariff"},
		{"tariff below -100%", func(p *Problem) { p.NewTariff[0] = -1 }, "above −100%"},
		{"tariff count", func(p *Problem) { p.NewTariff = p.NewTariff[:1] }, "1 new tariffs for 2 flows"},
		{"sigma zero", func(p *Problem) { p.Params.Default.Substitution = 0 }, "σ = 0"},
		{"eta negative", func(p *Problem) { p.Params.Default.ImportDemand = -1.25 }, "η = -1.25"},
		{"eps NaN", func(p *Problem) { p.Params.Default.ExportSupply = math.NaN() }, "ε = NaN"},
		{"duplicate", func(p *Problem) { p.Flows[1].Exporter = "S1" }, "appears twice"},
		{"singular", func(p *Problem) {
			p.Params.Default.ImportDemand, p.Params.Default.ExportSupply = 0, 0
			p.Supply = Global
		}, "singular"},
	} {
		p := ok()
		tc.edit(p)
		_, err := Solve(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestConvergenceErrorNamesMarket(t *testing.T) {
	err := error(&ConvergenceError{Market: "US/ict", Iterations: 100, Residual: 1e-3, Reason: "x"})
	var ce *ConvergenceError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "market US/ict did not converge after 100 Newton iterations") {
		t.Fatal(err)
	}
}

// Large shocks still converge: a 145% tariff with a high σ and a low ε.
func TestLargeShock(t *testing.T) {
	for _, supply := range []Supply{Bilateral, Global} {
		p := randomProblem(rand.New(rand.NewPCG(9, 9)), 10, 8, 2)
		for i := range p.NewTariff {
			if p.Flows[i].Exporter == "E1" {
				p.NewTariff[i] = p.Flows[i].Tariff + 1.45
			}
		}
		p.Supply, p.Params = supply, el(12, 2, 0.2)
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Residual > 1e-12 {
			t.Errorf("%v: residual %g", supply, res.Residual)
		}
	}
}

// randomProblem builds nImp importers × nExp exporters × nCat categories
// with random values, baseline tariffs and tariff changes.
func randomProblem(r *rand.Rand, nImp, nExp, nCat int) *Problem {
	p := &Problem{Params: el(5, 1.25, 1.5)}
	for c := range nCat {
		for i := range nImp {
			for e := range nExp {
				p.Flows = append(p.Flows, Flow{
					Importer: fmt.Sprintf("I%d", i), Exporter: fmt.Sprintf("E%d", e), Category: fmt.Sprintf("c%d", c),
					Value: 1 + 100*r.Float64(), Tariff: 0.1 * r.Float64(),
				})
				t1 := p.Flows[len(p.Flows)-1].Tariff
				if r.Float64() < 0.3 {
					t1 += 0.5 * r.Float64()
				}
				p.NewTariff = append(p.NewTariff, t1)
			}
		}
	}
	return p
}
