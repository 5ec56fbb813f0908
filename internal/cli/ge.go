package cli

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/tariffsim/tariffsim/internal/analysis"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/present"
	"github.com/tariffsim/tariffsim/internal/tables"
)

// outputGE is output for a scenario with [model] engine = "ge": its own
// summary and tables (countries.csv, flows.csv), results.json, the two GE
// charts and the report.
func outputGE(s *present.Run, e *env, o *runOptions, w *files) error {
	r := s.Run
	var err error
	switch o.format.value {
	case "table":
		err = tables.WriteGESummary(e.stdout, r)
	case "csv":
		t := o.table.value
		if !slices.Contains(tables.GETables, t) {
			return usagef("--table %s: a GE run has the tables countries and flows (and its percentiles are in the summary and results.json)", t)
		}
		err = tables.WriteGECSV(e.stdout, r, t)
	case "json":
		err = tables.WriteGEJSON(e.stdout, r)
	}
	if err != nil {
		return err
	}
	return writeGEFiles(s, w, o)
}

func writeGEFiles(s *present.Run, w *files, o *runOptions) error {
	r := s.Run
	steps := []struct {
		name string
		f    func(io.Writer) error
	}{
		{"summary.txt", func(w io.Writer) error { return tables.WriteGESummary(w, r) }},
		{"results.json", func(w io.Writer) error { return tables.WriteGEJSON(w, r) }},
		{"scenario.toml", s.WriteResolved},
		{"countries.csv", func(w io.Writer) error { return tables.WriteGECSV(w, r, "countries") }},
		{"flows.csv", func(w io.Writer) error { return tables.WriteGECSV(w, r, "flows") }},
	}
	for _, st := range steps {
		if err := w.write(st.name, st.f); err != nil {
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

// geDrawsNote says on stderr how a GE Monte Carlo went: failed draws,
// and a note when σ is not a distribution (every draw is then the plain
// run).
func geDrawsNote(e *env, o *runOptions, p *pipeline.Run) error {
	u := p.GE.Uncertainty
	if u == nil {
		return nil
	}
	if u.Failed > 0 {
		fmt.Fprintf(e.stderr, "warning: %d of %d GE draws failed to solve and are left out of the percentiles; first: %v\n", u.Failed, u.Draws, u.FirstError)
	}
	if len(u.Params) == 0 {
		fmt.Fprintf(e.stderr, "note: the substitution elasticity of %s is not a distribution, so every GE draw equals the plain run; write one such as substitution = { dist = \"lognormal\", median = 5, p95 = 8 } (θ = σ − 1)\n", p.Scenario.File)
	}
	if !o.quiet {
		fmt.Fprintf(e.stderr, "Monte Carlo (GE): %d draws, θ = σ − 1 drawn from %d distribution(s), %d failed\n", u.Draws, len(u.Params), u.Failed)
	}
	return nil
}

// comparison is what compare writes: a PE comparison or a PE-and-GE one.
type comparison interface {
	WriteTable(io.Writer) error
	WriteCSV(io.Writer) error
	WriteJSON(io.Writer) error
	Charts() ([]*chart.Chart, error)
	Scenarios() int
	Slug() string
}

// anyGE reports whether any scenario argument asks for the GE engine (an
// unreadable one is left to the ordinary path's messages).
func anyGE(args []string) bool {
	for _, a := range args {
		if data, file, err := readScenario(a); err == nil && isGE(data, file) {
			return true
		}
	}
	return false
}

// compareEngines loads each scenario with its own baseline (see
// scenarioFlags.load) and sets the runs side by side.
func compareEngines(ctx context.Context, o *compareOptions, args []string) (*analysis.EngineComparison, error) {
	var reqs []analysis.EngineRequest
	for i, arg := range args {
		sc, b, opt, err := o.scenarioFlags.load(arg)
		if err != nil {
			return nil, usagef("cannot compare: scenario %d (%s):\n%w", i+1, arg, err)
		}
		reqs = append(reqs, analysis.EngineRequest{Name: arg, Request: pipeline.Request{Scenario: sc, Baseline: b, Options: opt, Focus: o.focus}})
	}
	c, err := analysis.CompareEngines(ctx, reqs, versionString())
	if pipeline.IsInputError(err) {
		return nil, usageError{err}
	}
	return c, err
}
