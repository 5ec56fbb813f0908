package analysis

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// The shipped scenarios of the two scored episodes.
const (
	Episode2018 = "backtest-2018-section301"
	Episode2025 = "backtest-2025-h1"
)

// Target is one observed relative log change the backtest scores, in log
// points (100 × natural log).
type Target struct {
	Partner  string
	Observed float64
	Source   string
}

// Targets are the scored moments of the two episodes and their tolerances,
// read from backtest_targets.csv (kind target and tolerance).
type Targets struct {
	China2018    Target   // China against every other supplier, Jan-Jul 2019 vs 2018
	Tolerance18  float64  // absolute error allowed, log points
	Partners2025 []Target // relative to the six-partner total, H1 2025 vs H1 2024
	Tolerance25  float64  // RMSE allowed over the partners, log points
}

// ReadTargets reads the targets file (see internal/cli/backtest_targets.csv
// and docs/VALIDATION.md, "Backtest targets"). name is for messages.
func ReadTargets(r io.Reader, name string) (*Targets, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, k := range []string{"episode", "kind", "moment", "partner", "value", "source"} {
		if _, ok := col[k]; !ok {
			return nil, fmt.Errorf("%s:1: no column %q", name, k)
		}
	}
	t := &Targets{Tolerance18: math.NaN(), Tolerance25: math.NaN(), China2018: Target{Observed: math.NaN()}}
	for i, r := range rows[1:] {
		ep, kind, moment, partner := r[col["episode"]], r[col["kind"]], r[col["moment"]], r[col["partner"]]
		if kind != "target" && kind != "tolerance" {
			continue
		}
		v, err := strconv.ParseFloat(r[col["value"]], 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: value %q: %w", name, i+2, r[col["value"]], err)
		}
		switch {
		case ep == "2018-19-section-301" && kind == "target" && partner == "CN":
			t.China2018 = Target{Partner: "CN", Observed: v, Source: r[col["source"]]}
		case ep == "2018-19-section-301" && kind == "tolerance" && strings.HasPrefix(moment, "China-relative"):
			t.Tolerance18 = v
		case ep == "2025-h1" && kind == "target":
			t.Partners2025 = append(t.Partners2025, Target{Partner: partner, Observed: v, Source: r[col["source"]]})
		case ep == "2025-h1" && kind == "tolerance":
			t.Tolerance25 = v
		}
	}
	if math.IsNaN(t.China2018.Observed) || math.IsNaN(t.Tolerance18) || len(t.Partners2025) == 0 || math.IsNaN(t.Tolerance25) {
		return nil, fmt.Errorf("%s: lacks a target or tolerance of an episode", name)
	}
	return t, nil
}

// Compared is one scored moment: the model's value beside the observed
// one, in log points; P5 and P95 are the model's 90% band (NaN without
// draws).
type Compared struct {
	Partner         string
	Model, Observed float64
	P5, P95         float64
}

// Error is the model's error, model − observed, in log points.
func (c Compared) Error() float64 { return c.Model - c.Observed }

// Inside reports whether the observed value lies in the model's 90% band;
// ok is false without a band.
func (c Compared) Inside() (inside, ok bool) {
	if math.IsNaN(c.P5) || math.IsNaN(c.P95) {
		return false, false
	}
	return c.P5 <= c.Observed && c.Observed <= c.P95, true
}

// EpisodeScore is the score of one episode.
type EpisodeScore struct {
	Episode  string // "2018-19 Section 301" or "2025 H1"
	Scenario string
	// Sample is "in-sample" (the calibration was chosen on it) or
	// "out-of-sample".
	Sample    string
	Moment    string
	Rows      []Compared
	Measure   string  // "absolute error" or "RMSE"
	Score     float64 // log points
	Tolerance float64
	Pass      bool
}

// Score scores rows against tol: the absolute error of a single row, the
// root mean square error over several; pass when the score is at most
// tol.
func Score(rows []Compared, tol float64) (score float64, measure string, pass bool) {
	if len(rows) == 1 {
		score, measure = math.Abs(rows[0].Error()), "absolute error"
	} else {
		var ss float64
		for _, r := range rows {
			ss += r.Error() * r.Error()
		}
		score, measure = math.Sqrt(ss/float64(len(rows))), "RMSE"
	}
	return score, measure, score <= tol
}

