package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
)

// Monte Carlo intervals. A bar keeps the plain run's value and label; a
// whisker across it spans the 90% interval (p5 to p95 over the draws) with
// end caps, and a short tick marks the median. The value label moves
// beyond the whisker so the two never overlap.

// interval is a whisker in display units.
type interval struct{ lo, mid, hi float64 }

// IntervalFunc returns the Monte Carlo figure k as its baseline value
// (NaN for a change such as welfare) and percentiles; ok is false when
// there is none.
type IntervalFunc func(k metric.Key) (before, p5, p50, p95 float64, ok bool)

func (se *series) hasIV(i int) bool {
	return se.iv != nil && !math.IsNaN(se.iv[i].lo) && !math.IsNaN(se.iv[i].hi)
}

// labelEnd is barEnd, pushed beyond the bar's whisker on the label's side.
func (se *series) labelEnd(i int) (float64, int) {
	v, dir := barEnd(se.lo[i], se.hi[i])
	if se.hasIV(i) {
		if dir > 0 {
			v = max(v, se.iv[i].hi)
		} else {
			v = min(v, se.iv[i].lo)
		}
	}
	return v, dir
}

// widen extends [lo, hi] to bar i's whisker.
func (se *series) widen(i int, lo, hi float64) (float64, float64) {
	if se.hasIV(i) {
		return min(lo, se.iv[i].lo), max(hi, se.iv[i].hi)
	}
	return lo, hi
}

// drawIntervals draws the whiskers of every series of s.
func drawIntervals(c *draw.Canvas, s *bars, trX, trY func(float64) vg.Length) {
	ls := draw.LineStyle{Color: inkDark, Width: 1.1}
	for j, se := range s.series {
		for i := range se.hi {
			if !se.hasIV(i) || math.IsNaN(se.hi[i]) {
				continue
			}
			y0, y1 := s.barY(i, j)
			ym, h := trY((y0+y1)/2), (trY(y1)-trY(y0))*0.3
			x0, x1, xm := trX(se.iv[i].lo), trX(se.iv[i].hi), trX(se.iv[i].mid)
			c.StrokeLine2(ls, x0, ym, x1, ym)
			c.StrokeLine2(ls, x0, ym-h, x0, ym+h)
			c.StrokeLine2(ls, x1, ym-h, x1, ym+h)
			// The median: a white-edged tick, visible on any bar colour.
			c.StrokeLine2(draw.LineStyle{Color: color.White, Width: 3}, xm, ym-h*1.4, xm, ym+h*1.4)
			c.StrokeLine2(draw.LineStyle{Color: inkDark, Width: 1.4}, xm, ym-h*1.4, xm, ym+h*1.4)
		}
	}
}

// ivSpec says which Monte Carlo metric gives the whisker of a series.
type ivSpec struct {
	series int
	group  metric.Group
	name   metric.Name
}

// AddIntervals adds the 90% intervals of a Monte Carlo run of draws draws
// to the charts that have them: imports and exports by partner (when not
// split by retaliation), trade by category and welfare by country. It
// appends the columns "<series> p5", "p50", "p95" (changes, million USD)
// to their Data.
func AddIntervals(charts []*Chart, draws int, get IntervalFunc) {
	for _, c := range charts {
		s := c.bars
		if s == nil || s.empty != "" {
			continue
		}
		var specs []ivSpec
		one := len(s.series) == 1 && !s.stacked
		switch {
		case c.Name == "imports-by-partner" && one:
			specs = []ivSpec{{0, metric.GroupImportsByPartner, metric.Value1}}
		case c.Name == "exports-by-partner" && one:
			specs = []ivSpec{{0, metric.GroupExportsByPartner, metric.Value1}}
		case c.Name == "trade-by-category":
			specs = []ivSpec{{0, metric.GroupImportsByCategory, metric.Value1}, {1, metric.GroupExportsByCategory, metric.Value1}}
		case c.Name == "welfare-by-country" && len(s.series) == 4:
			g := metric.GroupCountry
			specs = []ivSpec{{0, g, metric.ConsumerSurplus}, {1, g, metric.Revenue}, {2, g, metric.ProducerSurplus}, {3, g, metric.Welfare}}
		}
		if len(specs) == 0 {
			continue
		}
		k := 1.0
		if s.money {
			k = s.unit.perM
		}
		for _, sp := range specs {
			se := s.series[sp.series]
			se.iv = make([]interval, len(se.hi))
			col := len(c.Data.Columns)
			for _, q := range []string{"p5", "p50", "p95"} {
				c.Data.Columns = append(c.Data.Columns, Column{Name: se.name + " " + q, Unit: UnitMillionUSD})
			}
			vals := map[string][3]float64{}
			for _, rows := range [][]Row{c.Data.Rows, c.Data.All} {
				for _, r := range rows {
					if _, done := vals[r.Code]; done && r.Code != "" {
						continue
					}
					v := [3]float64{math.NaN(), math.NaN(), math.NaN()}
					if before, p5, p50, p95, ok := get(metric.Key{Group: sp.group, Code: r.Code, Name: sp.name}); ok && r.Code != "" {
						if math.IsNaN(before) {
							before = 0
						}
						v = [3]float64{p5 - before, p50 - before, p95 - before}
					}
					if r.Code != "" {
						vals[r.Code] = v
					}
				}
			}
			fill := func(rows []Row) {
				for ri := range rows {
					v, ok := vals[rows[ri].Code]
					if !ok || rows[ri].Code == "" {
						v = [3]float64{math.NaN(), math.NaN(), math.NaN()}
					}
					rows[ri].Values = append(rows[ri].Values[:col:col], v[0], v[1], v[2])
				}
			}
			fill(c.Data.Rows)
			fill(c.Data.All)
			if c.Data.Total != nil {
				c.Data.Total.Values = append(c.Data.Total.Values[:col:col], math.NaN(), math.NaN(), math.NaN())
			}
			for i, r := range c.Data.Rows {
				v := vals[r.Code]
				if r.Code == "" {
					v = [3]float64{math.NaN(), math.NaN(), math.NaN()}
				}
				se.iv[i] = interval{lo: v[0] * k, mid: v[1] * k, hi: v[2] * k}
			}
		}
		c.Explain = strings.TrimSpace(c.Explain + fmt.Sprintf(" Whiskers: 90%% interval (5th to 95th percentile) over %s Monte Carlo draws; the tick marks the median.", thousands(draws)))
	}
}

