package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// geDoc is the part of a GE results.json the tests read.
type geDoc struct {
	Engine             string `json:"engine"`
	Caveat             string `json:"caveat"`
	ExemptionsAveraged bool   `json:"exemptions_averaged"`
	Focus              string `json:"focus"`
	// The GE result is at the top level, as a PE results.json's
	// countries[] and flows[] are.
	Result struct {
		Theta     float64          `json:"theta"`
		Countries []map[string]any `json:"countries"`
		Flows     []struct {
			Importer string  `json:"importer"`
			Exporter string  `json:"exporter"`
			Value0   float64 `json:"value0"`
			Value1   float64 `json:"value1"`
			Tariff1  float64 `json:"tariff1"`
		} `json:"flows"`
	}
	TariffsOnly *struct {
		Countries []map[string]any `json:"countries"`
	} `json:"tariffs_only"`
	Uncertainty *struct {
		Draws     int `json:"draws"`
		Countries []struct {
			Code       string             `json:"code"`
			WelfarePct map[string]float64 `json:"welfare_pct"`
		} `json:"countries"`
	} `json:"uncertainty"`
}

func parseGE(t *testing.T, s string) geDoc {
	t.Helper()
	var d geDoc
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	if err := json.Unmarshal([]byte(s), &d.Result); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d geDoc) country(t *testing.T, code string) map[string]any {
	t.Helper()
	for _, c := range d.Result.Countries {
		if c["code"] == code {
			return c
		}
	}
	t.Fatalf("no country %s", code)
	return nil
}

// The two shipped GE scenarios run on the GE baseline, write their files
// and charts, and give the signs of the issue: the US gains from 25% on
// Canada and Mexico (terms of trade) and loses once both retaliate.
func TestShippedGEScenarios(t *testing.T) {
	for _, c := range []struct {
		name        string
		welfare     float64 // US welfare, % (model/ge's own test holds these to ±0.05)
		retaliation bool
	}{
		{"ge-us-canada-mexico-25", 0.401, false},
		{"ge-us-canada-mexico-25-retaliation", -0.102, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			stdout, stderr, code := runCLI(t, "run", "--format", "json", "--report", "--charts", "png,svg", "-q", "--out", dir, c.name)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			d := parseGE(t, stdout)
			if d.Engine != "ge" || d.Focus != "USA" || d.Caveat == "" || d.Result.Theta != 4 {
				t.Errorf("engine %q focus %q caveat %q θ %v", d.Engine, d.Focus, d.Caveat, d.Result.Theta)
			}
			if len(d.Result.Countries) != 30 || len(d.Result.Flows) != 900 {
				t.Fatalf("%d countries, %d flows; want 30 and 900", len(d.Result.Countries), len(d.Result.Flows))
			}
			us := d.country(t, "USA")
			for _, k := range []string{"welfare_hat", "welfare_pct", "w_hat", "p_hat", "real_wage_hat", "tot_hat", "revenue0", "revenue1"} {
				if _, ok := us[k]; !ok {
					t.Errorf("countries[] lacks %q", k)
				}
			}
			w := us["welfare_pct"].(float64)
			if math.Abs(w-c.welfare) > 0.001 || math.Abs(100*(us["welfare_hat"].(float64)-1)-w) > 1e-9 {
				t.Errorf("US welfare %v%% (hat %v), want %v%%", w, us["welfare_hat"], c.welfare)
			}
			if us["tot_hat"].(float64) <= 1 {
				t.Errorf("US terms of trade %v: want a gain", us["tot_hat"])
			}
			for _, f := range d.Result.Flows {
				if f.Importer == "USA" && (f.Exporter == "CAN" || f.Exporter == "MEX") {
					if f.Tariff1 != 0.25 || f.Value1 >= f.Value0 {
						t.Errorf("flow %+v: want t1 = 25%% and less trade", f)
					}
				}
			}
			if (d.TariffsOnly != nil) != c.retaliation {
				t.Errorf("tariffs_only present %v, want %v", d.TariffsOnly != nil, c.retaliation)
			}
			for _, f := range []string{"summary.txt", "results.json", "scenario.toml", "countries.csv", "flows.csv", "report.html",
				"welfare-by-country.png", "welfare-by-country.svg", "trade-by-partner.png", "trade-by-partner.svg"} {
				if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
					t.Errorf("%s: %v", f, err)
				}
			}
			for _, f := range []string{"welfare-by-country.svg", "trade-by-partner.svg", "report.html", "summary.txt"} {
				b, _ := os.ReadFile(filepath.Join(dir, f))
				if !strings.Contains(string(b), "2006") || !strings.Contains(string(b), "old and coarse") {
					t.Errorf("%s does not say the GE baseline is the old, coarse 2006 sample", f)
				}
			}
			// The resolved scenario runs again to the same flows.
			again, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", t.TempDir(), filepath.Join(dir, "scenario.toml"))
			if code != 0 {
				t.Fatalf("resolved scenario: exit %d: %s", code, stderr)
			}
			if a, b := parseGE(t, again).Result.Flows, d.Result.Flows; len(a) != len(b) || a[0] != b[0] || a[len(a)-1] != b[len(b)-1] {
				t.Error("the resolved scenario gives other flows")
			}
		})
	}
}

