package chart

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tariffsim/tariffsim/model/timepath"
)

// Marker is a date to mark on a time-path chart: a measure starts, or
// lifts (the day after its end, with End set).
type Marker struct {
	Date time.Time
	// Label says in words what happens, for the reader of the chart:
	// "Canada and Mexico 25%", "China's retaliation". It is drawn beside
	// the marker's line; a lifted measure gets " ends" appended.
	Label string
	// ID is the measure's row id in the scenario's data table ("T04"),
	// if any. It is not drawn: a reader cannot look it up from a chart.
	// It identifies the measure in tests and logs, and stands in for an
	// empty Label.
	ID  string
	End bool // the measure lifts on Date
}

// text is what a marker says on the chart.
func (m Marker) text() string {
	s := m.Label
	if s == "" {
		s = m.ID
	}
	return s
}

// pathSeries is one line of a time-path chart, one value per month in
// display units; NaN leaves a gap.
type pathSeries struct {
	name   string
	values []float64
	colour color.Color
	dashed bool
	legend bool // listed in the legend
}

// lines is the drawing spec of a time-path chart: months on the x axis.
type pathLines struct {
	start   time.Time // first day of the first month
	months  int
	series  []*pathSeries
	money   bool // values are money in unit; otherwise percent
	unit    moneyUnit
	axis    string // y-axis title
	markers []Marker
}

// pathBodyPts is the height of a time-path chart's data area with its axes.
const pathBodyPts = 300

