package baseline_test

import (
	"fmt"

	"github.com/tariffsim/tariffsim/model/baseline"
)

func ExampleATP2024() {
	b := baseline.ATP2024()
	var exports, imports, ict float64
	for _, r := range b.Rows {
		switch {
		case r.Importer == "US":
			imports += r.Value
		case r.Exporter == "US":
			exports += r.Value
			if r.Category == "ict" && r.Importer == "MX" {
				ict = r.Value
			}
		}
	}
	fmt.Println(b.Name)
	fmt.Printf("US ATP exports %.2f, imports %.2f million USD\n", exports, imports)
	slug, _ := b.Category("04")
	fmt.Printf("HITECH 04 is %s (%s), σ = %v\n", slug, b.CategoryName(slug), b.DefaultsFor(slug).Substitution)
	fmt.Printf("estimated share of value: %.0f%%\n", 100*b.Provenance().EstimatedShare())
	fmt.Printf("US ICT exports to Mexico (estimated): %.0f million USD\n", ict)
	// Output:
	// US ATP trade 2024 (Census-based, partly estimated)
	// US ATP exports 464290.00, imports 763240.00 million USD
	// HITECH 04 is ict (Information & Communications), σ = 5
	// estimated share of value: 100%
	// US ICT exports to Mexico (estimated): 22523 million USD
}
