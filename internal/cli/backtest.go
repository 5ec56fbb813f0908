package cli

import (
	"context"
	"flag"

	"github.com/tariffsim/tariffsim/internal/analysis"
)

type backtestOptions struct {
	baseline string
	maxMiB   int
	format   choiceValue
}

func backtestCommand() *command {
	return &command{
		name:     "backtest",
		synopsis: "set the model's first half of 2025 beside what was observed",
		usage:    "[flags]",
		help: `
Runs the shipped scenario 2025-as-it-happened month by month and sets its
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
	tariffsim backtest --format csv > backtest.csv`,
		flags: func(fs *flag.FlagSet) any {
			o := &backtestOptions{format: choiceValue{allowed: []string{"table", "csv"}, value: "table"}}
			fs.StringVar(&o.baseline, "baseline", "", baselineUsage)
			baselineLimit(fs, &o.maxMiB)
			fs.Var(&o.format, "format", "`table` or csv")
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