// BuildPath computes the time-path charts of a solved path for m.Focus: its
// imports, exports and balance against the no-tariff path; its imports from
// its largest partners against the no-tariff path; and its tariff revenue.
// markers are drawn as thin vertical lines.
func BuildPath(tp *timepath.Path, markers []Marker, m Meta) ([]*Chart, error) {
	if tp == nil || tp.Months == 0 {
		return nil, errors.New("chart: empty time path")
	}
	if m.Focus == "" {
		m.Focus = "US"
	}
	focus := m.FocusName
	if focus == "" {
		focus = name(m.CountryName, m.Focus)
	}
	scen := m.Scenario
	if m.Subtitle != "" {
		scen += " — " + m.Subtitle
	}
	var res0 = tp.Results[tp.Months-1]
	note := sourceNote(res0, m)
	if mk := markerNote(markers); mk != "" {
		note += " " + mk
	}
	n := tp.Months
	first, end := tp.Month(0), tp.Month(n)
	var in []Marker
	for _, mk := range markers {
		if !mk.Date.Before(first) && mk.Date.Before(end) {
			in = append(in, mk)
		}
	}
	mk := func(name, title, explain string, t Table, l *pathLines) *Chart {
		l.start, l.months, l.markers = first, n, in
		return &Chart{Name: name, Title: title, Subtitle: scen, Explain: explain, Note: note, Data: t, path: l}
	}

	// Totals of the focus country by month.
	im, imN, ex, exN, rev, revN := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	byPartner := map[string][]float64{}
	byPartnerN := map[string][]float64{}
	for f, fl := range tp.Flows {
		for τ := range n {
			switch m.Focus {
			case fl.Importer:
				im[τ] += tp.Value[τ][f]
				imN[τ] += tp.NoTariff[τ][f]
				rev[τ] += tp.Revenue(τ, f)
				revN[τ] += tp.RevenueNoTariff(τ, f)
				if byPartner[fl.Exporter] == nil {
					byPartner[fl.Exporter], byPartnerN[fl.Exporter] = make([]float64, n), make([]float64, n)
				}
				byPartner[fl.Exporter][τ] += tp.Value[τ][f]
				byPartnerN[fl.Exporter][τ] += tp.NoTariff[τ][f]
			case fl.Exporter:
				ex[τ] += tp.Value[τ][f]
				exN[τ] += tp.NoTariff[τ][f]
			}
		}
	}
	bal, balN := make([]float64, n), make([]float64, n)
	for τ := range n {
		bal[τ], balN[τ] = ex[τ]-im[τ], exN[τ]-imN[τ]
	}
	monthRows := func(cols []Column, vals ...[]float64) Table {
		t := Table{Columns: cols}
		for τ := range n {
			r := Row{Code: tp.Label(τ), Label: tp.Month(τ).Format("Jan 2006")}
			for _, v := range vals {
				r.Values = append(r.Values, v[τ])
			}
			t.Rows = append(t.Rows, r)
		}
		t.All = t.Rows
		return t
	}
	money := func(names ...string) []Column {
		cs := make([]Column, len(names))
		for i, s := range names {
			cs[i] = Column{s, UnitMillionUSD}
		}
		return cs
	}

	trade := &pathLines{money: true, series: []*pathSeries{
		{name: "Imports", values: im, colour: oiBlue, legend: true},
		{name: "Imports, no tariffs", values: imN, colour: oiBlue, dashed: true},
		{name: "Exports", values: ex, colour: oiOrange, legend: true},
		{name: "Exports, no tariffs", values: exN, colour: oiOrange, dashed: true},
		{name: "Balance", values: bal, colour: oiVermilion, legend: true},
		{name: "Balance, no tariffs", values: balN, colour: oiVermilion, dashed: true},
	}}
	scaleMoney(trade)
	charts := []*Chart{mk("path-trade",
		fmt.Sprintf("%s ATP trade by month, against the no-tariff path", focus),
		"Solid lines: the path with the scenario's tariffs; dashed: the no-tariff path. "+trade.unit.words+" in the month at world prices; trade adjusts toward each month's equilibrium with the timeline's half-life. Dashed vertical lines: measures start or lift.",
		monthRows(money("Imports", "Imports, no tariffs", "Exports", "Exports, no tariffs", "Balance", "Balance, no tariffs"), im, imN, ex, exN, bal, balN),
		trade)}

	// Largest partners by imports on the no-tariff path.
	partners := make([]string, 0, len(byPartner))
	for k := range byPartner {
		partners = append(partners, k)
	}
	total := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s
	}
	slices.SortFunc(partners, func(a, b string) int {
		return cmp.Or(cmp.Compare(total(byPartnerN[b]), total(byPartnerN[a])), cmp.Compare(a, b))
	})
	partners = partners[:min(len(partners), 6)]
	colours := []color.Color{oiVermilion, oiBlue, oiOrange, oiGreen, oiSkyBlue, oiGrey}
	pl := &pathLines{axis: "% against the no-tariff path"}
	var cols []Column
	var vals [][]float64
	for i, c := range partners {
		d := make([]float64, n)
		for τ := range n {
			d[τ] = pct(byPartner[c][τ]-byPartnerN[c][τ], byPartnerN[c][τ])
		}
		pl.series = append(pl.series, &pathSeries{name: name(m.CountryName, c), values: d, colour: colours[i], legend: true})
		cols = append(cols, Column{name(m.CountryName, c) + " %", UnitPercent})
		vals = append(vals, d)
	}
	charts = append(charts, mk("path-imports-by-partner",
		fmt.Sprintf("%s imports from its largest partners, by month", focus),
		"Change in imports from the six largest partners against the no-tariff path, percent. Dashed vertical lines: measures start or lift.",
		monthRows(cols, vals...), pl))

	revenue := &pathLines{money: true, series: []*pathSeries{
		{name: "Tariff revenue", values: rev, colour: oiBlue, legend: true},
		{name: "At baseline tariffs (dashed)", values: revN, colour: oiGrey, dashed: true, legend: true},
	}}
	scaleMoney(revenue)
	charts = append(charts, mk("path-tariff-revenue",
		fmt.Sprintf("%s tariff revenue on ATP imports, by month", focus),
		"Duties collected in the month on the path (day-weighted rates × imports at world prices), against baseline tariffs on the no-tariff path. "+revenue.unit.words+" in the month.",
		monthRows(money("Tariff revenue", "At baseline tariffs, no-tariff path"), rev, revN), revenue))
	return charts, nil
}

// markerNote explains the marker labels in the source note.
func markerNote(ms []Marker) string {
	if len(ms) == 0 {
		return ""
	}
	return "Dashed vertical lines mark measures of the scenario starting or lifting."
}

