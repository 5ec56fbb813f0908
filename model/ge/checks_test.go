package ge

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// withTariffs returns the 2006 sample with baseline tariffs t0 on every
// foreign flow (varied by pair so that no two are alike).
func withTariffs(t testing.TB) *Problem {
	p, err := Sample2006()
	if err != nil {
		t.Fatal(err)
	}
	for k := range p.Flows {
		f := &p.Flows[k]
		if f.Importer != f.Exporter {
			f.Tariff = 0.02 + 0.06*float64((k*7)%11)/10
			f.NewTariff = f.Tariff
		}
	}
	return p
}

func TestNoChange(t *testing.T) {
	for _, imb := range []Imbalance{Additive, Multiplicative} {
		for name, p := range map[string]*Problem{"sample": withTariffs(t), "TradeData0014": func() *Problem {
			p, _ := tradeData0014(t, imb)
			for k := range p.Flows {
				p.Flows[k].TradeCost = 1
			}
			return p
		}()} {
			p.Imbalance = imb
			r, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			if r.Iterations != 0 {
				t.Errorf("%s %s: %d iterations, want 0", name, imb, r.Iterations)
			}
			for _, c := range r.Countries {
				for what, v := range map[string]float64{"ŵ": c.WageHat, "P̂": c.PriceHat, "Ŵ": c.WelfareHat,
					"real wage": c.RealWageHat, "ToT": c.TermsOfTradeHat, "E′/E": c.Spending1 / c.Spending0} {
					if v != 1 {
						t.Errorf("%s %s %s: %s = %v, want exactly 1", name, imb, c.Code, what, v)
					}
				}
				if c.Revenue1 != c.Revenue0 || c.Output1 != c.Output0 || c.Deficit1 != c.Deficit0 || c.WelfarePct != 0 {
					t.Errorf("%s %s %s: levels moved: %+v", name, imb, c.Code, c)
				}
			}
			for _, f := range r.Flows {
				if f.Value1 != f.Value0 || f.Change() != 0 {
					t.Errorf("%s %s %s→%s: %v → %v", name, imb, f.Exporter, f.Importer, f.Value0, f.Value1)
				}
			}
		}
	}
}

// balanced builds a symmetric trade matrix (X_ij = X_ji, so trade is
// balanced) of n countries with random trade-cost shocks.
func balanced(n int, seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 1))
	codes := make([]string, n)
	for i := range codes {
		codes[i] = string(rune('A'+i/26)) + string(rune('A'+i%26))
	}
	x := make([][]float64, n)
	for i := range x {
		x[i] = make([]float64, n)
	}
	for i := range n {
		x[i][i] = 100 + 1000*rng.Float64()
		for j := range i {
			v := 50 * rng.Float64()
			x[i][j], x[j][i] = v, v
		}
	}
	p := &Problem{Theta: 4, Countries: codes}
	for i := range n {
		for j := range n {
			f := Flow{Exporter: codes[i], Importer: codes[j], Value: x[i][j]}
			if i != j {
				f.TradeCost = math.Exp(0.4 * (rng.Float64() - 0.5))
			}
			p.Flows = append(p.Flows, f)
		}
	}
	return p
}

