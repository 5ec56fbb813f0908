package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

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
}

const baselineUsage = "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline (ge2006: the shipped GE baseline, the default of engine = \"ge\" scenarios)"

// register adds the flags to fs; at and focus are their usage lines
// (what the date and the country mean for the command).
func (f *scenarioFlags) register(fs *flag.FlagSet, at, focus string) {
	fs.StringVar(&f.baseline, "baseline", "", baselineUsage)
	fs.StringVar(&f.at, "at", "", at)
	fs.StringVar(&f.focus, "focus", "", focus)
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
	b, err := loadBaseline(path)
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

// files writes a command's outputs into one directory and then says how
// many it wrote: the one "write, then count" path of every command.
type files struct {
	dir     string
	flags   *outputFlags
	written []string
}

// newFiles writes into the --out directory, or def when it is not given.
func (f *outputFlags) newFiles(def string) *files {
	dir := f.out
	if dir == "" {
		dir = def
	}
	return &files{dir: dir, flags: f}
}

// write writes one file atomically.
func (w *files) write(name string, f func(io.Writer) error) error {
	path := filepath.Join(w.dir, name)
	if err := atomicfile.Write(path, f); err != nil {
		return err
	}
	w.written = append(w.written, path)
	return nil
}

// charts writes cs in the formats of --charts, unless --no-charts; build
// is called only then.
func (w *files) charts(build func() ([]*chart.Chart, error)) error {
	if !w.flags.wantCharts() {
		return nil
	}
	cs, err := build()
	if err != nil {
		return err
	}
	paths, err := chart.WriteFiles(w.dir, w.flags.apply(cs), w.flags.charts.values)
	w.written = append(w.written, paths...)
	return err
}

// done says how many files were written (unless -q) and returns err.
func (w *files) done(e *env, err error) error {
	if !w.flags.quiet && len(w.written) > 0 {
		fmt.Fprintf(e.stderr, "wrote %d files to %s\n", len(w.written), w.dir)
	}
	return err
}