// scaleMoney picks the display unit from the largest magnitude and scales
// every series to it.
func scaleMoney(l *pathLines) {
	big := 0.0
	for _, s := range l.series {
		for _, v := range s.values {
			if !math.IsNaN(v) {
				big = max(big, math.Abs(v))
			}
		}
	}
	l.unit = unitFor(big)
	l.axis = l.unit.words + " in the month"
	for _, s := range l.series {
		sc := make([]float64, len(s.values))
		for i, v := range s.values {
			sc[i] = v * l.unit.perM
		}
		s.values = sc
	}
}

func (l *pathLines) legendItems() []legendItem {
	var items []legendItem
	for _, s := range l.series {
		if s.legend {
			st := s.style()
			items = append(items, legendItem{name: s.name, colour: s.colour, key: func(c *draw.Canvas, pt vg.Point) {
				c.StrokeLine2(st, pt.X-6, pt.Y, pt.X+6, pt.Y)
			}})
		}
	}
	return items
}

// x returns the position of date d on the x axis: month τ spans
// [τ − 0.5, τ + 0.5], its point sits at τ.
func (l *pathLines) x(d time.Time) float64 {
	y, mo, _ := d.Date()
	τ := (y-l.start.Year())*12 + int(mo) - int(l.start.Month())
	m0 := time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	days := m0.AddDate(0, 1, 0).Sub(m0).Hours() / 24
	return float64(τ) - 0.5 + float64(d.Day()-1)/days
}

// markerLabelPts is the longest a marker's label may run down its line
// from the top of the data area: about the headroom plot leaves above the
// data, so that a label does not cross the lines.
const markerLabelPts = 95

// markerGroups merges markers that would print on top of each other (less
// than a third of a month apart) into one line with one short label: the
// first measure that starts there and how many more ("Canada and Mexico
// 25% +2"), else the first that lifts ("China's retaliation ends"). A
// label too long for the space is cut with an ellipsis; the full list is
// in the scenario.
func (l *pathLines) markerGroups() (xs []float64, labels []string) {
	ms := slices.Clone(l.markers)
	slices.SortStableFunc(ms, func(a, b Marker) int { return a.Date.Compare(b.Date) })
	var starts, ends [][]string
	for _, m := range ms {
		x := l.x(m.Date)
		if len(xs) == 0 || x-xs[len(xs)-1] >= 0.34 {
			xs = append(xs, x)
			starts, ends = append(starts, nil), append(ends, nil)
		}
		i := len(xs) - 1
		txt := m.text()
		switch {
		case txt == "":
		case m.End:
			if !slices.Contains(ends[i], txt) {
				ends[i] = append(ends[i], txt)
			}
		case !slices.Contains(starts[i], txt):
			starts[i] = append(starts[i], txt)
		}
	}
	st := textStyle(labelSize-1, inkLight, draw.XRight, draw.YCenter)
	short := func(names []string, suffix string) string {
		more := ""
		if len(names) > 1 {
			more = fmt.Sprintf(" +%d", len(names)-1)
		}
		return fitText(st, names[0], suffix+more, markerLabelPts)
	}
	labels = make([]string, len(xs))
	for i := range xs {
		switch {
		case len(starts[i]) > 0:
			labels[i] = short(starts[i], "")
		case len(ends[i]) > 0:
			labels[i] = short(ends[i], " ends")
		}
	}
	return xs, labels
}

// fitText returns s+suffix, with s cut at a word and given an ellipsis if
// needed to fit in w.
func fitText(st text.Style, s, suffix string, w vg.Length) string {
	if st.Width(s+suffix) <= w {
		return s + suffix
	}
	words := strings.Fields(s)
	for n := len(words) - 1; n > 0; n-- {
		try := strings.Join(words[:n], " ") + "…" + suffix
		if st.Width(try) <= w {
			return try
		}
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		try := string(rs[:n]) + "…" + suffix
		if st.Width(try) <= w {
			return try
		}
	}
	return "…" + suffix
}