// monthSum sums the path's US imports from exporters keep(exporter) in
// category cat ("" = all) over the months labelled lo…hi (YYYY-MM), and
// the baseline value of the same flows over as many months.
func monthSum(tp *timepath.Path, lo, hi, cat string, keep func(string) bool) (path, base float64, months int) {
	for τ := range tp.Months {
		if l := tp.Label(τ); l >= lo && l <= hi {
			months++
			for f, fl := range tp.Flows {
				if fl.Importer != "US" || metric.DomesticPair(fl.Exporter, fl.Importer) || !keep(fl.Exporter) || cat != "" && fl.Category != cat {
					continue
				}
				path += tp.Value[τ][f]
			}
		}
	}
	for _, fl := range tp.Flows {
		if fl.Importer == "US" && !metric.DomesticPair(fl.Exporter, fl.Importer) && keep(fl.Exporter) && (cat == "" || fl.Category == cat) {
			base += fl.Value / 12 * float64(months)
		}
	}
	return path, base, months
}

// china2018 is the model's China-relative log change of US ATP imports,
// Jan-Jul 2019 against Jan-Jul 2018, from tp.
func china2018(tp *timepath.Path) (float64, error) {
	isCN := func(e string) bool { return e == "CN" }
	notCN := func(e string) bool { return e != "CN" }
	c19, _, n19 := monthSum(tp, "2019-01", "2019-07", "", isCN)
	c18, _, n18 := monthSum(tp, "2018-01", "2018-07", "", isCN)
	o19, _, _ := monthSum(tp, "2019-01", "2019-07", "", notCN)
	o18, _, _ := monthSum(tp, "2018-01", "2018-07", "", notCN)
	if n19 != 7 || n18 != 7 {
		return 0, fmt.Errorf("%s: the path must cover January–July of 2018 and 2019", Episode2018)
	}
	return 100 * (math.Log(c19/c18) - math.Log(o19/o18)), nil
}

// partners2025 is the model's ICT imports from each partner, H1 2025
// against the baseline's half year, relative to the partners' total.
func partners2025(tp *timepath.Path, partners []string) ([]float64, error) {
	var s25, s24 float64
	v25, v24 := make([]float64, len(partners)), make([]float64, len(partners))
	for i, p := range partners {
		var n int
		v25[i], v24[i], n = monthSum(tp, "2025-01", "2025-06", "ict", func(e string) bool { return e == p })
		if n != 6 {
			return nil, fmt.Errorf("%s: the path must cover January–June 2025", Episode2025)
		}
		if !(v24[i] > 0) {
			return nil, fmt.Errorf("%s: the baseline has no US ICT imports from %s", Episode2025, p)
		}
		s25 += v25[i]
		s24 += v24[i]
	}
	out := make([]float64, len(partners))
	for i := range partners {
		out[i] = 100 * (math.Log(v25[i]/v24[i]) - math.Log(s25/s24))
	}
	return out, nil
}

// BacktestScores is the scored backtest.
type BacktestScores struct {
	Episodes []EpisodeScore
	Draws    int
	Seed     uint64
}

// Pass reports whether every episode passed.
func (bs *BacktestScores) Pass() bool {
	for _, e := range bs.Episodes {
		if !e.Pass {
			return false
		}
	}
	return true
}

// solvePath solves sc's time path on b.
func solvePath(ctx context.Context, sc *scenario.Scenario, b *baseline.Baseline) (*timepath.Path, error) {
	r, err := pipeline.Solve(ctx, pipeline.Request{Scenario: sc, Baseline: b})
	if err != nil {
		return nil, err
	}
	if r.Path == nil {
		return nil, inputf("backtest: %s has no [timeline]", sc.Name)
	}
	return r.Path, nil
}

