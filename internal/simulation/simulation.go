// Package simulation runs a scenario on a baseline the way every front end
// of tariffsim does (the command line, the web page): it solves the
// scenario, solves it again without its retaliation measures so that their
// effect can be shown apart, and describes the run for tables, charts and
// the HTML report.
package simulation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/report"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// Version is the tool version stamped on outputs; front ends set it.
type Version string

// Run is a solved scenario.
type Run struct {
	Scenario *scenario.Scenario
	Baseline *baseline.Baseline
	Options  scenario.Options
	*tables.Run
}

// InputError marks a failure caused by the scenario or baseline (a tariff
// below −100%, say) rather than by the solver.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Solve runs sc on b. focus is the country the headline is about; empty
// means "US" when b has it, else the first measure's imposer. version is
// stamped on outputs.
func Solve(ctx context.Context, sc *scenario.Scenario, b *baseline.Baseline, opt scenario.Options, focus, version string) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
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
	if focus == "" {
		focus = DefaultFocus(sc, b)
	}
	info := tables.Scenario{Name: sc.Name, Description: sc.Description, File: sc.File, Sources: sc.Sources, Horizon: sc.Model.Horizon.String()}
	if d, ok := sc.At(opt); ok {
		info.At = d.Format(time.DateOnly)
	}
	for _, m := range inForce {
		info.Measures = append(info.Measures, DescribeMeasure(m, b))
	}
	return &Run{Scenario: sc, Baseline: b, Options: opt, Run: &tables.Run{
		Version: version, Scenario: info, Baseline: b, Result: res, TariffsOnly: only, Focus: focus,
	}}, nil
}

func solveWith(sc *scenario.Scenario, b *baseline.Baseline, opt scenario.Options) (*model.Result, error) {
	p, err := sc.Problem(b, opt)
	if err != nil {
		return nil, &InputError{err}
	}
	res, err := model.Solve(p)
	if err != nil {
		return nil, fmt.Errorf("solve %s: %w", sc.Name, err)
	}
	return res, nil
}

// IsInputError reports whether err was caused by the input.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// DefaultFocus is "US" when b has it, else the first measure's imposer.
func DefaultFocus(sc *scenario.Scenario, b *baseline.Baseline) string {
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

// DescribeMeasure puts a measure in words for summaries and reports.
func DescribeMeasure(m scenario.Measure, b *baseline.Baseline) string {
	var sb strings.Builder
	if m.Kind == scenario.Retaliation {
		sb.WriteString("Retaliation: ")
	}
	sb.WriteString(b.CountryName(m.By))
	if m.Kind == scenario.TradeCost {
		fmt.Fprintf(&sb, " changes the trade cost by %s on ", m.Change)
	} else if m.Mode == scenario.Set {
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

// FocusName is how titles name the focus country: "US" for the United
// States ("US imports"), its name otherwise.
func (r *Run) FocusName() string {
	if r.Focus == "US" {
		return "US"
	}
	return r.Baseline.CountryName(r.Focus)
}

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
	}
}

// Charts builds the run's charts.
func (r *Run) Charts() ([]*chart.Chart, error) {
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

// WriteReport writes the run's self-contained HTML report.
func (r *Run) WriteReport(w io.Writer) error { return r.WriteReportPath(w, nil) }

// WriteReportPath writes the run's self-contained HTML report with, when
// path is not nil, the scenario solved month by month (see SolvePath): its
// monthly totals, the time-path charts and the tables behind them.
func (r *Run) WriteReportPath(w io.Writer, path *tables.Path) error {
	charts, err := r.Charts()
	if err != nil {
		return err
	}
	h, _ := report.HeadlineFrom(r.Result, r.Focus, r.FocusName())
	info := r.Run.Scenario
	sc := report.Scenario{Name: info.Name, Description: info.Description, Measures: info.Measures, Sources: info.Sources, At: info.At}
	if info.At != "" {
		sc.Measures = append([]string{"Measures in force on " + info.At + ":"}, sc.Measures...)
	}
	notes := []string{
		"Partial equilibrium: incomes, exchange rates and other sectors do not move; money is million USD at world prices (docs/MODEL.md).",
		"Elasticities not set by the scenario are the baseline's documented defaults per ATP group (docs/DATA.md).",
	}
	if r.TariffsOnly != nil {
		notes = append(notes, "Effects of retaliation are the difference between the full run and a run without the retaliation measures.")
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
		Assumptions: report.Assumptions{Model: chart.ModelName(r.Result), Elasticities: chart.ElasticityRanges(r.Result), Notes: notes},
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
