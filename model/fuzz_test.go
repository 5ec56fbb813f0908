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
