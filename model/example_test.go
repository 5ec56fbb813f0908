package model_test

import (
	"fmt"
	"math"

	"github.com/tariffsim/tariffsim/model"
)

// A 25% tariff on one of two suppliers of a market: imports from it fall,
// the other supplier gains, and buyers pay the whole tariff because
// exporters are price takers (ε = ∞).
func ExampleSolve() {
	p := &model.Problem{
		Flows: []model.Flow{
			{Importer: "US", Exporter: "MX", Category: "ict", Value: 100},
			{Importer: "US", Exporter: "TW", Category: "ict", Value: 100},
		},
		NewTariff: []float64{0.25, 0},
		Params: model.Params{Default: model.Elasticities{
			Substitution: 5, ImportDemand: 1.25, ExportSupply: math.Inf(1),
		}},
	}
	res, err := model.Solve(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Flows {
		fmt.Printf("%s→%s: %.1f → %.1f (pass-through %.2f)\n", f.Exporter, f.Importer, f.Value, f.NewValue, f.PassThrough)
	}
	m := res.Markets[0]
	fmt.Printf("price index %+.1f%%, consumer surplus %.1f, tariff revenue %+.1f\n",
		100*(m.PriceIndexHat-1), m.ConsumerSurplus, m.RevenueChange)
	// Output:
	// MX→US: 100.0 → 45.5 (pass-through 1.00)
	// TW→US: 100.0 → 138.8 (pass-through NaN)
	// price index +9.1%, consumer surplus -17.3, tariff revenue +11.4
}
