package present

import (
	"fmt"
	"math"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/report"
	"github.com/tariffsim/tariffsim/internal/tables"
)

// withIntervals adds the Monte Carlo run's 90% intervals to the charts
// that have them, and the uncertainty chart of the headline first.
func (r *Run) withIntervals(cs []*chart.Chart) []*chart.Chart {
	u := r.Uncertainty
	get := func(k metric.Key) (before, p5, p50, p95 float64, ok bool) {
		m, ok := u.Get(k)
		return m.Before, m.P5, m.P50, m.P95, ok
	}
	chart.AddIntervals(cs, u.Draws-u.Failed, get)
	return append([]*chart.Chart{chart.HeadlineIntervals(r.Result, r.ChartMeta(), u.Draws-u.Failed, get)}, cs...)
}

// reportUncertainty is the Monte Carlo summary of the report's headline
// table; nil without a Monte Carlo run.
func (r *Run) reportUncertainty() *report.Uncertainty {
	u := r.Uncertainty
	if u == nil {
		return nil
	}
	out := &report.Uncertainty{Draws: u.Draws, Failed: u.Failed, Seed: u.Seed, Definition: tables.PercentilesDefinition}
	if len(u.Errors) > 0 {
		out.FirstError = fmt.Sprintf("draw %d: %v", u.Errors[0].Draw, u.Errors[0].Err)
	}
	// Percentiles are of levels; a change's is the level's minus the
	// (fixed) baseline value, none for changes such as welfare.
	iv := func(name string) *report.Interval {
		m, ok := u.Get(metric.Key{Group: metric.Group("headline"), Code: "", Name: metric.Name(name)})
		if !ok {
			return nil
		}
		b := m.Before
		if math.IsNaN(b) {
			b = 0
		}
		return &report.Interval{P5: m.P5 - b, P95: m.P95 - b}
	}
	out.Imports, out.Exports, out.Balance = iv("imports1"), iv("exports1"), iv("balance1")
	out.ConsumerSurplus, out.Revenue, out.Producer, out.Welfare = iv("dCS"), iv("dR"), iv("dPS"), iv("welfare")
	return out
}
