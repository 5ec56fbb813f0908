package cli

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"math"

	"github.com/tariffsim/tariffsim/internal/analysis"
	"github.com/tariffsim/tariffsim/model/baseline"
)

type backtestOptions struct {
	baseline   string
	maxMiB     int
	format     choiceValue
	draws      int
	seed       uint64
	failOnMiss bool
	observed   bool
}

// targetsCSV is the backtest's targets and tolerances, each row with its
// source (docs/VALIDATION.md, "Backtest targets").
//
//go:embed backtest_targets.csv
var targetsCSV []byte

func backtestCommand() *command {
	return &command{
		name:     "backtest",
		synopsis: "score the model on two past episodes (relative changes) against tolerances",
		usage:    "[flags]",
		help: `
Scores the model on two episodes, by relative changes across partners, where
the shocks common to all suppliers (demand, the dollar, front-running of
tariffs) cancel:

  2018-19 Section 301 (in-sample: the elasticities were chosen on it). The
  shipped scenario backtest-2018-section301 applies Lists 1-3 month by month
  from January 2018; the model's China-relative change of US ATP imports
  (China against every other supplier, log points), Jan-Jul 2019 against
  Jan-Jul 2018, is set against the observed -33.96 lp. Score: the absolute
  error; tolerance 10 lp.

  2025 H1 (out-of-sample). backtest-2025-h1 (the measures of
  2025-as-it-happened); the model's US ICT imports from TW, MX, VN, CN, TH
  and IN, Jan-Jun 2025 against the baseline's half year, relative to the six
  partners' total, against seed 002's observed ones. Score: the RMSE over
  the six; tolerance 29 lp.

Targets, tolerances and their sources: internal/cli/backtest_targets.csv and
docs/VALIDATION.md, "Backtest targets". With --draws N each episode is also
solved N times with every group's σ and η drawn from its low-central-high
range (triangular, correlation 0.8), and the output says whether each
observed value lies in the model's 90% band.

The command exits 0 when it ran, whatever the verdict (the verdict is data);
with --fail-on-miss it exits 1 when an episode fails. --observed prints the
older table of the model's 2025 H1 levels beside the observed ones instead.

The older comparison (--observed) runs the shipped scenario 2025-as-it-happened month by month and sets its
January–June 2025 results beside the observed figures of seed 002 (México,
¿cómo vamos?, from U.S. Census Bureau ATP data): US ICT imports from six
partners and their growth on a year earlier, the ATP deficit and the ICT
deficit. Observed H1 2024 comparators are derived by the only arithmetic the
source allows: ICT imports / (1 + YoY growth), and the ATP deficit / 1.70
(the source says the deficit rose 70%). The model's H1 2024 is half of the
2024 baseline, which has no months.

This is not a validation the model can pass: a partial-equilibrium tariff
model knows the tariffs and nothing else. The 2025 surge of ICT imports
(AI servers and computers from Taiwan, Mexico and Vietnam) came from demand
the model does not have, and the baseline's split by partner and group is
estimated (docs/DATA.md). The table shows how large the gap is; read the
model column as the tariffs' own contribution.

Examples:

	tariffsim backtest
	tariffsim backtest --draws 200 --format json
	tariffsim backtest --observed --format csv > backtest.csv`,
		flags: func(fs *flag.FlagSet) any {
			o := &backtestOptions{format: choiceValue{allowed: []string{"table", "csv", "json"}, value: "table"}}
			fs.StringVar(&o.baseline, "baseline", "", baselineUsage)
			baselineLimit(fs, &o.maxMiB)
			fs.Var(&o.format, "format", "`table`, csv or json (json: scores only)")
			fs.IntVar(&o.draws, "draws", 0, "also solve each episode `N` times with σ and η drawn, for the model's 90% band")
			fs.Uint64Var(&o.seed, "seed", 1, "with --draws, the random `seed`")
			fs.BoolVar(&o.failOnMiss, "fail-on-miss", false, "exit 1 when an episode fails its tolerance")
			fs.BoolVar(&o.observed, "observed", false, "print the model's 2025 H1 levels beside the observed ones (the older, unscored table)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*backtestOptions)
			if len(args) != 0 {
				return usagef("backtest takes no arguments (got %d)", len(args))
			}
			b, err := loadBaseline(o.baseline, o.maxMiB)
			if err != nil {
				return err
			}
			if !o.observed {
				return scoreBacktest(ctx, e, o, b)
			}
			if o.format.value == "json" {
				return usagef("--observed prints a table or csv, not json")
			}
			sc, err := loadScenario(analysis.BacktestScenario, b)
			if err != nil {
				return err
			}
			bt, err := analysis.RunBacktest(ctx, sc, b)
			if err != nil {
				return err
			}
			if o.format.value == "csv" {
				return bt.WriteCSV(e.stdout)
			}
			return bt.WriteTable(e.stdout)
		},
	}
}

func scoreBacktest(ctx context.Context, e *env, o *backtestOptions, b *baseline.Baseline) error {
	if o.draws < 0 || o.draws > 10000 {
		return usagef("--draws %d: want 0 to 10000", o.draws)
	}
	t, err := analysis.ReadTargets(bytes.NewReader(targetsCSV), "backtest_targets.csv")
	if err != nil {
		return err
	}
	sc18, err := loadScenario(analysis.Episode2018, b)
	if err != nil {
		return err
	}
	sc25, err := loadScenario(analysis.Episode2025, b)
	if err != nil {
		return err
	}
	bs, err := analysis.ScoreBacktest(ctx, sc18, sc25, b, t, o.draws, o.seed)
	if err != nil {
		return err
	}
	switch o.format.value {
	case "csv":
		err = bs.WriteCSV(e.stdout)
	case "json":
		err = writeScoresJSON(e, bs)
	default:
		err = bs.WriteTable(e.stdout)
	}
	if err != nil {
		return err
	}
	if o.failOnMiss && !bs.Pass() {
		return fmt.Errorf("an episode is outside its tolerance (--fail-on-miss)")
	}
	return nil
}

func writeScoresJSON(e *env, bs *analysis.BacktestScores) error {
	num := func(v float64) any {
		if math.IsNaN(v) {
			return nil
		}
		return math.Round(v*1e4) / 1e4
	}
	type row struct {
		Partner  string `json:"partner"`
		Model    any    `json:"model_lp"`
		Observed any    `json:"observed_lp"`
		Error    any    `json:"error_lp"`
		P5       any    `json:"model_p5_lp"`
		P95      any    `json:"model_p95_lp"`
		Inside   *bool  `json:"inside_band"`
	}
	type ep struct {
		Episode   string `json:"episode"`
		Sample    string `json:"sample"`
		Scenario  string `json:"scenario"`
		Moment    string `json:"moment"`
		Rows      []row  `json:"rows"`
		Measure   string `json:"score_measure"`
		Score     any    `json:"score_lp"`
		Tolerance any    `json:"tolerance_lp"`
		Verdict   string `json:"verdict"`
	}
	doc := struct {
		Draws    int    `json:"draws"`
		Seed     uint64 `json:"seed"`
		Episodes []ep   `json:"episodes"`
	}{Draws: bs.Draws, Seed: bs.Seed}
	for _, x := range bs.Episodes {
		v := "fail"
		if x.Pass {
			v = "pass"
		}
		j := ep{Episode: x.Episode, Sample: x.Sample, Scenario: x.Scenario, Moment: x.Moment, Measure: x.Measure,
			Score: num(x.Score), Tolerance: num(x.Tolerance), Verdict: v}
		for _, c := range x.Rows {
			r := row{Partner: c.Partner, Model: num(c.Model), Observed: num(c.Observed), Error: num(c.Error()), P5: num(c.P5), P95: num(c.P95)}
			if in, ok := c.Inside(); ok {
				r.Inside = &in
			}
			j.Rows = append(j.Rows, r)
		}
		doc.Episodes = append(doc.Episodes, j)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
