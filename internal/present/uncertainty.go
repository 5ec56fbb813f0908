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
	m := r.ChartMeta()
	m.Drawn = u.Drawn()
	return append([]*chart.Chart{chart.HeadlineIntervals(r.Result, m, u.Draws-u.Failed, get)}, cs...)
}

// reportUncertainty is the Monte Carlo summary of the report's headline
// table; nil without a Monte Carlo run.
func (r *Run) reportUncertainty() *report.Uncertainty {
	u := r.Uncertainty
	if u == nil {
		return nil
	}
	out := &report.Uncertainty{Draws: u.Draws, Failed: u.Failed, Seed: u.Seed, Definition: tables.PercentilesDefinition, Drawn: u.DrawnSentence()}
	if len(u.Errors) > 0 {
		out.FirstError = fmt.Sprintf("draw %d: %v", u.Errors[0].Draw, u.Errors[0].Err)
	}
	iv := func(n metric.Name) *report.Interval {
		if p5, p95, ok := r.HeadlineInterval(n); ok {
			return &report.Interval{P5: p5, P95: p95}
		}
		return nil
	}
	out.Imports, out.Exports, out.Balance = iv(metric.Imports1), iv(metric.Exports1), iv(metric.Balance1)
	out.ConsumerSurplus, out.Revenue, out.Producer, out.Welfare = iv(metric.ConsumerSurplus), iv(metric.Revenue), iv(metric.ProducerSurplus), iv(metric.Welfare)
	return out
}

// HeadlineInterval is the 90% interval of the change of headline figure
// n over the Monte Carlo draws: the percentiles are of levels, so a
// change's is the level's minus the (fixed) baseline value, and a figure
// that is a change already (welfare) is taken as it is. ok is false
// without draws. The report and the web page both show these.
func (r *Run) HeadlineInterval(n metric.Name) (p5, p95 float64, ok bool) {
	if r.Uncertainty == nil {
		return 0, 0, false
	}
	m, ok := r.Uncertainty.Get(metric.Key{Group: metric.GroupHeadline, Name: n})
	if !ok {
		return 0, 0, false
	}
	b := m.Before
	if math.IsNaN(b) {
		b = 0
	}
	return m.P5 - b, m.P95 - b, true
}
