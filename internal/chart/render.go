package chart

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func init() {
	// plot.New copies DefaultFont into every text style, and the global is
	// read without a lock: set it once here, before any goroutine can
	// build a plot, and never per chart.
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
}

// Output formats for [Chart.Render].
const (
	FormatPNG = "png"
	// FormatSVG embeds a subset of the font (only the characters drawn),
	// names the font with metric-compatible fallbacks (FontStack) and
	// gives every string the width the layout measured, so that it lays
	// out the same in any viewer (see svg.go).
	FormatSVG = "svg"
	FormatPDF = "pdf" // a Unicode subset of the font embedded (see pdf.go)
	// FormatSVGNoFonts is FormatSVG without the embedded subset, for
	// inlining into a page that ships the font once (see FontTTF).
	FormatSVGNoFonts = "svg-nofonts"
)

// Width is the width of a chart without a size option (see SizeDefault).
// 10 in is a full-width slide or page.
const Width = 10 * vg.Inch

// PNGDPI is the PNG resolution without a size option: 10 in × 180 dpi =
// 1800 px, sharp on a projector and in print at full page width.
const PNGDPI = 180

// Sizes (points) of the house style.
const (
	margin      = 18 // left and right canvas margin
	marginTop   = 16
	marginBot   = 10
	titleSize   = 17
	subSize     = 11.5
	explainSize = 9.5
	legendSize  = 9.5
	tickSize    = 9.5
	rowSize     = 10
	labelSize   = 8.5
	noteSize    = 7.5
	labelGap    = 4 // between a bar end and its label
	edgeGap     = 8 // between any label and the edge of the data area
	markRadius  = 4.5
)

var (
	inkDark  = color.Gray{Y: 0x1A}
	inkMid   = color.Gray{Y: 0x40}
	inkLight = color.Gray{Y: 0x59}
	gridInk  = color.Gray{Y: 0xE3}
)

// series is one set of bars of a chart, one bar per row, each drawn from
// lo to hi in display units. NaN hi means no bar.
type series struct {
	name   string
	lo, hi []float64
	colors []color.Color
	labels []string // drawn beyond the bar's far end; "" for none
	// iv holds a Monte Carlo interval per bar (display units; nil for
	// none): see intervals.go.
	iv []interval
}

type legendItem struct {
	name   string
	colour color.Color
	marker bool // a diamond rather than a swatch
	// key, if set, draws the item's key centred on a point instead (a
	// line chart's line and marker).
	key func(c *draw.Canvas, centre vg.Point)
	// lines is the name wrapped, set by layout when it is too long for
	// one line beside its swatch (a compare chart's scenario names).
	lines []string
}

// bars is the drawing spec of a chart: horizontal bars, rows top to bottom.
type bars struct {
	rows   []string
	series []*series
	// marks are diamonds per row (e.g. net welfare) labelled beyond the
	// row's bars; nil for none.
	marks      []float64
	markLabels []string
	markName   string

	money bool // values are money in unit; otherwise percent
	unit  moneyUnit
	axis  string // x-axis title

	waterfall   bool         // connect the end of each bar to the start of the next
	stacked     bool         // series share one slot per row (lo/hi already stacked)
	legend      bool         // draw a legend of the series (and marks)
	legendItems []legendItem // explicit legend, overrides the series names
	empty       string       // if set, the chart shows this message instead of data
	domain      [2]float64   // values the x range always includes (besides 0)
}

func textStyle(size vg.Length, c color.Color, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(plot.DefaultFont, size),
		XAlign:  xa,
		YAlign:  ya,
		Handler: plot.DefaultTextHandler,
	}
}

// lineHeight is the baseline-to-baseline distance for a style.
func lineHeight(s text.Style) vg.Length { return s.Font.Size * 1.28 }

// wrap breaks txt into lines no wider than w.
func wrap(s text.Style, txt string, w vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(txt, "\n") {
		words := strings.Fields(para)
		// Each line takes the most words that fit (at least one). A
		// line's width grows with its words, so the break is found by
		// bisection: O(log n) measurements a line instead of one a word,
		// which long explanations (the welfare charts') need.
		for i := 0; i < len(words); {
			fits := func(k int) bool { return s.Width(strings.Join(words[i:i+k], " ")) <= w }
			lo, hi := 1, len(words)-i // lo words always go on the line
			if !fits(hi) {
				for lo+1 < hi { // invariant: lo fits or is 1, hi does not fit
					mid := (lo + hi) / 2
					if fits(mid) {
						lo = mid
					} else {
						hi = mid
					}
				}
				hi = lo
			}
			lines = append(lines, strings.Join(words[i:i+hi], " "))
			i += hi
		}
	}
	return lines
}

