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
	"slices"
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/simulation"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

type runOptions struct {
	baseline string
	format   choiceValue
	table    choiceValue
	out      string
	at       string
	focus    string
	charts   listValue
	noCharts bool
	report   bool
	quiet    bool
	// Monte Carlo (see uncertainty.go)
	draws   int
	seed    uint64
	workers int
}

func runFlags(fs *flag.FlagSet) *runOptions {
	o := &runOptions{
		format: choiceValue{allowed: []string{"table", "csv", "json"}, value: "table"},
		table:  choiceValue{allowed: append(slices.Clone(tables.Tables), "percentiles"), value: "flows"},
		charts: listValue{allowed: []string{"png", "svg", "pdf"}, values: []string{"png", "svg"}},
	}
	fs.StringVar(&o.baseline, "baseline", "", "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline")
	fs.Var(&o.format, "format", "what to print on stdout: `table` (a summary), csv or json (the full results)")
	fs.Var(&o.table, "table", "with --format csv, the `table` to print: flows, markets, producers, countries, or percentiles (with --draws)")
	fs.StringVar(&o.out, "out", "", "write result files to `DIR` (default output/<scenario>)")
	fs.StringVar(&o.at, "at", "", "apply the measures in force on `DATE` (YYYY-MM-DD); default: the scenario's at, else its latest start date")
	fs.StringVar(&o.focus, "focus", "", "the `country` the headline and charts are about (default US, or the first measure's imposer)")
	fs.Var(&o.charts, "charts", "chart `formats` to write: any of png,svg,pdf")
	fs.BoolVar(&o.noCharts, "no-charts", false, "do not draw charts")
	fs.BoolVar(&o.report, "report", false, "also write report.html, a self-contained page to share")
	fs.BoolVar(&o.quiet, "q", false, "do not list the files written")
	fs.IntVar(&o.draws, "draws", 0, "also run a Monte Carlo of `N` draws from the scenario's elasticity distributions and report p5, p50, p95")
	fs.Uint64Var(&o.seed, "seed", 1, "with --draws, the random `seed`: the same seed gives the same results whatever --workers")
	fs.IntVar(&o.workers, "workers", 0, "with --draws, solve on `W` parallel workers (default: all cores)")
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
	flows.csv markets.csv producers.csv countries.csv
	results.json           everything above in one document
	scenario.toml          the scenario as run: date, elasticities used, measures
	*.png *.svg            charts (see --charts, --no-charts)
	report.html            with --report

Files are written atomically: an interrupted run never leaves a half-written
file. SCENARIO may be a path or the name of a shipped scenario (tariffsim list).
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

Examples:

	tariffsim run scenarios/us-canada-mexico-25.toml
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
			if len(args) != 1 {
				return usagef("run takes one scenario file (got %d arguments); see 'tariffsim run -h'", len(args))
			}
			if err := checkMonteCarloFlags(o); err != nil {
				return err
			}
			sr, err := solveScenario(ctx, o, args[0])
			if err != nil {
				return err
			}
			if o.draws > 0 {
				if err := monteCarlo(ctx, e, o, sr); err != nil {
					return err
				}
			}
			return output(sr, e, o)
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
	return nil, "", usagef("%s: no such file or shipped scenario%s (see 'tariffsim list')", arg, suggest(strings.TrimSuffix(filepath.Base(arg), ".toml"), known))
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

func solveScenario(ctx context.Context, o *runOptions, arg string) (*simulation.Run, error) {
	at, err := parseDate(o.at)
	if err != nil {
		return nil, err
	}
	b, err := loadBaseline(o.baseline)
	if err != nil {
		return nil, err
	}
	sc, err := loadScenario(arg, b)
	if err != nil {
		return nil, err
	}
	r, err := simulation.Solve(ctx, sc, b, scenario.Options{At: at}, o.focus, versionString())
	if simulation.IsInputError(err) {
		return nil, usageError{err}
	}
	return r, err
}

// output prints the requested format on stdout and writes the files.
func output(s *simulation.Run, e *env, o *runOptions) error {
	r := s.Run
	path, err := solvePath(s) // path.go: nil unless the scenario has a [timeline]
	if err != nil {
		return err
	}
	switch o.format.value {
	case "table":
		err = writeSummary(e.stdout, s, path)
	case "csv":
		if o.table.value == "percentiles" {
			err = tables.WritePercentilesCSV(e.stdout, r)
			break
		}
		err = tables.WriteCSV(e.stdout, r, o.table.value)
	case "json":
		err = tables.WriteJSON(e.stdout, r)
	}
	if err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("output", s.Scenario.Slug())
	}
	written, err := writeFiles(s, path, dir, o)
	if !o.quiet && len(written) > 0 {
		fmt.Fprintf(e.stderr, "wrote %d files to %s\n", len(written), dir)
	}
	return err
}

// writeFiles writes the run's files into dir and returns their paths.
func writeFiles(s *simulation.Run, path *tables.Path, dir string, o *runOptions) ([]string, error) {
	var written []string
	write := func(name string, f func(w io.Writer) error) error {
		path := filepath.Join(dir, name)
		if err := atomicfile.Write(path, f); err != nil {
			return err
		}
		written = append(written, path)
		return nil
	}
	r := s.Run
	steps := []struct {
		name string
		f    func(w io.Writer) error
	}{
		{"summary.txt", func(w io.Writer) error { return writeSummary(w, s, path) }},
		{"results.json", func(w io.Writer) error { return tables.WriteJSON(w, r) }},
		{"scenario.toml", s.WriteResolved},
	}
	for _, t := range tables.Tables {
		steps = append(steps, struct {
			name string
			f    func(w io.Writer) error
		}{t + ".csv", func(w io.Writer) error { return tables.WriteCSV(w, r, t) }})
	}
	if r.Uncertainty != nil {
		steps = append(steps, struct {
			name string
			f    func(w io.Writer) error
		}{"percentiles.csv", func(w io.Writer) error { return tables.WritePercentilesCSV(w, r) }})
	}
	for _, st := range steps {
		if err := write(st.name, st.f); err != nil {
			return written, err
		}
	}
	if path != nil {
		paths, err := writePathFiles(s, path, dir, o)
		written = append(written, paths...)
		if err != nil {
			return written, err
		}
	}
	if !o.noCharts && len(o.charts.values) > 0 {
		paths, err := writeCharts(s, dir, o.charts.values)
		written = append(written, paths...)
		if err != nil {
			return written, err
		}
	}
	if o.report {
		if err := write("report.html", func(w io.Writer) error { return s.WriteReportPath(w, path) }); err != nil {
			return written, err
		}
	}
	return written, nil
}
