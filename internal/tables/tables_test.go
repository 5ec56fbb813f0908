package tables

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// smallRun: the US buys from CN and MX and sells to CN; 25% on CN.
func smallRun(t *testing.T) *Run {
	t.Helper()
	b := &baseline.Baseline{Name: "small", Rows: []baseline.Row{
		{Flow: baseline.Flow("US", "CN", "ict", 100, 0.075), Status: baseline.Published},
		{Flow: baseline.Flow("US", "MX", "ict", 80, 0), Status: baseline.Estimated},
		{Flow: baseline.Flow("CN", "US", "ict", 50, 0), Status: baseline.Estimated},
		{Flow: baseline.Flow("CN", "OTH", "ict", 70, 0), Status: baseline.Estimated},
	}}
	p := &model.Problem{Flows: b.Flows(), NewTariff: []float64{0.325, 0, 0.1, 0},
		Params: model.Params{Default: model.Elasticities{Substitution: 5, ImportDemand: 1.25, ExportSupply: math.Inf(1)}}}
	res, err := model.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Version: "test", Scenario: Scenario{Name: "CN 25%"}, Baseline: b, Result: res, Focus: "US"}
}

func TestHeadlineAndBreakdownAddUp(t *testing.T) {
	r := smallRun(t)
	h := r.Headline()
	if h.Imports0 != 180 || h.Exports0 != 50 {
		t.Fatalf("headline %+v", h)
	}
	b := r.Breakdown()
	var imp1, exp1 float64
	for _, l := range b.ImportsByPartner {
		imp1 += l.After
	}
	for _, l := range b.ExportsByPartner {
		exp1 += l.After
	}
	if math.Abs(imp1-h.Imports1) > 1e-9 || math.Abs(exp1-h.Exports1) > 1e-9 {
		t.Errorf("partners sum to %v, %v; headline %v, %v", imp1, exp1, h.Imports1, h.Exports1)
	}
	if b.ImportsByPartner[0].Code != "CN" {
		t.Errorf("largest change first: got %s", b.ImportsByPartner[0].Code)
	}
	if pt := b.ImportsByPartner[0].PassThrough; math.Abs(pt-1) > 1e-12 {
		t.Errorf("pass-through with ε = ∞: %v", pt)
	}
	d := r.Decomposition()
	if math.Abs(d.Total()-(h.Imports1-h.Imports0)) > 1e-9 {
		t.Errorf("decomposition %+v sums to %v, want %v", d, d.Total(), h.Imports1-h.Imports0)
	}
	if !(d.Diverted > 0) {
		t.Errorf("no diversion to Mexico: %+v", d)
	}
}

func TestWriters(t *testing.T) {
	r := smallRun(t)
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CN 25%", "Imports", "180", "exact CES Armington PE, bilateral supply; σ 5, η 1.25, ε ∞"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, buf.String())
		}
	}
	for _, table := range Tables {
		buf.Reset()
		if err := WriteCSV(&buf, r, table); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if table == "pieces" && err == nil && len(recs) == 1 {
			continue // this run splits no flow: the header alone
		}
		if err != nil || len(recs) < 2 {
			t.Fatalf("%s: %v, %d records", table, err, len(recs))
		}
	}
	if err := WriteCSV(&buf, r, "nope"); err == nil {
		t.Error("unknown table accepted")
	}
	buf.Reset()
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	flows := doc["flows"].([]any)
	if f := flows[1].(map[string]any); f["pass_through"] != nil {
		t.Errorf("pass-through of an unchanged flow is %v, want null", f["pass_through"])
	}
	if p := doc["producers"].([]any)[0].(map[string]any); p["epsilon"] != "inf" {
		t.Errorf("ε = ∞ written as %v", p["epsilon"])
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{1234567.4, "+1,234,567"}, {-999.6, "-1,000"}, {0, "0"}, {0.2, "0"}, {-0.2, "0"}, {-0.5, "-1"}, {math.Copysign(0, -1), "0"}, {12, "+12"}} {
		if got := Signed(tc.v); got != tc.want {
			t.Errorf("Signed(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	for _, tc := range []struct {
		p        float64
		decimals int
		want     string
	}{
		{3.35, 1, "+3.4%"}, {-3.35, 1, "-3.4%"}, {-0.04, 1, "0.0%"}, {0.04, 1, "0.0%"},
		{math.Copysign(0, -1), 2, "0.00%"}, {-0.4, 0, "0%"}, {70, 0, "+70%"}, {math.NaN(), 1, ""},
	} {
		if got := Pct(tc.p, tc.decimals); got != tc.want {
			t.Errorf("Pct(%v, %d) = %q, want %q", tc.p, tc.decimals, got, tc.want)
		}
	}
	// The balance's change has the sign of the change, not of the
	// balance: a deficit that shrinks is positive.
	if got := pct(-298950, -296740); got != "+0.7%" {
		t.Errorf("pct of a shrinking deficit = %q, want +0.7%%", got)
	}
	if got := Money(-298950.4); got != "-298,950" {
		t.Errorf("money = %q", got)
	}
	var g Grid
	g.Add("", "a", "bbb")
	g.Add("name", "1", "22")
	var buf bytes.Buffer
	g.Write(&buf)
	if want := "        a  bbb\n  name  1   22\n"; buf.String() != want {
		t.Errorf("grid:\n%q\nwant\n%q", buf.String(), want)
	}
}
