package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/buildinfo"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// run calls Run with buffers, as a user's shell would.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gotPath := path + ".got"
		os.WriteFile(gotPath, []byte(got), 0o644)
		diff, _ := exec.Command("diff", "-u", path, gotPath).CombinedOutput()
		t.Errorf("%s differs from the golden file (got in %s):\n%s", name, gotPath, diff)
	}
}

func TestGolden(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"help", []string{"help"}, 0},
		{"run-help", []string{"run", "-h"}, 0},
		{"list", []string{"list"}, 0},
		{"baseline", []string{"baseline"}, 0},
		{"run-usmca", []string{"run", "--no-charts", "-q", "--out", out, "us-canada-mexico-25"}, 0},
		{"run-retaliation", []string{"run", "--no-charts", "-q", "--out", out, "us-canada-mexico-25-retaliation"}, 0},
		{"run-countries-csv", []string{"run", "--format", "csv", "--table", "countries", "-q", "--out", out, "--no-charts", "china-2025-04-peak"}, 0},
		{"validate-bad", []string{"validate", "testdata/bad.toml", "us-canada-mexico-25"}, 2},
		{"unknown-command", []string{"rnu"}, 2},
		{"bad-flag", []string{"run", "--format", "xml", "us-canada-mexico-25"}, 2},
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

func TestExitCodes(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage"},
		{[]string{"run"}, 2, "run takes one scenario file"},
		{[]string{"run", "a.toml", "b.toml"}, 2, "run takes one scenario file"},
		{[]string{"run", "no/such/file.toml"}, 2, "no such file"},
		{[]string{"run", "--at", "March", "us-canada-mexico-25"}, 2, "want a date"},
		{[]string{"run", "--baseline", "no-such.csv", "us-canada-mexico-25"}, 2, "no-such.csv"},
		{[]string{"run", "--no-charts", "--out", filepath.Join(notDir, "sub"), "us-canada-mexico-25"}, 1, "not a directory"},
		{[]string{"version", "x"}, 2, "no arguments"},
		{[]string{"help", "nope"}, 2, "unknown command"},
		{[]string{"data", "import", "census"}, 2, "give the saved"},
		{[]string{"data", "fetch", "census", "--year", "1900"}, 2, "want a year"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	stdout, _, code := runCLI(t, "version")
	// A test binary has no VCS information: the commit is "devel".
	want := "tariffsim " + buildinfo.Version + " (" + buildinfo.Devel + "), go"
	if code != 0 || !strings.HasPrefix(stdout, want) {
		t.Fatalf("exit %d, %q; want it to start %q", code, stdout, want)
	}
}

// Every shipped scenario runs on the embedded baseline and writes its files.
func TestShippedScenariosRun(t *testing.T) {
	list, err := scenarios.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 6 {
		t.Fatalf("only %d shipped scenarios", len(list))
	}
	for _, s := range list {
		if s.Engine.String() == "ge" {
			continue // on the GE baseline, with other outputs: TestShippedGEScenarios
		}
		t.Run(s.File, func(t *testing.T) {
			dir := t.TempDir()
			stdout, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", dir, s.File)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc struct {
				Flows []struct {
					Importer, Exporter, Category string
					Value0                       float64 `json:"value0"`
					Value1                       float64 `json:"value1"`
					Tariff0                      float64 `json:"tariff0_pct"`
					Tariff1                      float64 `json:"tariff1_pct"`
					PHat                         float64 `json:"p_hat"`
					QHat                         float64 `json:"q_hat"`
				} `json:"flows"`
				Markets   []map[string]any `json:"markets"`
				Producers []map[string]any `json:"producers"`
				Countries []map[string]any `json:"countries"`
			}
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatal(err)
			}
			if n := len(baseline.ATP2024().Rows); len(doc.Flows) != n {
				t.Fatalf("%d flows, want %d", len(doc.Flows), n)
			}
			changed := false
			for _, f := range doc.Flows {
				if f.Tariff1 != f.Tariff0 {
					changed = true
				}
				if f.Value1 < 0 || f.PHat <= 0 {
					t.Fatalf("flow %+v", f)
				}
			}
			if !changed {
				t.Error("the scenario changes no tariff")
			}
			for _, key := range []string{"importer", "category", "P_hat", "Q_hat", "dCS", "dR"} {
				if _, ok := doc.Markets[0][key]; !ok {
					t.Errorf("markets[] lacks %q", key)
				}
			}
			for _, key := range []string{"country", "exports0", "exports1", "imports0", "imports1", "dCS", "dR", "dPS", "welfare"} {
				if _, ok := doc.Countries[0][key]; !ok {
					t.Errorf("countries[] lacks %q", key)
				}
			}
			for _, f := range []string{"summary.txt", "results.json", "scenario.toml", "flows.csv", "markets.csv", "producers.csv", "countries.csv"} {
				if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
					t.Errorf("%s: %v", f, err)
				}
			}
			// The resolved scenario runs again to the same results.
			again, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", t.TempDir(), filepath.Join(dir, "scenario.toml"))
			if code != 0 {
				t.Fatalf("resolved scenario: exit %d: %s", code, stderr)
			}
			if flowsOf(t, again) != flowsOf(t, stdout) {
				t.Error("the resolved scenario gives other flows")
			}
		})
	}
}

