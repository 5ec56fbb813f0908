package ge

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestLargeShocks solves far from the baseline: near-autarky trade costs,
// prohibitive tariffs, a world tariff war and extreme θ.
func TestLargeShocks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		theta float64
		edit  func(f *Flow)
	}{
		{"κ=2 everywhere", 4, func(f *Flow) { f.TradeCost = 2 }},
		{"κ=3 everywhere", 4, func(f *Flow) { f.TradeCost = 3 }},
		{"κ=10 everywhere", 4, func(f *Flow) { f.TradeCost = 10 }},
		{"US 300% on all", 4, func(f *Flow) {
			if f.Importer == "USA" {
				f.NewTariff = 3
			}
		}},
		{"world 100% war", 4, func(f *Flow) { f.NewTariff = 1 }},
		{"θ=0.5 US 50%", 0.5, func(f *Flow) {
			if f.Importer == "USA" {
				f.NewTariff = 0.5
			}
		}},
		{"θ=20 US 50%", 20, func(f *Flow) {
			if f.Importer == "USA" {
				f.NewTariff = 0.5
			}
		}},
		{"import subsidy -50%", 4, func(f *Flow) { f.NewTariff = -0.5 }},
	} {
		for _, imb := range []Imbalance{Additive, Multiplicative} {
			t.Run(fmt.Sprint(tc.name, " ", imb), func(t *testing.T) {
				p := withTariffs(t)
				p.Theta, p.Imbalance = tc.theta, imb
				for k := range p.Flows {
					if f := &p.Flows[k]; f.Importer != f.Exporter {
						tc.edit(f)
					}
				}
				p.MaxIter = 1000
				r, err := Solve(p)
				if tc.name == "κ=10 everywhere" && imb == Additive {
					// Ireland's surplus exceeds its income at the solution.
					var ie *InputError
					if !errors.As(err, &ie) || ie.Country != "IRL" || !strings.Contains(err.Error(), "spending would be") {
						t.Fatalf("error %v, want negative spending for IRL", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range r.Countries {
					if !(c.WelfareHat > 0) || math.IsInf(c.WelfareHat, 0) {
						t.Fatalf("%s: welfare %v", c.Code, c.WelfareHat)
					}
				}
				t.Logf("%d steps, residual %.2g, US welfare %+.3f%%", r.Iterations, r.Residual, r.Country("USA").WelfarePct)
			})
		}
	}
}