func TestGEGolden(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"run-ge-retaliation", []string{"run", "--no-charts", "-q", "--out", out, "ge-us-canada-mexico-25-retaliation"}, 0},
		{"run-ge-countries-csv", []string{"run", "--format", "csv", "--table", "countries", "--no-charts", "-q", "--out", out, "ge-us-canada-mexico-25"}, 0},
		{"compare-pe-ge", []string{"compare", "--no-charts", "-q", "--out", out, "us-canada-mexico-25-full", "ge-us-canada-mexico-25", "ge-us-canada-mexico-25-retaliation"}, 0},
		{"validate-ge-bad", []string{"validate", "testdata/ge-bad.toml"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			golden(t, tc.name+".stdout", stdout)
			golden(t, tc.name+".stderr", stderr)
		})
	}
}

// GE scenario errors: a baseline without every domestic flow, more than
// one category (with the way out, --aggregate), an unknown GE table.
func TestGEErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sc := write("ge.toml", "name = \"GE test\"\n[model]\nengine = \"ge\"\n[[tariff]]\nby = \"A\"\non = \"B\"\nrate = \"10%\"\n")
	noDom := write("nodom.csv", "importer,exporter,category,value_musd,tariff_pct\nA,A,x,100,0\nA,B,x,10,0\nB,A,x,10,0\n")
	twoCats := write("two.csv", "importer,exporter,category,value_musd,tariff_pct\nA,A,x,100,0\nA,B,x,10,0\nB,A,x,10,0\nB,B,x,100,0\n"+
		"A,A,y,50,0\nA,B,y,5,0\nB,A,y,5,0\nB,B,y,50,0\n")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), "--baseline", noDom, sc}, 2, "has none for B"},
		{[]string{"run", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), "--baseline", twoCats, sc}, 2, "--aggregate"},
		{[]string{"run", "--format", "csv", "--table", "markets", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), "ge-us-canada-mexico-25"}, 2, "countries and flows"},
		{[]string{"sweep", "--param", "substitution", "ge-us-canada-mexico-25"}, 2, "engine = \"ge\""},
	} {
		_, stderr, code := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	// --aggregate sums the categories: the same answer as one category
	// holding the sums (values are proportional, so shares are equal).
	one := write("one.csv", "importer,exporter,category,value_musd,tariff_pct\nA,A,x,150,0\nA,B,x,15,0\nB,A,x,15,0\nB,B,x,150,0\n")
	agg, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), "--aggregate", "--baseline", twoCats, sc)
	if code != 0 {
		t.Fatalf("--aggregate: exit %d: %s", code, stderr)
	}
	ref, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), "--baseline", one, sc)
	if code != 0 {
		t.Fatalf("one category: exit %d: %s", code, stderr)
	}
	a, r := parseGE(t, agg).country(t, "A"), parseGE(t, ref).country(t, "A")
	if math.Abs(a["welfare_hat"].(float64)-r["welfare_hat"].(float64)) > 1e-12 {
		t.Errorf("aggregated welfare %v, one category %v", a["welfare_hat"], r["welfare_hat"])
	}
}

