package cli

import (
	"context"
	"flag"
	"path/filepath"
	"strings"

	"github.com/tariffsim/tariffsim/internal/analysis"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
)

type sensitivityOptions struct {
	scenarioFlags
	outputFlags
	metric string
	by     choiceValue
	format choiceValue
	top    int
}

func sensitivityCommand() *command {
	return &command{
		name:     "sensitivity",
		synopsis: "which elasticities move a result most (tornado chart)",
		usage:    "[flags] SCENARIO.toml",
		help: `
Moves each elasticity alone to its low and then its high value, keeping every
other one where the scenario sets it, solves the scenario each time, and
reports how far one result (--metric) moves: a table on stdout, widest swing
first, and a tornado chart, with sensitivity.csv and sensitivity.txt, in
output/<scenario>-sensitivity-<metric>/.

What moves (--by):

	category    each of σ, η and ε in each category alone (30 rows for the
	            10 ATP groups), and σ_D and ε_D in each category whose
	            baseline has a domestic flow (Aerospace in the embedded
	            baseline); the chart shows the --top widest, the table all
	parameter   each elasticity moved in every category at once, each
	            category to its own low or high value (σ, η, ε, and σ_D and
	            ε_D when the baseline has a domestic flow)

Low and high values, per category and elasticity:

  * the 5th and 95th percentiles when the scenario gives the elasticity as a
    distribution ({ dist = "lognormal", median = 5, p95 = 10 }, ...);
  * otherwise the baseline's documented range, the presets "low" and "high"
    (docs/DATA.md, "Elasticity presets"). When the scenario sets its own
    number, the range keeps the preset's proportions around it
    (low = value × preset low / preset central), so a scenario that doubles
    σ also doubles its range;
  * where the baseline documents no range, ±50% of the central value.
    ε = ∞ (the default: importers pay the whole tariff) has no documented
    range and is not moved: give ε a distribution to vary it. σ_D has
    presets in the baseline's table; ε_D has no documented range (its
    default 5 is an assumption, docs/DATA.md), so it gets ±50%.

The table says which rule gave each row. Exporter-specific ε
([elasticities.exporter.CC]) keeps its value.

` + metric.Help + `

Examples:

	tariffsim sensitivity us-canada-mexico-25
	tariffsim sensitivity --metric us_welfare --by parameter china-2025-04-peak
	tariffsim sensitivity --metric imports_from:MX --format csv us-canada-mexico-25 > mx.csv`,
		flags: func(fs *flag.FlagSet) any {
			o := &sensitivityOptions{
				by:     choiceValue{allowed: []string{"category", "parameter"}, value: "category"},
				format: choiceValue{allowed: []string{"table", "csv"}, value: "table"},
			}
			fs.StringVar(&o.metric, "metric", "us_imports", "the `metric` whose sensitivity to show (see the list above)")
			fs.Var(&o.by, "by", "move each elasticity per `category`, or per parameter in every category at once")
			fs.Var(&o.format, "format", "what to print on stdout: `table` or csv")
			fs.IntVar(&o.top, "top", 15, "the chart shows the `N` widest rows")
			o.scenarioFlags.register(fs, "apply the measures in force on `DATE` (YYYY-MM-DD)", "the `country` the metric is about (default US)")
			o.outputFlags.register(fs, "write the files to `DIR` (default output/<scenario>-sensitivity-<metric>; replaced as a whole)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*sensitivityOptions)
			if err := oneScenario("sensitivity", args); err != nil {
				return err
			}
			if o.top < 1 {
				return usagef("--top %d: want at least 1", o.top)
			}
			st, err := loadSetup(ctx, &o.scenarioFlags, args[0])
			if err != nil {
				return err
			}
			m, err := metric.Parse(o.metric, st.Run.Baseline, st.Run.Focus, st.FocusName())
			if err != nil {
				return usageError{err}
			}
			w, err := o.outputFlags.openFiles(ctx, filepath.Join("output", st.Run.Scenario.Slug()+"-sensitivity-"+strings.ReplaceAll(m.Name, ":", "-")),
				o.scenarioFlags.inputs(args...)...)
			if err != nil {
				return err
			}
			defer w.abort()
			sa, err := analysis.Analyse(ctx, st, m, o.by.value)
			if err != nil {
				return err
			}
			sa.Version = versionString()
			if o.format.value == "csv" {
				err = sa.WriteCSV(e.stdout)
			} else {
				err = sa.WriteTable(e.stdout)
			}
			if err != nil {
				return err
			}
			if err := w.write("sensitivity.txt", sa.WriteTable); err != nil {
				return err
			}
			if err := w.write("sensitivity.csv", sa.WriteCSV); err != nil {
				return err
			}
			return w.done(e, w.charts(func() ([]*chart.Chart, error) {
				c, err := sa.Chart(o.top)
				return []*chart.Chart{c}, err
			}))
		},
	}
}
