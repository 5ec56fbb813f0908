package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/present"
	"github.com/tariffsim/tariffsim/internal/suggest"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

type runOptions struct {
	scenarioFlags
	outputFlags
	format choiceValue
	table  choiceValue
	report bool
	// Monte Carlo (see uncertainty.go)
	draws   int
	seed    uint64
	workers int
	// aggregate sums a baseline's categories for a GE scenario.
	aggregate bool
	// baselineDraws draws the estimated baseline split with --draws.
	baselineDraws bool
}

func runFlags(fs *flag.FlagSet) *runOptions {
	o := &runOptions{
		format: choiceValue{allowed: []string{"table", "csv", "json", "xlsx"}, value: "table"},
		table:  choiceValue{allowed: append(slices.Clone(tables.Tables), "percentiles"), value: "flows"},
	}
	o.scenarioFlags.register(fs, "apply the measures in force on `DATE` (YYYY-MM-DD); default: the scenario's at, else its latest start date",
		"the `country` the headline and charts are about (default US, or the first measure's imposer)")
	o.outputFlags.register(fs, "write result files to `DIR` (default output/<scenario>; replaced as a whole, see above)")
	fs.Var(&o.format, "format", "what to print on stdout: `table` (a summary), csv or json (the full results), or xlsx (results.xlsx, for redirecting to a file)")
	fs.Var(&o.table, "table", "with --format csv, the `table` to print: flows, pieces, markets, producers, countries, or percentiles (with --draws)")
	fs.BoolVar(&o.report, "report", false, "also write report.html, a self-contained page to share")
	fs.IntVar(&o.draws, "draws", 0, "also run a Monte Carlo of `N` draws from the scenario's elasticity distributions and report p5, p50, p95")
	fs.Uint64Var(&o.seed, "seed", 1, "with --draws, the random `seed`: the same seed gives the same results whatever --workers")
	fs.BoolVar(&o.baselineDraws, "baseline-draws", true, "with --draws and the embedded baseline, each draw also draws the estimated partner × group split (--baseline-draws=false: keep it fixed; off with --baseline FILE)")
	fs.IntVar(&o.workers, "workers", 0, "with --draws, solve on `W` parallel workers (default: all cores)")
	fs.BoolVar(&o.aggregate, "aggregate", false, "for an engine = \"ge\" scenario, sum the baseline's categories into one sector (the GE engine is one-sector)")
	return o
}

