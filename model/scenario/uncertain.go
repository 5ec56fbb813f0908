package scenario

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// PercentDist is a measure's rate, exempt share or trade-cost change that
// follows a distribution (docs/MODEL.md, "Uncertainty"): its parameters
// are written as percent strings, { dist = "uniform", min = "15%", max =
// "35%" }, and held, like [Percent], in percentage points. The zero value
// means "a plain number". A plain run uses the distribution's median,
// which the Measure's Rate, Exempt or Change field holds.
type PercentDist struct {
	Distribution
}

// IsSet reports whether d is a distribution.
func (d PercentDist) IsSet() bool { return d.Kind != "" }

// String writes d as the scenario file accepts it back, with percent
// strings for its parameters.
func (d PercentDist) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "{ dist = %q", d.Kind)
	v := map[string]float64{"median": d.Median, "p95": d.P95, "min": d.Min, "mode": d.Mode, "max": d.Max, "mean": d.Mean, "sd": d.SD}
	for _, k := range distKeys[d.Kind] {
		fmt.Fprintf(&sb, ", %s = %q", k, formatPct(v[k]))
	}
	sb.WriteString(" }")
	return sb.String()
}

// uncertainPercent is what the file's rate, exempt and change keys decode
// into: a percent string or a distribution of percent strings.
type uncertainPercent struct {
	p    Percent
	dist PercentDist
}

// UnmarshalTOML accepts a percent string or a distribution table whose
// numeric parameters are percent strings.
func (u *uncertainPercent) UnmarshalTOML(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return u.p.UnmarshalTOML(v)
	}
	conv := make(map[string]any, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		x := m[k]
		if k == "dist" {
			conv[k] = x
			continue
		}
		var p Percent
		if err := p.UnmarshalTOML(x); err != nil {
			if ve, ok := err.(*valueError); ok {
				return &valueError{msg: k + ": " + ve.msg, hint: ve.hint}
			}
			return fmt.Errorf("%s: %w", k, err)
		}
		conv[k] = float64(p)
	}
	d, err := parseDistSigned(conv, true)
	if err != nil {
		if ve, ok := err.(*valueError); ok {
			ve.msg = strings.ReplaceAll(ve.msg, "elasticities are magnitudes; ", "")
		}
		return err
	}
	if d.Kind == Lognormal {
		// A lognormal has no upper bound: a rate or share drawn from it
		// could leave the range a measure may set.
		return &valueError{msg: "a lognormal has no upper bound: give a rate or share as uniform, triangular or normal"}
	}
	u.dist = PercentDist{d}
	u.p = Percent(d.Quantile(0.5))
	return nil
}

// checkPercentDist checks that every value d can draw lies in [lo, hi]
// (percentage points); a normal, truncated only at 0, must keep its upper
// tail inside hi to within 1e-9.
func checkPercentDist(d PercentDist, lo, hi float64) error {
	if !d.IsSet() {
		return nil
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) + "%" }
	a, b := d.Quantile(0), d.Quantile(1)
	if d.Kind == Normal {
		b = d.Quantile(1 - 1e-9)
	}
	if a < lo || b > hi || math.IsInf(b, 0) {
		return fmt.Errorf("the distribution %s reaches %s to %s: its values must lie between %s and %s", d, g(a), g(b), g(lo), g(hi))
	}
	return nil
}

// correlationValue is [uncertainty] correlation: a number in [0, 1].
type correlationValue struct {
	v   float64
	set bool
}

// UnmarshalTOML accepts a number between 0 and 1.
func (c *correlationValue) UnmarshalTOML(v any) error {
	f, ok := number(v)
	if !ok {
		return &valueError{msg: fmt.Sprintf("want a number between 0 and 1, got %s", describe(v))}
	}
	if !(f >= 0 && f <= 1) {
		return &valueError{msg: fmt.Sprintf("%v is not a correlation between 0 and 1", f)}
	}
	c.v, c.set = f, true
	return nil
}
