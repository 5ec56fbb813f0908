package analysis

import (
	"bytes"
	"math"
	"os"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/timepath"
)

func TestScoreKnownAnswer(t *testing.T) {
	for _, c := range []struct {
		rows    []Compared
		tol     float64
		score   float64
		measure string
		pass    bool
	}{
		{[]Compared{{Model: -8.48, Observed: -33.96}}, 10, 25.48, "absolute error", false},
		{[]Compared{{Model: -30, Observed: -33.96}}, 10, 3.96, "absolute error", true},
		// Errors +3 and −4: RMSE = √((9 + 16)/2) = √12.5.
		{[]Compared{{Model: 13, Observed: 10}, {Model: -4, Observed: 0}}, 3.5, math.Sqrt(12.5), "RMSE", false},
		{[]Compared{{Model: 13, Observed: 10}, {Model: -4, Observed: 0}}, 3.6, math.Sqrt(12.5), "RMSE", true},
	} {
		s, m, p := Score(c.rows, c.tol)
		if math.Abs(s-c.score) > 1e-12 || m != c.measure || p != c.pass {
			t.Errorf("Score(%v, %v) = %v %q %v, want %v %q %v", c.rows, c.tol, s, m, p, c.score, c.measure, c.pass)
		}
	}
	in := Compared{Observed: -33.96, P5: -40, P95: -30}
	if v, ok := in.Inside(); !v || !ok {
		t.Error("−33.96 in [−40, −30] is inside")
	}
	if v, ok := (Compared{Observed: -33.96, P5: -11, P95: -6}).Inside(); v || !ok {
		t.Error("−33.96 in [−11, −6] is outside")
	}
	if _, ok := (Compared{Observed: 1, P5: math.NaN(), P95: math.NaN()}).Inside(); ok {
		t.Error("no band: Inside must say so")
	}
}

// A synthetic path with known monthly values: China 10 a month through
// July 2018 and 8 in 2019, Germany 20 then 22. The China-relative change
// is 100 (ln 0.8 − ln 1.1) = −31.845… lp.
func TestChinaRelativeKnownAnswer(t *testing.T) {
	tp := &timepath.Path{Start: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), Months: 19,
		Flows: []model.Flow{{Importer: "US", Exporter: "CN", Category: "ict", Value: 120}, {Importer: "US", Exporter: "DE", Category: "ict", Value: 240}}}
	for τ := range tp.Months {
		cn, de := 10.0, 20.0
		if τ >= 12 {
			cn, de = 8, 22
		}
		tp.Value = append(tp.Value, []float64{cn, de})
	}
	got, err := china2018(tp)
	if want := 100 * (math.Log(0.8) - math.Log(1.1)); err != nil || math.Abs(got-want) > 1e-9 {
		t.Errorf("china2018 = %v, %v; want %v", got, err, want)
	}
	// Partners relative to their total: H1 2025 against the baseline's
	// half year (Value/2). CN 120/yr → 60 per half, path 6 × 8 = 48;
	// DE 240 → 120, path 6 × 22 = 132: total 180 → 180, so the relative
	// changes are 100 ln(0.8) and 100 ln(1.1).
	tp.Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for τ := range tp.Months {
		tp.Value[τ] = []float64{8, 22}
	}
	rel, err := partners2025(tp, []string{"CN", "DE"})
	if err != nil || math.Abs(rel[0]-100*math.Log(0.8)) > 1e-9 || math.Abs(rel[1]-100*math.Log(1.1)) > 1e-9 {
		t.Errorf("partners2025 = %v, %v", rel, err)
	}
}

func TestReadTargets(t *testing.T) {
	data, err := os.ReadFile("../cli/backtest_targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	tg, err := ReadTargets(bytes.NewReader(data), "backtest_targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tg.China2018.Observed != -33.96 || tg.Tolerance18 != 10 || tg.Tolerance25 != 29 || len(tg.Partners2025) != 6 || tg.Partners2025[3].Partner != "CN" || tg.Partners2025[3].Observed != -81.6 {
		t.Errorf("targets: %+v", tg)
	}
	if _, err := ReadTargets(bytes.NewReader([]byte("episode,kind\n")), "x.csv"); err == nil {
		t.Error("a file without the columns must be refused")
	}
}