// layout is the vertical arrangement of a chart on its canvas.
type layout struct {
	w, h                           vg.Length
	dpi                            float64
	title, sub, explain, note      []string
	legend                         [][]legendItem // rows of items
	titleS, subS, explainS, legS   text.Style
	noteS                          text.Style
	bodyTop, bodyBottom, noteStart vg.Length
}

func (c *Chart) legendItems() []legendItem {
	if c.path != nil {
		return c.path.legendItems()
	}
	if c.lines != nil {
		return c.lines.legendItems()
	}
	s := c.bars
	if s.empty != "" {
		return nil
	}
	if s.legendItems != nil {
		return s.legendItems
	}
	if !s.legend {
		return nil
	}
	var items []legendItem
	for _, se := range s.series {
		items = append(items, legendItem{name: se.name, colour: se.colors[0]})
	}
	if s.marks != nil {
		items = append(items, legendItem{name: s.markName, colour: inkDark, marker: true})
	}
	return items
}

// legendRowHeight is the height of a row of legend items: a line and a
// third of spacing, and a line more for each further line of a wrapped
// name.
func legendRowHeight(s text.Style, row []legendItem) vg.Length {
	n := 1
	for _, it := range row {
		n = max(n, len(it.lines))
	}
	return lineHeight(s) * (1.3 + vg.Length(n-1))
}

const (
	swatch    = 10 // legend swatch size
	swatchGap = 5  // swatch to text
	itemGap   = 18 // between legend items
)

func (c *Chart) layout() layout {
	var l layout
	size := c.sizeOrDefault()
	l.w, l.dpi = size.Width, size.DPI
	inner := l.w - 2*margin
	l.titleS = textStyle(titleSize, inkDark, draw.XLeft, draw.YTop)
	l.subS = textStyle(subSize, inkMid, draw.XLeft, draw.YTop)
	l.explainS = textStyle(explainSize, inkLight, draw.XLeft, draw.YTop)
	l.legS = textStyle(legendSize, inkMid, draw.XLeft, draw.YCenter)
	l.noteS = textStyle(noteSize, inkLight, draw.XLeft, draw.YTop)
	l.title = wrap(l.titleS, c.Title, inner)
	l.sub = wrap(l.subS, c.Subtitle, inner)
	l.explain = wrap(l.explainS, c.Explain, inner)
	l.note = wrap(l.noteS, c.Note, inner)

	// Legend rows: items flow left to right and wrap. An item too long
	// for a line of its own gets a row to itself with its name wrapped,
	// rather than running off the canvas.
	var row []legendItem
	x := vg.Length(0)
	maxName := inner - swatch - swatchGap
	for _, it := range c.legendItems() {
		if l.legS.Width(it.name) > maxName {
			if len(row) > 0 {
				l.legend = append(l.legend, row)
				row, x = nil, 0
			}
			it.lines = wrap(l.legS, it.name, maxName)
			l.legend = append(l.legend, []legendItem{it})
			continue
		}
		w := swatch + swatchGap + l.legS.Width(it.name)
		if len(row) > 0 && x+w > inner {
			l.legend = append(l.legend, row)
			row, x = nil, 0
		}
		row = append(row, it)
		x += w + itemGap
	}
	if len(row) > 0 {
		l.legend = append(l.legend, row)
	}

	head := marginTop + vg.Length(len(l.title))*lineHeight(l.titleS) + 2 +
		vg.Length(len(l.sub))*lineHeight(l.subS) + 1 +
		vg.Length(len(l.explain))*lineHeight(l.explainS)
	if len(l.legend) > 0 {
		head += 6
		for _, row := range l.legend {
			head += legendRowHeight(l.legS, row)
		}
	}
	head += 8 // breathing space above the data
	foot := marginBot + vg.Length(len(l.note))*lineHeight(l.noteS) + 10

	body := c.bodyHeight()
	h := head + body + foot
	// A whole number of 2 pt steps makes the PNG height a whole number of
	// pixels at 180 dpi (2 pt = 5 px), so sizes are exact and testable.
	h = vg.Length(math.Ceil(float64(h)/2) * 2)
	// At other resolutions, round up to whole pixels too.
	if px := float64(h) / 72 * l.dpi; math.Abs(px-math.Round(px)) > 1e-6 {
		h = vg.Length(math.Ceil(px) * 72 / l.dpi)
	}
	l.h = h
	l.bodyTop = h - head
	// The note's first line hangs from noteStart; its last line ends at
	// marginBot.
	l.noteStart = marginBot + vg.Length(len(l.note))*lineHeight(l.noteS)
	l.bodyBottom = foot
	return l
}

