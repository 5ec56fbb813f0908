package model

import (
	"math"
	"testing"
)

// With ImportsOnly an import-demand estimate η_M keeps its meaning in a
// market with domestic sales: a small tariff on the only import source
// moves imports by −η_M times the change in their price, and the market
// solves exactly as with η = TotalDemand(η_M, θ_d, σ_D) written in.
func TestImportsOnly(t *testing.T) {
	const etaM, sigD, d, v = 1.8, 2.0, 300.0, 100.0 // θ_d = 0.75: η = (1.8 − 1.5)/0.25 = 1.2
	prob := func(e Elasticities, tau float64) *Problem {
		return &Problem{
			Flows:     []Flow{{Importer: "US", Exporter: "US", Category: "k", Value: d}, {Importer: "US", Exporter: "CN", Category: "k", Value: v}},
			NewTariff: []float64{0, tau - 1},
			Params:    Params{Default: e},
		}
	}
	base := Elasticities{Substitution: 4, ImportDemand: etaM, ExportSupply: math.Inf(1), DomesticSubstitution: sigD, DomesticSupply: math.Inf(1), ImportsOnly: true}
	if got := TotalDemand(etaM, 0.75, sigD); math.Abs(got-1.2) > 1e-15 {
		t.Fatalf("TotalDemand = %v, want 1.2", got)
	}
	if got := TotalDemand(0.5, 0.75, sigD); got != 0 {
		t.Errorf("TotalDemand with θ_d σ_D > η_M = %v, want 0", got)
	}
	if got := TotalDemand(0.5, 0, sigD); got != 0.5 {
		t.Errorf("TotalDemand without domestic sales = %v, want η_M", got)
	}
	const tau = 1 + 1e-6
	res, err := Solve(prob(base, tau))
	if err != nil {
		t.Fatal(err)
	}
	imp := res.Flows[1]
	if imp.Domestic {
		t.Fatal("flow order")
	}
	if el := math.Log(imp.NewValue/v) / math.Log(tau); math.Abs(el+etaM) > 1e-5 {
		t.Errorf("import demand elasticity %v, want −%v", el, etaM)
	}
	written := base
	written.ImportsOnly, written.ImportDemand = false, 1.2
	for _, tau := range []float64{1.1, 1.5} {
		a, err := Solve(prob(base, tau))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Solve(prob(written, tau))
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Flows {
			if x, y := a.Flows[i].NewValue, b.Flows[i].NewValue; math.Abs(x-y) > 1e-12*y {
				t.Errorf("τ %v flow %d: %v with ImportsOnly, %v with η written", tau, i, x, y)
			}
		}
		if math.Abs(a.Markets[0].Elasticities.ImportDemand-1.2) > 1e-12 {
			t.Errorf("market reports η %v, want the total-demand 1.2", a.Markets[0].Elasticities.ImportDemand)
		}
	}
	// Without domestic sales the flag changes nothing.
	one := prob(base, 1.25)
	one.Flows, one.NewTariff = one.Flows[1:], one.NewTariff[1:]
	a, err := Solve(one)
	if err != nil {
		t.Fatal(err)
	}
	if want := v * math.Pow(1.25, -etaM); math.Abs(a.Flows[0].NewValue-want) > 1e-9*want {
		t.Errorf("one source %v, want V τ^−η = %v", a.Flows[0].NewValue, want)
	}
}

// A producer price that moves by more than MaxPriceFactor is named in a
// warning: a 99.5% import subsidy with ε near 0 multiplies the exporter's
// price by τ^(−η/(ε+η)) ≈ 200. A 25% tariff warns of nothing.
func TestExtremePricesWarning(t *testing.T) {
	for _, tc := range []struct {
		t1   float64
		want bool
	}{{-0.995, true}, {0.25, false}} {
		p := &Problem{
			Flows:     []Flow{{Importer: "US", Exporter: "CN", Category: "k", Value: 100}},
			NewTariff: []float64{tc.t1},
			Params:    Params{Default: Elasticities{Substitution: 4, ImportDemand: 2, ExportSupply: 0.001}},
		}
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		want := math.Pow(1+tc.t1, -2/2.001)
		if got := res.Flows[0].PriceHat; math.Abs(got-want) > 1e-9*want {
			t.Fatalf("t1 %v: p̂ %v, want %v", tc.t1, got, want)
		}
		var found *Warning
		for i := range res.Warnings {
			if res.Warnings[i].Kind == ExtremePrices {
				found = &res.Warnings[i]
			}
		}
		if (found != nil) != tc.want {
			t.Errorf("t1 %v: extreme-prices warning %v, want %v", tc.t1, found, tc.want)
		}
		if found != nil && (found.Count != 1 || found.Flow != "US←CN k" || found.Value != res.Flows[0].PriceHat) {
			t.Errorf("warning %+v", *found)
		}
	}
}