// HeadlineIntervals is the uncertainty chart: the focus country's headline
// changes (imports, exports, balance, consumer surplus, tariff revenue,
// producer surplus, welfare) from the plain run, each with its 90%
// interval and median over draws draws.
func HeadlineIntervals(res *model.Result, m Meta, draws int, get IntervalFunc) *Chart {
	if m.Focus == "" {
		m.Focus = "US"
	}
	b := builder{res: res, m: m, focus: m.FocusName, note: sourceNote(res, m), scenario: m.Scenario}
	if b.focus == "" {
		b.focus = name(m.CountryName, m.Focus)
	}
	rows := []struct {
		label string
		name  metric.Name
	}{
		{"Imports", metric.Imports1}, {"Exports", metric.Exports1}, {"Trade balance", metric.Balance1},
		{"Consumer surplus", metric.ConsumerSurplus}, {"Tariff revenue", metric.Revenue}, {"Producer surplus", metric.ProducerSurplus}, {"Net welfare", metric.Welfare},
	}
	h := metric.HeadlineOf(res, m.Focus)
	found := slices.ContainsFunc(res.Countries, func(c model.CountryResult) bool { return c.Country == m.Focus })
	t := Table{Columns: []Column{{"Change", UnitMillionUSD}, {"p5", UnitMillionUSD}, {"p50", UnitMillionUSD}, {"p95", UnitMillionUSD}}}
	se := newSeries("Change", 0, nil)
	for _, r := range rows {
		before, p5, p50, p95, ok := get(metric.Key{Group: metric.GroupHeadline, Name: r.name})
		if !ok {
			continue
		}
		if math.IsNaN(before) {
			before = 0
		}
		plain := math.NaN()
		if found {
			plain, _ = h.Value(r.name)
		}
		d := plain - before
		t.Rows = append(t.Rows, Row{Label: r.label, Values: []float64{d, p5 - before, p50 - before, p95 - before}})
		se.lo, se.hi = append(se.lo, 0), append(se.hi, d)
		se.colors = append(se.colors, signColour(d))
		se.labels = append(se.labels, Money(d, true)+"  ["+Money(p5-before, true)+" to "+Money(p95-before, true)+"]")
		se.iv = append(se.iv, interval{p5 - before, p50 - before, p95 - before})
	}
	t.All = t.Rows
	s := &bars{rows: rowLabels(t), series: []*series{se}}
	// Coloured by sign like the partner charts, so the legend says what
	// the colours mean (signColour): for the welfare rows a rise is a gain.
	s.legendItems = []legendItem{{name: "Rise (for welfare, a gain)", colour: oiBlue}, {name: "Fall (for welfare, a loss)", colour: oiVermilion}}
	moneyBars(s)
	for i := range se.iv {
		se.iv[i] = interval{se.iv[i].lo * s.unit.perM, se.iv[i].mid * s.unit.perM, se.iv[i].hi * s.unit.perM}
	}
	drawn := m.Drawn
	if drawn == "" {
		drawn = "the uncertain elasticities"
	}
	// The title says what was drawn: a band over some inputs is not how
	// sure the result is, only how much those inputs move it.
	return b.chart("uncertainty-headline", "The "+b.focus+" headline: 90% band over "+drawn,
		fmt.Sprintf("Change from baseline, at world prices: the bar and first figure are the run with every distribution at its median; "+
			"the whisker and bracket give the 90%% interval (5th to 95th percentile) over %s Monte Carlo draws of %s only (what is not drawn is held fixed); the tick marks the median.", thousands(draws), drawn), t, s)
}

// thousands formats n with comma separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