// barPts is the thickness of one bar: thinner when a row holds many bars,
// never thinner than a value label.
func (s *bars) barPts() vg.Length {
	switch s.slots() {
	case 1:
		return 17
	case 2:
		return 13
	case 3:
		return 10
	}
	return 8.5
}

const rowGap = 10 // between rows of bars

func (s *bars) rowPts() vg.Length { return vg.Length(s.slots())*s.barPts() + rowGap }

// slots is the number of bars side by side in a row.
func (s *bars) slots() int {
	if s.stacked {
		return 1
	}
	return len(s.series)
}

// xAxisPts approximates the height of the x axis (ticks, labels, title).
const xAxisPts = 44

func (c *Chart) bodyHeight() vg.Length {
	if c.path != nil {
		return pathBodyPts
	}
	if c.lines != nil {
		return c.lines.bodyHeight()
	}
	s := c.bars
	if s.empty != "" || len(s.rows) == 0 {
		return 200
	}
	return max(vg.Length(float64(len(s.rows))+0.5)*s.rowPts()+xAxisPts, 180)
}

// Size returns the canvas size of the chart in points; a PNG is
// Size × DPI()/72 pixels.
func (c *Chart) Size() (w, h vg.Length) {
	l := c.layout()
	return l.w, l.h
}

// DPI is the resolution of the chart's PNG (PNGDPI unless a size option
// says otherwise).
func (c *Chart) DPI() float64 { return c.sizeOrDefault().DPI }

// Render draws the chart in format (FormatPNG, FormatSVG, FormatPDF or
// FormatSVGNoFonts) to w.
func (c *Chart) Render(w io.Writer, format string) error {
	l := c.layout()
	switch format {
	case FormatPNG:
		cv := vgimg.NewWith(vgimg.UseWH(l.w, l.h), vgimg.UseDPI(int(l.dpi)))
		// vgimg starts from a white image, so draw skips the background
		// fill, which costs a tenth of a PNG render.
		if err := c.draw(draw.New(cv), l, false); err != nil {
			return err
		}
		if rgba, ok := cv.Image().(*image.RGBA); ok {
			return encodePNG(w, rgba, l.dpi)
		}
		return encodeStd(w, cv.Image(), l.dpi)
	case FormatSVG, FormatSVGNoFonts:
		cv := newSVGCanvas(l.w, l.h, format == FormatSVG)
		if err := c.draw(draw.New(cv), l, true); err != nil {
			return err
		}
		_, err := cv.WriteTo(w)
		return err
	case FormatPDF:
		cv := newPDFCanvas(l.w, l.h) // Unicode font, subset and embedded (see pdf.go)
		if err := c.draw(draw.New(cv), l, true); err != nil {
			return err
		}
		_, err := cv.WriteTo(w)
		return err
	}
	return fmt.Errorf("chart %s: unknown format %q (want png, svg, pdf or svg-nofonts)", c.Name, format)
}

