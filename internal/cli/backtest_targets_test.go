package cli

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// backtest_targets.csv holds the backtest's targets as data for the
// scored backtest to come; its derived rows must follow from its observed
// rows by the arithmetic each row states.
func TestBacktestTargetsDerivedFromObserved(t *testing.T) {
	f, err := os.Open("backtest_targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ episode, kind, moment, partner, period string }
	v := map[key]float64{}
	for i, r := range rows[1:] {
		if len(r) != 12 || r[0] == "" || r[1] == "" {
			t.Fatalf("line %d: %q", i+2, r)
		}
		if r[6] == "" || r[1] == "policy" && r[3] == "CN" && r[4] == "all" {
			continue
		}
		x, err := strconv.ParseFloat(r[6], 64)
		if err != nil {
			continue // ranges such as "-25 to -30"
		}
		v[key{r[0], r[1], r[2], r[3], r[5]}] = x
	}
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if !(math.Abs(got-want) <= tol) { // NaN fails too: a missing row gives one
			t.Errorf("%s: file %v, recomputed %v", what, got, want)
		}
	}
	e := "2018-19-section-301"
	obs := func(p, period string) float64 { return v[key{e, "observed", "US ATP imports", p, period}] }
	cn18, cn19, w18, w19 := obs("CN", "2018 Jan-Jul"), obs("CN", "2019 Jan-Jul"), obs("World", "2018 Jan-Jul"), obs("World", "2019 Jan-Jul")
	rel := 100 * (math.Log(cn19/cn18) - math.Log((w19-cn19)/(w18-cn18)))
	near("China-relative", v[key{e, "target", "China-relative log change (China against every other supplier)", "CN", "2019 vs 2018 Jan-Jul"}], rel, 0.005)

	e = "2025-h1"
	partners := []string{"TW", "MX", "VN", "CN", "TH", "IN"}
	var s25, s24 float64
	for _, p := range partners {
		x := v[key{e, "observed", "US ICT imports", p, "2025 Jan-Jun"}]
		g := v[key{e, "observed", "growth on Jan-Jun 2024", p, "2025 vs 2024 Jan-Jun"}]
		s25 += x
		s24 += x / (1 + g/100)
	}
	var others []float64
	for _, p := range partners {
		g := v[key{e, "observed", "growth on Jan-Jun 2024", p, "2025 vs 2024 Jan-Jun"}]
		r := 100 * (math.Log(1+g/100) - math.Log(s25/s24))
		near("relative "+p, v[key{e, "target", "log change relative to the six-partner total", p, "2025 vs 2024 Jan-Jun"}], r, 0.005)
		if p != "CN" {
			others = append(others, r)
		}
	}
	var m, ss float64
	for _, x := range others {
		m += x / float64(len(others))
	}
	for _, x := range others {
		ss += (x - m) * (x - m)
	}
	sd := math.Sqrt(ss / float64(len(others)-1))
	near("2025 tolerance", v[key{e, "tolerance", "log change relative to the six-partner total", "each partner", "2025 vs 2024 Jan-Jun"}], 2*sd, 0.05)
}
