package chart

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// Minus is U+2212, the one minus sign of every chart, report and web
// page (text tables and CSV keep ASCII "-" for other programs).
// Typographers and screen readers expect it rather than a hyphen, and it
// has the width of "+" so signed labels line up.
const Minus = "−"

// moneyUnit is a scale for amounts given in million USD.
type moneyUnit struct {
	suffix string  // "B", "M", "K" or ""
	perM   float64 // how many of this unit make one million USD
	words  string  // for axis titles, e.g. "US$ billions"
}

var (
	unitT = moneyUnit{"T", 1e-6, "US$ trillions"}
	unitB = moneyUnit{"B", 1e-3, "US$ billions"}
	unitM = moneyUnit{"M", 1, "US$ millions"}
	unitK = moneyUnit{"K", 1e3, "US$ thousands"}
	unitD = moneyUnit{"", 1e6, "US$"}
)

// unitFor picks the largest unit in which the largest magnitude is at least
// one, so that axis ticks read "$250M" rather than "$0.25B" and a chart of a
// small effect does not show "$0.0001B".
func unitFor(maxAbsM float64) moneyUnit {
	switch {
	case maxAbsM >= 1e6:
		return unitT
	case maxAbsM >= 1000:
		return unitB
	case maxAbsM >= 1:
		return unitM
	case maxAbsM >= 1e-3:
		return unitK
	}
	return unitD
}

// trimZeros removes trailing zeros after a decimal point ("1.50" → "1.5",
// "2.00" → "2").
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// sigDecimals is the number of decimals that shows two significant digits
// of x (three or more for |x| ≥ 10, where no decimals are shown).
func sigDecimals(x float64) int {
	a := math.Abs(x)
	if a == 0 {
		return 0
	}
	d := 1 - int(math.Floor(math.Log10(a)))
	return max(0, min(d, 6))
}

// signed formats s with a leading "+" or "−" according to neg/pos; zero
// gets no sign.
func signed(s string, v float64, plus bool) string {
	switch {
	case v < 0:
		return Minus + s
	case v > 0 && plus:
		return "+" + s
	}
	return s
}

// Money formats an amount in million USD in the unit that suits it, with
// two significant digits (more for amounts of ten units or more):
// 1234.5 → "$1.2B", −42 → "−$42M", 0.25 → "$250K". With plus, positive
// amounts get a "+" (for changes).
func Money(m float64, plus bool) string {
	if m == 0 || math.IsNaN(m) {
		if math.IsNaN(m) {
			return "n/a"
		}
		return "$0"
	}
	u := unitFor(math.Abs(m))
	x := math.Abs(m) * u.perM
	s := trimZeros(strconv.FormatFloat(x, 'f', sigDecimals(x), 64))
	// Rounding can carry into the next unit: 999.6M prints as "$1B", not
	// "$1000M".
	if s == "1000" && u != unitT {
		for i, v := range []moneyUnit{unitD, unitK, unitM, unitB} {
			if u == v {
				u = []moneyUnit{unitK, unitM, unitB, unitT}[i]
				break
			}
		}
		s = "1"
	}
	return signed("$"+s+u.suffix, m, plus)
}

// Pct formats a percentage (3.4 means 3.4%) with two significant digits
// (no decimals from 10% up): "+3.4%", "−0.052%", "12%". Magnitudes below
// 0.000001% print as "≈0%" rather than pretending to a precision the model
// does not have.
func Pct(p float64, plus bool) string {
	switch {
	case math.IsNaN(p) || math.IsInf(p, 0):
		return "n/a"
	case p == 0:
		return "0%"
	case math.Abs(p) < 1e-6:
		return "≈0%"
	}
	a := math.Abs(p)
	s := trimZeros(strconv.FormatFloat(a, 'f', sigDecimals(a), 64))
	return signed(s+"%", p, plus)
}

// niceStep returns the 1, 2, 2.5 or 5 × 10^k step whose ticks inside
// [lo, hi] come closest to n in number (fewer on a tie): these are the
// steps a person would choose.
func niceStep(lo, hi float64, n int) float64 {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/float64(n))))
	best, bestD := 10*mag, math.Inf(1)
	for _, m := range []float64{0.5, 1, 2, 2.5, 5, 10, 20} {
		step := m * mag
		count := math.Floor(hi/step+1e-9) - math.Ceil(lo/step-1e-9) + 1
		d := math.Abs(count - float64(n))
		if count >= 2 && (d < bestD || d == bestD && step > best) {
			best, bestD = step, d
		}
	}
	return best
}

// stepDecimals is the number of decimals needed to print multiples of step
// exactly (0.25 → 2, 5 → 0).
func stepDecimals(step float64) int {
	for d := 0; d < 10; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(step*p-math.Round(step*p)) < 1e-6*step*p {
			return d
		}
	}
	return 10
}

// ticker labels about six nice ticks between min and max. Values on the
// axis are already in the display unit; format turns one into a label.
type ticker struct {
	n      int
	format func(v float64, decimals int) string
}

// Ticks implements plot.Ticker. It returns only ticks inside [min, max],
// because the range is widened for labels and ticks beyond it would draw
// outside the axis.
func (t ticker) Ticks(lo, hi float64) []plot.Tick {
	step := niceStep(lo, hi, t.n)
	d := stepDecimals(step)
	var ts []plot.Tick
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+step*1e-9; i++ {
		v := i * step
		if math.Abs(v) < step*1e-9 {
			v = 0 // no "−0"
		}
		ts = append(ts, plot.Tick{Value: v, Label: t.format(v, d)})
	}
	return ts
}

func moneyTicker(u moneyUnit) ticker {
	return ticker{n: 6, format: func(v float64, d int) string {
		s := trimZeros(strconv.FormatFloat(math.Abs(v), 'f', d, 64))
		return signed("$"+s+u.suffix, v, false)
	}}
}

func pctTicker() ticker {
	return ticker{n: 6, format: func(v float64, d int) string {
		s := trimZeros(strconv.FormatFloat(math.Abs(v), 'f', d, 64))
		return signed(s+"%", v, false)
	}}
}
