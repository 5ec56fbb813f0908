package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"sync/atomic"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// scenarioFlags are the flags that say what to solve: --baseline, --at
// and --focus.
type scenarioFlags struct {
	baseline, at, focus string
	maxBaselineMiB      int
}

const baselineUsage = "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline (ge2006: the shipped GE baseline, the default of engine = \"ge\" scenarios)"

// register adds the flags to fs; at and focus are their usage lines
// (what the date and the country mean for the command).
func (f *scenarioFlags) register(fs *flag.FlagSet, at, focus string) {
	fs.StringVar(&f.baseline, "baseline", "", baselineUsage)
	baselineLimit(fs, &f.maxBaselineMiB)
	fs.StringVar(&f.at, "at", "", at)
	fs.StringVar(&f.focus, "focus", "", focus)
}

// inputs are the files a command reads: args (scenario paths; a shipped
// scenario's name is no file) and --baseline. No output may replace them.
func (f *scenarioFlags) inputs(args ...string) []string {
	return append(slices.Clone(args), f.baseline)
}

// oneScenario checks that cmd got the one scenario argument it takes.
func oneScenario(cmd string, args []string) error {
	if len(args) != 1 {
		return usagef("%s takes one scenario file (got %d arguments); see 'tariffsim %s -h'", cmd, len(args), cmd)
	}
	return nil
}

// load reads the baseline, checks --focus against it, and reads the
// scenario arg (a file or a shipped name) with the options of --at.
//
// A scenario with [model] engine = "ge" runs on the shipped GE baseline
// (ge2006) unless --baseline names another: the ATP baseline has no
// domestic sales for most countries, which GE needs.
func (f *scenarioFlags) load(arg string) (*scenario.Scenario, *baseline.Baseline, scenario.Options, error) {
	data, file, err := readScenario(arg)
	if err != nil {
		return nil, nil, scenario.Options{}, err
	}
	path := f.baseline
	if path == "" && isGE(data, file) {
		path = gerun.BaselineName
	}
	b, opt, err := f.loadBaselineFrom(path)
	if err != nil {
		return nil, nil, opt, err
	}
	sc, err := scenario.Validate(data, file, b)
	if err != nil {
		return nil, nil, opt, usageError{err}
	}
	return sc, b, opt, nil
}

// isGE reports whether the scenario file asks for the GE engine; a file
// that does not parse is not, and Validate then reports its problems.
func isGE(data []byte, file string) bool {
	sc, err := scenario.Parse(data, file)
	return err == nil && sc.Model.Engine == scenario.GE
}

// loadBaseline is load without a scenario.
func (f *scenarioFlags) loadBaseline() (*baseline.Baseline, scenario.Options, error) {
	return f.loadBaselineFrom(f.baseline)
}

func (f *scenarioFlags) loadBaselineFrom(path string) (*baseline.Baseline, scenario.Options, error) {
	at, err := parseDate(f.at)
	if err != nil {
		return nil, scenario.Options{}, err
	}
	b, err := loadBaseline(path, f.maxBaselineMiB)
	if err != nil {
		return nil, scenario.Options{}, err
	}
	if err := checkFocus(f.focus, b); err != nil {
		return nil, scenario.Options{}, err
	}
	return b, scenario.Options{At: at}, nil
}

// outputFlags are the flags that say what to write: --out, --charts,
// --no-charts, -q and the chart controls (chartFlags).
type outputFlags struct {
	chartFlags
	out      string
	charts   listValue
	noCharts bool
	quiet    bool
}

// register adds the flags to fs; out is the usage line of --out.
func (f *outputFlags) register(fs *flag.FlagSet, out string) {
	f.charts = listValue{allowed: []string{"png", "svg", "pdf"}, values: []string{"png", "svg"}}
	fs.StringVar(&f.out, "out", "", out)
	fs.Var(&f.charts, "charts", "chart `formats` to write: any of png,svg,pdf")
	fs.BoolVar(&f.noCharts, "no-charts", false, "do not draw charts")
	fs.BoolVar(&f.quiet, "q", false, "do not list the files written")
	f.chartFlags.register(fs)
}

