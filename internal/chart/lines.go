package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LineSeries is one line of a [LineSpec]: a value per x.
type LineSeries struct {
	Name string
	Y    []float64 // million USD or percent, one per X; NaN leaves a gap
}

// LineSpec describes a line chart: metrics (y) against a parameter (x),
// as a sweep draws them.
type LineSpec struct {
	Name, Title, Subtitle, Explain, Note string
	XLabel                               string    // the x-axis title, e.g. "Substitution elasticity σ"
	X                                    []float64 // increasing
	Series                               []LineSeries
	// Percent says the values are percentages; otherwise million USD,
	// shown in the unit that suits the largest (see Money).
	Percent bool
	// YLabel is the y-axis title; derived from the unit when empty.
	YLabel string
	// Ref marks one x with a dashed vertical line labelled RefLabel, e.g.
	// the scenario's own value of the swept parameter; NaN for none.
	Ref      float64
	RefLabel string
}

// lineColours are the Okabe–Ito colours in the order lines get them; each
// line also gets its own dash pattern and marker, so that lines stay
// distinguishable in greyscale.
var lineColours = []color.Color{oiBlue, oiOrange, oiGreen, oiVermilion, oiSkyBlue, oiPurple, oiGrey, oiYellow}

var (
	oiPurple = color.RGBA{0xCC, 0x79, 0xA7, 0xFF}
	oiYellow = color.RGBA{0xF0, 0xE4, 0x42, 0xFF}
)

var lineDashes = [][]vg.Length{nil, {6, 3}, {2, 2}, {8, 3, 2, 3}}

var lineGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{}}

// lines is the drawing spec of a line chart.
type lines struct {
	x       []float64
	series  []LineSeries
	colours []color.Color
	percent bool
	unit    moneyUnit
	xLabel  string
	yLabel  string
	ref     float64
	refText string
}

// Lines builds a line chart from spec. It returns an error when the data
// cannot make a chart (no points, lengths that differ, x not increasing).
func Lines(spec LineSpec) (*Chart, error) {
	if len(spec.X) < 2 {
		return nil, fmt.Errorf("chart %s: a line chart needs at least 2 points, got %d", spec.Name, len(spec.X))
	}
	for i := 1; i < len(spec.X); i++ {
		if !(spec.X[i] > spec.X[i-1]) {
			return nil, fmt.Errorf("chart %s: x values must increase (x[%d] = %v after %v)", spec.Name, i, spec.X[i], spec.X[i-1])
		}
	}
	if len(spec.Series) == 0 {
		return nil, fmt.Errorf("chart %s: no series", spec.Name)
	}
	l := &lines{x: spec.X, percent: spec.Percent, xLabel: spec.XLabel, ref: spec.Ref, refText: spec.RefLabel}
	big := 0.0
	t := Table{Columns: []Column{{Name: spec.XLabel}}}
	for i, s := range spec.Series {
		if len(s.Y) != len(spec.X) {
			return nil, fmt.Errorf("chart %s: series %q has %d values for %d x values", spec.Name, s.Name, len(s.Y), len(spec.X))
		}
		for _, v := range s.Y {
			if !math.IsNaN(v) {
				big = max(big, math.Abs(v))
			}
		}
		unit := UnitMillionUSD
		if spec.Percent {
			unit = UnitPercent
		}
		t.Columns = append(t.Columns, Column{Name: s.Name, Unit: unit})
		l.colours = append(l.colours, lineColours[i%len(lineColours)])
	}
	for j, x := range spec.X {
		r := Row{Label: strconv.FormatFloat(x, 'g', -1, 64), Values: []float64{x}}
		for _, s := range spec.Series {
			r.Values = append(r.Values, s.Y[j])
		}
		t.Rows = append(t.Rows, r)
	}
	t.All = t.Rows
	// Scale to the display unit once, so that ticks and data agree.
	k := 1.0
	if !spec.Percent {
		l.unit = unitFor(big)
		k = l.unit.perM
	}
	for _, s := range spec.Series {
		ys := make([]float64, len(s.Y))
		for j, v := range s.Y {
			ys[j] = v * k
		}
		l.series = append(l.series, LineSeries{Name: s.Name, Y: ys})
	}
	l.yLabel = spec.YLabel
	if l.yLabel == "" {
		if spec.Percent {
			l.yLabel = "Change, %"
		} else {
			l.yLabel = l.unit.words + ", change from baseline"
		}
	}
	return &Chart{Name: spec.Name, Title: spec.Title, Subtitle: spec.Subtitle, Explain: spec.Explain,
		Note: spec.Note, Data: t, lines: l}, nil
}

func (l *lines) legendItems() []legendItem {
	items := make([]legendItem, len(l.series))
	for i, s := range l.series {
		ls, gs := l.styles(i)
		items[i] = legendItem{name: s.Name, colour: l.colours[i], key: func(c *draw.Canvas, pt vg.Point) {
			c.StrokeLine2(ls, pt.X-swatch/2-2, pt.Y, pt.X+swatch/2, pt.Y)
			c.DrawGlyph(gs, pt)
		}}
	}
	return items
}

