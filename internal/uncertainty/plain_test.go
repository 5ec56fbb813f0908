package uncertainty_test

import (
	"context"
	"math"
	"testing"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/internal/uncertainty"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// This file is an external test: internal/tables imports this package.

func parse(t testing.TB, src string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Validate([]byte(src), "test.toml", baseline.ATP2024())
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func same(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

const numbersSrc = `name = "US 25% on CA and MX, fixed elasticities"
at = 2025-03-07
[elasticities]
substitution = 6
[elasticities.exporter.CA]
export_supply = 3
[[tariff]]
by = "US"
on = "CA"
rate = "25%"
exempt = "38%"
[[tariff]]
by = "US"
on = "MX"
rate = "25%"
exempt = "50%"
[[retaliation]]
by = "CA"
on = "US"
rate = "25%"
exempt = "94%"
`

// A scenario whose elasticities are all numbers: every draw is the plain
// run, and the percentiles equal the figures of the plain run's tables
// exactly.
func TestDegenerateReproducesPlainRun(t *testing.T) {
	sc := parse(t, numbersSrc)
	b := baseline.ATP2024()
	r, err := uncertainty.Run(context.Background(), sc, b, scenario.Options{}, "US", uncertainty.Options{Draws: 20, Seed: 1, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	prob, err := sc.Problem(b, scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := model.Solve(prob)
	if err != nil {
		t.Fatal(err)
	}
	tr := &tables.Run{Baseline: b, Result: res, Focus: "US"}
	doc := tables.NewDocument(tr)
	want := map[[3]string]float64{
		{"headline", "", "imports1"}:                float64(doc.Headline.Imports1),
		{"headline", "", "exports1"}:                float64(doc.Headline.Exports1),
		{"headline", "", "balance1"}:                float64(doc.Headline.Balance1),
		{"headline", "", "import_price_change_pct"}: float64(doc.Headline.ImportPriceChange),
		{"headline", "", "dR"}:                      float64(doc.Headline.DR),
		{"headline", "", "welfare"}:                 float64(doc.Headline.Welfare),
	}
	for _, c := range doc.Countries {
		want[[3]string{"country", c.Country, "welfare"}] = float64(c.Welfare)
		want[[3]string{"country", c.Country, "dCS"}] = float64(c.DCS)
	}
	bd := tr.Breakdown()
	for _, l := range bd.ImportsByPartner {
		want[[3]string{"imports_by_partner", l.Code, "value1"}] = l.After
	}
	for _, l := range bd.ExportsByCategory {
		want[[3]string{"exports_by_category", l.Code, "value1"}] = l.After
	}
	for _, l := range bd.ImportsByCategory {
		want[[3]string{"imports_by_category", l.Code, "price_change_pct"}] = 100 * (l.PriceIndexHat - 1)
	}
	for k, v := range want {
		m, ok := r.Get(metric.Key{Group: metric.Group(k[0]), Code: k[1], Name: metric.Name(k[2])})
		if !ok {
			t.Errorf("no metric %v", k)
			continue
		}
		if !same(m.P5, v) || !same(m.P50, v) || !same(m.P95, v) || !same(m.Plain, v) {
			t.Errorf("%v: plain %v p5 %v p50 %v p95 %v, want all %v", k, m.Plain, m.P5, m.P50, m.P95, v)
		}
	}
	if len(r.Params) != 0 {
		t.Errorf("uncertain parameters in a scenario of numbers: %v", r.Params)
	}
}
