package chart

import (
	"math"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
	"github.com/tariffsim/tariffsim/internal/metric"
)

// Intervals go into the charts' data as p5/p50/p95 change columns, into
// the whiskers in display units, and the charts still render; labels move
// beyond the whiskers.
func TestAddIntervals(t *testing.T) {
	res, _, m := build(t, charttest.Options{Partners: 15, Categories: 4, Tariff: 1}, false)
	// A fake Monte Carlo run: every value1 and welfare part ±10% around
	// the plain change, before = the baseline where there is one.
	before := map[string]float64{}
	for _, r := range m["imports-by-partner"].Data.All {
		before[r.Code] = r.Values[0]
	}
	change := map[string]float64{}
	for _, r := range m["imports-by-partner"].Data.All {
		change[r.Code] = r.Values[2]
	}
	get := func(k metric.Key) (float64, float64, float64, float64, bool) {
		if k.Group != metric.GroupImportsByPartner {
			return 0, 0, 0, 0, false
		}
		b, d := before[k.Code], change[k.Code]
		lo, hi := d-0.1*math.Abs(d), d+0.1*math.Abs(d)
		return b, b + lo, b + d, b + hi, true
	}
	cs := []*Chart{m["imports-by-partner"], m["trade-by-category"]}
	AddIntervals(cs, 1000, get)
	c := m["imports-by-partner"]
	j := c.Data.Col("Change p5")
	if j < 0 || c.Data.Col("Change p95") != j+2 {
		t.Fatalf("columns: %+v", c.Data.Columns)
	}
	se := c.bars.series[0]
	for i, r := range c.Data.Rows {
		if r.Code == "" {
			if !math.IsNaN(r.Values[j]) || se.hasIV(i) {
				t.Errorf("aggregate row %q has an interval", r.Label)
			}
			continue
		}
		if !near(r.Values[j], change[r.Code]-0.1*math.Abs(change[r.Code])) || !near(r.Values[j+1], change[r.Code]) {
			t.Errorf("%s: p5 %v p50 %v, change %v", r.Code, r.Values[j], r.Values[j+1], change[r.Code])
		}
		if !near(se.iv[i].mid, se.hi[i]) {
			t.Errorf("%s: whisker median %v, bar %v (display units)", r.Code, se.iv[i].mid, se.hi[i])
		}
		if v, dir := se.labelEnd(i); (dir > 0 && v < se.iv[i].hi) || (dir < 0 && v > se.iv[i].lo) {
			t.Errorf("%s: label at %v inside the whisker %+v", r.Code, v, se.iv[i])
		}
	}
	// No interval data for categories: the chart is left as it was.
	if m["trade-by-category"].bars.series[0].hasIV(0) {
		t.Error("trade by category got whiskers without data")
	}
	checkRender(t, c)
	h := HeadlineIntervals(res, testMeta(), 1000, func(k metric.Key) (float64, float64, float64, float64, bool) {
		return math.NaN(), -2, -1, 1, k.Group == metric.GroupHeadline && k.Name == metric.Welfare
	})
	if len(h.Data.Rows) != 1 || h.Data.Rows[0].Label != "Net welfare" || h.Data.Rows[0].Values[1] != -2 {
		t.Errorf("headline intervals: %+v", h.Data.Rows)
	}
	// Its bars are coloured by sign, and the legend says so.
	var names []string
	for _, it := range h.legendItems() {
		names = append(names, it.name)
	}
	if got := strings.Join(names, "|"); got != "Rise (for welfare, a gain)|Fall (for welfare, a loss)" {
		t.Errorf("headline intervals legend %q", got)
	}
	if se := h.bars.series[0]; se.colors[0] != signColour(se.hi[0]-se.lo[0]) {
		t.Errorf("headline intervals colour %v for %v", se.colors[0], se.hi[0])
	}
	checkRender(t, h)
}
