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
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model"
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
}

func runFlags(fs *flag.FlagSet) *runOptions {
	o := &runOptions{
		format: choiceValue{allowed: []string{"table", "csv", "json"}, value: "table"},
		table:  choiceValue{allowed: tables.Tables, value: "flows"},
		charts: listValue{allowed: []string{"png", "svg", "pdf"}, values: []string{"png", "svg"}},
	}
	fs.StringVar(&o.baseline, "baseline", "", "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline")
	fs.Var(&o.format, "format", "what to print on stdout: `table` (a summary), csv or json (the full results)")
	fs.Var(&o.table, "table", "with --format csv, the `table` to print: flows, markets, producers or countries")
	fs.StringVar(&o.out, "out", "", "write result files to `DIR` (default output/<scenario>)")
	fs.StringVar(&o.at, "at", "", "apply the measures in force on `DATE` (YYYY-MM-DD); default: the scenario's at, else its latest start date")
	fs.StringVar(&o.focus, "focus", "", "the `country` the headline and charts are about (default US, or the first measure's imposer)")
	fs.Var(&o.charts, "charts", "chart `formats` to write: any of png,svg,pdf")
	fs.BoolVar(&o.noCharts, "no-charts", false, "do not draw charts")
	fs.BoolVar(&o.report, "report", false, "also write report.html, a self-contained page to share")
	fs.BoolVar(&o.quiet, "q", false, "do not list the files written")
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

Examples:

	tariffsim run scenarios/us-canada-mexico-25.toml
	tariffsim run us-canada-mexico-25-retaliation --report
	tariffsim run --format json --baseline my-flows.csv my-scenario.toml > out.json
	tariffsim run --format csv --table countries china-2025-04-peak
	tariffsim run --at 2025-04-10 2025-as-it-happened`,
		flags: func(fs *flag.FlagSet) any { return runFlags(fs) },
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*runOptions)
			if len(args) != 1 {
				return usagef("run takes one scenario file (got %d arguments); see 'tariffsim run -h'", len(args))
			}
			sr, err := solveScenario(ctx, o, args[0])
			if err != nil {
				return err
			}
			return sr.output(e, o)
		},
	}
}

// solved is a scenario run, ready to be written.
type solved struct {
	sc  *scenario.Scenario
	b   *baseline.Baseline
	opt scenario.Options
	run *tables.Run
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
	data, err = os.ReadFile(arg)
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

func solveScenario(ctx context.Context, o *runOptions, arg string) (*solved, error) {
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opt := scenario.Options{At: at}
	res, err := solveWith(sc, b, opt)
	if err != nil {
		return nil, err
	}
	var only *model.Result
	inForce := sc.InForce(opt)
	for _, m := range inForce {
		if m.Kind == scenario.Retaliation {
			o2 := opt
			o2.Measures = scenario.TariffsOnly
			if only, err = solveWith(sc, b, o2); err != nil {
				return nil, err
			}
			break
		}
	}
	focus := o.focus
	if focus == "" {
		focus = defaultFocus(sc, b)
	}
	info := tables.Scenario{Name: sc.Name, Description: sc.Description, File: sc.File, Sources: sc.Sources, Horizon: sc.Model.Horizon.String()}
	if d, ok := sc.At(opt); ok {
		info.At = d.Format(time.DateOnly)
	}
	for _, m := range inForce {
		info.Measures = append(info.Measures, describeMeasure(m, b))
	}
	return &solved{sc: sc, b: b, opt: opt, run: &tables.Run{
		Version: versionString(), Scenario: info, Baseline: b, Result: res, TariffsOnly: only, Focus: focus,
	}}, nil
}

func solveWith(sc *scenario.Scenario, b *baseline.Baseline, opt scenario.Options) (*model.Result, error) {
	p, err := sc.Problem(b, opt)
	if err != nil {
		return nil, usageError{err}
	}
	res, err := model.Solve(p)
	if err != nil {
		return nil, fmt.Errorf("solve %s: %w", sc.Name, err)
	}
	return res, nil
}

func defaultFocus(sc *scenario.Scenario, b *baseline.Baseline) string {
	for _, c := range b.CountryCodes() {
		if c == "US" {
			return c
		}
	}
	if len(sc.Tariffs) > 0 {
		return sc.Tariffs[0].By
	}
	return b.Rows[0].Importer
}

// describeMeasure puts a measure in words for summaries and reports.
func describeMeasure(m scenario.Measure, b *baseline.Baseline) string {
	var sb strings.Builder
	if m.Kind == scenario.Retaliation {
		sb.WriteString("Retaliation: ")
	}
	sb.WriteString(b.CountryName(m.By))
	if m.Mode == scenario.Set {
		fmt.Fprintf(&sb, " sets %s on ", m.Rate)
	} else {
		fmt.Fprintf(&sb, " adds %s on ", m.Rate)
	}
	if len(m.On) == 1 && m.On[0] == "*" {
		sb.WriteString("every partner")
	} else {
		var names []string
		for _, c := range m.On {
			names = append(names, b.CountryName(c))
		}
		sb.WriteString(strings.Join(names, ", "))
	}
	if len(m.Categories) == 0 || (len(m.Categories) == 1 && m.Categories[0] == "*") {
		sb.WriteString(", all categories")
	} else {
		var names []string
		for _, c := range m.Categories {
			slug, _ := b.Category(c)
			names = append(names, b.CategoryName(slug))
		}
		sb.WriteString(", " + strings.Join(names, ", "))
	}
	if m.Exempt != 0 {
		fmt.Fprintf(&sb, " (%s of trade exempt)", m.Exempt)
	}
	switch {
	case !m.Start.IsZero() && !m.End.IsZero():
		fmt.Fprintf(&sb, ", %s to %s", m.Start, m.End)
	case !m.Start.IsZero():
		fmt.Fprintf(&sb, ", from %s", m.Start)
	case !m.End.IsZero():
		fmt.Fprintf(&sb, ", until %s", m.End)
	}
	return sb.String()
}

// output prints the requested format on stdout and writes the files.
func (s *solved) output(e *env, o *runOptions) error {
	r := s.run
	var err error
	switch o.format.value {
	case "table":
		err = tables.WriteSummary(e.stdout, r)
	case "csv":
		err = tables.WriteCSV(e.stdout, r, o.table.value)
	case "json":
		err = tables.WriteJSON(e.stdout, r)
	}
	if err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("output", s.sc.Slug())
	}
	written, err := s.writeFiles(dir, o)
	if !o.quiet && len(written) > 0 {
		fmt.Fprintf(e.stderr, "wrote %d files to %s\n", len(written), dir)
	}
	return err
}

// writeFiles writes the run's files into dir and returns their paths.
func (s *solved) writeFiles(dir string, o *runOptions) ([]string, error) {
	var written []string
	write := func(name string, f func(w io.Writer) error) error {
		path := filepath.Join(dir, name)
		if err := atomicfile.Write(path, f); err != nil {
			return err
		}
		written = append(written, path)
		return nil
	}
	r := s.run
	steps := []struct {
		name string
		f    func(w io.Writer) error
	}{
		{"summary.txt", func(w io.Writer) error { return tables.WriteSummary(w, r) }},
		{"results.json", func(w io.Writer) error { return tables.WriteJSON(w, r) }},
		{"scenario.toml", func(w io.Writer) error { return s.sc.WriteResolved(w, s.b, s.opt) }},
	}
	for _, t := range tables.Tables {
		steps = append(steps, struct {
			name string
			f    func(w io.Writer) error
		}{t + ".csv", func(w io.Writer) error { return tables.WriteCSV(w, r, t) }})
	}
	for _, st := range steps {
		if err := write(st.name, st.f); err != nil {
			return written, err
		}
	}
	if !o.noCharts && len(o.charts.values) > 0 {
		paths, err := s.writeCharts(dir, o.charts.values)
		written = append(written, paths...)
		if err != nil {
			return written, err
		}
	}
	if o.report {
		if err := write("report.html", s.writeReport); err != nil {
			return written, err
		}
	}
	return written, nil
}
