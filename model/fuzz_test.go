package model

import (
	"math"
	"testing"
)

// FuzzSolve feeds arbitrary tariffs and elasticities to a three-source,
// two-market problem: Solve must return a result or an error, never panic,
// and a result must clear markets and add up.
func FuzzSolve(f *testing.F) {
	f.Add(0.25, 0.0, 1.45, 5.0, 1.25, 1.5, false)
	f.Add(0.0, 0.0, 0.0, 1.0, 1.0, 0.0, true)
	f.Add(-0.5, 3.0, 0.1, 0.2, 8.0, 100.0, true)
	f.Fuzz(func(t *testing.T, t1, t2, t3, sigma, eta, eps float64, global bool) {
		p := &Problem{Params: el(sigma, eta, eps)}
		for i, imp := range []string{"A", "B"} {
			for j, exp := range []string{"X", "Y", "Z"} {
				p.Flows = append(p.Flows, Flow{Importer: imp, Exporter: exp, Category: "k", Value: float64(10 + 7*i + 3*j), Tariff: 0.05})
			}
		}
		p.NewTariff = []float64{t1, t2, t3, 0.05, t1, t2}
		if global {
			p.Supply = Global
		}
		res, err := Solve(p)
		if err != nil {
			return
		}
		for _, fr := range res.Flows {
			if math.IsNaN(fr.NewValue) || fr.NewValue < 0 {
				t.Fatalf("flow %+v", fr)
			}
		}
	})
}

// FuzzSolveNested adds pieces (an exempt share x), a domestic flow of value
// d in market A, a trade cost and the domestic nest's elasticities: Solve
// must return a result or an error, never panic, and a result must add up.
func FuzzSolveNested(f *testing.F) {
	f.Add(0.25, 0.5, 100.0, 1.1, 5.0, 1.25, 1.5, 2.5, 2.0, false)
	f.Add(1.45, 0.0, 1e-9, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, true)
	f.Add(-0.5, 0.99, 1e6, 0.5, 0.2, 8.0, 100.0, 30.0, math.Inf(1), true)
	f.Fuzz(func(t *testing.T, rate, x, d, kappa, sigma, eta, eps, sigD, epsD float64, global bool) {
		p := &Problem{Params: elD(sigma, eta, eps, sigD, epsD)}
		for i, imp := range []string{"A", "B"} {
			for j, exp := range []string{"X", "Y", "Z"} {
				p.Flows = append(p.Flows, Flow{Importer: imp, Exporter: exp, Category: "k", Value: float64(10 + 7*i + 3*j), Tariff: 0.05})
			}
		}
		p.NewTariff = []float64{0.05 + rate, 0.05, 0.05, 0.05, 0.05 + rate, 0.05}
		p.Pieces = make([][]Piece, 6)
		if x > 0 && x < 1 {
			p.Pieces[0] = []Piece{{x, 0.05}, {1 - x, 0.05 + rate}}
		}
		p.TradeCost = []float64{1, kappa, 1, 1, 1, 1}
		if d > 0 && !math.IsInf(d, 0) {
			p.Flows = append(p.Flows, Flow{Importer: "A", Exporter: "A", Category: "k", Value: d})
			p.NewTariff = append(p.NewTariff, 0)
			p.Pieces = append(p.Pieces, nil)
			p.TradeCost = append(p.TradeCost, 1)
		}
		if global {
			p.Supply = Global
		}
		res, err := Solve(p)
		if err != nil {
			return
		}
		for _, fr := range res.Flows {
			if math.IsNaN(fr.NewValue) || fr.NewValue < 0 {
				t.Fatalf("flow %+v", fr)
			}
			sum := fr.VolumeEffect + fr.SubstitutionEffect + fr.PriceEffect + fr.DomesticEffect
			// The terms can be huge and cancel (Q̂ of 1e18 with η = 191):
			// the tolerance scales with them.
			scale := fr.Value + fr.NewValue + math.Abs(fr.VolumeEffect) + math.Abs(fr.SubstitutionEffect) + math.Abs(fr.PriceEffect)
			if math.Abs(sum-(fr.NewValue-fr.Value)) > 1e-9*scale {
				t.Fatalf("decomposition %v, ΔV %v: %+v", sum, fr.NewValue-fr.Value, fr)
			}
		}
	})
}
