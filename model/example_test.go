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

// A 25% tariff with half of the flow exempt, in a market with domestic
// producers: the exempt half pays nothing and gains from the taxed half,
// domestic sales rise, and the flow is reported with its pieces summed.
func ExampleSolve_piecesAndDomestic() {
	p := &model.Problem{
		Flows: []model.Flow{
			{Importer: "US", Exporter: "MX", Category: "ict", Value: 100},
			{Importer: "US", Exporter: "TW", Category: "ict", Value: 100},
			{Importer: "US", Exporter: "US", Category: "ict", Value: 300}, // domestic sales
		},
		NewTariff: []float64{0.125, 0, 0},
		Pieces:    [][]model.Piece{{{Share: 0.5, Tariff: 0}, {Share: 0.5, Tariff: 0.25}}, nil, nil},
		Params: model.Params{Default: model.Elasticities{
			Substitution: 5, ImportDemand: 1.25, ExportSupply: math.Inf(1),
			DomesticSubstitution: 2.5, DomesticSupply: 5,
		}},
	}
	res, err := model.Solve(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	mx := res.Flows[0]
	fmt.Printf("MX→US: %.1f → %.1f at a mean tariff of %.1f%%\n", mx.Value, mx.NewValue, 100*mx.NewTariff)
	for _, pc := range mx.Pieces {
		fmt.Printf("  piece %.0f%% at %.0f%%: %.1f → %.1f\n", 100*pc.Share, 100*pc.NewTariff, pc.Value, pc.NewValue)
	}
	d := res.Flows[2]
	fmt.Printf("domestic: %.1f → %.1f, producer surplus %+.2f\n", d.Value, d.NewValue, d.ProducerSurplus)
	// Output:
	// MX→US: 100.0 → 75.0 at a mean tariff of 12.5%
	//   piece 50% at 0%: 50.0 → 56.5
	//   piece 50% at 25%: 50.0 → 18.5
	// domestic: 300.0 → 305.3, producer surplus +0.88
}