func flowsOf(t *testing.T, doc string) string {
	var d struct {
		Flows json.RawMessage `json:"flows"`
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	return string(d.Flows)
}

// A user baseline and scenario: the format of the README, and a
// no-change scenario that must change nothing.
func TestUserBaseline(t *testing.T) {
	dir := t.TempDir()
	csv := "importer,exporter,category,value_musd,tariff_pct,comment\n" +
		"US,CN,ict,100,7.5,x\nUS,MX,ict,80,0,y\nUS,EU,ict,60,0,\nCN,US,ict,50,0,\nCN,EU,ict,70,0,\n"
	os.WriteFile(filepath.Join(dir, "flows.csv"), []byte(csv), 0o644)
	os.WriteFile(filepath.Join(dir, "s.toml"), []byte(`name = "CN 25%"
[elasticities]
substitution = 5
import_demand = 1.25
export_supply = "inf"
[[tariff]]
by = "US"
on = ["CN"]
rate = "25%"
[[retaliation]]
by = "CN"
on = "US"
rate = "10%"
`), 0o644)
	os.WriteFile(filepath.Join(dir, "zero.toml"), []byte("name = \"nothing\"\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"0%\"\n"), 0o644)

	stdout, stderr, code := runCLI(t, "run", "--baseline", filepath.Join(dir, "flows.csv"), "--format", "json", "--out", filepath.Join(dir, "out"), filepath.Join(dir, "s.toml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Headline struct {
			Imports0 float64 `json:"imports0"`
			Imports1 float64 `json:"imports1"`
		} `json:"headline"`
		Retaliation *struct{} `json:"retaliation"`
	}
	json.Unmarshal([]byte(stdout), &doc)
	if doc.Headline.Imports0 != 240 || !(doc.Headline.Imports1 < 240) || doc.Retaliation == nil {
		t.Errorf("headline %+v, retaliation %v", doc.Headline, doc.Retaliation)
	}
	for _, chart := range []string{"imports-by-partner.png", "imports-by-partner.svg"} {
		if _, err := os.Stat(filepath.Join(dir, "out", chart)); err != nil {
			t.Errorf("chart: %v", err)
		}
	}

	stdout, stderr, code = runCLI(t, "run", "--baseline", filepath.Join(dir, "flows.csv"), "--format", "csv", "--no-charts", "--out", filepath.Join(dir, "out0"), filepath.Join(dir, "zero.toml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n")[1:] {
		f := strings.Split(line, ",")
		if f[3] != f[4] || f[7] != "1" || f[9] != "1" {
			t.Errorf("no-change scenario changed a flow: %s", line)
		}
	}

	// A bad baseline row is an input error naming the line.
	os.WriteFile(filepath.Join(dir, "bad.csv"), []byte("importer,exporter,category,value_musd,tariff_pct\nUS,CN,ict,-5,0\n"), 0o644)
	_, stderr, code = runCLI(t, "run", "--baseline", filepath.Join(dir, "bad.csv"), filepath.Join(dir, "s.toml"))
	if code != 2 || !strings.Contains(stderr, "bad.csv:2: value_musd -5 is negative") {
		t.Errorf("exit %d, %s", code, stderr)
	}
}

func TestDataImportCensus(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "flows.csv")
	ex := filepath.Join("..", "census", "testdata", "exports_2024-12.json")
	im := filepath.Join("..", "census", "testdata", "imports_2024-12.json")
	_, stderr, code := runCLI(t, "data", "import", "census", "-o", out, ex, im)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := baseline.Read(f, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rows) < 100 {
		t.Errorf("%d rows", len(b.Rows))
	}
	// The imported baseline runs a shipped scenario.
	if _, stderr, code := runCLI(t, "run", "--baseline", out, "--no-charts", "-q", "--out", filepath.Join(dir, "run"), "us-canada-mexico-25"); code != 0 {
		t.Errorf("run on the imported baseline: exit %d: %s", code, stderr)
	}

	// A malformed file writes nothing.
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`[["CTY_CODE","CTY_NAME","HITECH","HITECH_DESC","ALL_VAL_YR","time"],["5700","CHINA","04"`), 0o644)
	out2 := filepath.Join(dir, "none.csv")
	_, stderr, code = runCLI(t, "data", "import", "census", "-o", out2, bad, im)
	if code != 2 || !strings.Contains(stderr, "bad.json") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Errorf("a failed import wrote %s", out2)
	}
}

func TestDataFetchOffline(t *testing.T) {
	_, stderr, code := runCLI(t, "data", "fetch", "census", "--year", "2024", "--api", "http://127.0.0.1:1/data/timeseries/intltrade")
	if code != 1 || !strings.Contains(stderr, "cannot reach") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.html")
	stdout, stderr, code := runCLI(t, "report", "--out", path, "us-canada-mexico-25-retaliation")
	if code != 0 || strings.TrimSpace(stdout) != path {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	for _, want := range []string{"<svg", "Change in US imports by partner", "welfare", "Source: tariffsim " + versionString(), "100% of value estimated", "Canada"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Sources may cite web addresses as text, but nothing may be loaded
	// from the network.
	for _, bad := range []string{`src="http`, "<link", "<script", "@import", "url(http"} {
		if strings.Contains(html, bad) {
			t.Errorf("report has %q: it must open with no network", bad)
		}
	}
}

// An interrupted run of a [timeline] scenario exits 130 and writes
// nothing (that the path solve itself stops is tested in
// internal/pipeline).
func TestInterruptedRunWritesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := Run(ctx, []string{"run", "-q", "--out", dir, "2025-as-it-happened"}, &out, &errb); code != 130 {
		t.Fatalf("exit %d, want 130: %s", code, errb.String())
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("an interrupted run wrote %d files", len(files))
	}
}
