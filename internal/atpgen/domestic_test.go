package atpgen

import (
	"math"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// The aerospace domestic row is the closed form of its rule: the group's
// calibrated imports times NAICS 336411's 2001 ratio of domestic sales
// (product shipments less exports) to imports, from the ITA table.
func TestDomesticSalesRule(t *testing.T) {
	e, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Domestic) != 1 || e.Domestic[0].Slug != "aerospace" {
		t.Fatalf("domestic sales %+v: want exactly one, aerospace (the only group with a source)", e.Domestic)
	}
	d := e.Domestic[0]
	var imports float64
	for k, g := range e.Groups {
		if g.Slug == "aerospace" {
			imports = e.GroupImports[k]
		}
	}
	const shipments, exports, proxyImports = 62648, 26882, 14711 // ITA table, NAICS 336411, 2001
	want := math.Round(imports*(shipments-exports)/proxyImports*100) / 100
	if d.Value != want || d.Rule != ruleRatio || d.Year != 2001 || d.Status != baseline.Estimated {
		t.Errorf("aerospace: %+v, want value %.2f by rule ratio, 2001, estimated", d, want)
	}
	if math.Abs(d.Ratio-2.4312) > 1e-4 {
		t.Errorf("ratio %v, want (62648-26882)/14711 = 2.4312", d.Ratio)
	}
	// Domestic sales are of the order of US aerospace exports in this
	// baseline, not of ATP totals: a guard against a unit slip (billions
	// for millions) in the inputs.
	if d.Value < 0.5*imports || d.Value > 5*imports {
		t.Errorf("aerospace domestic sales %.0f against imports %.0f", d.Value, imports)
	}
}

// Domestic rows enter atp2024.csv only with includeDomestic; when they do,
// each is US,US with no tariff, a status and a source that names the rule.
func TestDomesticRows(t *testing.T) {
	e, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, r := range e.Rows {
		if r.Importer != r.Exporter {
			continue
		}
		n++
		if r.Importer != Reporter || r.Tariff != 0 || r.Status != baseline.Estimated ||
			!strings.Contains(r.Source, "NAICS 336411") || !strings.Contains(r.Source, "docs/DATA.md") {
			t.Errorf("domestic row %+v", r)
		}
	}
	if want := map[bool]int{true: len(e.Domestic), false: 0}[includeDomestic]; n != want {
		t.Errorf("%d domestic rows in the baseline with includeDomestic = %v, want %d", n, includeDomestic, want)
	}
}

func TestParseDomesticErrors(t *testing.T) {
	header := []string{"hitech", "slug", "naics_proxy", "year", "shipments_musd", "exports_musd", "imports_musd",
		"rule", "value_musd", "status", "source", "short_source", "source_url", "note"}
	good := []string{"08", "aerospace", "336411", "2001", "100", "40", "20", "ratio", "1", "estimated", "src", "short", "https://x", ""}
	with := func(col, v string) []string {
		r := append([]string(nil), good...)
		for i, h := range header {
			if h == col {
				r[i] = v
			}
		}
		return r
	}
	mk := func(rows ...[]string) *table {
		t := &table{name: "test.csv", col: map[string]int{}, rows: rows}
		for i, h := range header {
			t.col[h] = i
		}
		return t
	}
	slugs := []string{"aerospace", "weapons"}
	for _, c := range []struct {
		name string
		rows [][]string
		want string
	}{
		{"unknown group", [][]string{with("slug", "aero")}, `test.csv:2: unknown group "aero"`},
		{"duplicate", [][]string{good, good}, "test.csv:3: group aerospace appears twice"},
		{"bad rule", [][]string{with("rule", "share")}, `rule "share"`},
		{"bad status", [][]string{with("status", "read")}, `status "read"`},
		{"no source", [][]string{with("source_url", "")}, "needs source"},
		{"no year", [][]string{with("year", "")}, "year is empty"},
		{"negative", [][]string{with("exports_musd", "-1")}, "is negative"},
		{"exports exceed shipments", [][]string{with("exports_musd", "100")}, "do not exceed exports"},
		{"ratio without imports", [][]string{with("imports_musd", "0")}, "needs the proxy's imports"},
		{"not a number", [][]string{with("shipments_musd", "1,000")}, "is not a number"},
	} {
		_, err := parseDomestic(mk(c.rows...), slugs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// A group without a source needs nothing but its slug and rule none.
	got, err := parseDomestic(mk([]string{"09", "weapons", "", "", "", "", "", "none", "", "not_found", "", "", "", ""}), slugs)
	if err != nil || len(got) != 0 {
		t.Errorf("rule none: %v, %v", got, err)
	}
	// The stated value is checked against the rule.
	in, err := parseDomestic(mk(good), slugs)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := domesticSales(in, map[string]float64{"aerospace": 10}); err == nil || !strings.Contains(err.Error(), "its rule gives 30.00") {
		t.Errorf("stated 1 against rule 10 x (100-40)/20 = 30: error %v", err)
	}
}
