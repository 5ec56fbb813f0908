package timepath_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// atpPath is shaped like the 2025 scenario on the embedded baseline: about
// 600 flows, 24 months, tariffs that change in 8 of them.
func atpPath() *timepath.Problem {
	r := rand.New(rand.NewPCG(3, 4))
	p := &timepath.Problem{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Months: 24,
		Params: []model.Params{{Default: model.Elasticities{Substitution: 6.6, ImportDemand: 1.4, ExportSupply: math.Inf(1)}}}}
	for c := range 10 {
		for i := range 20 {
			for _, imp := range []string{"US", fmt.Sprintf("P%02d", i)} {
				exp := fmt.Sprintf("P%02d", i)
				if imp != "US" {
					exp = "US"
				}
				p.Flows = append(p.Flows, model.Flow{Importer: imp, Exporter: exp, Category: fmt.Sprintf("c%d", c), Value: 100 + 5000*r.Float64()})
			}
			p.Flows = append(p.Flows, model.Flow{Importer: fmt.Sprintf("P%02d", i), Exporter: "OTH", Category: fmt.Sprintf("c%d", c), Value: 100 + 5000*r.Float64()})
		}
	}
	for τ := range p.Months {
		ts := make([]float64, len(p.Flows))
		step := min(τ/3, 7)
		for f := range ts {
			if f%7 < step {
				ts[f] = 0.05 * float64(step)
			}
		}
		p.Tariffs = append(p.Tariffs, ts)
	}
	p.HalfLife = make([]float64, len(p.Flows))
	for f := range p.HalfLife {
		p.HalfLife[f] = 6
	}
	return p
}

func BenchmarkSolve24Months(b *testing.B) {
	p := atpPath()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := timepath.Solve(p); err != nil {
			b.Fatal(err)
		}
	}
}