// wantCharts reports whether charts are to be drawn.
func (f *outputFlags) wantCharts() bool { return !f.noCharts && len(f.charts.values) > 0 }

// files writes a command's outputs into one folder that is replaced as a
// whole (atomicfile.Dir), and then says how many it wrote: the one
// "write, then count" path of every command. A run leaves either the
// previous run's complete folder or its own, never a mix: no report.html
// or charts of an earlier run survive a rerun into the same folder.
type files struct {
	ctx     context.Context // an interrupted run stops writing
	dir     string          // as given, for messages
	flags   *outputFlags
	d       *atomicfile.Dir
	written atomic.Int64 // files written; write may run on several goroutines
}

// openFiles opens the --out folder, or def when it is not given, for
// writing: after checking that replacing it would overwrite none of
// inputs (the scenario and baseline files), which is a usage error, so
// that it is called before any work. The caller defers abort and ends
// with done. Once ctx ends, nothing more is written.
func (f *outputFlags) openFiles(ctx context.Context, def string, inputs ...string) (*files, error) {
	dir := f.out
	if dir == "" {
		dir = def
	}
	if err := checkOutput(dir, inputs...); err != nil {
		return nil, err
	}
	d, err := atomicfile.NewDir(dir, atomicfile.DirOptions{Owned: ownOutput})
	if err != nil {
		if errors.As(err, new(*fs.PathError)) {
			return nil, err // the file system failed (exit 1)
		}
		// A refusal of the folder chosen: a file, a root, or a folder
		// with files of the user's own that a run would delete.
		return nil, usageError{err}
	}
	return &files{ctx: ctx, dir: dir, flags: f, d: d}, nil
}

// checkOutput refuses an output (a folder, or a single file) that would
// overwrite or delete one of inputs.
func checkOutput(out string, inputs ...string) error {
	err := atomicfile.CheckInputs(out, inputs...)
	if err == nil || errors.As(err, new(*fs.PathError)) {
		// A path that cannot even be looked at fails as the write would
		// (exit 1); only a real conflict is a usage error.
		return err
	}
	return usageError{err}
}

// write writes one file into the new folder.
func (w *files) write(name string, f func(io.Writer) error) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := w.d.Write(name, f); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(w.dir, name), err)
	}
	w.written.Add(1)
	return nil
}

// charts writes cs in the formats of --charts, unless --no-charts; build
// is called only then.
func (w *files) charts(build func() ([]*chart.Chart, error)) error {
	if !w.flags.wantCharts() {
		return nil
	}
	if err := w.ctx.Err(); err != nil {
		return err
	}
	cs, err := build()
	if err != nil {
		return err
	}
	// Into the new folder without a sync of each chart: Commit syncs
	// every file of the folder once.
	names, err := chart.WriteFilesWith(w.flags.apply(cs), w.flags.charts.values, func(name string, render func(io.Writer) error) error {
		if err := w.d.Write(name, render); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(w.dir, name), err)
		}
		return nil
	})
	w.written.Add(int64(len(names)))
	return err
}

// abort drops the new folder unless done committed it: deferred after
// openFiles, so that an error or a panic leaves the old folder.
func (w *files) abort() { w.d.Abort() }

// done swaps the new folder in for the old one when err is nil and ctx
// has not ended (an interrupted run commits nothing), and says how many
// files it holds (unless -q).
func (w *files) done(e *env, err error) error {
	if err == nil {
		err = w.ctx.Err()
	}
	if err != nil {
		w.d.Abort()
		return err
	}
	if err := w.d.Commit(); err != nil {
		return fmt.Errorf("output folder %s: %w", w.dir, err)
	}
	if n := w.written.Load(); !w.flags.quiet && n > 0 {
		fmt.Fprintf(e.stderr, "wrote %d files to %s\n", n, w.dir)
	}
	return nil
}