// TestACR checks the Arkolakis–Costinot–Rodríguez-Clare formula
// Ŵ_j = (π′_jj/π_jj)^(−1/θ) with balanced trade and no tariffs, where it
// is the welfare change, and the real wage form ŵ_j/P̂_j = (π′_jj/π_jj)^(−1/θ)
// on the unbalanced TradeData0014 shock, where it holds for the real wage.
func TestACR(t *testing.T) {
	for _, imb := range []Imbalance{Additive, Multiplicative} {
		p := balanced(12, 7)
		p.Imbalance = imb
		r, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Countries {
			acr := math.Pow(c.DomesticShare1/c.DomesticShare0, -1/p.Theta)
			if d := math.Abs(c.WelfareHat/acr - 1); d > 1e-12 {
				t.Errorf("balanced %s %s: Ŵ %v, ACR %v (rel %.2g)", imb, c.Code, c.WelfareHat, acr, d)
			}
			if c.WelfareHat == 1 {
				t.Errorf("balanced %s %s: no welfare change: the shock is not exercised", imb, c.Code)
			}
		}
		q, _ := tradeData0014(t, imb)
		r, err = Solve(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Countries {
			acr := math.Pow(c.DomesticShare1/c.DomesticShare0, -1/q.Theta)
			if d := math.Abs(c.RealWageHat/acr - 1); d > 1e-12 {
				t.Errorf("TradeData0014 %s %s: real wage %v, ACR %v (rel %.2g)", imb, c.Code, c.RealWageHat, acr, d)
			}
		}
	}
}

// TestIdentities checks the accounting of a tariff war on a baseline that
// already has tariffs: revenue, market clearing and every budget.
func TestIdentities(t *testing.T) {
	for _, imb := range []Imbalance{Additive, Multiplicative} {
		p := withTariffs(t)
		p.Imbalance = imb
		usTariff(p, true)
		for k := range p.Flows { // and a trade-cost shock, which earns nothing
			if f := &p.Flows[k]; f.Importer == "JPN" && f.Exporter == "KOR" {
				f.TradeCost = 1.1
			}
		}
		r, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		n := len(r.Countries)
		idx := map[string]int{}
		for i, c := range r.Countries {
			idx[c.Code] = i
		}
		sales := make([]float64, n)
		cons := make([]float64, n) // Σ_i X′_ij (1 + t1_ij)
		rev := make([]float64, n)
		for _, f := range r.Flows {
			sales[idx[f.Exporter]] += f.Value1
			cons[idx[f.Importer]] += f.Value1 * (1 + f.Tariff1)
			rev[idx[f.Importer]] += f.Revenue1
			if f.Revenue1 != f.Tariff1*f.Value1 {
				t.Fatalf("flow revenue %v ≠ t1·X′ %v", f.Revenue1, f.Tariff1*f.Value1)
			}
		}
		near := func(what, code string, got, want float64) {
			t.Helper()
			if d := math.Abs(got/want - 1); d > 1e-11 {
				t.Errorf("%s %s %s: %v, want %v (rel %.2g)", imb, code, what, got, want, d)
			}
		}
		var worldD float64
		for i, c := range r.Countries {
			// R′_j = E′_j Σ_i π′_ij t1/(1+t1), with π′_ij = X′_ij (1+t1)/E′_j.
			near("revenue", c.Code, c.Revenue1, rev[i])
			near("spending = Σ X′(1+t1)", c.Code, c.Spending1, cons[i])
			near("budget E′ = ŵY + D′ + R′", c.Code, c.Spending1, c.Output1+c.Deficit1+c.Revenue1)
			near("clearing ŵY·factor = Σ_j X′", c.Code, c.Output1*r.SalesFactor, sales[i])
			worldD += c.Deficit1
		}
		if imb == Additive {
			if math.Abs(r.SalesFactor-1) > 1e-13 || math.Abs(worldD) > 1e-6 {
				t.Errorf("additive: sales factor %v, world deficit %v", r.SalesFactor, worldD)
			}
		}
		if r.Residual > 1e-12 {
			t.Errorf("%s: residual %g", imb, r.Residual)
		}
	}
}

// TestFirstOrder checks the envelope form of the welfare change for a small
// tariff dt that the US adds on Mexico, on a baseline with tariffs:
//
//	E_j dlnW_j = Σ_{k≠j} X_jk dlnŵ_j − Σ_{i≠j} X_ij dlnŵ_i + Σ_i t0_ij X_ij dln q_ij
//
// (terms of trade at world prices plus the revenue from the change in the
// volume of taxed imports; q = X′/ŵ is the quantity). The equilibrium
// changes computed by Solve are put in on the right; the two sides must
// agree to O(dt²), so the relative gap must shrink about tenfold when dt
// does.
//
// This stands in for the contract's "tends to the PE answer": the PE engine
// has no counterpart of the importer's own output price, which moves at the
// same order as the partner's (the spending that leaves Mexico goes partly to
// US goods), and its numeraire is fixed by ε rather than by world output, so
// the GE change does not tend to a PE run as dt → 0 or as the partner
// shrinks; the first-order terms-of-trade and revenue terms are what GE and
// PE share.
func TestFirstOrder(t *testing.T) {
	gap := func(dt float64, imb Imbalance) (got, approx float64) {
		p := withTariffs(t)
		p.Imbalance = imb
		for k := range p.Flows {
			if f := &p.Flows[k]; f.Importer == "USA" && f.Exporter == "MEX" {
				f.NewTariff = f.Tariff + dt
			}
		}
		r, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		lw := map[string]float64{}
		for _, c := range r.Countries {
			lw[c.Code] = math.Log(c.WageHat)
		}
		us := r.Country("USA")
		var rhs float64
		for _, f := range r.Flows {
			if f.Exporter == "USA" && f.Importer != "USA" {
				rhs += f.Value0 * lw["USA"]
			}
			if f.Importer == "USA" && f.Exporter != "USA" {
				rhs -= f.Value0 * lw[f.Exporter]
				rhs += f.Tariff0 * f.Value0 * (math.Log(f.Value1/f.Value0) - lw[f.Exporter])
			}
		}
		if imb == Multiplicative { // D′ = D ŵ adds D dlnŵ to income
			rhs += us.Deficit0 * lw["USA"]
		}
		return us.Spending0 * math.Log(us.WelfareHat), rhs
	}
	for _, imb := range []Imbalance{Additive, Multiplicative} {
		var prev float64
		for _, dt := range []float64{1e-2, 1e-3, 1e-4} {
			got, approx := gap(dt, imb)
			rel := math.Abs(got-approx) / math.Abs(got)
			t.Logf("%s dt=%g: E dlnW %.6g, first order %.6g, rel gap %.3g", imb, dt, got, approx, rel)
			if prev != 0 && rel > prev/5 {
				t.Errorf("%s dt=%g: relative gap %.3g did not shrink with dt (was %.3g)", imb, dt, rel, prev)
			}
			prev = rel
		}
		if prev > 1e-3 {
			t.Errorf("%s: relative gap %.3g at dt = 1e-4", imb, prev)
		}
	}
}

// TestJacobian compares the analytic Jacobian with central differences at
// random prices, with tariffs and trade costs, in both modes.
func TestJacobian(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, imb := range []Imbalance{Additive, Multiplicative} {
		p := balanced(9, 11)
		p.Imbalance = imb
		for k := range p.Flows {
			if f := &p.Flows[k]; f.Importer != f.Exporter {
				f.Tariff = 0.1 * rng.Float64()
				f.NewTariff = 0.3 * rng.Float64()
			}
		}
		q, err := prepare(p)
		if err != nil {
			t.Fatal(err)
		}
		s := newSolver(q)
		n := q.n
		x := make([]float64, n)
		for i := range x {
			x[i] = 0.2 * (rng.Float64() - 0.5)
		}
		gt := func(dst, x []float64) {
			s.eval(x)
			copy(dst, s.g)
			dst[s.ref] = math.Log(s.worldW / s.sumY)
		}
		num := mat.NewDense(n, n, nil)
		fd.Jacobian(num, gt, x, &fd.JacobianSettings{Formula: fd.Central})
		s.eval(x)
		s.jacobian()
		var worst float64
		for i := range n {
			for k := range n {
				worst = max(worst, math.Abs(s.jac.At(i, k)-num.At(i, k)))
			}
		}
		if worst > 1e-7 {
			t.Errorf("%s: analytic and numerical Jacobians differ by %.3g", imb, worst)
		}
	}
}

func TestInputErrors(t *testing.T) {
	base := func() *Problem {
		return &Problem{Theta: 4, Flows: []Flow{
			{Importer: "USA", Exporter: "USA", Value: 100},
			{Importer: "USA", Exporter: "CAN", Value: 10},
			{Importer: "CAN", Exporter: "CAN", Value: 50},
			{Importer: "CAN", Exporter: "USA", Value: 8},
		}}
	}
	for _, tc := range []struct {
		name, want string
		edit       func(*Problem)
	}{
		{"no domestic flow", "no domestic flow (exporter = importer, value > 0) for CAN", func(p *Problem) { p.Flows[2].Value = 0 }},
		{"two categories", "flows of 2 categories (\"\", \"chem\"): the GE engine has one sector; sum them with ge.Aggregate", func(p *Problem) { p.Flows[1].Category = "chem" }},
		{"theta", "θ = 0 must be positive", func(p *Problem) { p.Theta = 0 }},
		{"unknown", `importer "CNA" is not in Countries (did you mean CAN?)`, func(p *Problem) {
			p.Countries = []string{"CAN", "USA"}
			p.Flows[3].Importer = "CNA"
		}},
		{"duplicate", "flow 5 (CAN→USA): a second flow for this pair", func(p *Problem) { p.Flows = append(p.Flows, p.Flows[1]) }},
		{"domestic tariff", "flow 1 (USA→USA): a domestic flow takes no tariff", func(p *Problem) { p.Flows[0].NewTariff = 0.1 }},
		{"negative value", "flow 2 (CAN→USA): value -1 must be ≥ 0", func(p *Problem) { p.Flows[1].Value = -1 }},
		{"tariff ≤ −1", "tariffs 0 → -1 must be finite and > −1", func(p *Problem) { p.Flows[1].NewTariff = -1 }},
		{"trade cost", "trade-cost factor -2 must be > 0", func(p *Problem) { p.Flows[1].TradeCost = -2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.edit(p)
			_, err := Solve(p)
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want an *InputError containing %q", err, tc.want)
			}
		})
	}
	if _, err := Solve(base()); err != nil {
		t.Errorf("valid base problem: %v", err)
	}
}

