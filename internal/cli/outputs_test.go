package cli

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// results.json and the CSVs carry the exemption rule, the pieces of split
// flows, the domestic flows marked and the markets' domestic values; the
// pieces add up to their flow.
func TestPiecesAndDomesticOutputs(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", dir, "us-canada-mexico-25")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Model struct {
			Exemption   string `json:"exemption"`
			Description string `json:"description"`
		} `json:"model"`
		Flows []struct {
			Importer, Exporter, Category string
			Value0                       float64 `json:"value0"`
			Value1                       float64 `json:"value1"`
			Tariff1                      float64 `json:"tariff1_pct"`
			Revenue1                     float64 `json:"revenue1"`
			Domestic                     bool    `json:"domestic"`
			Pieces                       []struct {
				Share    float64 `json:"share"`
				Value0   float64 `json:"value0"`
				Tariff1  float64 `json:"tariff1_pct"`
				Value1   float64 `json:"value1"`
				Revenue1 float64 `json:"revenue1"`
			} `json:"pieces"`
		} `json:"flows"`
		Markets []struct {
			Importer, Category string
			HasDomestic        bool     `json:"has_domestic"`
			SigmaD             *float64 `json:"sigma_d"`
			Eta                float64  `json:"eta"`
			Domestic0          float64  `json:"domestic0"`
			Domestic1          float64  `json:"domestic1"`
		} `json:"markets"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Model.Exemption != "split" || !strings.Contains(doc.Model.Description, "split") {
		t.Errorf("model: %+v", doc.Model)
	}
	split, domestic := 0, 0
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	for _, f := range doc.Flows {
		if f.Domestic != (f.Importer == f.Exporter) {
			t.Errorf("%s←%s %s: domestic = %v", f.Importer, f.Exporter, f.Category, f.Domestic)
		}
		if f.Domestic {
			domestic++
		}
		if len(f.Pieces) == 0 {
			continue
		}
		split++
		var share, v0, v1, r1, tbar float64
		for _, p := range f.Pieces {
			share += p.Share
			v0 += p.Value0
			v1 += p.Value1
			r1 += p.Revenue1
			tbar += p.Share * p.Tariff1
		}
		if !near(share, 1) || !near(v0, f.Value0) || !near(v1, f.Value1) || !near(r1, f.Revenue1) || !near(tbar, f.Tariff1) {
			t.Errorf("%s←%s %s: pieces do not add up: share %v, value0 %v/%v, value1 %v/%v, revenue %v/%v, t̄ %v/%v",
				f.Importer, f.Exporter, f.Category, share, v0, f.Value0, v1, f.Value1, r1, f.Revenue1, tbar, f.Tariff1)
		}
	}
	// US←CA and US←MX in all ten categories are split at 25%, exempt 90%/84%.
	inBaseline := map[string]bool{}
	for _, r := range baseline.ATP2024().Rows {
		if r.Domestic() {
			inBaseline[r.Importer+" "+r.Category] = true
		}
	}
	if split != 20 || domestic != len(inBaseline) || domestic == 0 {
		t.Errorf("%d split flows (want 20), %d domestic (the baseline has %d)", split, domestic, len(inBaseline))
	}
	for _, m := range doc.Markets {
		if m.HasDomestic != inBaseline[m.Importer+" "+m.Category] {
			t.Errorf("market %s %s: has_domestic %v", m.Importer, m.Category, m.HasDomestic)
		}
		// A tariff on imports raises the market's price index; domestic
		// sales q̂_d = P̂_m^(σ_D−η) then rise when buyers switch to them
		// more readily than they cut total demand (σ_D > η), and fall
		// otherwise.
		if m.HasDomestic {
			if m.SigmaD == nil || m.Domestic0 <= 0 {
				t.Errorf("market %s %s: σ_D %v, domestic %v", m.Importer, m.Category, m.SigmaD, m.Domestic0)
			} else if rise := m.Domestic1 > m.Domestic0; m.Domestic1 != m.Domestic0 && rise != (*m.SigmaD > m.Eta) {
				t.Errorf("market %s %s: σ_D %v, η %v, domestic %v → %v", m.Importer, m.Category, *m.SigmaD, m.Eta, m.Domestic0, m.Domestic1)
			}
		}
	}
	// The same in the CSVs.
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	flows := read("flows.csv")
	head := flows[0]
	if n := len(head); head[n-3] != "trade_cost" || head[n-2] != "domestic" || head[n-1] != "pieces" {
		t.Errorf("flows.csv header ends %v", head[n-3:])
	}
	pieces := 0
	for _, r := range flows[1:] {
		if r[len(r)-1] != "1" {
			pieces += int(r[len(r)-1][0] - '0')
		}
		if (r[len(r)-2] == "true") != (r[0] == r[1]) {
			t.Errorf("flows.csv: %v", r)
		}
	}
	if got := len(read("pieces.csv")) - 1; got != pieces || pieces != 40 {
		t.Errorf("pieces.csv has %d rows, flows.csv counts %d pieces, want 40", got, pieces)
	}
}

// The report and the welfare chart say what the welfare figures cover and
// what retaliation does to US exporters; the summary and every chart's
// source note name the exemption rule.
func TestWelfareWordsInReportAndCharts(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := runCLI(t, "run", "--charts", "svg", "--report", "-q", "--out", dir, "us-canada-mexico-25-retaliation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"\nExemption: split: ",
		"+ domestic producers' surplus +",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	// The exporters' sales, in all and because of retaliation: the same
	// change here, since the US tariffs alone leave US exports unchanged.
	for _, re := range []string{
		`Producer surplus 0 by assumption \(ε = ∞\): US exporters' sales (-[0-9,]+)\s+\((-[0-9.]+%)\)`,
		`Retaliation: US exporters' sales (-[0-9,]+) \((-[0-9.]+%)\) because of it`,
	} {
		m := regexp.MustCompile(re).FindStringSubmatch(out)
		if m == nil || !strings.Contains(out, "  Exports   464,290") || !strings.Contains(out, m[1]+"  "+m[2]) {
			t.Errorf("summary: %q: %v (want the Exports row's change and %%)", re, m)
		}
	}
	rep, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Domestic producers&#39; surplus", "by assumption (ε = ∞)", "exemption split"} {
		if !strings.Contains(string(rep), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(svgs) == 0 {
		t.Fatal("no charts")
	}
	for _, f := range svgs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// The note may wrap anywhere in "exempt shares: split.".
		if !regexp.MustCompile(`exempt\s*(<[^>]*>\s*)*shares:`).Match(b) {
			t.Errorf("%s: the source note does not name the exemption rule", filepath.Base(f))
		}
	}
	w, err := os.ReadFile(filepath.Join(dir, "welfare-by-country.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(w), "Producer surplus 0 by assumption") || !strings.Contains(string(w), "because of it") {
		t.Error("the welfare chart does not say what its figures cover")
	}
}