// styles returns the line and marker style of series i: colour, dashes
// and marker shape all differ, so that a line is told apart in greyscale
// and by readers who do not see the colours.
func (l *lines) styles(i int) (draw.LineStyle, draw.GlyphStyle) {
	return draw.LineStyle{Color: l.colours[i], Width: 1.8, Dashes: lineDashes[i%len(lineDashes)]},
		draw.GlyphStyle{Color: l.colours[i], Radius: 2.6, Shape: lineGlyphs[i%len(lineGlyphs)]}
}

// linesBody is the height of a line chart's data area with its axes: a
// 16:9-ish panel at the chart's width is more than a sweep needs.
const linesBody = 330

func (l *lines) bodyHeight() vg.Length { return linesBody }

// plot builds the gonum plot of the data area.
func (l *lines) plot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	axis := func(a *plot.Axis, label string) {
		a.Label.Text = label
		a.Label.TextStyle = textStyle(tickSize, inkMid, draw.XCenter, draw.YBottom)
		a.Label.Padding = 6
		a.Tick.Length = 4
		a.Tick.LineStyle = draw.LineStyle{Color: inkLight, Width: 0.6}
		a.LineStyle = draw.LineStyle{Color: inkLight, Width: 0.6}
		a.Padding = 2
	}
	axis(&p.X, l.xLabel)
	p.X.Tick.Label = textStyle(tickSize, inkMid, draw.XCenter, draw.YTop)
	p.X.Tick.Marker = ticker{n: 8, format: func(v float64, d int) string {
		return signed(trimZeros(strconv.FormatFloat(math.Abs(v), 'f', d, 64)), v, false)
	}}
	axis(&p.Y, l.yLabel)
	p.Y.Tick.Label = textStyle(tickSize, inkMid, draw.XRight, draw.YCenter)
	if l.percent {
		p.Y.Tick.Marker = pctTicker()
	} else {
		p.Y.Tick.Marker = moneyTicker(l.unit)
	}

	// The y range always includes zero, so that a reader sees the size of
	// a change and not only its shape, plus 6% headroom on either side.
	lo, hi := 0.0, 0.0
	for _, s := range l.series {
		for _, v := range s.Y {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if hi-lo <= 0 {
		hi = lo + 1
	}
	span := hi - lo
	p.Y.Min, p.Y.Max = lo-0.06*span*b2f(lo < 0), hi+0.06*span*b2f(hi > 0)
	if lo == 0 {
		p.Y.Min = 0
	}
	p.X.Min, p.X.Max = l.x[0], l.x[len(l.x)-1]
	p.Add(&lineGrid{}, &linePlotter{l: l})
	return p
}

// lineGrid draws light horizontal lines at the y ticks and a dark zero line.
type lineGrid struct{}

func (lineGrid) Plot(c draw.Canvas, p *plot.Plot) {
	ls := draw.LineStyle{Color: gridInk, Width: 0.6}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		y := c.Y(p.Y.Norm(t.Value))
		if t.Value == 0 {
			continue
		}
		c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
	}
	if p.Y.Min <= 0 && p.Y.Max >= 0 {
		y := c.Y(p.Y.Norm(0))
		c.StrokeLine2(draw.LineStyle{Color: inkDark, Width: 0.9}, c.Min.X, y, c.Max.X, y)
	}
}

// linePlotter draws the reference line, the lines and their markers.
type linePlotter struct{ l *lines }

func (lp *linePlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	// The ranges are set explicitly in plot.
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}

func (lp *linePlotter) Plot(c draw.Canvas, p *plot.Plot) {
	l := lp.l
	trX, trY := p.Transforms(&c)
	if !math.IsNaN(l.ref) && l.ref >= p.X.Min && l.ref <= p.X.Max {
		x := trX(l.ref)
		c.StrokeLine2(draw.LineStyle{Color: inkLight, Width: 0.8, Dashes: []vg.Length{3, 3}}, x, c.Min.Y, x, c.Max.Y)
		if l.refText != "" {
			// The label hangs from the top of the data area, on whichever
			// side of the line has room for it.
			st := textStyle(labelSize, inkMid, draw.XLeft, draw.YTop)
			w := st.Width(l.refText)
			pt := vg.Point{X: x + labelGap, Y: c.Max.Y - 2}
			if pt.X+w > c.Max.X {
				st.XAlign = draw.XRight
				pt.X = x - labelGap
			}
			c.FillText(st, pt, l.refText)
		}
	}
	// Markers only when they do not merge into a blur.
	marks := vg.Length(len(l.x)) < (c.Max.X-c.Min.X)/8
	for i, s := range l.series {
		st, gs := l.styles(i)
		var seg []vg.Point
		flush := func() {
			if len(seg) > 1 {
				c.StrokeLines(st, c.ClipLinesXY(seg)...)
			}
			seg = nil
		}
		for j, v := range s.Y {
			if math.IsNaN(v) {
				flush()
				continue
			}
			seg = append(seg, vg.Point{X: trX(l.x[j]), Y: trY(v)})
		}
		flush()
		if marks {
			for j, v := range s.Y {
				if !math.IsNaN(v) {
					c.DrawGlyph(gs, vg.Point{X: trX(l.x[j]), Y: trY(v)})
				}
			}
		}
	}
}