func TestConvergenceError(t *testing.T) {
	p, err := Sample2006()
	if err != nil {
		t.Fatal(err)
	}
	usTariff(p, true)
	p.MaxIter = 1
	_, err = Solve(p)
	var ce *ConvergenceError
	if !errors.As(err, &ce) || ce.Iterations != 1 || !(ce.Residual > 1e-12) || ce.Country == "" {
		t.Fatalf("error %v, want a *ConvergenceError after 1 iteration", err)
	}
}

func TestAggregate(t *testing.T) {
	flows := []Flow{
		{Importer: "USA", Exporter: "CAN", Category: "a", Value: 30, Tariff: 0.1, NewTariff: 0.2, TradeCost: 1.1},
		{Importer: "USA", Exporter: "CAN", Category: "b", Value: 10, Tariff: 0.3, NewTariff: 0.3},
		{Importer: "USA", Exporter: "USA", Category: "a", Value: 100},
		{Importer: "USA", Exporter: "USA", Category: "b", Value: 50},
		{Importer: "CAN", Exporter: "USA", Category: "a", Value: 0, Tariff: 0.1, NewTariff: 0.3},
		{Importer: "CAN", Exporter: "USA", Category: "b", Value: 0, Tariff: 0.3, NewTariff: 0.5},
	}
	got := Aggregate(flows)
	want := []Flow{
		{Importer: "USA", Exporter: "CAN", Value: 40, Tariff: 0.15, NewTariff: 0.225, TradeCost: 1.075},
		{Importer: "USA", Exporter: "USA", Value: 150, TradeCost: 1},
		{Importer: "CAN", Exporter: "USA", Value: 0, Tariff: 0.2, NewTariff: 0.4, TradeCost: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d flows, want %d", len(got), len(want))
	}
	for k := range want {
		g, w := got[k], want[k]
		if g.Importer != w.Importer || g.Exporter != w.Exporter || g.Category != "" ||
			math.Abs(g.Value-w.Value) > 1e-12 || math.Abs(g.Tariff-w.Tariff) > 1e-12 ||
			math.Abs(g.NewTariff-w.NewTariff) > 1e-12 || math.Abs(g.TradeCost-w.TradeCost) > 1e-12 {
			t.Errorf("flow %d: got %+v, want %+v", k, g, w)
		}
	}
	// Baseline revenue survives aggregation exactly.
	if r := got[0].Tariff * got[0].Value; math.Abs(r-(0.1*30+0.3*10)) > 1e-12 {
		t.Errorf("aggregated revenue %v, want 6", r)
	}
}

func TestParseImbalance(t *testing.T) {
	for s, want := range map[string]Imbalance{"": Additive, "additive": Additive, " Multiplicative": Multiplicative} {
		if got, err := ParseImbalance(s); err != nil || got != want {
			t.Errorf("ParseImbalance(%q) = %v, %v", s, got, err)
		}
		if want.String() == "" {
			t.Error("empty String")
		}
	}
	b, err := json.Marshal(struct{ I Imbalance }{Multiplicative})
	if err != nil || string(b) != `{"I":"multiplicative"}` {
		t.Errorf("JSON %s, %v", b, err)
	}
	var back struct{ I Imbalance }
	if err := json.Unmarshal(b, &back); err != nil || back.I != Multiplicative {
		t.Errorf("JSON round trip: %v, %v", back.I, err)
	}
	if _, err := ParseImbalance("mult"); err == nil {
		t.Error("ParseImbalance(\"mult\"): no error")
	}
}
