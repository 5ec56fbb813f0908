package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/scenarios"
)

// noDomesticBaseline writes the embedded baseline without its domestic
// rows (the linear form takes none, as GSIM) and returns its path.
func noDomesticBaseline(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"importer", "exporter", "category", "value_musd", "tariff_pct", "status", "source"})
	dropped := 0
	for _, r := range baseline.ATP2024().Rows {
		if r.Domestic() {
			dropped++
			continue
		}
		w.Write([]string{r.Importer, r.Exporter, r.Category, strconv.FormatFloat(r.Value, 'g', -1, 64),
			strconv.FormatFloat(100*r.Tariff, 'g', -1, 64), r.Status, r.Source})
	}
	w.Flush()
	if dropped == 0 {
		t.Fatal("the embedded baseline has no domestic row: the test no longer tests the domestic-row rule")
	}
	path := filepath.Join(t.TempDir(), "no-domestic.csv")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// linearScenario writes the shipped scenario name with form = "linear".
func linearScenario(t *testing.T, name string) string {
	t.Helper()
	src, err := fs.ReadFile(scenarios.FS, name+".toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if strings.Contains(s, "\n[model]\n") {
		s = strings.Replace(s, "\n[model]\n", "\n[model]\nform = \"linear\"\n", 1)
	} else {
		s += "\n[model]\nform = \"linear\"\n"
	}
	path := filepath.Join(t.TempDir(), name+"-linear.toml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The cases: the linear form far from the baseline gives negative
// trade; the run still exits 0 and says so on stderr, in the summary and
// as warnings[] in the JSON.
func TestLinearWarnings(t *testing.T) {
	base := noDomesticBaseline(t)
	for _, tc := range []struct {
		scenario string
		count    int
		flow     string
	}{
		{"us-canada-mexico-25-full", 20, "US←MX ict"},
		{"china-2025-04-peak", 15, "CN←US aerospace"},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			sc := linearScenario(t, tc.scenario)
			dir := t.TempDir()
			out, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", dir, "--baseline", base, sc)
			if code != 0 {
				t.Fatalf("exit %d, want 0: %s", code, stderr)
			}
			wantErr := regexp.MustCompile(`(?m)^warning: \d+ new flows are negative \(most negative: ` + regexp.QuoteMeta(tc.flow))
			if !wantErr.MatchString(stderr) {
				t.Errorf("stderr lacks the negative-flow warning for %s:\n%s", tc.flow, stderr)
			}
			var doc struct {
				Warnings []struct {
					Kind  string  `json:"kind"`
					Count int     `json:"count"`
					Flow  string  `json:"flow"`
					Value float64 `json:"value"`
				} `json:"warnings"`
				Flows []struct {
					Value1 float64 `json:"value1"`
				} `json:"flows"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			negative, worst := 0, 0.0
			for _, f := range doc.Flows {
				if f.Value1 < 0 {
					negative++
					worst = min(worst, f.Value1)
				}
			}
			if len(doc.Warnings) != 1 || doc.Warnings[0].Kind != "negative-flows" {
				t.Fatalf("warnings = %+v, want one negative-flows", doc.Warnings)
			}
			w := doc.Warnings[0]
			if w.Count != negative || negative != tc.count || w.Flow != tc.flow || w.Value != worst {
				t.Errorf("warning %+v; the flows have %d negative, worst %v; want %d at %s", w, negative, worst, tc.count, tc.flow)
			}
			summary, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(summary), "\nWarning:   ") || !strings.Contains(string(summary), "new flows are negative") {
				t.Errorf("summary lacks the warning:\n%.2000s", summary)
			}
		})
	}
	// With the embedded baseline's domestic row, the linear form is an
	// input error that names the flow (model-spec: GSIM has none).
	_, stderr, code := runCLI(t, "run", "--no-charts", "-q", "--out", t.TempDir(), linearScenario(t, "us-canada-mexico-25-full"))
	if code == 0 || !strings.Contains(stderr, "US←US ") || !strings.Contains(stderr, "linear form takes no domestic flows") {
		t.Errorf("linear with a domestic row: exit %d, %s", code, stderr)
	}
	// The exact form warns of nothing.
	out, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", t.TempDir(), "us-canada-mexico-25-full")
	if code != 0 || strings.Contains(stderr, "warning:") || !strings.Contains(out, `"warnings": []`) {
		t.Errorf("exact form: exit %d, stderr %q, warnings in JSON: %v", code, stderr, strings.Contains(out, `"warnings": []`))
	}
}

// A scenario whose date is before every measure's start is valid, but
// validate and run both say that nothing is in force.
func TestScenarioWarnings(t *testing.T) {
	src := `name = "too early"
at = 2025-01-01

[[tariff]]
by = "US"
on = "CN"
rate = "10%"
start = 2025-02-04
`
	path := filepath.Join(t.TempDir(), "early.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, "validate", path)
	want := path + ":2: at 2025-01-01 is before every measure's start (the first starts 2025-02-04): nothing is in force"
	if code != 0 || out != "ok "+path+"\n" || stderr != "warning: "+want+"\n" {
		t.Errorf("validate: exit %d\nstdout %q\nstderr %q\nwant stderr %q", code, out, stderr, "warning: "+want+"\n")
	}
	dir := t.TempDir()
	out, stderr, code = runCLI(t, "run", "--no-charts", "-q", "--out", dir, path)
	if code != 0 || stderr != "warning: "+want+"\n" || !strings.Contains(out, "Warning:   ") {
		t.Errorf("run: exit %d\nstderr %q\nsummary:\n%s", code, stderr, out)
	}
	js, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"kind": "scenario"`) {
		t.Errorf("results.json lacks the scenario warning")
	}
}
