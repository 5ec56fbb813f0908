package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A small Monte Carlo run with a fixed seed prints the same summary,
// percentiles included, every time.
func TestRunDrawsGolden(t *testing.T) {
	out := t.TempDir()
	stdout, stderr, code := runCLI(t, "run", "--draws", "40", "--seed", "3", "--no-charts", "-q", "--out", out, "us-canada-mexico-25-uncertain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "run-draws.stdout", stdout)
	golden(t, "run-draws.stderr", stderr)
	for _, f := range []string{"percentiles.csv", "results.json", "summary.txt"} {
		if _, err := os.Stat(out + "/" + f); err != nil {
			t.Error(err)
		}
	}
}

// The JSON of a Monte Carlo run: every headline and country number x has
// siblings x_p5 ≤ x_p50 ≤ x_p95, and the output does not depend on
// --workers.
func TestRunDrawsJSON(t *testing.T) {
	var first string
	for _, w := range []string{"1", "3"} {
		stdout, stderr, code := runCLI(t, "run", "--format", "json", "--draws", "60", "--seed", "9", "--workers", w, "--no-charts", "-q", "--out", t.TempDir(), "us-canada-mexico-25-uncertain")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if first == "" {
			first = stdout
		} else if stdout != first {
			t.Fatal("--workers 1 and 3 give different JSON")
		}
	}
	var doc struct {
		Headline    map[string]any   `json:"headline"`
		Countries   []map[string]any `json:"countries"`
		Uncertainty struct {
			Draws, Failed    int
			Seed             uint64
			Parameters       []map[string]any `json:"parameters"`
			Drawn            string           `json:"drawn"`
			Correlation      float64          `json:"correlation"`
			BaselineDrawn    bool             `json:"baseline_drawn"`
			ImportsByPartner []map[string]any `json:"imports_by_partner"`
			ImportsByCat     []map[string]any `json:"imports_by_category"`
		} `json:"uncertainty"`
	}
	if err := json.Unmarshal([]byte(first), &doc); err != nil {
		t.Fatal(err)
	}
	check := func(where string, obj map[string]any, keys ...string) {
		for _, k := range keys {
			p5, ok1 := obj[k+"_p5"].(float64)
			p50, ok2 := obj[k+"_p50"].(float64)
			p95, ok3 := obj[k+"_p95"].(float64)
			if _, ok := obj[k]; !ok || !ok1 || !ok2 || !ok3 {
				t.Errorf("%s: %s lacks siblings: %v", where, k, obj)
				continue
			}
			if !(p5 <= p50 && p50 <= p95) {
				t.Errorf("%s %s: p5 %v p50 %v p95 %v", where, k, p5, p50, p95)
			}
		}
	}
	all := []string{"imports1", "exports1", "balance1", "dCS", "dR", "dPS", "welfare"}
	check("headline", doc.Headline, append(all, "import_price_change_pct")...)
	for _, c := range doc.Countries {
		check("country "+c["country"].(string), c, all...)
	}
	for _, l := range doc.Uncertainty.ImportsByPartner {
		check("imports from "+l["code"].(string), l, "value1")
	}
	for _, l := range doc.Uncertainty.ImportsByCat {
		check("imports of "+l["code"].(string), l, "value1", "price_change_pct")
	}
	if doc.Uncertainty.Draws != 60 || doc.Uncertainty.Seed != 9 || doc.Uncertainty.Failed != 0 || len(doc.Uncertainty.Parameters) != 22 || !doc.Uncertainty.BaselineDrawn ||
		doc.Uncertainty.Drawn != "σ, η, exempt shares and the baseline split" || doc.Uncertainty.Correlation != 0.8 ||
		len(doc.Uncertainty.ImportsByPartner) < 20 || len(doc.Uncertainty.ImportsByCat) != 10 {
		t.Errorf("uncertainty section: %+v", doc.Uncertainty)
	}
	// A plain run has no siblings.
	stdout, _, _ := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", t.TempDir(), "us-canada-mexico-25-uncertain")
	if strings.Contains(stdout, "_p50") || strings.Contains(stdout, `"uncertainty"`) {
		t.Error("a plain run's JSON has percentiles")
	}
}

func TestRunDrawsCSVAndUsage(t *testing.T) {
	stdout, stderr, code := runCLI(t, "run", "--format", "csv", "--table", "percentiles", "--draws", "10", "--no-charts", "-q", "--out", t.TempDir(), "us-canada-mexico-25-uncertain")
	if code != 0 || !strings.HasPrefix(stdout, "group,code,name,label,before,plain,p5,p50,p95\nheadline,,imports1,") {
		t.Errorf("exit %d, stderr %s, stdout starts %.80q", code, stderr, stdout)
	}
	for _, args := range [][]string{
		{"--draws", "-1"},
		{"--draws", "1000000"},
		{"--seed", "5"},
		{"--draws", "10", "--workers", "-2"},
		{"--format", "csv", "--table", "percentiles"},
	} {
		_, stderr, code := runCLI(t, append(append([]string{"run", "--no-charts", "-q", "--out", t.TempDir()}, args...), "us-canada-mexico-25-uncertain")...)
		if code != 2 || !strings.Contains(stderr, "--") {
			t.Errorf("%v: exit %d, stderr %q; want a usage error (2)", args, code, stderr)
		}
	}
	// No distribution in the scenario and the baseline fixed: a note on
	// stderr, and all draws equal.
	_, stderr, code = runCLI(t, "run", "--draws", "5", "--baseline-draws=false", "--no-charts", "--out", t.TempDir(), "us-canada-mexico-25")
	if code != 0 || !strings.Contains(stderr, "no elasticity of") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// With the embedded baseline the split is drawn by default, and said.
	_, stderr, code = runCLI(t, "run", "--draws", "5", "--no-charts", "--out", t.TempDir(), "us-canada-mexico-25")
	if code != 0 || strings.Contains(stderr, "no elasticity of") || !strings.Contains(stderr, "drawn: the baseline split") {
		t.Errorf("exit %d, stderr %q; want the baseline split drawn", code, stderr)
	}
}

// Ctrl-C during the draws: exit 130, a clear message, no files.
func TestRunDrawsCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(400*time.Millisecond, cancel) // as Ctrl-C does
	out := t.TempDir()
	var so, se strings.Builder
	code := Run(ctx, []string{"run", "--draws", "40000", "--no-charts", "--out", out, "us-canada-mexico-25-uncertain"}, &so, &se)
	if code != 130 {
		t.Fatalf("exit %d, stderr %q", code, se.String())
	}
	if !strings.Contains(se.String(), "interrupted after") || !strings.Contains(se.String(), "nothing was written") {
		t.Errorf("stderr %q", se.String())
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 || so.Len() != 0 {
		t.Errorf("wrote %d files and %d bytes of stdout after the interruption", len(ents), so.Len())
	}
}

// With --baseline FILE the split is not drawn (there is no estimator
// behind a user's file), and the output says so.
func TestBaselineDrawsOffWithUserBaseline(t *testing.T) {
	dir, base, sc := oneSource(t)
	write(t, sc, "name = \"one source\"\n[elasticities]\nexport_supply = \"inf\"\nsubstitution = { dist = \"uniform\", min = 2, max = 4 }\n[[tariff]]\nby = \"US\"\non = \"CN\"\nrate = \"25%\"\n")
	stdout, stderr, code := runCLI(t, "run", "--baseline", base, "--draws", "5", "--no-charts", "--out", filepath.Join(dir, "out"), sc)
	if code != 0 || !strings.Contains(stderr, "the baseline split is not drawn") || !strings.Contains(stdout, "Drawn: σ.") ||
		strings.Contains(stdout, "Baseline: each draw") {
		t.Errorf("exit %d\nstderr %s\nstdout %s", code, stderr, stdout)
	}
}