// ScoreBacktest solves both episodes (sc18, sc25: the shipped scenarios)
// on b and scores them against t. With draws > 0 each episode is also
// solved that many times with every group's σ and η drawn from its
// documented low-central-high range (see bandScenario) for the 90% band.
func ScoreBacktest(ctx context.Context, sc18, sc25 *scenario.Scenario, b *baseline.Baseline, t *Targets, draws int, seed uint64) (*BacktestScores, error) {
	bs := &BacktestScores{Draws: draws, Seed: seed}
	m18 := func(sc *scenario.Scenario) ([]float64, error) {
		tp, err := solvePath(ctx, sc, b)
		if err != nil {
			return nil, err
		}
		v, err := china2018(tp)
		return []float64{v}, err
	}
	var partners []string
	for _, p := range t.Partners2025 {
		partners = append(partners, p.Partner)
	}
	m25 := func(sc *scenario.Scenario) ([]float64, error) {
		tp, err := solvePath(ctx, sc, b)
		if err != nil {
			return nil, err
		}
		return partners2025(tp, partners)
	}
	for _, ep := range []struct {
		name, file, sample, moment string
		sc                         *scenario.Scenario
		solve                      func(*scenario.Scenario) ([]float64, error)
		targets                    []Target
		tol                        float64
	}{
		{"2018-19 Section 301", Episode2018, "in-sample", "China-relative log change of US ATP imports (China against every other supplier), Jan–Jul 2019 vs Jan–Jul 2018, log points",
			sc18, m18, []Target{t.China2018}, t.Tolerance18},
		{"2025 H1", Episode2025, "out-of-sample", "log change of US ICT imports from each partner relative to the six partners' total, Jan–Jun 2025 vs Jan–Jun 2024, log points",
			sc25, m25, t.Partners2025, t.Tolerance25},
	} {
		vals, err := ep.solve(ep.sc)
		if err != nil {
			return nil, err
		}
		band := make([][]float64, len(vals))
		for i := range draws {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			dsc, err := bandScenario(ep.sc, b, seed, i)
			if err != nil {
				return nil, err
			}
			dv, err := ep.solve(dsc)
			if err != nil {
				return nil, fmt.Errorf("%s, draw %d: %w", ep.file, i, err)
			}
			for j := range dv {
				band[j] = append(band[j], dv[j])
			}
		}
		es := EpisodeScore{Episode: ep.name, Scenario: ep.file, Sample: ep.sample, Moment: ep.moment, Tolerance: ep.tol}
		for j, tg := range ep.targets {
			c := Compared{Partner: tg.Partner, Model: vals[j], Observed: tg.Observed, P5: math.NaN(), P95: math.NaN()}
			if draws > 0 {
				c.P5, c.P95 = quantiles(band[j])
			}
			es.Rows = append(es.Rows, c)
		}
		es.Score, es.Measure, es.Pass = Score(es.Rows, ep.tol)
		bs.Episodes = append(bs.Episodes, es)
	}
	return bs, nil
}

// WriteScores prints the scores.
func (bs *BacktestScores) WriteTable(w io.Writer) error {
	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("Backtest scores: relative log changes (log points, 100 × ln), where common shocks cancel\n")
	if bs.Draws > 0 {
		p("90%% band: %d draws (seed %d) of every group's σ and η from its low–central–high range, triangular, correlation 0.8\n", bs.Draws, bs.Seed)
	}
	for _, e := range bs.Episodes {
		verdict := "FAIL"
		if e.Pass {
			verdict = "pass"
		}
		p("\n%s (%s, scenario %s)\n  %s\n", e.Episode, e.Sample, e.Scenario, e.Moment)
		p("  %-8s %9s %9s %9s", "partner", "model", "observed", "error")
		if bs.Draws > 0 {
			p(" %19s %7s", "model 90% band", "inside")
		}
		p("\n")
		for _, c := range e.Rows {
			p("  %-8s %+9.2f %+9.2f %+9.2f", c.Partner, c.Model, c.Observed, c.Error())
			if in, ok := c.Inside(); ok {
				p("   [%+7.2f, %+7.2f] %7s", c.P5, c.P95, yesNo(in))
			}
			p("\n")
		}
		p("  score: %s %.2f lp, tolerance %.2f lp: %s\n", e.Measure, e.Score, e.Tolerance, verdict)
	}
	p("\nThe elasticities were chosen in-sample on 2018–19; the 2025 H1 episode is out-of-sample.\n")
	p("Tolerances and their justification: docs/VALIDATION.md, \"Backtest targets\".\n")
	_, err := w.Write(b.Bytes())
	return err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// WriteCSV writes one row per scored moment with its episode's score.
func (bs *BacktestScores) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"episode", "sample", "scenario", "partner", "model_lp", "observed_lp", "error_lp", "model_p5_lp", "model_p95_lp", "inside_band", "score_measure", "score_lp", "tolerance_lp", "verdict"})
	f := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', 4, 64)
	}
	for _, e := range bs.Episodes {
		verdict := "fail"
		if e.Pass {
			verdict = "pass"
		}
		for _, c := range e.Rows {
			inside := ""
			if in, ok := c.Inside(); ok {
				inside = strconv.FormatBool(in)
			}
			cw.Write([]string{e.Episode, e.Sample, e.Scenario, c.Partner, f(c.Model), f(c.Observed), f(c.Error()), f(c.P5), f(c.P95), inside, e.Measure, f(e.Score), f(e.Tolerance), verdict})
		}
	}
	cw.Flush()
	return cw.Error()
}
