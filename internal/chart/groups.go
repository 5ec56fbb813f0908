package chart

import (
	"fmt"
	"image/color"
	"math"

	"github.com/tariffsim/tariffsim/model"
)

// SourceNote is the provenance line of a chart of res (see Build), for
// charts built outside Build: comparisons, sweeps, tornadoes.
func SourceNote(res *model.Result, m Meta) string { return sourceNote(res, m) }

// GroupSpec describes a grouped horizontal bar chart: one row per item
// (a partner, a country), one bar per series (a scenario) in each row.
type GroupSpec struct {
	Name, Title, Subtitle, Explain, Note string
	Rows                                 []Row    // top to bottom; Values has one value per series, million USD
	Series                               []string // legend names, one per value of a row
	Axis                                 string   // x-axis title; derived from the unit when empty
	// Percent says the values are percent changes rather than million USD.
	Percent bool
}

// MaxGroupSeries is the most series a grouped chart shows: beyond it the
// Okabe–Ito colours run out and the bars of a row get too thin to label.
const MaxGroupSeries = 6

// groupColours are assigned to series in order.
var groupColours = []color.Color{oiBlue, oiOrange, oiSkyBlue, oiGreen, oiVermilion, oiPurple}

// Grouped builds a grouped bar chart of money changes, every bar labelled
// with its value.
func Grouped(spec GroupSpec) (*Chart, error) {
	ns := len(spec.Series)
	if ns == 0 || ns > MaxGroupSeries {
		return nil, fmt.Errorf("chart %s: %d series; a grouped chart shows 1 to %d", spec.Name, ns, MaxGroupSeries)
	}
	t := Table{Rows: spec.Rows, All: spec.Rows}
	unit := UnitMillionUSD
	if spec.Percent {
		unit = UnitPercent
	}
	for _, s := range spec.Series {
		t.Columns = append(t.Columns, Column{Name: s, Unit: unit})
	}
	n := len(spec.Rows)
	s := &bars{rows: rowLabels(t), legend: true, axis: spec.Axis}
	zero := true
	for j, name := range spec.Series {
		se := newSeries(name, n, groupColours[j])
		for i, r := range spec.Rows {
			if len(r.Values) != ns {
				return nil, fmt.Errorf("chart %s: row %q has %d values for %d series", spec.Name, r.Label, len(r.Values), ns)
			}
			v := r.Values[j]
			if math.IsNaN(v) {
				se.hi[i] = math.NaN()
				continue
			}
			se.hi[i] = v
			if spec.Percent {
				se.labels[i] = Pct(v, true)
			} else {
				se.labels[i] = Money(v, true)
			}
			if math.Abs(v) > 1e-6 {
				zero = false
			}
		}
		s.series = append(s.series, se)
	}
	if zero {
		s.empty = "No change in any of the scenarios."
	}
	if spec.Percent {
		if s.axis == "" {
			s.axis = "% change from baseline"
		}
	} else {
		moneyBars(s)
	}
	explain := spec.Explain
	if s.empty != "" {
		explain = ""
	}
	return &Chart{Name: spec.Name, Title: spec.Title, Subtitle: spec.Subtitle, Explain: explain, Note: spec.Note, Data: t, bars: s}, nil
}

// TornadoBar is one parameter of a tornado chart: the metric's change
// from its central value when the parameter is at its low and at its high
// value.
type TornadoBar struct {
	Label               string
	Low, High           float64 // metric minus central, million USD or percent
	LowLabel, HighLabel string  // e.g. "σ 4.4"; shown after the value
}

// TornadoSpec describes a tornado chart. Bars are drawn in the order
// given, top to bottom (sort them by width first).
type TornadoSpec struct {
	Name, Title, Subtitle, Explain, Note string
	Bars                                 []TornadoBar
	Percent                              bool   // values are percentage points, else million USD
	Axis                                 string // x-axis title; derived from the unit when empty
}

// Tornado columns.
const (
	ColLow  = "At low value"
	ColHigh = "At high value"
)

// Tornado builds a tornado chart: for each parameter a light bar from the
// central result to the result at its low value and a dark one to the
// result at its high value, in one row, so that the widest rows show
// which parameters matter.
func Tornado(spec TornadoSpec) (*Chart, error) {
	n := len(spec.Bars)
	unit := UnitMillionUSD
	if spec.Percent {
		unit = UnitPercent
	}
	t := Table{Columns: []Column{{ColLow, unit}, {ColHigh, unit}}}
	for _, b := range spec.Bars {
		t.Rows = append(t.Rows, Row{Label: b.Label, Values: []float64{b.Low, b.High}})
	}
	t.All = t.Rows
	s := &bars{rows: rowLabels(t), stacked: true, axis: spec.Axis,
		legendItems: []legendItem{{name: "Parameter at its low value", colour: oiSkyBlue}, {name: "Parameter at its high value", colour: oiBlue}}}
	// Within a row the longer bar is drawn first, so that when both go
	// the same way (a non-monotone response) the shorter stays visible.
	first, second := newSeries("", n, nil), newSeries("", n, nil)
	zero := true
	for i, b := range spec.Bars {
		lo, hi := b.Low, b.High
		format := func(v float64, what string) string {
			var s string
			if spec.Percent {
				s = Pct(v, true) + " pt"
			} else {
				s = Money(v, true)
			}
			if what != "" {
				s += " (" + what + ")"
			}
			return s
		}
		lowS, highS := format(lo, b.LowLabel), format(hi, b.HighLabel)
		lc, hc := color.Color(oiSkyBlue), color.Color(oiBlue)
		if math.Abs(hi) > math.Abs(lo) {
			lo, hi, lowS, highS, lc, hc = hi, lo, highS, lowS, hc, lc
		}
		first.hi[i], first.colors[i], first.labels[i] = lo, lc, lowS
		second.hi[i], second.colors[i], second.labels[i] = hi, hc, highS
		switch {
		case lo == 0 && hi == 0:
			first.labels[i], second.labels[i] = "no effect", ""
		case lo <= 0 && hi <= 0 || lo >= 0 && hi >= 0:
			// Same side: the shorter bar's label would sit on the longer
			// bar, so the longer one carries both.
			second.labels[i] = ""
			first.labels[i] = lowS + ", " + highS
		}
		if math.IsNaN(lo) {
			first.hi[i], first.labels[i] = math.NaN(), ""
		}
		if math.IsNaN(hi) {
			second.hi[i], second.labels[i] = math.NaN(), ""
		}
		if math.Abs(b.Low) > 1e-9 || math.Abs(b.High) > 1e-9 {
			zero = false
		}
	}
	s.series = []*series{first, second}
	if n == 0 || zero {
		s.empty = "No parameter moves this result."
	}
	if spec.Percent {
		if s.axis == "" {
			s.axis = "Change from the central result, percentage points"
		}
	} else {
		moneyBars(s)
		if spec.Axis == "" {
			s.axis = s.unit.words + ", change from the central result"
		}
	}
	explain := spec.Explain
	if s.empty != "" {
		explain = ""
	}
	return &Chart{Name: spec.Name, Title: spec.Title, Subtitle: spec.Subtitle, Explain: explain, Note: spec.Note, Data: t, bars: s}, nil
}
