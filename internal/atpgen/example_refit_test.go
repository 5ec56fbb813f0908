package atpgen_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/tariffsim/tariffsim/internal/atpgen"
)

// A Monte Carlo draw of the embedded baseline's estimated split: the
// published totals stay exact, the unpublished partners move.
func ExampleRefitter() {
	r, err := atpgen.NewRefitter()
	if err != nil {
		log.Fatal(err)
	}
	flows := r.Flows()
	v, err := r.Draw(nil, rand.New(rand.NewPCG(1, 2)), atpgen.DefaultScale())
	if err != nil {
		log.Fatal(err)
	}
	total := map[string]float64{}
	for i, f := range flows {
		if f.Importer == "US" {
			total[f.Exporter] += v[i]
		}
	}
	fmt.Printf("%d flows; imports from Mexico %.2f (published); from Canada moved: %v\n",
		r.Len(), total["MX"], total["CA"] != 23678.59)
	// Output:
	// 607 flows; imports from Mexico 102480.00 (published); from Canada moved: true
}