func runCommand() *command {
	return &command{
		name:     "run",
		synopsis: "solve a scenario and report the changes",
		usage:    "[flags] SCENARIO.toml",
		help: `
Applies the tariff and retaliation measures of a scenario to the baseline trade
flows, solves the new equilibrium, prints a summary (or the full results as CSV
or JSON) on stdout, and writes the results into output/<scenario>/:

	summary.txt            the summary printed by --format table
	flows.csv pieces.csv markets.csv producers.csv countries.csv
	results.json           everything above in one document
	results.xlsx           the same as an Excel workbook: the headline, one sheet
	                       per table with units in the header, and a Provenance
	                       sheet (scenario, baseline, sources, version, commit)
	scenario.toml          the scenario as run: date, elasticities used, measures
	*.png *.svg            charts (see --charts, --no-charts)
	report.html            with --report

Warnings (negative new flows of the linear form, import subsidies, a date
before every measure's start) are printed on stderr as "warning: ...", in the
summary and as warnings[] in results.json; the exit status stays 0.
--out replaces the whole folder: the run writes into a new folder beside
it and swaps it in once every file is written, so the folder holds exactly
this run's files (no report.html or charts of an earlier run), and an
interrupted or failed run leaves the previous one as it was. A folder
holding files tariffsim did not write is refused, as is one holding the
scenario or the --baseline file (--out . beside them).

SCENARIO may be a path or the name of a shipped scenario (tariffsim list).
When the scenario has retaliation measures, the run is also solved without
them, to show how much of each change retaliation causes.

A scenario with a [timeline] table is also solved month by month: each
month's tariffs weight every measure by the days it is in force, and trade
moves toward that month's equilibrium with the timeline's half-life
(docs/MODEL.md, "Time path"). The summary then ends with a monthly section,
and the run also writes:

	path.csv               every flow in every month, with the no-tariff path
	path-totals.csv        the focus country's imports, exports, balance and
	                       tariff revenue by month
	path.json              both, as totals[] and path[]
	path-*.png path-*.svg  the time-path charts

A scenario with [model] engine = "ge" is solved by the general-equilibrium
engine (one-sector structural gravity with tariff revenue, docs/MODEL.md,
"General equilibrium") on the shipped GE baseline, ge2006 (gegravity's 2006
sample: 30 countries, aggregate manufacturing, old and coarse), unless
--baseline names another with every country's domestic sales (--aggregate
sums its categories). Exempt shares are averaged into the rates. It writes
summary.txt, results.json (welfare_hat, w_hat, p_hat, tot_hat by country;
value1 by flow), countries.csv, flows.csv, scenario.toml, the charts
welfare-by-country and trade-by-partner, and report.html with --report.

Examples:

	tariffsim run scenarios/us-canada-mexico-25.toml
	tariffsim run ge-us-canada-mexico-25-retaliation
	tariffsim run us-canada-mexico-25-retaliation --report
	tariffsim run --format json --baseline my-flows.csv my-scenario.toml > out.json
	tariffsim run --format csv --table countries china-2025-04-peak
	tariffsim run --at 2025-04-10 2025-as-it-happened
	tariffsim run --draws 10000 --seed 7 us-canada-mexico-25-uncertain

Uncertainty: any elasticity of the scenario may be a distribution, such as
substitution = { dist = "lognormal", median = 5, p95 = 10 }, uniform (min,
max), triangular (min, mode, max) or normal (mean, sd; truncated at 0), or a
preset "low", "central" or "high" (docs/MODEL.md, docs/DATA.md). The plain run
uses each distribution's median. With --draws N the scenario is also solved N
times with elasticities drawn from the distributions (seed --seed, draw i from
PCG(seed, i), so results do not depend on --workers), and the summary, JSON
(siblings x_p5, x_p50, x_p95 of each headline and country figure x, and an
"uncertainty" section by partner and category), percentiles.csv
(--format csv --table percentiles) and charts (median with the 90% interval)
report the 5th, 50th and 95th percentiles. Draws whose solve fails are counted
and reported. Ctrl-C stops the draws and writes nothing.`,
		flags: func(fs *flag.FlagSet) any { return runFlags(fs) },
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*runOptions)
			if err := oneScenario("run", args); err != nil {
				return err
			}
			if err := checkMonteCarloFlags(o); err != nil {
				return err
			}
			sc, b, opt, err := o.scenarioFlags.load(args[0])
			if err != nil {
				return err
			}
			w, err := o.outputFlags.openFiles(ctx, filepath.Join("output", sc.Slug()), o.inputs(args...)...)
			if err != nil {
				return err
			}
			defer w.abort()
			sr, err := solveLoaded(ctx, e, o, sc, b, opt)
			if err != nil {
				return err
			}
			return w.done(e, output(sr, e, o, w))
		},
	}
}

// loadScenario reads a scenario file, or a shipped scenario by name, and
// checks it against b; every problem of the file is reported.
func loadScenario(arg string, b *baseline.Baseline) (*scenario.Scenario, error) {
	data, file, err := readScenario(arg)
	if err != nil {
		return nil, err
	}
	sc, err := scenario.Validate(data, file, b)
	if err != nil {
		return nil, usageError{err}
	}
	return sc, nil
}

func readScenario(arg string) (data []byte, file string, err error) {
	data, err = scenario.ReadFile(arg, 0) // at most scenario.MaxFileSize
	if err == nil {
		return data, arg, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", usageError{err}
	}
	name := strings.TrimSuffix(filepath.Base(arg), ".toml") + ".toml"
	if !strings.ContainsRune(arg, os.PathSeparator) {
		if data, err := fs.ReadFile(scenarios.FS, name); err == nil {
			return data, name, nil
		}
	}
	var known []string
	if list, lerr := scenarios.List(); lerr == nil {
		for _, i := range list {
			known = append(known, strings.TrimSuffix(i.File, ".toml"))
		}
	}
	return nil, "", usagef("%s: no such file or shipped scenario%s (see 'tariffsim list')", arg, suggest.Hint(strings.TrimSuffix(filepath.Base(arg), ".toml"), known))
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("--at %q: want a date like 2025-04-10", s)
	}
	return t, nil
}

