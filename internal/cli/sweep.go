package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/analysis"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model/scenario"
)

type sweepOptions struct {
	scenarioFlags
	outputFlags
	param    choiceValue
	category string
	measure  int
	from, to string
	steps    int
	metrics  string
}

func sweepCommand() *command {
	return &command{
		name:     "sweep",
		synopsis: "solve a scenario along a grid of one parameter",
		usage:    "--param NAME --from X --to Y [--steps N] [flags] SCENARIO.toml",
		help: `
Solves a scenario again and again with one parameter moved along a grid of
--steps evenly spaced values from --from to --to (both included), and prints
the headline results at each point as CSV on stdout: one row per point, one
column per metric (see below). It also writes sweep.csv and line charts
(trade, welfare, import prices) into output/<scenario>-sweep-<param>/.

Parameters (--param):

	substitution    σ, between sources of one market (must be > 0)
	import_demand   η, of a market's composite import (must be ≥ 0)
	export_supply   ε, of exporters (must be ≥ 0; a grid is finite, the
	                scenario's own ε may be ∞)
	domestic_substitution
	                σ_D, between domestic sales and the import composite
	                (must be > 0); only markets with a domestic flow read it
	                (Aerospace in the embedded baseline)
	domestic_supply ε_D, of domestic producers (must be ≥ 0)
	rate            the rate of one measure, in percent (above −100), given by
	                --measure N: the N-th measure in force, numbered as 'run'
	                lists them ([[tariff]] tables, then [[retaliation]]); when
	                only one measure is in force it is the default
	scale           every measure in force with its rate multiplied by the
	                value (≥ 0): 0 is no tariff change, 1 the scenario as
	                written, 2 twice the rates

An elasticity moves in every category, or in one with --category (a slug
such as ict, or a Census code such as 04); the other elasticities stay as
the scenario sets them. Per-exporter ε overrides
([elasticities.exporter.CC]) keep their value in an export_supply sweep.
Elasticity sweeps compile the problem once and re-solve it, so a grid of
hundreds of points takes seconds.

` + metric.Help + `

Examples:

	tariffsim sweep --param substitution --from 1 --to 10 --steps 19 us-canada-mexico-25
	tariffsim sweep --param import_demand --category ict --from 0 --to 3 china-2025-04-peak
	tariffsim sweep --param rate --measure 3 --from 0 --to 150 --steps 16 china-2025-04-peak
	tariffsim sweep --param scale --from 0 --to 2 --metrics us_imports,imports_from:MX us-canada-mexico-25`,
		flags: func(fs *flag.FlagSet) any {
			o := &sweepOptions{param: choiceValue{allowed: sweepParamNames()}}
			fs.Var(&o.param, "param", "the `parameter` to move: substitution, import_demand, export_supply (or sigma, eta, eps), rate or scale")
			fs.StringVar(&o.category, "category", "", "move the elasticity in `CATEGORY` only (default: every category)")
			fs.IntVar(&o.measure, "measure", 0, "with --param rate, the `N`-th measure in force (1 = the first)")
			fs.StringVar(&o.from, "from", "", "the first grid `value`")
			fs.StringVar(&o.to, "to", "", "the last grid `value`")
			fs.IntVar(&o.steps, "steps", 11, "the number of grid `points`, both ends included (at least 2)")
			fs.StringVar(&o.metrics, "metrics", strings.Join(defaultMetricNames(), ","), "comma-separated `metrics` to tabulate")
			o.scenarioFlags.register(fs, "apply the measures in force on `DATE` (YYYY-MM-DD)", "the `country` the metrics are about (default US)")
			o.outputFlags.register(fs, "write sweep.csv and the charts to `DIR` (default output/<scenario>-sweep-<param>; replaced as a whole)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*sweepOptions)
			if err := oneScenario("sweep", args); err != nil {
				return err
			}
			if _, _, err := analysis.ParseSweepParam(o.param.value); err != nil {
				return err
			}
			st, err := loadSetup(ctx, &o.scenarioFlags, args[0])
			if err != nil {
				return err
			}
			ms, err := parseMetrics(o.metrics, st)
			if err != nil {
				return err
			}
			s, err := analysis.NewSweep(st, analysis.SweepSpec{Param: o.param.value, Category: o.category, Measure: o.measure,
				From: o.from, To: o.to, Steps: o.steps, Metrics: ms})
			if err != nil {
				return err
			}
			s.Version = versionString()
			w, err := o.outputFlags.openFiles(ctx, filepath.Join("output", st.Run.Scenario.Slug()+"-sweep-"+strings.ReplaceAll(s.Column, ":", "-")),
				o.scenarioFlags.inputs(args...)...)
			if err != nil {
				return err
			}
			defer w.abort()
			err = s.SolveGrid(ctx, e.progress("solving"))
			e.endProgress()
			if err != nil {
				return err
			}
			if err := s.WriteCSV(e.stdout); err != nil {
				return err
			}
			if err := w.write("sweep.csv", s.WriteCSV); err != nil {
				return err
			}
			return w.done(e, w.charts(s.Charts))
		},
	}
}

// sweepParamNames are the --param values: both vocabularies of the
// elasticities the model reads, rate and scale.
func sweepParamNames() []string {
	out := slices.Clone(analysis.SweepParams)
	for _, p := range scenario.ModelParams {
		out = append(out, p.Short())
	}
	return out
}

// loadSetup loads the scenario arg with f's baseline, date and focus and
// solves it once for an analysis.
func loadSetup(ctx context.Context, f *scenarioFlags, arg string) (*analysis.Setup, error) {
	sc, b, opt, err := f.load(arg)
	if err != nil {
		return nil, err
	}
	return analysis.NewSetup(ctx, sc, b, opt, f.focus)
}

// parseMetrics reads a --metrics list for st's focus country.
func parseMetrics(list string, st *analysis.Setup) ([]metric.Metric, error) {
	ms, err := metric.ParseList(list, st.Run.Baseline, st.Run.Focus, st.FocusName())
	if err != nil {
		return nil, usageError{err}
	}
	return ms, nil
}

// defaultMetricNames are the headline metrics, as -h shows them.
func defaultMetricNames() []string {
	var out []string
	for _, m := range metric.Headlines("US", "US") {
		out = append(out, m.Name)
	}
	return out
}

// progress returns a callback that shows "what i/n" on a terminal, nil
// elsewhere; endProgress clears the line.
func (e *env) progress(what string) func(i, n int) {
	if !e.isTerminal {
		return nil
	}
	return func(i, n int) { fmt.Fprintf(e.stderr, "\r%s %d/%d", what, i, n) }
}

func (e *env) endProgress() {
	if e.isTerminal {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
}
