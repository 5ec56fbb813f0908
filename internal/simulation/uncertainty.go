package simulation

import (
	"github.com/tariffsim/tariffsim/internal/chart"
)

// withIntervals adds the Monte Carlo run's 90% intervals to the charts
// that have them, and the uncertainty chart of the headline first.
func (r *Run) withIntervals(cs []*chart.Chart) []*chart.Chart {
	u := r.Uncertainty
	get := func(group, code, name string) (before, p5, p50, p95 float64, ok bool) {
		m, ok := u.Get(group, code, name)
		return m.Before, m.P5, m.P50, m.P95, ok
	}
	chart.AddIntervals(cs, u.Draws-u.Failed, get)
	return append([]*chart.Chart{chart.HeadlineIntervals(r.Result, r.ChartMeta(), u.Draws-u.Failed, get)}, cs...)
}
