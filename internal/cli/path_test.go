package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// The 2025 scenario runs with its timeline: the summary ends with the
// monthly section (golden), the path files and charts are written, and
// path.json holds every flow in every month with the documented fields.
func TestRun2025AsItHappened(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := runCLI(t, "run", "--charts", "png", "-q", "--out", dir, "2025-as-it-happened")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	i := strings.Index(stdout, "\nMonthly path")
	if i < 0 {
		t.Fatalf("no monthly section in:\n%s", stdout)
	}
	golden(t, "run-2025-monthly.stdout", stdout[i+1:])
	// The headline names its horizon and gives month 12 of the path
	// beside the long-run equilibrium.
	h0, h1 := strings.Index(stdout, "\nUS ATP trade"), strings.Index(stdout, "\nChange in imports")
	if h0 < 0 || h1 < h0 {
		t.Fatalf("no headline section in:\n%s", stdout)
	}
	golden(t, "run-2025-headline.stdout", stdout[h0+1:h1+1])
	summary, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	if err != nil || string(summary) != stdout {
		t.Errorf("summary.txt differs from stdout (err %v)", err)
	}
	for _, f := range []string{"path.csv", "path-totals.csv", "path.json", "path-trade.png", "path-imports-by-partner.png", "path-tariff-revenue.png", "scenario.toml"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "path.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Months int `json:"months"`
		Totals []struct {
			Month   string  `json:"month"`
			Imports float64 `json:"imports"`
		} `json:"totals"`
		Path []struct {
			Month         string   `json:"month"`
			Importer      string   `json:"importer"`
			Exporter      string   `json:"exporter"`
			Category      string   `json:"category"`
			Value         *float64 `json:"value"`
			ValueNoTariff *float64 `json:"value_no_tariff"`
			TariffPct     float64  `json:"tariff_pct"`
		} `json:"path"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := len(baseline.ATP2024().Rows)
	if doc.Months != 24 || len(doc.Totals) != 24 || len(doc.Path) != 24*n {
		t.Fatalf("months %d, totals %d, path %d (want 24, 24, %d)", doc.Months, len(doc.Totals), len(doc.Path), 24*n)
	}
	month := regexp.MustCompile(`^20(25|26)-(0[1-9]|1[0-2])$`)
	var janUS, imports float64
	for _, e := range doc.Path {
		if !month.MatchString(e.Month) || e.Importer == "" || e.Exporter == "" || e.Category == "" || e.Value == nil || e.ValueNoTariff == nil {
			t.Fatalf("path entry %+v", e)
		}
		if e.Month == "2025-01" && e.Importer == "US" && e.Exporter != "US" { // domestic sales are not imports
			janUS += *e.Value
		}
		// China's reciprocal peak of April 2025 on a non-exempt group:
		// 10% + 10% fentanyl for the whole month, reciprocal 10% for 4 days
		// (5–8 April), 84% for one (9 April) and 125% for 21 (10–30 April).
		if e.Month == "2025-04" && e.Importer == "US" && e.Exporter == "CN" && e.Category == "aerospace" {
			want := 20 + (10*4+84+125*21)/30.0
			if math.Abs(e.TariffPct-(want+tariff0(t, "CN", "aerospace"))) > 1e-9 {
				t.Errorf("US←CN aerospace April 2025 tariff %.6f%%, want %.6f%% + baseline", e.TariffPct, want)
			}
		}
	}
	imports = doc.Totals[0].Imports
	if math.Abs(janUS-imports) > 1e-6*imports {
		t.Errorf("January US imports: path[] sums to %g, totals say %g", janUS, imports)
	}
	// The resolved scenario keeps the timeline and every measure.
	res, err := os.ReadFile(filepath.Join(dir, "scenario.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res), "[timeline]") || strings.Count(string(res), "\n[[tariff]]\n") != 21 {
		t.Errorf("resolved scenario lost its timeline or measures: %d tariffs", strings.Count(string(res), "\n[[tariff]]\n"))
	}
}

func tariff0(t *testing.T, exporter, category string) float64 {
	for _, r := range baseline.ATP2024().Rows {
		if r.Importer == "US" && r.Exporter == exporter && r.Category == category {
			return 100 * r.Tariff
		}
	}
	t.Fatalf("no baseline flow US←%s %s", exporter, category)
	return 0
}

func TestBacktest(t *testing.T) {
	stdout, stderr, code := runCLI(t, "backtest", "--observed")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "backtest.stdout", stdout)
	csvOut, _, code := runCLI(t, "backtest", "--observed", "--format", "csv")
	if code != 0 || !strings.HasPrefix(csvOut, "measure,partner,category,period,observed_busd") {
		t.Fatalf("exit %d, csv:\n%s", code, csvOut)
	}
	if !strings.Contains(csvOut, "imports,TW,ict,2025-01/2025-06,54.3000,107.0000,26.2319") {
		t.Errorf("Taiwan row: observed 54.3, +107%%, derived 54.3/2.07 = 26.2319 expected in:\n%s", csvOut)
	}
	if _, _, code := runCLI(t, "backtest", "extra"); code != 2 {
		t.Errorf("backtest with an argument: exit %d, want 2", code)
	}
}

// The scored backtest: the table is golden; it exits 0 whatever the
// verdict, and 1 with --fail-on-miss when an episode fails; CSV and JSON
// carry the same scores.
func TestBacktestScores(t *testing.T) {
	stdout, stderr, code := runCLI(t, "backtest")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "backtest-scores.stdout", stdout)
	for _, want := range []string{"(in-sample, scenario backtest-2018-section301)", "(out-of-sample, scenario backtest-2025-h1)", "tolerance 10.00 lp", "tolerance 29.00 lp"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("scores lack %q", want)
		}
	}
	failed := strings.Contains(stdout, ": FAIL")
	_, stderr, code = runCLI(t, "backtest", "--fail-on-miss")
	if want := map[bool]int{true: 1, false: 0}[failed]; code != want {
		t.Errorf("--fail-on-miss: exit %d, want %d (a fail in the table: %v); stderr %q", code, want, failed, stderr)
	}
	csvOut, _, code := runCLI(t, "backtest", "--format", "csv")
	if code != 0 || !strings.HasPrefix(csvOut, "episode,sample,scenario,partner,model_lp,observed_lp,error_lp,model_p5_lp,model_p95_lp,inside_band,score_measure,score_lp,tolerance_lp,verdict\n") ||
		strings.Count(csvOut, "\n") != 8 || !strings.Contains(csvOut, "2025 H1,out-of-sample,backtest-2025-h1,CN,") {
		t.Errorf("exit %d, csv:\n%s", code, csvOut)
	}
	jsonOut, _, code := runCLI(t, "backtest", "--format", "json", "--draws", "4", "--seed", "3")
	var doc struct {
		Draws    int `json:"draws"`
		Episodes []struct {
			Sample  string `json:"sample"`
			Verdict string `json:"verdict"`
			Rows    []struct {
				Model  float64  `json:"model_lp"`
				P5     *float64 `json:"model_p5_lp"`
				P95    *float64 `json:"model_p95_lp"`
				Inside *bool    `json:"inside_band"`
			} `json:"rows"`
		} `json:"episodes"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &doc); err != nil || code != 0 || doc.Draws != 4 || len(doc.Episodes) != 2 || len(doc.Episodes[1].Rows) != 6 {
		t.Fatalf("exit %d, err %v, json:\n%s", code, err, jsonOut)
	}
	for _, e := range doc.Episodes {
		for _, r := range e.Rows {
			if r.P5 == nil || r.P95 == nil || r.Inside == nil || !(*r.P5 <= *r.P95) {
				t.Errorf("%s: a row without a band with --draws: %+v", e.Sample, r)
			}
		}
	}
}
