package present

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/report"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// PathAssumptions puts a timeline's rules in words, one line each.
func PathAssumptions(sc *scenario.Scenario, tp *timepath.Path) []string {
	t := sc.Timeline
	var out []string
	out = append(out, "Tariffs: each month's rate weights every measure by the days it is in force.")
	hl := fmt.Sprintf("Adjustment: half-life %s months", t.HalfLife)
	if t.HalfLife.Value() == 0 {
		hl = "Adjustment: at once (half-life 0)"
	}
	g := fmt.Sprintf("No-tariff path: the baseline, growing %s a year", t.Growth.Percent())
	if t.Growth.Percent() == 0 {
		g = "No-tariff path: the baseline held flat (no growth)"
	}
	var hls, gs []string
	keys := make([]string, 0, len(t.Category))
	for k := range t.Category {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		c := t.Category[k]
		if c.HalfLife.IsSet() {
			hls = append(hls, fmt.Sprintf("%s %s", k, c.HalfLife))
		}
		if c.Growth.IsSet() {
			gs = append(gs, fmt.Sprintf("%s %s", k, c.Growth.Percent()))
		}
	}
	if len(hls) > 0 {
		hl += " (" + strings.Join(hls, ", ") + ")"
	}
	if len(gs) > 0 {
		g += " (" + strings.Join(gs, ", ") + ")"
	}
	out = append(out, hl+"; the path starts from the baseline in the month before the first.", g+".")
	if t.ShortRunMonths > 0 {
		last := min(t.ShortRunMonths, tp.Months) - 1
		out = append(out, fmt.Sprintf("Elasticities: short-run defaults from %s to %s, then %s.",
			tp.Label(0), tp.Label(last), sc.Model.Horizon))
	}
	return out
}

// rowID is a row id of tariff_actions_2025.csv at the start of a note
// ("T17, T22: ..." gives "T17"), as the shipped scenarios write them.
var rowID = regexp.MustCompile(`^[A-Z]\d{2}\b`)

// rowIDs is the list of row ids that opens a note ("T10, T21: ").
var rowIDs = regexp.MustCompile(`^[A-Z]\d{2}(?:\s*,\s*[A-Z]\d{2})*\s*:\s*`)

// markerLabel says in words what measure m is, for a time-path chart: its
// note without the leading row ids ("T21: EU 15% all-in" gives "EU 15%
// all-in"), or, without a note, who sets what on whom ("US 25% on CA, MX").
func markerLabel(m scenario.Measure) string {
	if s := strings.TrimSpace(rowIDs.ReplaceAllString(m.Note, "")); s != "" {
		return s
	}
	on := strings.Join(m.On, ", ")
	if on == "*" {
		on = "all partners"
	}
	return fmt.Sprintf("%s %s on %s", m.By, m.Rate, on)
}

// PathMarkers are the dates on which measures of the run's selection start
// or lift (the day after their end), labelled in words (see markerLabel)
// and carrying the row id that starts the measure's note, if any.
func (r *Run) PathMarkers() []chart.Marker {
	var out []chart.Marker
	each := func(ms []scenario.Measure) {
		for _, m := range ms {
			id, lab := rowID.FindString(m.Note), markerLabel(m)
			if !m.Start.IsZero() {
				out = append(out, chart.Marker{Date: m.Start.Time(), Label: lab, ID: id})
			}
			if !m.End.IsZero() {
				out = append(out, chart.Marker{Date: m.End.Time().AddDate(0, 0, 1), Label: lab, ID: id, End: true})
			}
		}
	}
	each(r.Scenario.Tariffs)
	if r.Options.Measures == scenario.AllMeasures {
		each(r.Scenario.Retaliations)
	}
	return out
}

// PathCharts builds the time-path charts of p.
func (r *Run) PathCharts(p *tables.Path) ([]*chart.Chart, error) {
	m := r.ChartMeta()
	return chart.BuildPath(p.Path, r.PathMarkers(), m)
}

// PathView describes the run's monthly path as the HTML report and the
// web page show it: charts, monthly totals and the measures; nil without
// a path.
func (r *Run) PathView() (*report.Path, error) {
	if r.Path == nil {
		return nil, nil
	}
	return r.reportPath(r.Path)
}

// reportPath describes p for the HTML report.
func (r *Run) reportPath(p *tables.Path) (*report.Path, error) {
	charts, err := r.PathCharts(p)
	if err != nil {
		return nil, err
	}
	for i, c := range charts {
		charts[i] = c.With(r.ChartOptions)
	}
	out := &report.Path{Focus: r.FocusName(), Assumptions: p.Assumptions, Outside: p.Outside, Charts: charts}
	for _, t := range p.Totals() {
		out.Months = append(out.Months, report.Month{Month: t.Month,
			Imports: float64(t.Imports), ImportsNoTariff: float64(t.ImportsNoTariff),
			Exports: float64(t.Exports), ExportsNoTariff: float64(t.ExportsNoTariff),
			Revenue: float64(t.TariffRevenue)})
	}
	// The measures with their dates and notes: the charts mark them by
	// the row ids their notes start with.
	var ms []scenario.Measure
	ms = append(ms, r.Scenario.Tariffs...)
	if r.Options.Measures == scenario.AllMeasures {
		ms = append(ms, r.Scenario.Retaliations...)
	}
	slices.SortStableFunc(ms, func(a, b scenario.Measure) int { return a.Start.Time().Compare(b.Start.Time()) })
	for _, m := range ms {
		if m.Note == "" {
			continue
		}
		when := "Throughout"
		if p := Period(m); p != "" {
			when = strings.ToUpper(p[:1]) + p[1:]
		}
		out.Measures = append(out.Measures, when+" — "+m.Note)
	}
	return out, nil
}
