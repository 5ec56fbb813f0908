// Package present describes a solved run (see package pipeline) the
// way every front end of tariffsim shows it (the command line, the web
// page): the tables' run, the charts with their Monte Carlo intervals, the
// monthly path and the HTML report, so that the same inputs give the same
// files whichever front end writes them.
package present

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/report"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// Run is a solved scenario with what is needed to describe it.
type Run struct {
	Scenario *scenario.Scenario
	Baseline *baseline.Baseline
	Options  scenario.Options
	*tables.Run
	// Solved is the pipeline's run behind the tables.
	Solved *pipeline.Run
	// Path is the month-by-month path, nil without a [timeline].
	Path *tables.Path
	// ChartOptions are applied to the report's charts (WriteReport).
	// Charts and PathCharts return the charts as built, so that a caller
	// writing chart files applies them once, itself.
	ChartOptions chart.Options
}

// Solve solves req (see pipeline.Solve) and describes the run; version
// is stamped on outputs.
func Solve(ctx context.Context, req pipeline.Request, version string) (*Run, error) {
	p, err := pipeline.Solve(ctx, req)
	if err != nil {
		return nil, err
	}
	return New(p, version), nil
}

// New describes the solved run p; version is stamped on outputs.
func New(p *pipeline.Run, version string) *Run {
	sc, b, opt := p.Scenario, p.Baseline, p.Options
	info := tables.Scenario{Name: sc.Name, Description: sc.Description, File: sc.File, Sources: sc.Sources, Horizon: sc.Model.Horizon.String()}
	if p.GE != nil {
		info.Horizon = "" // GE has no horizon of defaults
	}
	if d, ok := sc.At(opt); ok {
		info.At = d.Format(time.DateOnly)
	}
	for _, m := range sc.InForce(opt) {
		info.Measures = append(info.Measures, DescribeMeasure(m, b))
	}
	r := &Run{Scenario: sc, Baseline: b, Options: opt, Solved: p, Run: &tables.Run{
		Version: version, Scenario: info, Baseline: b, Result: p.Result, TariffsOnly: p.TariffsOnly, Focus: p.Focus,
		Uncertainty: p.Uncertainty, GE: p.GE, Exemption: sc.Model.Exemption.String(),
	}}
	for _, w := range sc.Warnings(opt) {
		r.ScenarioWarnings = append(r.ScenarioWarnings, w.Error())
	}
	if p.Path != nil && p.Path.Months > 0 {
		r.Run.Month12 = month12(p.Path, p.Focus)
	}
	if p.Path != nil {
		r.Path = &tables.Path{Version: version, Scenario: sc.Name, Baseline: b, Path: p.Path, Focus: p.Focus,
			Assumptions: PathAssumptions(sc, p.Path)}
		for _, m := range sc.OutsideHorizon(scenario.Options{Measures: opt.Measures}) {
			r.Path.Outside = append(r.Path.Outside, DescribeMeasure(m, b))
		}
	}
	return r
}

// modelName is the model variant with the exemption rule, for the
// report's assumptions.
func (r *Run) modelName() string {
	s := chart.ModelName(r.Result)
	if e := tables.ExemptionLine(r.Exemption); e != "" {
		s += "; exemption " + e
	}
	return s
}

// month12 is month 12 of tp (its last month when shorter) for focus.
func month12(tp *timepath.Path, focus string) *tables.PathPoint {
	tot := metric.PathTotalsOf(tp, focus)
	τ := min(12, len(tot)) - 1
	t := tot[τ]
	return &tables.PathPoint{Month: τ + 1, Label: t.Month, Short: τ < 11,
		Imports: t.Imports, ImportsNoTariff: t.ImportsNoTariff, Exports: t.Exports, ExportsNoTariff: t.ExportsNoTariff}
}

// FocusName is how titles name the focus country (see
// pipeline.FocusName).
func (r *Run) FocusName() string { return pipeline.FocusName(r.Baseline, r.Focus) }

// ChartMeta describes the run for chart titles and source notes.
func (r *Run) ChartMeta() chart.Meta {
	return chart.Meta{
		Scenario:       r.Run.Scenario.Name,
		Version:        "tariffsim " + r.Version,
		Baseline:       r.Baseline.Name,
		EstimatedShare: r.Baseline.Provenance().EstimatedShare(),
		Focus:          r.Focus,
		FocusName:      r.FocusName(),
		CountryName:    r.Baseline.CountryName,
		CategoryName:   r.Baseline.CategoryName,
		Exemption:      r.Exemption,
		WelfareNotes:   tables.WelfareNotes(r.Coverage(), r.Baseline.CountryName, r.Baseline.CategoryName),
	}
}

// Charts builds the run's charts.
func (r *Run) Charts() ([]*chart.Chart, error) {
	if r.GE != nil {
		return r.geCharts()
	}
	cs, err := chart.Build(r.Result, r.TariffsOnly, r.ChartMeta())
	if err != nil || r.Uncertainty == nil {
		return cs, err
	}
	return r.withIntervals(cs), nil // a Monte Carlo run: see uncertainty.go
}

// WriteResolved writes the scenario as run (see scenario.WriteResolved).
func (r *Run) WriteResolved(w io.Writer) error {
	return r.Scenario.WriteResolved(w, r.Baseline, r.Options)
}

// WriteReport writes the run's self-contained HTML report with, for a
// scenario with a [timeline], the scenario solved month by month: its
// monthly totals, the time-path charts and the tables behind them.
func (r *Run) WriteReport(w io.Writer) error {
	if r.GE != nil {
		return r.writeGEReport(w)
	}
	path := r.Path
	charts, err := r.Charts()
	if err != nil {
		return err
	}
	for i, c := range charts {
		charts[i] = c.With(r.ChartOptions)
	}
	h := report.HeadlineOf(r.Headline(), r.FocusName())
	er := r.EffectiveRates()
	h.Effective = &er
	info := r.Run.Scenario
	sc := report.Scenario{Name: info.Name, Description: info.Description, Measures: info.Measures, Sources: info.Sources, At: info.At}
	notes := []string{
		"Partial equilibrium: incomes, exchange rates and other sectors do not move; money is million USD at world prices (docs/MODEL.md).",
		"Elasticities not set by the scenario are the baseline's documented defaults per ATP group (docs/DATA.md).",
	}
	if r.TariffsOnly != nil {
		notes = append(notes, "Effects of retaliation are the difference between the full run and a run without the retaliation measures.")
	}
	notes = append(notes, tables.WelfareNotes(r.Coverage(), r.Baseline.CountryName, r.Baseline.CategoryName)...)
	for _, w := range r.Warnings() {
		notes = append(notes, "Warning: "+w)
	}
	var rp *report.Path
	if path != nil {
		if rp, err = r.reportPath(path); err != nil {
			return err
		}
	}
	return report.Write(w, report.Report{
		Version:  "tariffsim " + r.Version,
		Scenario: sc,
		Baseline: report.Baseline{
			Name: r.Baseline.Name, Description: r.Baseline.Description,
			EstimatedShare: r.Baseline.Provenance().EstimatedShare(), Sources: r.baselineSources(),
		},
		Assumptions: report.Assumptions{Model: r.modelName(), Elasticities: chart.ElasticityRanges(r.Result), Notes: notes},
		Headline:    h,
		Charts:      charts,
		Uncertainty: r.reportUncertainty(),
		Path:        rp,
	})
}

// baselineSources lists the distinct row sources, or says where they are
// documented when there are too many to list.
func (r *Run) baselineSources() []string {
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