func (l *pathLines) plot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	n := l.months

	// X: months, a labelled tick every quarter, January with the year.
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	var ticks []plot.Tick
	for τ := range n {
		d := l.start.AddDate(0, τ, 0)
		lab := ""
		switch {
		case d.Month() == time.January || τ == 0:
			lab = d.Format("Jan 2006")
		case (d.Month()-1)%3 == 0:
			lab = d.Format("Jan")
		}
		ticks = append(ticks, plot.Tick{Value: float64(τ), Label: lab})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Label = textStyle(tickSize, inkMid, draw.XCenter, draw.YTop)
	p.X.Tick.Length = 3
	p.X.Tick.LineStyle = draw.LineStyle{Color: inkLight, Width: 0.6}
	p.X.LineStyle = draw.LineStyle{Color: inkLight, Width: 0.6}
	p.X.Padding = 2

	// Y: values, always including zero.
	lo, hi := 0.0, 0.0
	for _, s := range l.series {
		for _, v := range s.values {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if lo == hi {
		hi = lo + 1
	}
	pad := (hi - lo) * 0.06
	// Room above the data for the marker labels, which hang from the top.
	p.Y.Min, p.Y.Max = lo-pad*b2f(lo < 0), hi+(hi-lo)*0.5
	// No y-axis title: the ticks carry the unit ("$50B", "−10%") and the
	// chart's explanation says what is measured, which a rotated title
	// beside the ticks would only crowd.
	p.Y.Tick.Label = textStyle(tickSize, inkMid, draw.XRight, draw.YCenter)
	if l.money {
		p.Y.Tick.Marker = moneyTicker(l.unit)
	} else {
		p.Y.Tick.Marker = pctTicker()
	}
	p.Y.Tick.Length = 0
	p.Y.Tick.LineStyle.Width = 0
	p.Y.LineStyle.Width = 0
	p.Y.Padding = 4

	p.Add(hgrid{}, &pathPlotter{l: l})
	return p
}

// hgrid draws light horizontal lines at the y ticks inside the range, and a
// darker one at zero.
type hgrid struct{}

func (hgrid) Plot(c draw.Canvas, p *plot.Plot) {
	ls := draw.LineStyle{Color: gridInk, Width: 0.6}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.Label == "" || t.Value < p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := c.Y(p.Y.Norm(t.Value))
		if t.Value == 0 {
			c.StrokeLine2(draw.LineStyle{Color: inkLight, Width: 0.8}, c.Min.X, y, c.Max.X, y)
			continue
		}
		c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
	}
}

type pathPlotter struct{ l *pathLines }

func (lp *pathPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	l := lp.l
	// Markers first, under the lines.
	xs, labels := l.markerGroups()
	ms := draw.LineStyle{Color: color.Gray{Y: 0xA6}, Width: 0.6, Dashes: []vg.Length{2, 2}}
	// YBottom: after the quarter turn the text sits left of its line, not on it.
	ts := textStyle(labelSize-1, inkLight, draw.XRight, draw.YBottom)
	ts.Rotation = math.Pi / 2
	for i, x := range xs {
		cx := c.X(p.X.Norm(x))
		c.StrokeLine2(ms, cx, c.Min.Y, cx, c.Max.Y)
		if labels[i] != "" {
			// Rotated a quarter turn, anchored at the top: reads upward
			// along the line, beside it.
			c.FillText(ts, vg.Point{X: cx - 2, Y: c.Max.Y - 2}, labels[i])
		}
	}
	for _, s := range l.series {
		st := s.style()
		var pts []vg.Point
		flush := func() {
			if len(pts) > 1 {
				c.StrokeLines(st, c.ClipLinesXY(pts)...)
			}
			pts = pts[:0]
		}
		for τ, v := range s.values {
			if math.IsNaN(v) {
				flush()
				continue
			}
			pts = append(pts, vg.Point{X: c.X(p.X.Norm(float64(τ))), Y: c.Y(p.Y.Norm(v))})
		}
		flush()
	}
}

// style is solid for the path, thinner and dashed for a reference path.
func (s *pathSeries) style() draw.LineStyle {
	if s.dashed {
		return draw.LineStyle{Color: s.colour, Width: 1.2, Dashes: []vg.Length{4, 3}}
	}
	return draw.LineStyle{Color: s.colour, Width: 1.8}
}
