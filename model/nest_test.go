package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// elD is el with the domestic nest's σ_D and ε_D.
func elD(sigma, eta, eps, sigD, epsD float64) Params {
	p := el(sigma, eta, eps)
	p.Default.DomesticSubstitution, p.Default.DomesticSupply = sigD, epsD
	return p
}

// Check 8: a measure with exempt share x on a one-flow market with ε = ∞:
// the exempt piece gets q̂ = P̂_M^(σ−η), the paying one P̂_M^(σ−η) τ^(−σ).
func TestSplitExemptionClosedForm(t *testing.T) {
	for _, tc := range []struct{ t0, rate, x, sigma, eta float64 }{
		{0, 0.25, 0.5, 5, 1.25},
		{0.05, 0.25, 0.38, 8.8, 0.94},
		{0.1, 1.45, 0.9, 3, 2},
		{0, 0.25, 0.5, 1, 1.5}, // σ = 1
	} {
		for _, supply := range []Supply{Bilateral, Global} {
			p := oneMarket([]float64{100}, []float64{tc.t0}, []float64{tc.t0}, el(tc.sigma, tc.eta, inf), supply)
			p.Pieces = [][]Piece{{{Share: tc.x, Tariff: tc.t0}, {Share: 1 - tc.x, Tariff: tc.t0 + tc.rate}}}
			res, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			tau := (1 + tc.t0 + tc.rate) / (1 + tc.t0)
			var P float64
			if tc.sigma == 1 {
				P = math.Pow(tau, 1-tc.x)
			} else {
				P = math.Pow(tc.x+(1-tc.x)*math.Pow(tau, 1-tc.sigma), 1/(1-tc.sigma))
			}
			name := fmt.Sprintf("%+v %v", tc, supply)
			f := res.Flows[0]
			if len(f.Pieces) != 2 {
				t.Fatalf("%s: %d pieces", name, len(f.Pieces))
			}
			near(t, name+" P̂_M", res.Markets[0].PriceIndexHat, P, 1e-12)
			near(t, name+" exempt q̂", f.Pieces[0].QuantityHat, math.Pow(P, tc.sigma-tc.eta), 1e-12)
			near(t, name+" paying q̂", f.Pieces[1].QuantityHat, math.Pow(P, tc.sigma-tc.eta)*math.Pow(tau, -tc.sigma), 1e-12)
			// The flow sums its pieces; its tariff is the baseline-weighted mean.
			near(t, name+" V1", f.NewValue, 100*(tc.x*f.Pieces[0].QuantityHat+(1-tc.x)*f.Pieces[1].QuantityHat), 1e-9)
			near(t, name+" t̄1", f.NewTariff, tc.t0+(1-tc.x)*tc.rate, 1e-15)
			near(t, name+" R1", f.Revenue1, 100*(tc.x*tc.t0*f.Pieces[0].QuantityHat+(1-tc.x)*(tc.t0+tc.rate)*f.Pieces[1].QuantityHat), 1e-9)
			near(t, name+" τ", f.Tau, (1+f.NewTariff)/(1+tc.t0), 1e-15)
		}
	}
}

// Pieces share their flow's exporter price and supply curve: with finite ε
// the flow's total quantity is on its supply curve, Σ V_k q̂_k = V p̂^ε.
func TestPiecesShareSupply(t *testing.T) {
	for _, supply := range []Supply{Bilateral, Global} {
		p := oneMarket([]float64{60, 40}, []float64{0, 0}, []float64{0, 0}, el(5, 1.25, 1.5), supply)
		p.Pieces = [][]Piece{{{0.3, 0}, {0.3, 0.1}, {0.4, 0.35}}, nil}
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Flows {
			near(t, supply.String()+" supply", f.QuantityHat, math.Pow(f.PriceHat, 1.5), 1e-11)
			for _, pc := range f.Pieces {
				near(t, "piece value", pc.NewValue, pc.Value*f.PriceHat*pc.QuantityHat, 1e-9)
			}
		}
		if res.Flows[0].PriceHat >= 1 {
			t.Errorf("%v: the taxed exporter's price rose: %v", supply, res.Flows[0].PriceHat)
		}
	}
}