// draw paints the whole chart onto dc; background says whether to paint
// the background white first.
func (c *Chart) draw(dc draw.Canvas, l layout, background bool) (err error) {
	// gonum/plot reports some backend failures (e.g. fonts) by panicking;
	// a report generator should get an error instead of crashing.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart %s: %v", c.Name, r)
		}
	}()
	if background {
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
	}

	// Header: title, scenario, explanation, legend.
	y := l.h - marginTop
	for _, ln := range l.title {
		dc.FillText(l.titleS, vg.Point{X: margin, Y: y}, ln)
		y -= lineHeight(l.titleS)
	}
	y -= 2
	for _, ln := range l.sub {
		dc.FillText(l.subS, vg.Point{X: margin, Y: y}, ln)
		y -= lineHeight(l.subS)
	}
	y -= 1
	for _, ln := range l.explain {
		dc.FillText(l.explainS, vg.Point{X: margin, Y: y}, ln)
		y -= lineHeight(l.explainS)
	}
	if len(l.legend) > 0 {
		y -= 6
		for _, row := range l.legend {
			yc := y - lineHeight(l.legS)*0.65
			x := vg.Length(margin)
			for _, it := range row {
				if it.key != nil {
					it.key(&dc, vg.Point{X: x + swatch/2, Y: yc})
				} else if it.marker {
					drawDiamond(&dc, vg.Point{X: x + swatch/2, Y: yc}, it.colour)
				} else {
					dc.FillPolygon(it.colour, []vg.Point{{X: x, Y: yc - swatch/2}, {X: x + swatch, Y: yc - swatch/2},
						{X: x + swatch, Y: yc + swatch/2}, {X: x, Y: yc + swatch/2}})
				}
				if it.lines != nil {
					for k, ln := range it.lines {
						dc.FillText(l.legS, vg.Point{X: x + swatch + swatchGap, Y: yc - vg.Length(k)*lineHeight(l.legS)}, ln)
					}
				} else {
					dc.FillText(l.legS, vg.Point{X: x + swatch + swatchGap, Y: yc}, it.name)
				}
				x += swatch + swatchGap + l.legS.Width(it.name) + itemGap
			}
			y -= legendRowHeight(l.legS, row)
		}
	}

	// Footer: a hairline, then the source note.
	rule := draw.LineStyle{Color: gridInk, Width: 0.6}
	dc.StrokeLine2(rule, margin, l.noteStart+5, l.w-margin, l.noteStart+5)
	y = l.noteStart
	for _, ln := range l.note {
		dc.FillText(l.noteS, vg.Point{X: margin, Y: y}, ln)
		y -= lineHeight(l.noteS)
	}

	body := dc
	body.Min = vg.Point{X: margin, Y: l.bodyBottom}
	body.Max = vg.Point{X: l.w - margin, Y: l.bodyTop}
	if c.lines != nil {
		c.lines.plot().Draw(body)
		return nil
	}
	if c.path != nil {
		c.path.plot().Draw(body)
		return nil
	}
	if c.bars.empty != "" || len(c.bars.rows) == 0 {
		msg := c.bars.empty
		if msg == "" {
			msg = "Nothing to show for this scenario."
		}
		drawEmpty(body, msg)
		return nil
	}
	p := c.plot(body)
	p.Draw(body)
	return nil
}

// drawEmpty draws a framed message in place of the data, so that a
// no-change scenario gives an obviously deliberate chart.
func drawEmpty(body draw.Canvas, msg string) {
	inset := vg.Length(12)
	r := body.Rectangle
	r.Min.X += inset
	r.Max.X -= inset
	r.Min.Y += inset
	r.Max.Y -= inset
	body.StrokeLines(draw.LineStyle{Color: gridInk, Width: 1}, []vg.Point{
		r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
	s := textStyle(13, inkMid, draw.XCenter, draw.YCenter)
	lines := wrap(s, msg, r.Size().X-40)
	lh := lineHeight(s)
	y := (r.Min.Y+r.Max.Y)/2 + lh*vg.Length(len(lines)-1)/2
	for _, ln := range lines {
		body.FillText(s, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: y}, ln)
		y -= lh
	}
}

func drawDiamond(c *draw.Canvas, pt vg.Point, clr color.Color) {
	r := vg.Length(markRadius)
	pts := []vg.Point{{X: pt.X, Y: pt.Y + r}, {X: pt.X + r, Y: pt.Y}, {X: pt.X, Y: pt.Y - r}, {X: pt.X - r, Y: pt.Y}}
	c.FillPolygon(clr, pts)
	// A white rim keeps the diamond visible where it sits on a bar.
	c.StrokeLines(draw.LineStyle{Color: color.White, Width: 0.9}, append(pts, pts[0]))
}

// plot builds the gonum plot of the data area.
func (c *Chart) plot(body draw.Canvas) *plot.Plot {
	s := c.bars
	p := plot.New()
	p.BackgroundColor = nil

	p.X.Label.Text = s.axis
	p.X.Label.TextStyle = textStyle(tickSize, inkMid, draw.XCenter, draw.YBottom)
	p.X.Label.Padding = 6
	p.X.Tick.Label = textStyle(tickSize, inkMid, draw.XCenter, draw.YTop)
	p.X.Tick.Length = 4
	p.X.Tick.LineStyle = draw.LineStyle{Color: inkLight, Width: 0.6}
	p.X.LineStyle = draw.LineStyle{Color: inkLight, Width: 0.6}
	p.X.Padding = 2
	if s.money {
		p.X.Tick.Marker = moneyTicker(s.unit)
	} else {
		p.X.Tick.Marker = pctTicker()
	}

	n := len(s.rows)
	ticks := make([]plot.Tick, n)
	for i, r := range s.rows {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: r}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Label = textStyle(rowSize, inkDark, draw.XRight, draw.YCenter)
	p.Y.Tick.Length = 0
	p.Y.Tick.LineStyle.Width = 0
	p.Y.LineStyle.Width = 0
	p.Y.Padding = 6
	// A quarter row of headroom above the first and below the last row.
	p.Y.Min, p.Y.Max = -0.75, float64(n)-0.25

	grid := &vgrid{}
	p.Add(grid, &barPlotter{s: s})
	fitX(p, s, body)
	return p
}

// vgrid draws light vertical lines at the x ticks. It is ours rather than
// plotter.Grid because that one also draws at ticks outside the range.
type vgrid struct{}

func (vgrid) Plot(c draw.Canvas, p *plot.Plot) {
	ls := draw.LineStyle{Color: gridInk, Width: 0.6}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Value == 0 {
			continue // the zero line is drawn darker by the bars
		}
		x := c.X(p.X.Norm(t.Value))
		c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
	}
}

