package census

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

func fixtures(t testing.TB) []File {
	return []File{
		{"exports_2024-12.json", readFixture(t, "exports_2024-12.json")},
		{"imports_2024-12.json", readFixture(t, "imports_2024-12.json")},
	}
}

// fixtureTotals returns the fixture's TOTAL FOR ALL COUNTRIES ATP value in
// million USD, by direction, read independently of Parse.
func fixtureTotals(t testing.TB) (exports, imports float64) {
	for i, f := range fixtures(t) {
		col := []string{"ALL_VAL_YR", "GEN_VAL_YR"}[i]
		sum := 0.0
		for _, r := range rawRows(t, f.Data) {
			if r["CTY_CODE"] == "-" && r["HITECH"] != "" && r["HITECH"] != "00" {
				sum += mustFloat(t, r[col])
			}
		}
		if i == 0 {
			exports = sum / 1e6
		} else {
			imports = sum / 1e6
		}
	}
	return exports, imports
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestImportFixtures(t *testing.T) {
	b, err := Import(fixtures(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	partners := map[string]bool{}
	var exp, imp float64
	for _, r := range b.Rows {
		if r.Value <= 0 {
			t.Errorf("non-positive flow %+v", r)
		}
		if r.Tariff != 0 {
			t.Errorf("tariff without Options.Tariff: %+v", r)
		}
		switch {
		case r.Importer == Reporter:
			imp += r.Value
			partners[r.Exporter] = true
			if !strings.HasSuffix(r.Source, "imports/hitech, 2024-12, GEN_VAL_YR") {
				t.Errorf("source %q", r.Source)
			}
		case r.Exporter == Reporter:
			exp += r.Value
			partners[r.Importer] = true
			if !strings.HasSuffix(r.Source, "exports/hitech, 2024-12, ALL_VAL_YR") {
				t.Errorf("source %q", r.Source)
			}
		default:
			t.Errorf("flow without the US: %+v", r)
		}
		wantStatus := baseline.Published
		if r.Importer == RestCode || r.Exporter == RestCode {
			wantStatus = baseline.Derived
			if !strings.HasPrefix(r.Source, "derived: sum of the 12 partners outside the top 19; U.S. Census Bureau") {
				t.Errorf("RoW source %q", r.Source)
			}
		}
		if r.Status != wantStatus {
			t.Errorf("status %q of %+v", r.Status, r.Flow)
		}
	}
	// 31 countries: 19 by name and RoW, as in the embedded baseline.
	if len(partners) != 20 || !partners[RestCode] {
		t.Errorf("%d partners %v, want 19 + RoW", len(partners), partners)
	}
	for _, c := range []string{"CN", "MX", "TW", "IE", "CA", "DE", "JP", "KR", "VN", "MY", "TH", "NL", "GB", "FR", "CH", "SG"} {
		if !partners[c] {
			t.Errorf("partner %s missing", c)
		}
	}
	for p := range partners {
		if strings.HasPrefix(p, "0") || strings.Contains(p, "XXX") || p == "-" || p == "EU" {
			t.Errorf("aggregate %s became a partner", p)
		}
	}
	// Totals are preserved and equal the country rows, which the fixture
	// makes equal to its TOTAL FOR ALL COUNTRIES row: adding any aggregate
	// would overshoot it.
	wantExp, wantImp := fixtureTotals(t)
	if !near(exp, wantExp) || !near(imp, wantImp) {
		t.Errorf("exports %.6f imports %.6f, want %.6f %.6f", exp, imp, wantExp, wantImp)
	}
	if b.Name != "census-atp-2024" || !strings.Contains(b.Description, "Top 19 of 31 partners") {
		t.Errorf("%s: %s", b.Name, b.Description)
	}
	if b.CountryName("KR") != "South Korea" || b.CountryName("US") != "United States" || !strings.HasPrefix(b.CountryName(RestCode), "Rest of world (12") {
		t.Errorf("country names %v", b.Countries)
	}
	if s, ok := b.Category("04"); !ok || s != "ict" {
		t.Errorf("alias 04 → %q %v", s, ok)
	}
	if p := b.Provenance(); p.Estimated != 0 || !near(p.Total, exp+imp) || p.Derived == 0 {
		t.Errorf("provenance %+v", p)
	}
}

// TestImportValues checks one cell end to end: dollars in the file, million
// dollars in the flow.
func TestImportValues(t *testing.T) {
	b, err := Import(fixtures(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]float64{} // (direction, HITECH) for China
	for i, f := range fixtures(t) {
		col := []string{"ALL_VAL_YR", "GEN_VAL_YR"}[i]
		for _, r := range rawRows(t, f.Data) {
			if r["CTY_CODE"] == "5700" {
				want[[2]string{col, r["HITECH"]}] = mustFloat(t, r[col]) / 1e6
			}
		}
	}
	found := 0
	for _, r := range b.Rows {
		var key [2]string
		switch {
		case r.Importer == Reporter && r.Exporter == "CN":
			key[0] = "GEN_VAL_YR"
		case r.Importer == "CN" && r.Exporter == Reporter:
			key[0] = "ALL_VAL_YR"
		default:
			continue
		}
		for _, g := range baseline.ATPGroups() {
			if g.Slug == r.Category {
				key[1] = hitech(g)
			}
		}
		if w := want[key]; !near(r.Value, w) {
			t.Errorf("%s %s: %v, want %v", key[0], key[1], r.Value, w)
		}
		found++
	}
	if found != 20 {
		t.Errorf("%d China flows, want 20 (10 groups × 2 directions)", found)
	}
	// Zero cells ("0" rows of Taiwan's nuclear group) are left out.
	for _, r := range b.Rows {
		if (r.Exporter == "TW" || r.Importer == "TW") && r.Category == "nuclear" {
			t.Errorf("zero flow kept: %+v", r)
		}
	}
}

func TestImportTopN(t *testing.T) {
	all, err := Import(fixtures(t), Options{TopN: 100})
	if err != nil {
		t.Fatal(err)
	}
	codes := all.CountryCodes()
	if len(codes) != 32 { // 31 countries and the US
		t.Errorf("%d codes %v", len(codes), codes)
	}
	for _, c := range codes {
		if c == RestCode {
			t.Error("RoW without folding")
		}
	}
	if all.CountryName("C5082") != "Gaza Strip" {
		t.Errorf("unmapped country: %v", all.Countries)
	}

	one, err := Import(fixtures(t), Options{TopN: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := one.CountryCodes(); len(got) != 3 || got[0] != "CN" || got[1] != RestCode || got[2] != Reporter {
		t.Errorf("top 1: %v", got)
	}
	// Folding preserves every category total.
	sum := func(b *baseline.Baseline) map[string]float64 {
		m := map[string]float64{}
		for _, r := range b.Rows {
			m[r.Category+"/"+r.Importer+"/"+r.Exporter] += 0
			dir := "imp"
			if r.Exporter == Reporter {
				dir = "exp"
			}
			m[r.Category+"/"+dir] += r.Value
		}
		return m
	}
	sa, s1 := sum(all), sum(one)
	for k, v := range sa {
		if strings.Count(k, "/") == 1 && !near(s1[k], v) {
			t.Errorf("%s: %v after folding, %v before", k, s1[k], v)
		}
	}
}

func TestImportOrderAndTariff(t *testing.T) {
	f := fixtures(t)
	b, err := Import([]File{f[1], f[0]}, Options{Year: 2024, Tariff: func(imp, exp, cat string) float64 {
		if imp == Reporter && exp == "CN" {
			return 0.25
		}
		return 0
	}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range b.Rows {
		if r.Importer == Reporter && r.Exporter == "CN" {
			if r.Tariff != 0.25 {
				t.Errorf("%+v", r)
			}
			n++
		} else if r.Tariff != 0 {
			t.Errorf("%+v", r)
		}
	}
	if n == 0 {
		t.Error("no US←CN flows")
	}
	for _, bad := range []float64{math.NaN(), -0.1, math.Inf(1)} {
		_, err := Import(f, Options{Tariff: func(string, string, string) float64 { return bad }})
		if err == nil || !strings.Contains(err.Error(), "want a fraction ≥ 0") {
			t.Errorf("tariff %v: %v", bad, err)
		}
	}
}

func TestImportUSShare(t *testing.T) {
	b, err := Import(fixtures(t), Options{USShare: func(p, c string) float64 { return 0.2 }})
	if err != nil {
		t.Fatal(err)
	}
	exports := map[[2]string]float64{}
	var oth []baseline.Row
	for _, r := range b.Rows {
		switch {
		case r.Exporter == Reporter:
			exports[[2]string{r.Importer, r.Category}] = r.Value
		case r.Exporter == baseline.OtherSuppliersCode:
			oth = append(oth, r)
		}
	}
	if len(oth) != len(exports) || len(oth) == 0 {
		t.Fatalf("%d OTH flows for %d US export flows", len(oth), len(exports))
	}
	for _, r := range oth {
		if w := exports[[2]string{r.Importer, r.Category}] * 4; !near(r.Value, w) || r.Status != baseline.Estimated {
			t.Errorf("%+v: want value %v (US share 20%%)", r, w)
		}
	}
	if b.CountryName(baseline.OtherSuppliersCode) != "Other suppliers" {
		t.Error("OTH not named")
	}
	if _, err := Import(fixtures(t), Options{USShare: func(string, string) float64 { return 0 }}); err == nil {
		t.Error("share 0 accepted")
	}
}

// TestImportRoundTrip writes the imported baseline as CSV and reads it
// back with the baseline reader, which rejects zero values, duplicates and
// unknown statuses.
func TestImportRoundTrip(t *testing.T) {
	b, err := Import(fixtures(t), Options{USShare: func(string, string) float64 { return 0.5 }})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := baseline.Read(&buf, "census.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != len(b.Rows) {
		t.Fatalf("%d rows back, %d written", len(back.Rows), len(b.Rows))
	}
}

func TestImportErrors(t *testing.T) {
	f := fixtures(t)
	ex, im := f[0], f[1]
	replace := func(file File, old, new string) File {
		return File{file.Name, bytes.ReplaceAll(file.Data, []byte(old), []byte(new))}
	}
	for _, tc := range []struct {
		name  string
		files []File
		opt   Options
		want  []string
	}{
		{"no files", nil, Options{}, []string{"no files"}},
		{"exports twice", []File{ex, {"again.json", ex.Data}}, Options{}, []string{"exports_2024-12.json and again.json are both exports responses"}},
		{"exports twice with imports", []File{ex, im, {"again.json", ex.Data}}, Options{}, []string{"both exports responses"}},
		{"only exports", []File{ex}, Options{}, []string{"exports_2024-12.json is an exports response; the imports response", "missing"}},
		{"only imports", []File{im}, Options{}, []string{"the exports response (exports/hitech, ALL_VAL_YR) is missing"}},
		{"bad file", []File{ex, {"broken.json", im.Data[:len(im.Data)/2]}}, Options{}, []string{"broken.json", "truncated JSON"}},
		{"two bad files", []File{{"a.json", []byte("{}")}, {"b.json", []byte("[1]")}}, Options{}, []string{"a.json", "b.json"}},
		{"periods differ", []File{ex, replace(im, "2024-12", "2023-12")}, Options{}, []string{"is for 2024-12 but imports_2024-12.json is for 2023-12"}},
		{"not December", []File{replace(ex, "2024-12", "2024-06"), replace(im, "2024-12", "2024-06")}, Options{}, []string{"year-to-date", "time=2024-12"}},
		{"year asked", f, Options{Year: 2023}, []string{"for 2024-12, not 2023"}},
		{"negative top", f, Options{TopN: -1}, []string{"top -1"}},
		{"bad value in an aggregate row is ignored", []File{ex, replace(im, `"3172430988394"`, `"3172430988394x"`)}, Options{}, []string{}}, // an aggregate: ignored
		{"duplicate in exports", []File{im, {ex.Name, bytes.Replace(ex.Data, []byte(`["5700","CHINA","04"`), []byte(`["5700","CHINA","03"`), 1)}}, Options{}, []string{"exports_2024-12.json: row", "duplicate row for CHINA (5700) × HITECH 03"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Import(tc.files, tc.opt)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || b != nil {
				t.Fatalf("baseline %v, error %v", b != nil, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestBuildMisuse(t *testing.T) {
	f := fixtures(t)
	ex, err := Parse(f[0].Name, f[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	im, err := Parse(f[1].Name, f[1].Data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(im, ex, Options{}); err == nil {
		t.Error("swapped tables accepted")
	}
	if _, err := Build(ex, nil, Options{}); err == nil {
		t.Error("nil table accepted")
	}
	noTime := *ex
	noTime.Period = ""
	noTime2 := *im
	noTime2.Period = ""
	if _, err := Build(&noTime, &noTime2, Options{}); err == nil || !strings.Contains(err.Error(), "cannot tell the year") {
		t.Errorf("%v", err)
	}
	if b, err := Build(&noTime, &noTime2, Options{Year: 2024}); err != nil || b.Name != "census-atp-2024" {
		t.Errorf("%v", err)
	}
	zero := *ex
	zero.Rows = []Row{{Census: "5700", Name: "CHINA", Group: "04", Category: "ict"}}
	zeroI := *im
	zeroI.Rows = zero.Rows
	if _, err := Build(&zero, &zeroI, Options{}); err == nil || !strings.Contains(err.Error(), "every country value is 0") {
		t.Errorf("%v", err)
	}
}
