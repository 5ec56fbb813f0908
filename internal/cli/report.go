package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
)

type reportOptions struct {
	run *runOptions
	out string
}

func reportCommand() *command {
	return &command{
		name:     "report",
		synopsis: "write a self-contained HTML report of a scenario",
		usage:    "[flags] SCENARIO.toml",
		help: `
Solves a scenario like 'run' and writes one HTML file to share: the scenario
in words, its assumptions and sources, the headline figures, every chart
inline, the tables behind them, and the provenance of the baseline; for a
scenario with a [timeline], also the month-by-month path (its monthly
totals, the time-path charts and their tables). The file
has no external links, scripts or fonts: it opens correctly from disk with no
network, and prints on A4. 'run --report' writes the same file next to the
run's other results.

Examples:

	tariffsim report us-canada-mexico-25-retaliation
	tariffsim report --out brief.html --at 2025-04-10 china-2025-04-peak`,
		flags: func(fs *flag.FlagSet) any {
			o := &reportOptions{run: &runOptions{}}
			o.run.scenarioFlags.register(fs, "apply the measures in force on `DATE` (YYYY-MM-DD)", "the `country` the report is about (default US)")
			fs.StringVar(&o.out, "out", "", "write the report to `FILE` (default output/<scenario>/report.html)")
			o.run.chartFlags.register(fs)
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*reportOptions)
			if err := oneScenario("report", args); err != nil {
				return err
			}
			sc, b, opt, err := o.run.scenarioFlags.load(args[0])
			if err != nil {
				return err
			}
			path := o.out
			if path == "" {
				path = filepath.Join("output", sc.Slug(), "report.html")
			}
			// One file, written atomically beside whatever the folder
			// holds; it must not be an input (report --out x.toml x.toml).
			if err := checkOutput(path, o.run.scenarioFlags.inputs(args...)...); err != nil {
				return err
			}
			s, err := solveLoaded(ctx, e, o.run, sc, b, opt)
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := atomicfile.Write(path, func(w io.Writer) error { return s.WriteReport(w) }); err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, path)
			return err
		},
	}
}
