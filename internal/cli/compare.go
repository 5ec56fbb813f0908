package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/tariffsim/tariffsim/internal/analysis"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/model/scenario"
)

type compareOptions struct {
	scenarioFlags
	outputFlags
	format choiceValue
}

func compareCommand() *command {
	return &command{
		name:     "compare",
		synopsis: "compare the results of several scenarios side by side",
		usage:    "[flags] SCENARIO.toml SCENARIO.toml...",
		help: `
Solves each scenario on the same baseline and prints their headline results
side by side: the focus country's ATP imports, exports and balance, import
prices, tariff revenue, consumer and producer surplus and welfare, then the
change in imports and exports by partner and welfare by country. Every
figure is a change from the baseline, million USD at world prices (import
prices in %). It also writes, into output/compare-<scenarios>/ (see --out):

	compare.txt compare.csv compare.json   the comparison in each format
	compare-*.png compare-*.svg            grouped-bar charts, one bar per scenario
	                                       (up to 6 scenarios)

Scenarios can be compared when they run on the same baseline (one --baseline
for all) and are about the same focus country: every code a scenario names
must exist in the baseline, and each file is checked as 'validate' does.
Scenarios may use different models (supply, form, horizon), elasticities or
evaluation dates; the header lists them, and says so when they differ,
because part of the difference then comes from the assumptions rather than
the tariffs. --at applies one date to every scenario.

The CSV has one row per metric, named as 'sweep' and 'sensitivity' name
them (us_imports, imports_from:CN, welfare:CA, ...), a baseline column and
one column per scenario.

Examples:

	tariffsim compare us-canada-mexico-25 us-canada-mexico-25-retaliation
	tariffsim compare --format csv china-2025-04-peak china-2025-05-geneva > china.csv
	tariffsim compare --at 2025-04-10 --out cmp/ a.toml b.toml c.toml
	tariffsim compare us-canada-mexico-25-full ge-us-canada-mexico-25-retaliation

PE and GE: when a scenario has [model] engine = "ge", each scenario runs on
its own baseline (GE: the shipped ge2006 unless --baseline says otherwise)
and the comparison keeps to what both engines define alike: the focus
country's trade in total and with each partner its measures name (% change
at world prices) and the sign of its welfare change and of what retaliation
adds. Welfare levels, terms of trade and revenue are shown too, marked not
comparable: the baselines differ in year, coverage and countries
(docs/MODEL.md, "Which engine").`,
		flags: func(fs *flag.FlagSet) any {
			o := &compareOptions{format: choiceValue{allowed: []string{"table", "csv", "json"}, value: "table"}}
			fs.Var(&o.format, "format", "what to print on stdout: `table`, csv or json")
			o.scenarioFlags.register(fs, "evaluate every scenario on `DATE` (YYYY-MM-DD); default: each scenario's own date",
				"the `country` the comparison is about (default US, or the scenarios' common imposer)")
			o.outputFlags.register(fs, "write the files to `DIR` (default output/compare-<scenarios>; replaced as a whole)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*compareOptions)
			if len(args) < 2 {
				return usagef("compare takes two or more scenario files (got %d); see 'tariffsim compare -h'", len(args))
			}
			var c comparison
			if anyGE(args) {
				ec, err := compareEngines(ctx, o, args)
				if err != nil {
					return err
				}
				c = ec
			} else {
				b, opt, err := o.scenarioFlags.loadBaseline()
				if err != nil {
					return err
				}
				var scs []*scenario.Scenario
				for i, arg := range args {
					sc, err := loadScenario(arg, b)
					if err != nil {
						return usagef("cannot compare: scenario %d (%s) does not fit baseline %s:\n%w", i+1, arg, b.Name, err)
					}
					scs = append(scs, sc)
				}
				pc, err := analysis.Compare(ctx, b, scs, args, opt, o.focus, versionString())
				if err != nil {
					return err
				}
				c = pc
			}
			// Opened after the solve but before anything is written: an
			// output folder that would replace an input is refused first.
			w, err := o.outputFlags.openFiles(ctx, filepath.Join("output", c.Slug()), o.scenarioFlags.inputs(args...)...)
			if err != nil {
				return err
			}
			defer w.abort()
			switch o.format.value {
			case "table":
				err = c.WriteTable(e.stdout)
			case "csv":
				err = c.WriteCSV(e.stdout)
			case "json":
				err = c.WriteJSON(e.stdout)
			}
			if err != nil {
				return err
			}
			for _, f := range []struct {
				name  string
				write func(io.Writer) error
			}{{"compare.txt", c.WriteTable}, {"compare.csv", c.WriteCSV}, {"compare.json", c.WriteJSON}} {
				if err := w.write(f.name, f.write); err != nil {
					return err
				}
			}
			if o.outputFlags.wantCharts() && c.Scenarios() > chart.MaxGroupSeries {
				fmt.Fprintf(e.stderr, "no charts: they show up to %d scenarios, and there are %d (the tables have them all)\n", chart.MaxGroupSeries, c.Scenarios())
				return w.done(e, nil)
			}
			return w.done(e, w.charts(c.Charts))
		},
	}
}