// solveLoaded solves a loaded scenario with o's focus and Monte Carlo
// draws (see monteCarloRequest).
func solveLoaded(ctx context.Context, e *env, o *runOptions, sc *scenario.Scenario, b *baseline.Baseline, opt scenario.Options) (*present.Run, error) {
	req := pipeline.Request{Scenario: sc, Baseline: b, Options: opt, Focus: o.focus, Aggregate: o.aggregate}
	finish := monteCarloRequest(e, o, &req)
	p, err := pipeline.Solve(ctx, req)
	if err = finish(p, err); err != nil {
		return nil, err
	}
	r := present.New(p, versionString())
	r.ChartOptions = o.chartFlags.opts // the report's charts; files.charts applies them to chart files
	return r, nil
}

// output prints the requested format on stdout and writes the files
// into w.
func output(s *present.Run, e *env, o *runOptions, w *files) error {
	if s.GE != nil {
		return outputGE(s, e, o, w)
	}
	r := s.Run
	// Warnings go to stderr whatever the format, so that a pipeline
	// reading the JSON or CSV on stdout still shows them.
	for _, w := range r.Warnings() {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	var err error
	switch o.format.value {
	case "table":
		err = writeSummary(e.stdout, s)
	case "csv":
		if o.table.value == "percentiles" {
			err = tables.WritePercentilesCSV(e.stdout, r)
			break
		}
		err = tables.WriteCSV(e.stdout, r, o.table.value)
	case "json":
		err = tables.WriteJSON(e.stdout, r)
	case "xlsx":
		err = s.WriteWorkbook(e.stdout)
	}
	if err != nil {
		return err
	}
	return writeFiles(s, w, o)
}

// writeFiles writes the run's files (see the command's help).
func writeFiles(s *present.Run, w *files, o *runOptions) error {
	r := s.Run
	type file struct {
		name string
		f    func(w io.Writer) error
	}
	steps := []file{
		{"summary.txt", func(w io.Writer) error { return writeSummary(w, s) }},
		{"results.json", func(w io.Writer) error { return tables.WriteJSON(w, r) }},
		{"results.xlsx", s.WriteWorkbook},
		{"scenario.toml", s.WriteResolved},
	}
	for _, t := range tables.Tables {
		steps = append(steps, file{t + ".csv", func(w io.Writer) error { return tables.WriteCSV(w, r, t) }})
	}
	if r.Uncertainty != nil {
		steps = append(steps, file{"percentiles.csv", func(w io.Writer) error { return tables.WritePercentilesCSV(w, r) }})
	}
	// The monthly path: every flow (path.csv), the focus country's totals
	// (path-totals.csv), both in path.json.
	if p := s.Path; p != nil {
		steps = append(steps,
			file{"path.csv", func(w io.Writer) error { return tables.WritePathCSV(w, p) }},
			file{"path-totals.csv", func(w io.Writer) error { return tables.WritePathTotalsCSV(w, p) }},
			file{"path.json", func(w io.Writer) error { return tables.WritePathJSON(w, p) }})
	}
	// The files are independent: written up to GOMAXPROCS at a time (the
	// workbook, the largest, alongside the others); the first failing
	// file in the list is the error.
	errs := make([]error, len(steps))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, st := range steps {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = w.write(st.name, st.f)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if s.Path != nil {
		if err := w.charts(func() ([]*chart.Chart, error) { return s.PathCharts(s.Path) }); err != nil {
			return err
		}
	}
	if err := w.charts(s.Charts); err != nil {
		return err
	}
	if o.report {
		return w.write("report.html", s.WriteReport)
	}
	return nil
}

// writeSummary writes the run's summary and, with a path, its monthly
// section.
func writeSummary(w io.Writer, s *present.Run) error {
	if err := tables.WriteSummary(w, s.Run); err != nil {
		return err
	}
	if s.Path == nil {
		return nil
	}
	return tables.WritePathSummary(w, s.Path)
}