// A flow of one piece at NewTariff is the flow itself, bit for bit.
func TestOnePieceIsTheFlow(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(21, 22)), 4, 4, 2)
	p.Params = el(5, 1.25, 1.5)
	a, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	p.Pieces = make([][]Piece, len(p.Flows))
	for i := range p.Pieces {
		p.Pieces[i] = []Piece{{Share: 1, Tariff: p.NewTariff[i]}}
	}
	b, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Flows {
		if a.Flows[i].NewValue != b.Flows[i].NewValue || a.Flows[i].PriceHat != b.Flows[i].PriceHat {
			t.Fatalf("flow %d: %v vs %v", i, a.Flows[i].NewValue, b.Flows[i].NewValue)
		}
	}
}

// Check 9: a domestic nest with one import source, ε = ε_D = ∞.
func TestDomesticClosedForm(t *testing.T) {
	for _, tc := range []struct{ d, v, t0, t1, sigma, eta, sigD float64 }{
		{300, 100, 0, 0.25, 5, 1.25, 2.5},
		{50, 100, 0.05, 0.5, 8.8, 0.94, 4.4},
		{100, 100, 0, 0.25, 5, 1, 1}, // σ_D = 1 and η = 1
		{100, 20, 0, 0.25, 3, 0.5, 6},
	} {
		for _, supply := range []Supply{Bilateral, Global} {
			p := &Problem{Supply: supply, Params: elD(tc.sigma, tc.eta, inf, tc.sigD, inf),
				Flows: []Flow{
					{Importer: "US", Exporter: "US", Category: "k", Value: tc.d},
					{Importer: "US", Exporter: "CN", Category: "k", Value: tc.v, Tariff: tc.t0},
				},
				NewTariff: []float64{0, tc.t1}}
			res, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			pi := (1 + tc.t1) / (1 + tc.t0)
			thd := tc.d / (tc.d + tc.v*(1+tc.t0))
			var P float64
			if tc.sigD == 1 {
				P = math.Pow(pi, 1-thd)
			} else {
				P = math.Pow(thd+(1-thd)*math.Pow(pi, 1-tc.sigD), 1/(1-tc.sigD))
			}
			name := fmt.Sprintf("%+v %v", tc, supply)
			m := res.Markets[0]
			near(t, name+" P̂_m", m.PriceIndexHat, P, 1e-12)
			near(t, name+" P̂_M", m.ImportPriceIndexHat, pi, 1e-12)
			near(t, name+" q̂ import", res.Flows[1].QuantityHat, math.Pow(P, tc.sigD-tc.eta)*math.Pow(pi, -tc.sigD), 1e-12)
			near(t, name+" q̂ domestic", res.Flows[0].QuantityHat, math.Pow(P, tc.sigD-tc.eta), 1e-12)
			if !res.Flows[0].Domestic || res.Flows[1].Domestic || !m.HasDomestic {
				t.Errorf("%s: domestic flags %v %v %v", name, res.Flows[0].Domestic, res.Flows[1].Domestic, m.HasDomestic)
			}
			// The domestic flow is neither an export nor an import, and its
			// change is reported apart from the imports' decomposition.
			us := byCountry(res)["US"]
			near(t, name+" imports", us.Imports1, res.Flows[1].NewValue, 1e-9)
			if us.Exports0 != 0 || us.Domestic0 != tc.d {
				t.Errorf("%s: US exports %v, domestic %v", name, us.Exports0, us.Domestic0)
			}
			d := res.Flows[0]
			if d.VolumeEffect != 0 || d.SubstitutionEffect != 0 || d.PriceEffect != 0 {
				t.Errorf("%s: domestic flow in the imports' decomposition: %+v", name, d)
			}
			near(t, name+" domestic effect", d.DomesticEffect, d.NewValue-d.Value, 1e-9)
			// E0 includes D; ΔCS uses P̂_m.
			e0 := tc.d + tc.v*(1+tc.t0)
			near(t, name+" E0", m.Expenditure0, e0, 1e-9)
			var cs float64
			if tc.eta == 1 {
				cs = -e0 * math.Log(P)
			} else {
				cs = e0 * (1 - math.Pow(P, 1-tc.eta)) / (1 - tc.eta)
			}
			near(t, name+" ΔCS", m.ConsumerSurplus, cs, 1e-9*e0)
		}
	}
}

