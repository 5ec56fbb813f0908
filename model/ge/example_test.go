package ge_test

import (
	"fmt"
	"log"

	"github.com/tariffsim/tariffsim/model/ge"
)

// A 25% US tariff on Canada and Mexico on the shipped 2006 baseline, with
// retaliation at the same rate.
func Example() {
	p, err := ge.Sample2006()
	if err != nil {
		log.Fatal(err)
	}
	for k := range p.Flows {
		f := &p.Flows[k]
		us, nafta := f.Importer == "USA", f.Importer == "CAN" || f.Importer == "MEX"
		if us && (f.Exporter == "CAN" || f.Exporter == "MEX") || nafta && f.Exporter == "USA" {
			f.NewTariff = f.Tariff + 0.25
		}
	}
	r, err := ge.Solve(p)
	if err != nil {
		log.Fatal(err)
	}
	for _, code := range []string{"USA", "CAN", "MEX"} {
		c := r.Country(code)
		fmt.Printf("%s welfare %+.2f%%, terms of trade %+.2f%%\n", code, c.WelfarePct, 100*(c.TermsOfTradeHat-1))
	}
	// Output:
	// USA welfare -0.10%, terms of trade +1.77%
	// CAN welfare -4.80%, terms of trade -5.90%
	// MEX welfare -4.87%, terms of trade -7.11%
}

// A trade-cost shock in ge_gravity's terms: a gravity partial effect β on a
// pair is a trade-cost factor κ = exp(−β/θ). Here κ = 0.9 on both flows of
// a symmetric pair: ŵ stays 1 and Ŵ = (0.8 + 0.2·0.9^(−4))^(1/4), the ACR
// formula.
func ExampleSolve() {
	p := &ge.Problem{Theta: 4, Flows: []ge.Flow{
		{Exporter: "A", Importer: "A", Value: 80},
		{Exporter: "A", Importer: "B", Value: 20, TradeCost: 0.9},
		{Exporter: "B", Importer: "A", Value: 20, TradeCost: 0.9},
		{Exporter: "B", Importer: "B", Value: 80},
	}}
	r, err := ge.Solve(p)
	if err != nil {
		log.Fatal(err)
	}
	a := r.Country("A")
	fmt.Printf("welfare %.4f, domestic share %.4f → %.4f\n", a.WelfareHat, a.DomesticShare0, a.DomesticShare1)
	// Output:
	// welfare 1.0252, domestic share 0.8000 → 0.7241
}

// Aggregate sums categories before a GE run.
func ExampleAggregate() {
	flows := ge.Aggregate([]ge.Flow{
		{Exporter: "CAN", Importer: "USA", Category: "aerospace", Value: 30, Tariff: 0, NewTariff: 0.25},
		{Exporter: "CAN", Importer: "USA", Category: "biotech", Value: 10, Tariff: 0, NewTariff: 0.05},
	})
	fmt.Printf("%d flow: value %.0f, new tariff %.3f\n", len(flows), flows[0].Value, flows[0].NewTariff)
	// Output:
	// 1 flow: value 40, new tariff 0.200
}
