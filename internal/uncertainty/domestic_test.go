package uncertainty

import (
	"math/rand/v2"
	"testing"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// σ_D and ε_D written as distributions are drawn, at [elasticities] level
// and per category, and the draws move the results of a market with a
// domestic flow (US aerospace in the embedded baseline).
func TestDomesticElasticitiesDrawn(t *testing.T) {
	src := `name = "domestic draws"
at = 2025-03-07
[elasticities]
domestic_supply = { dist = "uniform", min = 0.5, max = 20 }
[elasticities.category.aerospace]
domestic_substitution = { dist = "uniform", min = 0.5, max = 6 }
[[tariff]]
by = "US"
on = "FR"
rate = "50%"
`
	sc := parse(t, src)
	sp, err := NewSpace(sc, baseline.ATP2024())
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{}
	for _, p := range sp.Params {
		paths[p.Path] = true
	}
	if len(sp.Params) != 2 || !paths["elasticities.domestic_supply"] || !paths["elasticities.category.aerospace.domestic_substitution"] {
		t.Fatalf("drawn: %v", paths)
	}
	p := sp.NewParams()
	seen := map[[2]float64]bool{}
	for i := range 20 {
		sp.Draw(&p, 1, i, rand.NewPCG(0, 0))
		a := p.Category["aerospace"]
		if a.DomesticSupply < 0.5 || a.DomesticSupply > 20 || a.DomesticSubstitution < 0.5 || a.DomesticSubstitution > 6 {
			t.Fatalf("draw %d out of range: σ_D %v ε_D %v", i, a.DomesticSubstitution, a.DomesticSupply)
		}
		if p.Category["ict"].DomesticSupply != a.DomesticSupply {
			t.Fatal("a default's draw is shared by every category")
		}
		seen[[2]float64{a.DomesticSubstitution, a.DomesticSupply}] = true
	}
	if len(seen) < 20 {
		t.Errorf("20 draws gave %d distinct (σ_D, ε_D)", len(seen))
	}
	r := run(t, src, Options{Draws: 50, Seed: 3, Workers: 1})
	if r.Failed != 0 {
		t.Fatalf("%d draws failed", r.Failed)
	}
	iv, ok := r.Get(metric.Key{Group: metric.Group("headline"), Name: metric.Name("imports1")})
	if !ok {
		t.Fatal("no headline imports1 percentiles")
	}
	if !(iv.P5 < iv.P95) {
		t.Errorf("US imports p5 %v, p95 %v: the domestic draws move nothing", iv.P5, iv.P95)
	}
}