// labelSpec is one text label attached to a value: it extends right from
// value+gap (dir > 0) or left (dir < 0).
type labelSpec struct {
	v     float64
	dir   int
	width vg.Length
	gap   vg.Length
}

// labels lists every label of s with the value it is attached to.
func (s *bars) labelSpecs() []labelSpec {
	st := textStyle(labelSize, inkDark, draw.XLeft, draw.YCenter)
	var out []labelSpec
	for _, se := range s.series {
		for i := range se.hi {
			if se.labels[i] == "" || math.IsNaN(se.hi[i]) {
				continue
			}
			v, dir := se.labelEnd(i)
			out = append(out, labelSpec{v, dir, st.Width(se.labels[i]), labelGap})
		}
	}
	for i, m := range s.marks {
		v, dir := s.rowEnd(i, m)
		out = append(out, labelSpec{v, dir, st.Width(s.markLabels[i]), labelGap + markRadius})
	}
	return out
}

// barEnd returns the end of a bar from lo to hi that its label attaches
// to and the direction the label runs: away from the bar's origin. Zero
// bars get labels to the right.
func barEnd(lo, hi float64) (float64, int) {
	if hi < lo {
		return hi, -1
	}
	return hi, 1
}

// rowEnd returns where the label of row i's marker goes: beyond every bar
// of the row on the marker's side of zero.
func (s *bars) rowEnd(i int, m float64) (float64, int) {
	if m < 0 {
		v := min(m, 0)
		for _, se := range s.series {
			if !math.IsNaN(se.hi[i]) {
				v = min(v, se.lo[i], se.hi[i])
			}
		}
		return v, -1
	}
	v := max(m, 0)
	for _, se := range s.series {
		if !math.IsNaN(se.hi[i]) {
			v = max(v, se.lo[i], se.hi[i])
		}
	}
	return v, 1
}