// Check 9: as D → 0 the domestic nest tends to the one-nest model, with
// finite ε and ε_D, in both supply modes.
func TestDomesticVanishes(t *testing.T) {
	for _, supply := range []Supply{Bilateral, Global} {
		for _, pr := range []Params{elD(5, 1.25, 1.5, 2.5, 3), elD(8.8, 0.94, 0.7, 1, 0.5), elD(3, 2, inf, 6, inf)} {
			p := randomProblem(rand.New(rand.NewPCG(31, 32)), 3, 4, 2)
			p.Supply, p.Params = supply, pr
			one, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			q := *p
			q.Flows = append([]Flow(nil), p.Flows...)
			q.NewTariff = append([]float64(nil), p.NewTariff...)
			for _, imp := range []string{"I0", "I1", "I2"} {
				for _, c := range []string{"c0", "c1"} {
					q.Flows = append(q.Flows, Flow{Importer: imp, Exporter: imp, Category: c, Value: 1e-9})
					q.NewTariff = append(q.NewTariff, 0)
				}
			}
			two, err := Solve(&q)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%v %+v", supply, pr.Default)
			for i := range one.Flows {
				near(t, name+" p̂", two.Flows[i].PriceHat, one.Flows[i].PriceHat, 1e-8)
				near(t, name+" q̂", two.Flows[i].QuantityHat, one.Flows[i].QuantityHat, 1e-8)
			}
			for i := range one.Markets {
				near(t, name+" P̂", two.Markets[i].PriceIndexHat, one.Markets[i].PriceIndexHat, 1e-8)
				near(t, name+" ΔCS", two.Markets[i].ConsumerSurplus, one.Markets[i].ConsumerSurplus, 1e-6)
			}
		}
	}
}

// Check 10: a trade-cost change c moves quantities exactly as a tariff with
// τ = 1 + c and earns no revenue.
func TestTradeCostIsATariffWithoutRevenue(t *testing.T) {
	for _, supply := range []Supply{Bilateral, Global} {
		for _, c := range []float64{0.1, -0.05, 0.6} {
			tariff := oneMarket([]float64{60, 40}, []float64{0, 0}, []float64{c, 0}, el(5, 1.25, 1.5), supply)
			cost := oneMarket([]float64{60, 40}, []float64{0, 0}, []float64{0, 0}, el(5, 1.25, 1.5), supply)
			cost.TradeCost = []float64{1 + c, 1}
			a, err := Solve(tariff)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Solve(cost)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%v c=%v", supply, c)
			for i := range a.Flows {
				near(t, name+" p̂", b.Flows[i].PriceHat, a.Flows[i].PriceHat, 1e-12)
				near(t, name+" q̂", b.Flows[i].QuantityHat, a.Flows[i].QuantityHat, 1e-12)
				near(t, name+" π̂", b.Flows[i].ConsumerPriceHat, a.Flows[i].ConsumerPriceHat, 1e-12)
				near(t, name+" pass-through", nanZero(b.Flows[i].PassThrough), nanZero(a.Flows[i].PassThrough), 1e-12)
			}
			if r := b.Markets[0].RevenueChange; r != 0 {
				t.Errorf("%s: ΔR = %v", name, r)
			}
			if a.Markets[0].RevenueChange == 0 && c > 0 {
				t.Errorf("%s: the tariff earned nothing", name)
			}
			near(t, name+" κ", b.Flows[0].TradeCost, 1+c, 0)
		}
	}
}

func nanZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}

// nested builds a problem with pieces on some flows and a domestic flow in
// most markets.
func nested(r *rand.Rand, nImp, nExp, nCat int) *Problem {
	p := randomProblem(r, nImp, nExp, nCat)
	p.Params = elD(5, 1.25, 1.5, 2.5, 2)
	p.Pieces = make([][]Piece, len(p.Flows))
	for i := range p.Flows {
		if r.Float64() < 0.5 {
			t0 := p.Flows[i].Tariff
			x := 0.1 + 0.6*r.Float64()
			p.Pieces[i] = []Piece{{x, t0}, {(1 - x) / 2, t0 + 0.25}, {(1 - x) / 2, t0 + 0.25 + 0.5*r.Float64()}}
		}
	}
	for c := range nCat {
		for i := range nImp {
			if (i+c)%3 == 2 {
				continue // a market without domestic sales
			}
			imp := fmt.Sprintf("I%d", i)
			p.Flows = append(p.Flows, Flow{Importer: imp, Exporter: imp, Category: fmt.Sprintf("c%d", c), Value: 50 + 500*r.Float64()})
			p.NewTariff = append(p.NewTariff, 0)
			p.Pieces = append(p.Pieces, nil)
		}
	}
	return p
}

