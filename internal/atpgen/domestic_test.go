package atpgen

import (
	"math"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// Every group's domestic row is the closed form of its rule: the group's
// calibrated imports times its proxy's 2017 ratio of domestic sales
// (commodity output less exports) to imports, from the BEA 2017 detail use
// table (columns T007, F04000, F05000 summed over the proxy's commodities).
func TestDomesticSalesRule(t *testing.T) {
	e, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string]float64{}
	for k, g := range e.Groups {
		imports[g.Slug] = e.GroupImports[k]
	}
	// BEA 2017 detail use table, million USD; ratio = (S-X)/M to 4 places.
	want := map[string]struct{ s, x, m, ratio float64 }{
		"biotech":     {31287, 15804, 51323, 0.3017},   // 325414
		"lifesci":     {94968, 24913, 30133, 2.3249},   // 334510+334516+334517+339112
		"opto":        {55008, 26359, 35838, 0.7994},   // 334413+333314
		"ict":         {56149, 24435, 209530, 0.1514},  // 3341+3342
		"electronics": {94286, 34296, 46570, 1.2882},   // 3344
		"flexmfg":     {47002, 16367, 17627, 1.7380},   // 333242+3335
		"materials":   {122987, 36663, 28077, 3.0745},  // 3252+335920+335991
		"aerospace":   {218945, 106384, 37130, 3.0315}, // 336411-336413
		"weapons":     {13063, 3281, 2689, 3.6378},     // 33299A
		"nuclear":     {40584, 12070, 10982, 2.5964},   // 332410+325180
	}
	if len(e.Domestic) != len(want) {
		t.Errorf("%d domestic sales, want %d (every group has a BEA proxy)", len(e.Domestic), len(want))
	}
	for _, d := range e.Domestic {
		w, ok := want[d.Slug]
		if !ok {
			t.Errorf("unexpected domestic sale %+v", d)
			continue
		}
		m := imports[d.Slug]
		value := math.Round(m*(w.s-w.x)/w.m*100) / 100
		if d.Value != value || d.Rule != ruleRatio || d.Year != 2017 || d.Status != baseline.Estimated {
			t.Errorf("%s: %+v, want value %.2f by rule ratio, 2017, estimated", d.Slug, d, value)
		}
		if math.Abs(d.Ratio-w.ratio) > 5e-5 {
			t.Errorf("%s: ratio %v, want (%v-%v)/%v = %v", d.Slug, d.Ratio, w.s, w.x, w.m, w.ratio)
		}
		// Domestic sales within a factor 10 of the group's imports either
		// way: a guard against a unit slip (billions for millions).
		if d.Value < 0.1*m || d.Value > 10*m {
			t.Errorf("%s: domestic sales %.0f against imports %.0f", d.Slug, d.Value, m)
		}
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
			!strings.Contains(r.Source, "BEA I-O") || !strings.Contains(r.Source, "docs/DATA.md") {
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