// Monte Carlo on GE: θ = σ − 1 drawn; the same seed gives the same
// percentiles whatever the workers, another seed others, and the
// percentiles bracket the plain run.
func TestGEDraws(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "ge-us-canada-mexico-25.toml"))
	if err != nil {
		t.Fatal(err)
	}
	sc := filepath.Join(dir, "ge-uncertain.toml")
	s := strings.Replace(string(data), "[model]", "[elasticities]\nsubstitution = { dist = \"uniform\", min = 4, max = 7 }\n\n[model]", 1)
	if err := os.WriteFile(sc, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) geDoc {
		t.Helper()
		stdout, stderr, code := runCLI(t, append([]string{"run", "--format", "json", "--no-charts", "-q", "--out", filepath.Join(dir, "out")}, append(args, sc)...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return parseGE(t, stdout)
	}
	a := run("--draws", "60", "--seed", "7", "--workers", "1")
	b := run("--draws", "60", "--seed", "7", "--workers", "3")
	c := run("--draws", "60", "--seed", "8")
	if a.Uncertainty == nil || a.Uncertainty.Draws != 60 {
		t.Fatalf("uncertainty %+v", a.Uncertainty)
	}
	get := func(d geDoc) map[string]float64 {
		for _, c := range d.Uncertainty.Countries {
			if c.Code == "USA" {
				return c.WelfarePct
			}
		}
		t.Fatal("no USA percentiles")
		return nil
	}
	pa, pb, pc := get(a), get(b), get(c)
	for _, k := range []string{"p5", "p50", "p95"} {
		if pa[k] != pb[k] {
			t.Errorf("%s: %v with 1 worker, %v with 3", k, pa[k], pb[k])
		}
	}
	if pa["p50"] == pc["p50"] {
		t.Error("seeds 7 and 8 give the same median")
	}
	// σ = 5.5 in the plain run (the median); θ lower means larger
	// terms-of-trade gains, so the interval is not a point.
	plain := a.country(t, "USA")["welfare_pct"].(float64)
	if !(pa["p5"] < plain && plain < pa["p95"]) {
		t.Errorf("plain %v outside [%v, %v]", plain, pa["p5"], pa["p95"])
	}
}

// Exempt shares are averaged into the rate under GE whatever [model]
// exemption says, and the outputs say so.
func TestGEExemptionsAveraged(t *testing.T) {
	dir := t.TempDir()
	sc := filepath.Join(dir, "ge-usmca.toml")
	src := "name = \"GE, USMCA exempt\"\n[model]\nengine = \"ge\"\nexemption = \"split\"\n" +
		"[[tariff]]\nby = \"USA\"\non = [\"CAN\"]\nrate = \"25%\"\nexempt = \"38%\"\n"
	if err := os.WriteFile(sc, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), sc)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	d := parseGE(t, stdout)
	if !d.ExemptionsAveraged {
		t.Error("exemptions_averaged is false")
	}
	for _, f := range d.Result.Flows {
		if f.Importer == "USA" && f.Exporter == "CAN" && math.Abs(f.Tariff1-0.25*0.62) > 1e-15 {
			t.Errorf("USA<CAN t1 = %v, want 15.5%%", f.Tariff1)
		}
	}
	summary, _ := os.ReadFile(filepath.Join(dir, "out", "summary.txt"))
	if !strings.Contains(string(summary), "averaged into its measure's rate") {
		t.Errorf("the summary does not say the exempt share was averaged:\n%s", summary)
	}
}
