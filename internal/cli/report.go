package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/report"
	"github.com/tariffsim/tariffsim/internal/tables"
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
inline, the tables behind them, and the provenance of the baseline. The file
has no external links, scripts or fonts: it opens correctly from disk with no
network, and prints on A4. 'run --report' writes the same file next to the
run's other results.

Examples:

	tariffsim report us-canada-mexico-25-retaliation
	tariffsim report --out brief.html --at 2025-04-10 china-2025-04-peak`,
		flags: func(fs *flag.FlagSet) any {
			o := &reportOptions{run: &runOptions{}}
			fs.StringVar(&o.run.baseline, "baseline", "", "read the baseline flows from `FILE.csv` instead of the embedded one")
			fs.StringVar(&o.run.at, "at", "", "apply the measures in force on `DATE` (YYYY-MM-DD)")
			fs.StringVar(&o.run.focus, "focus", "", "the `country` the report is about (default US)")
			fs.StringVar(&o.out, "out", "", "write the report to `FILE` (default output/<scenario>/report.html)")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*reportOptions)
			if len(args) != 1 {
				return usagef("report takes one scenario file (got %d arguments)", len(args))
			}
			s, err := solveScenario(ctx, o.run, args[0])
			if err != nil {
				return err
			}
			path := o.out
			if path == "" {
				path = filepath.Join("output", s.sc.Slug(), "report.html")
			}
			if err := atomicfile.Write(path, s.writeReport); err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, path)
			return err
		},
	}
}

// writeReport writes the run's HTML report.
func (s *solved) writeReport(w io.Writer) error {
	r := s.run
	charts, err := chart.Build(r.Result, r.TariffsOnly, s.chartMeta())
	if err != nil {
		return err
	}
	h, _ := report.HeadlineFrom(r.Result, r.Focus, focusName(r))
	sc := report.Scenario{Name: r.Scenario.Name, Description: r.Scenario.Description, Measures: r.Scenario.Measures, Sources: r.Scenario.Sources}
	if r.Scenario.At != "" {
		sc.Measures = append([]string{"Measures in force on " + r.Scenario.At + ":"}, sc.Measures...)
	}
	notes := []string{
		"Partial equilibrium: incomes, exchange rates and other sectors do not move; money is million USD at world prices (docs/MODEL.md).",
		"Elasticities not set by the scenario are the baseline's documented defaults per ATP group (docs/DATA.md).",
	}
	if r.TariffsOnly != nil {
		notes = append(notes, "Effects of retaliation are the difference between the full run and a run without the retaliation measures.")
	}
	pv := r.Baseline.Provenance()
	return report.Write(w, report.Report{
		Version:  "tariffsim " + Version,
		Scenario: sc,
		Baseline: report.Baseline{
			Name: r.Baseline.Name, Description: r.Baseline.Description, EstimatedShare: pv.EstimatedShare(),
			Sources: baselineSources(r),
		},
		Assumptions: report.Assumptions{Model: tables.ModelLine(r.Result), Notes: notes},
		Headline:    h,
		Charts:      charts,
	})
}

// baselineSources lists the distinct row sources, or says where they are
// documented when there are too many to list.
func baselineSources(r *tables.Run) []string {
	seen := map[string]bool{}
	var out []string
	for _, row := range r.Baseline.Rows {
		if row.Source != "" && !seen[row.Source] {
			seen[row.Source] = true
			out = append(out, row.Source)
		}
	}
	if len(out) > 12 {
		return []string{fmt.Sprintf("%d distinct row sources: every flow's status and source is listed by 'tariffsim baseline --format csv'; method and sources in docs/DATA.md.", len(out))}
	}
	return out
}
