package cli

import (
	"encoding/csv"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// oneSource writes a baseline where the US buys one category from China
// alone, and a scenario adding 25% on it: with ε = ∞ the value of imports
// is V̂ = τ^(−η), whatever σ (one source has no one to substitute to).
func oneSource(t *testing.T) (dir, base, sc string) {
	t.Helper()
	dir = t.TempDir()
	base = filepath.Join(dir, "one.csv")
	sc = filepath.Join(dir, "one.toml")
	write(t, base, "importer,exporter,category,value_musd,tariff_pct\nUS,CN,ict,100,0\n")
	write(t, sc, "name = \"one source\"\n[elasticities]\nexport_supply = \"inf\"\n[[tariff]]\nby = \"US\"\non = \"CN\"\nrate = \"25%\"\n")
	return dir, base, sc
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("%v in\n%s", err, s)
	}
	return recs
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSweepClosedForm(t *testing.T) {
	dir, base, sc := oneSource(t)
	out, stderr, code := runCLI(t, "sweep", "--baseline", base, "--param", "import_demand", "--from", "0", "--to", "2", "--steps", "5",
		"--out", filepath.Join(dir, "out"), "--no-charts", "-q", sc)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := readCSV(t, out)
	if got := strings.Join(recs[0][:3], ","); got != "import_demand,us_imports,us_exports" {
		t.Fatalf("header %q", got)
	}
	if len(recs) != 6 {
		t.Fatalf("%d rows, want 5 points", len(recs)-1)
	}
	for _, r := range recs[1:] {
		eta := num(t, r[0])
		want := 100 * (math.Pow(1.25, -eta) - 1)
		if got := num(t, r[1]); math.Abs(got-want) > 1e-6 {
			t.Errorf("η = %v: Δimports %v, want 100(1.25^−η − 1) = %v", eta, got, want)
		}
		// The import price index rises by the whole tariff.
		if got := num(t, r[4]); math.Abs(got-25) > 1e-6 {
			t.Errorf("η = %v: import prices %v%%, want 25%%", eta, got)
		}
	}
	golden(t, "sweep-one-source.csv", out)
}

func TestSweepGridErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--param", "substitution", "--from", "1", "--to", "10", "--steps", "1"}, "at least 2 points"},
		{[]string{"--param", "substitution", "--from", "10", "--to", "1"}, "--from 10 must be below --to 1"},
		{[]string{"--param", "substitution", "--from", "0", "--to", "1"}, "σ must be a positive number"},
		{[]string{"--param", "import_demand", "--from", "-1", "--to", "1"}, "η must be ≥ 0"},
		{[]string{"--param", "rate", "--measure", "1", "--from", "-150", "--to", "1"}, "above −100%"},
		{[]string{"--param", "scale", "--from", "-1", "--to", "1"}, "scale factor must be ≥ 0"},
		{[]string{"--param", "substitution", "--to", "1"}, "--from is required"},
		{[]string{"--param", "substitution", "--from", "x", "--to", "1"}, "want a finite number"},
		{[]string{"--from", "1", "--to", "2"}, "--param is required"},
		{[]string{"--param", "rate", "--from", "1", "--to", "2"}, "needs --measure N"},
		{[]string{"--param", "rate", "--measure", "9", "--from", "1", "--to", "2"}, "--measure 9"},
		{[]string{"--param", "scale", "--category", "ict", "--from", "1", "--to", "2"}, "--category applies to elasticities"},
		{[]string{"--param", "substitution", "--category", "itc", "--from", "1", "--to", "2"}, `did you mean "ict"`},
		{[]string{"--param", "substitution", "--from", "1", "--to", "2", "--metrics", "us_import"}, `did you mean "us_imports"`},
	} {
		_, stderr, code := runCLI(t, append(append([]string{"sweep", "--no-charts", "-q"}, tc.args...), "us-canada-mexico-25")...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestSweepCharts(t *testing.T) {
	dir, base, sc := oneSource(t)
	out := filepath.Join(dir, "out")
	_, stderr, code := runCLI(t, "sweep", "--baseline", base, "--param", "substitution", "--from", "1", "--to", "4", "--steps", "4", "--out", out, "-q", sc)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"sweep-trade", "sweep-welfare", "sweep-prices"} {
		f, err := os.Open(filepath.Join(out, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 1800 {
			t.Errorf("%s.png: %v, width %d, want 1800", name, err, cfg.Width)
		}
		if _, err := os.Stat(filepath.Join(out, name+".svg")); err != nil {
			t.Error(err)
		}
	}
}

func TestCompareSelf(t *testing.T) {
	out, stderr, code := runCLI(t, "compare", "--format", "csv", "--no-charts", "-q", "--out", t.TempDir(),
		"us-canada-mexico-25-retaliation", "us-canada-mexico-25-retaliation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := readCSV(t, out)
	if h := recs[0]; len(h) != 6 || h[4] == h[5] {
		t.Fatalf("header %q: want two distinct scenario columns", h)
	}
	metrics := map[string]bool{}
	for _, r := range recs[1:] {
		metrics[r[0]] = true
		if r[4] != r[5] {
			t.Errorf("%s: %s vs %s", r[0], r[4], r[5])
		}
	}
	for _, m := range []string{"us_imports", "us_welfare", "import_prices", "imports_from:MX", "exports_to:CA", "welfare:CA"} {
		if !metrics[m] {
			t.Errorf("no row %s", m)
		}
	}
}

func TestCompareValues(t *testing.T) {
	out, stderr, code := runCLI(t, "compare", "--format", "json", "--no-charts", "-q", "--out", t.TempDir(),
		"us-canada-mexico-25", "us-canada-mexico-25-retaliation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Retaliation by Canada changes US exports; the first scenario has
	// none. Both figures are in the README's worked example.
	var doc struct {
		Scenarios []struct{ Label string }
		Rows      []struct {
			Metric string
			Values []float64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Scenarios) != 2 || doc.Scenarios[1].Label != "B" {
		t.Errorf("scenarios %+v", doc.Scenarios)
	}
	for _, r := range doc.Rows {
		if r.Metric == "us_exports" && (r.Values[0] != 0 || math.Round(r.Values[1]) != -1070) {
			t.Errorf("us_exports %v, want [0 -1070]", r.Values)
		}
	}
}

func TestCompareIncompatible(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	write(t, bad, "name = \"bad\"\n[[tariff]]\nby = \"US\"\non = \"XX\"\nrate = \"10%\"\n")
	_, stderr, code := runCLI(t, "compare", "--no-charts", "-q", "--out", dir, "us-canada-mexico-25", bad)
	if code != 2 || !strings.Contains(stderr, "cannot compare: scenario 2") || !strings.Contains(stderr, `unknown country code "XX"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// A baseline without the US: each scenario's focus is its imposer.
	base := filepath.Join(dir, "ab.csv")
	write(t, base, "importer,exporter,category,value_musd,tariff_pct\nAA,BB,ict,10,0\nBB,AA,ict,10,0\n")
	a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	write(t, a, "name = \"a\"\n[[tariff]]\nby = \"AA\"\non = \"BB\"\nrate = \"10%\"\n")
	write(t, b, "name = \"b\"\n[[tariff]]\nby = \"BB\"\non = \"AA\"\nrate = \"10%\"\n")
	// The output folder must not hold the inputs (a run replaces it).
	out := filepath.Join(dir, "out")
	_, stderr, code = runCLI(t, "compare", "--baseline", base, "--no-charts", "-q", "--out", out, a, b)
	if code != 2 || !strings.Contains(stderr, "--focus") {
		t.Errorf("different focus: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runCLI(t, "compare", "--baseline", base, "--focus", "AA", "--no-charts", "-q", "--out", out, a, b)
	if code != 0 {
		t.Errorf("with --focus: exit %d, stderr %q", code, stderr)
	}
	if _, _, code := runCLI(t, "compare", "us-canada-mexico-25"); code != 2 {
		t.Errorf("one scenario: exit %d, want 2", code)
	}
}

func TestSensitivityRules(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "s.toml")
	write(t, sc, `name = "rules"
[elasticities]
substitution = 10
[elasticities.category.ict]
import_demand = { dist = "uniform", min = 1, max = 3 }
[[tariff]]
by = "US"
on = "CN"
rate = "25%"
`)
	out, stderr, code := runCLI(t, "sensitivity", "--format", "csv", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), sc)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := map[string][]string{}
	for _, r := range readCSV(t, out)[1:] {
		rows[r[0]+"/"+r[1]] = r
	}
	// A uniform(1, 3) has p5 = 1.1 and p95 = 2.9.
	if r := rows["import_demand/ict"]; r[3] != "1.1" || r[4] != "2.9" || r[11] != "distribution p5–p95" {
		t.Errorf("ict η: %q", r)
	}
	// σ = 10 set by the scenario keeps the presets' proportions: ICT's
	// presets are 1.67 and 8.8 around 5 (model/baseline/atp_elasticities.csv).
	if r := rows["substitution/ict"]; r[11] != "presets, scaled to the scenario's value" || math.Abs(num(t, r[3])-10*1.67/5) > 1e-9 || math.Abs(num(t, r[4])-10*8.8/5) > 1e-9 {
		t.Errorf("ict σ: %q", r)
	}
	// ε's low preset is 995 (Amiti, Redding and Weinstein's 0.995
	// pass-through), its high one ∞: the low end moves a little.
	if r := rows["export_supply/ict"]; r[3] != "995" || r[4] != "inf" || r[10] != "true" {
		t.Errorf("ε presets 995…∞: %q", r)
	}
	_, stderr, code = runCLI(t, "sensitivity", "--metric", "us_welfar", "us-canada-mexico-25")
	if code != 2 || !strings.Contains(stderr, `did you mean "us_welfare"`) {
		t.Errorf("unknown metric: exit %d, %q", code, stderr)
	}
	_, stderr, code = runCLI(t, "sensitivity", "--metric", "imports_from:ZZ", "us-canada-mexico-25")
	if code != 2 || !strings.Contains(stderr, `unknown country code "ZZ"`) {
		t.Errorf("unknown partner: exit %d, %q", code, stderr)
	}
}