// fitX sets the x range so that all bars, markers and labels fit inside
// the data area with edgeGap to spare. Labels have fixed widths in points
// while the range is in data units, so this solves a fixed point: the data
// width depends on the tick labels, which depend on the range.
func fitX(p *plot.Plot, s *bars, body draw.Canvas) {
	lo, hi := min(0, s.domain[0]), max(0, s.domain[1])
	for _, se := range s.series {
		for i := range se.hi {
			if !math.IsNaN(se.hi[i]) {
				lo, hi = min(lo, se.lo[i], se.hi[i]), max(hi, se.lo[i], se.hi[i])
				lo, hi = se.widen(i, lo, hi)
			}
		}
	}
	for _, m := range s.marks {
		lo, hi = min(lo, m-1e-12), max(hi, m+1e-12)
	}
	if hi-lo <= 0 {
		hi = lo + 1
	}
	dlo, dhi := lo, hi
	specs := s.labelSpecs()
	xmin, xmax := lo, hi
	for range 6 {
		p.X.Min, p.X.Max = xmin, xmax
		w := p.DataCanvas(body).Size().X
		if w <= 0 {
			return
		}
		for range 30 {
			d := xmax - xmin
			// 1.5% of headroom beyond the longest bar even without a label.
			nmin, nmax := dlo-0.015*d*b2f(dlo < 0), dhi+0.015*d*b2f(dhi > 0)
			for _, l := range specs {
				need := float64((l.gap + l.width + edgeGap) / w)
				if l.dir > 0 {
					nmax = max(nmax, l.v+need*d)
				} else {
					nmin = min(nmin, l.v-need*d)
				}
			}
			if math.Abs(nmin-xmin) < 1e-9*d && math.Abs(nmax-xmax) < 1e-9*d {
				break
			}
			xmin, xmax = nmin, nmax
		}
	}
	p.X.Min, p.X.Max = xmin, xmax
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// barPlotter draws the bars, markers, value labels, waterfall connectors
// and the zero line in data units.
type barPlotter struct{ s *bars }

func (bp *barPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	// The axis ranges are set explicitly by fitX and plot; returning an
	// empty range keeps Add from widening them.
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}

// barY returns the bottom and top (data units) of series j's bar in row i.
func (s *bars) barY(i, j int) (float64, float64) {
	n, k := len(s.rows), s.slots()
	if s.stacked {
		j = 0
	}
	group := float64(vg.Length(k)*s.barPts()) / float64(s.rowPts()) // share of a row the bars fill
	step := group / float64(k)
	top := float64(n-1-i) + group/2 - float64(j)*step
	// Paired bars get a hairline gap so their edges stay distinct.
	gap := 0.0
	if k > 1 {
		gap = 0.06 * step
	}
	return top - step + gap/2, top - gap/2
}

func (bp *barPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	s := bp.s
	trX, trY := p.Transforms(&c)
	lst := textStyle(labelSize, inkDark, draw.XLeft, draw.YCenter)
	lstR := lst
	lstR.XAlign = draw.XRight
	label := func(v float64, dir int, gap vg.Length, y vg.Length, txt string) {
		if dir > 0 {
			c.FillText(lst, vg.Point{X: trX(v) + gap, Y: y}, txt)
		} else {
			c.FillText(lstR, vg.Point{X: trX(v) - gap, Y: y}, txt)
		}
	}
	for j, se := range s.series {
		for i := range se.hi {
			if math.IsNaN(se.hi[i]) {
				continue
			}
			y0, y1 := s.barY(i, j)
			x0, x1 := trX(se.lo[i]), trX(se.hi[i])
			if x0 != x1 {
				c.FillPolygon(se.colors[i], []vg.Point{
					{X: x0, Y: trY(y0)}, {X: x1, Y: trY(y0)}, {X: x1, Y: trY(y1)}, {X: x0, Y: trY(y1)}})
			}
			if se.labels[i] != "" {
				v, dir := se.labelEnd(i)
				label(v, dir, labelGap, trY((y0+y1)/2), se.labels[i])
			}
		}
	}
	drawIntervals(&c, s, trX, trY)
	if s.waterfall && len(s.series) == 1 {
		se := s.series[0]
		ls := draw.LineStyle{Color: inkLight, Width: 0.6, Dashes: []vg.Length{2, 2}}
		for i := 0; i+1 < len(se.hi); i++ {
			_, bot := s.barY(i+1, 0)
			top, _ := s.barY(i, 0)
			x := trX(se.hi[i])
			c.StrokeLine2(ls, x, trY(top), x, trY(bot))
		}
	}
	// Zero line over the bars' ends so that it stays continuous.
	if p.X.Min <= 0 && p.X.Max >= 0 {
		x := trX(0)
		c.StrokeLine2(draw.LineStyle{Color: inkDark, Width: 0.9}, x, c.Min.Y, x, c.Max.Y)
	}
	for i, m := range s.marks {
		y := trY(float64(len(s.rows) - 1 - i))
		drawDiamond(&c, vg.Point{X: trX(m), Y: y}, inkDark)
		v, dir := s.rowEnd(i, m)
		label(v, dir, labelGap+markRadius, y, s.markLabels[i])
	}
}

// FontTTF returns the TrueType data of the regular Liberation Sans face the
// charts use, for pages that inline FormatSVGNoFonts charts: they can ship
// the font once instead of once per chart.
func FontTTF() ([]byte, error) {
	f := font.From(plot.DefaultFont, 10)
	face := font.DefaultCache.Lookup(f, 10)
	if face.Face == nil {
		return nil, fmt.Errorf("chart: font %v not found", f)
	}
	var b strings.Builder
	if _, err := face.Face.WriteSourceTo(nil, &b); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// FontFamily is the CSS font-family name the SVG output refers to.
const FontFamily = "Liberation Sans"