// Checks 1 and 6 with pieces and domestic flows: no change gives hats of
// exactly 1; otherwise the decomposition adds up, markets clear and
// welfare matches its closed forms.
func TestNestedInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, supply := range []Supply{Bilateral, Global} {
		for _, pr := range []Params{elD(5, 1.25, 1.5, 2.5, 2), elD(8.8, 0.94, inf, 4.4, inf), elD(1, 1, 0.5, 1, 0.3)} {
			p := nested(r, 4, 3, 2)
			p.Supply, p.Params = supply, pr
			// No change: every piece at t0.
			q := *p
			q.NewTariff = nil
			q.Pieces = make([][]Piece, len(p.Pieces))
			for i, ps := range p.Pieces {
				for _, pc := range ps {
					q.Pieces[i] = append(q.Pieces[i], Piece{pc.Share, p.Flows[i].Tariff})
				}
			}
			res, err := Solve(&q)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Flows {
				if f.PriceHat != 1 || f.NewValue != f.Value && len(f.Pieces) == 0 || f.VolumeEffect != 0 || f.SubstitutionEffect != 0 || f.DomesticEffect != 0 {
					t.Fatalf("%v %+v no change: flow %+v", supply, pr.Default, f)
				}
				for _, pc := range f.Pieces {
					if pc.QuantityHat != 1 || pc.ConsumerPriceHat != 1 {
						t.Fatalf("no change: piece %+v", pc)
					}
				}
			}
			for _, m := range res.Markets {
				if m.PriceIndexHat != 1 || m.QuantityHat != 1 || m.ImportQuantityHat != 1 || m.ConsumerSurplus != 0 || m.DomesticSurplus != 0 {
					t.Fatalf("no change: market %+v", m)
				}
			}

			res, err = Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%v %+v", supply, pr.Default)
			for _, f := range res.Flows {
				sum := f.VolumeEffect + f.SubstitutionEffect + f.PriceEffect + f.DomesticEffect
				near(t, name+" decomposition", sum, f.NewValue-f.Value, 1e-9*f.Value)
				for _, pc := range f.Pieces {
					near(t, name+" piece decomposition", pc.VolumeEffect+pc.SubstitutionEffect+pc.PriceEffect, pc.NewValue-pc.Value, 1e-9*pc.Value)
				}
				if !math.IsInf(pr.Default.ExportSupply, 1) && supply == Bilateral && !f.Domestic {
					near(t, name+" supply", f.QuantityHat, math.Pow(f.PriceHat, pr.Default.ExportSupply), 1e-10)
				}
				if f.Domestic && !math.IsInf(pr.Default.DomesticSupply, 1) {
					e := pr.Default.DomesticSupply
					near(t, name+" domestic supply", f.QuantityHat, math.Pow(f.PriceHat, e), 1e-10)
					near(t, name+" domestic ΔPS", f.ProducerSurplus, f.Value*(math.Pow(f.PriceHat, 1+e)-1)/(1+e), 1e-9*f.Value)
				}
			}
			var ex0, ex1, im0, im1 float64
			for _, m := range res.Markets {
				eta := m.Elasticities.ImportDemand
				var cs float64
				if eta == 1 {
					cs = -m.Expenditure0 * math.Log(m.PriceIndexHat)
				} else {
					cs = m.Expenditure0 * (1 - math.Pow(m.PriceIndexHat, 1-eta)) / (1 - eta)
				}
				near(t, name+" ΔCS", m.ConsumerSurplus, cs, 1e-9*m.Expenditure0)
			}
			for _, c := range res.Countries {
				near(t, name+" welfare", c.Welfare, c.ConsumerSurplus+c.RevenueChange+c.ProducerSurplus+c.DomesticSurplus, 1e-9)
				ex0, ex1, im0, im1 = ex0+c.Exports0, ex1+c.Exports1, im0+c.Imports0, im1+c.Imports1
			}
			near(t, name+" exports = imports before", ex0, im0, 1e-9)
			near(t, name+" exports = imports after", ex1, im1, 1e-9)
			if res.Residual > tolerance {
				t.Errorf("%s: residual %g", name, res.Residual)
			}
		}
	}
}

// TestJacobianNested checks the analytic Jacobian against central finite
// differences with pieces and domestic nests.
func TestJacobianNested(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 7))
	for _, supply := range []Supply{Bilateral, Global} {
		for _, pr := range []Params{elD(5, 1.25, 1.5, 2.5, 2), elD(1, 0.8, 2, 1, 0.4), elD(0.7, 3, 0.1, 6, 1.2), elD(4, 1, 1, 4, 1)} {
			p := nested(r, 4, 3, 2)
			p.Supply, p.Params = supply, pr
			checkJacobian(t, r, p, fmt.Sprintf("%v %+v", supply, pr.Default))
		}
	}
}

