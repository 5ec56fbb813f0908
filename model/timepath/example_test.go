package timepath_test

import (
	"fmt"
	"math"
	"time"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// A 25% tariff on one of two suppliers from the third month, with a
// three-month half-life: imports from the taxed supplier slide toward their
// new equilibrium instead of jumping to it.
func ExampleSolve() {
	p := &timepath.Problem{
		Start:  time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC),
		Months: 6,
		Flows: []model.Flow{
			{Importer: "US", Exporter: "MX", Category: "ict", Value: 1200},
			{Importer: "US", Exporter: "TW", Category: "ict", Value: 1200},
		},
		Params: []model.Params{{Default: model.Elasticities{
			Substitution: 5, ImportDemand: 1.25, ExportSupply: math.Inf(1)}}},
		HalfLife: []float64{3, 3},
	}
	for τ := range p.Months {
		t := 0.0
		if τ >= 2 {
			t = 0.25
		}
		p.Tariffs = append(p.Tariffs, []float64{t, 0})
	}
	path, err := timepath.Solve(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for τ := range path.Months {
		fmt.Printf("%s  MX %5.1f (equilibrium %5.1f)  TW %5.1f\n",
			path.Label(τ), path.Value[τ][0], path.Equilibrium[τ][0], path.Value[τ][1])
	}
	fmt.Println("equilibria solved:", path.Solves)
	// Output:
	// 2025-01  MX 100.0 (equilibrium 100.0)  TW 100.0
	// 2025-02  MX 100.0 (equilibrium 100.0)  TW 100.0
	// 2025-03  MX  88.8 (equilibrium  45.5)  TW 108.0
	// 2025-04  MX  79.8 (equilibrium  45.5)  TW 114.4
	// 2025-05  MX  72.7 (equilibrium  45.5)  TW 119.4
	// 2025-06  MX  67.1 (equilibrium  45.5)  TW 123.4
	// equilibria solved: 2
}