func checkJacobian(t *testing.T, r *rand.Rand, p *Problem, name string) {
	t.Helper()
	s, err := compile(p)
	if err != nil {
		t.Fatal(err)
	}
	w := newWork(s)
	for b := range len(s.bM) - 1 {
		free := w.free(b)
		if len(free) == 0 {
			continue
		}
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
		// The diagonal preconditioner is J_uu.
		for i, u := range free {
			near(t, name+" diagonal", w.jacDiag(u), got.At(i, i), 1e-9)
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
			t.Fatalf("%s block %d:\nanalytic %v\nfd %v", name, b, mat.Formatted(got), mat.Formatted(want))
		}
	}
}

// The linear form warns about negative flows, and any form about import
// subsidies.
func TestWarnings(t *testing.T) {
	p := oneMarket([]float64{10, 90}, []float64{0, 0}, []float64{3, 0}, el(8, 1.25, inf), Global)
	p.Form = Linear
	res, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Kind != NegativeFlows || res.Warnings[0].Count != 1 ||
		res.Warnings[0].Flow != "I←S1 k" || res.Warnings[0].Value != res.Flows[0].NewValue || res.Flows[0].NewValue >= 0 ||
		!strings.Contains(res.Warnings[0].Message, "1 new flow is negative (most negative: I←S1 k") {
		t.Errorf("linear: warnings %+v, flow %v", res.Warnings, res.Flows[0].NewValue)
	}
	p.Form = Exact
	if res, err = Solve(p); err != nil || res.Warnings != nil {
		t.Errorf("exact: %v %+v", err, res.Warnings)
	}
	p.NewTariff = []float64{-0.1, 0}
	p.Pieces = [][]Piece{nil, {{0.5, 0}, {0.5, -0.2}}}
	if res, err = Solve(p); err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Kind != ImportSubsidy || res.Warnings[0].Count != 2 ||
		res.Warnings[0].Flow != "I←S2 k" || res.Warnings[0].Value != -0.2 {
		t.Errorf("subsidy: warnings %+v", res.Warnings)
	}
}

func TestNestedInputErrors(t *testing.T) {
	ok := func() *Problem {
		p := oneMarket([]float64{10, 20}, []float64{0, 0}, []float64{0.1, 0}, elD(5, 1.25, inf, 2, 3), Bilateral)
		p.Flows = append(p.Flows, Flow{Importer: "I", Exporter: "I", Category: "k", Value: 50})
		p.NewTariff = append(p.NewTariff, 0)
		return p
	}
	if _, err := Solve(ok()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(p *Problem)
		want string
	}{
		{"linear with domestic", func(p *Problem) { p.Form = Linear }, "flow I←I k is domestic sales"},
		{"domestic tariff", func(p *Problem) { p.Flows[2].Tariff = 0.05 }, "domestic flow I←I k: baseline tariff"},
		{"tariff on itself", func(p *Problem) { p.NewTariff[2] = 0.25 }, "a measure of an importer on itself"},
		{"trade cost on itself", func(p *Problem) { p.TradeCost = []float64{1, 1, 0.9} }, "its trade cost cannot change"},
		{"no σ_D", func(p *Problem) { p.Params.Default.DomesticSubstitution = 0 }, "market I/k has a domestic flow but no domestic substitution"},
		{"ε_D NaN", func(p *Problem) { p.Params.Default.DomesticSupply = math.NaN() }, "ε_D = NaN"},
		{"shares", func(p *Problem) { p.Pieces = [][]Piece{{{0.5, 0}, {0.4, 0.1}}, nil, nil} }, "piece shares sum to 0.9"},
		{"piece tariff", func(p *Problem) { p.Pieces = [][]Piece{{{0.5, 0}, {0.5, -1}}, nil, nil} }, "above −100%"},
		{"piece count", func(p *Problem) { p.Pieces = [][]Piece{nil} }, "1 piece lists for 3 flows"},
		{"trade cost", func(p *Problem) { p.TradeCost = []float64{0, 1, 1} }, "trade cost 0 must be positive"},
	} {
		p := ok()
		tc.edit(p)
		_, err := Solve(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	// Trade within an aggregate is an import like any other.
	p := ok()
	p.IntraTrade, p.Form = true, Linear
	if _, err := Solve(p); err != nil {
		t.Errorf("IntraTrade: %v", err)
	}
}
