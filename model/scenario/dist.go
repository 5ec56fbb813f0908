package scenario

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a family of distributions an elasticity may follow.
type DistKind string

// The distributions a scenario may give an elasticity.
const (
	Lognormal  DistKind = "lognormal"  // median, p95
	Uniform    DistKind = "uniform"    // min, max
	Triangular DistKind = "triangular" // min, mode, max
	Normal     DistKind = "normal"     // mean, sd; truncated below at 0
)

// distKeys lists the parameters of each family in the order they are
// written back.
var distKeys = map[DistKind][]string{
	Lognormal:  {"median", "p95"},
	Uniform:    {"min", "max"},
	Triangular: {"min", "mode", "max"},
	Normal:     {"mean", "sd"},
}

// z95 is the 95th percentile of the standard normal: a lognormal given by
// its median m and 95th percentile q has log-sd ln(q/m)/z95.
const z95 = 1.6448536269514722

// Distribution is an uncertain elasticity: one of the families above with
// its parameters (the fields of other families are zero).
//
// Every elasticity is a magnitude ≥ 0 (σ > 0), so each family lives on
// [0, ∞): lognormal is positive by construction, uniform and triangular
// must have min ≥ 0, and normal is truncated below at 0 — its draws are
// those of N(mean, sd²) conditioned on being ≥ 0, which is what "truncated
// at its valid range" means for σ, η and ε alike (for σ the value 0 itself
// has probability zero).
type Distribution struct {
	Kind           DistKind
	Median, P95    float64 // lognormal
	Min, Mode, Max float64 // uniform (Mode unused), triangular
	Mean, SD       float64 // normal, before truncation
}

// parseDist reads a distribution table such as
// { dist = "lognormal", median = 5, p95 = 10 } and checks its rules.
func parseDist(m map[string]any) (Distribution, error) { return parseDistSigned(m, false) }

// parseDistSigned is parseDist; signed lets a uniform or triangular reach
// below 0, as a trade-cost change or a subsidy may.
func parseDistSigned(m map[string]any, signed bool) (Distribution, error) {
	kinds := []string{string(Lognormal), string(Normal), string(Triangular), string(Uniform)}
	raw, ok := m["dist"]
	if !ok {
		return Distribution{}, &valueError{msg: `a distribution needs dist = "lognormal", "uniform", "triangular" or "normal"` + keysHint(m)}
	}
	name, ok := raw.(string)
	if !ok {
		return Distribution{}, &valueError{msg: fmt.Sprintf("dist: want the name of a distribution, got %s", describe(raw))}
	}
	kind := DistKind(strings.ToLower(strings.TrimSpace(name)))
	keys, ok := distKeys[kind]
	if !ok {
		return Distribution{}, &valueError{msg: fmt.Sprintf("unknown dist %q: want lognormal, uniform, triangular or normal", name),
			hint: closest(name, kinds)}
	}
	d := Distribution{Kind: kind}
	field := map[string]*float64{"median": &d.Median, "p95": &d.P95, "min": &d.Min, "mode": &d.Mode, "max": &d.Max, "mean": &d.Mean, "sd": &d.SD}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if k == "dist" {
			continue
		}
		if !contains(keys, k) {
			return Distribution{}, &valueError{msg: fmt.Sprintf("unknown key %q in a %s distribution (its keys: dist, %s)", k, kind, strings.Join(keys, ", ")),
				hint: closest(k, keys)}
		}
		f, ok := number(m[k])
		if !ok {
			return Distribution{}, &valueError{msg: fmt.Sprintf("%s: want a number, got %s", k, describe(m[k]))}
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return Distribution{}, &valueError{msg: fmt.Sprintf("%s = %v: want a finite number", k, f)}
		}
		*field[k] = f
	}
	var missing []string
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return Distribution{}, &valueError{msg: fmt.Sprintf("a %s distribution needs %s (missing: %s)", kind, strings.Join(keys, " and "), strings.Join(missing, ", "))}
	}
	if err := d.check(signed); err != nil {
		return Distribution{}, err
	}
	return d, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// keysHint guesses the family from the keys of a table without dist.
func keysHint(m map[string]any) string {
	for _, k := range []DistKind{Triangular, Lognormal, Normal, Uniform} {
		n := 0
		for _, key := range distKeys[k] {
			if _, ok := m[key]; ok {
				n++
			}
		}
		if n == len(distKeys[k]) {
			return fmt.Sprintf(" (with these keys, add dist = %q)", k)
		}
	}
	return ""
}

// check applies the rules of d's family; the message names the rule.
func (d Distribution) check(signed bool) error {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	bad := func(format string, a ...any) error { return &valueError{msg: fmt.Sprintf(format, a...)} }
	switch d.Kind {
	case Lognormal:
		if !(d.Median > 0) {
			return bad("lognormal: median = %s must be > 0", g(d.Median))
		}
		if !(d.P95 > d.Median) {
			return bad("lognormal: p95 = %s must be > median = %s", g(d.P95), g(d.Median))
		}
	case Uniform:
		if d.Min < 0 && !signed {
			return bad("uniform: min = %s must be ≥ 0 (elasticities are magnitudes)", g(d.Min))
		}
		if !(d.Min <= d.Max) {
			return bad("uniform: min = %s must be ≤ max = %s (min = max is a point mass)", g(d.Min), g(d.Max))
		}
	case Triangular:
		if d.Min < 0 && !signed {
			return bad("triangular: min = %s must be ≥ 0 (elasticities are magnitudes)", g(d.Min))
		}
		if !(d.Min <= d.Max) {
			return bad("triangular: min = %s must be ≤ max = %s (min = max is a point mass)", g(d.Min), g(d.Max))
		}
		if d.Mode < d.Min || d.Mode > d.Max {
			return bad("triangular: mode = %s must be between min = %s and max = %s", g(d.Mode), g(d.Min), g(d.Max))
		}
	case Normal:
		if !(d.SD > 0) {
			return bad("normal: sd = %s must be > 0", g(d.SD))
		}
		if d.Mean < 0 {
			return bad("normal: mean = %s must be ≥ 0 (elasticities are magnitudes; the distribution is truncated at 0)", g(d.Mean))
		}
	default:
		return bad("unknown dist %q", d.Kind)
	}
	return nil
}

// Quantile returns the p-quantile of d (p in [0, 1]; NaN outside), in
// closed form. Quantile(0.05) and Quantile(0.95) are the ends of the 90%
// interval; Quantile(0.5) is the median, the value a plain (non-Monte
// Carlo) run uses.
func (d Distribution) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	switch d.Kind {
	case Lognormal:
		s := math.Log(d.P95/d.Median) / z95
		return d.Median * math.Exp(s*distuv.UnitNormal.Quantile(p))
	case Uniform:
		return d.Min + p*(d.Max-d.Min)
	case Triangular:
		a, b, c := d.Min, d.Max, d.Mode
		if a == b {
			return a // a point mass: every quantile is the one value
		}
		if p < (c-a)/(b-a) {
			return a + math.Sqrt(p*(b-a)*(c-a))
		}
		return b - math.Sqrt((1-p)*(b-a)*(b-c))
	case Normal:
		// Inverse CDF of N(mean, sd²) conditioned on x ≥ 0.
		lo := distuv.UnitNormal.CDF(-d.Mean / d.SD)
		return max(0, d.Mean+d.SD*distuv.UnitNormal.Quantile(lo+p*(1-lo)))
	}
	return math.NaN()
}

// Expected returns the mean of d (after truncation, for normal).
func (d Distribution) Expected() float64 {
	switch d.Kind {
	case Lognormal:
		s := math.Log(d.P95/d.Median) / z95
		return d.Median * math.Exp(s*s/2)
	case Uniform:
		return (d.Min + d.Max) / 2
	case Triangular:
		return (d.Min + d.Mode + d.Max) / 3
	case Normal:
		a := -d.Mean / d.SD
		return d.Mean + d.SD*distuv.UnitNormal.Prob(a)/(1-distuv.UnitNormal.CDF(a))
	}
	return math.NaN()
}

// String writes d as the inline table the scenario file accepts.
func (d Distribution) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "{ dist = %q", d.Kind)
	v := map[string]float64{"median": d.Median, "p95": d.P95, "min": d.Min, "mode": d.Mode, "max": d.Max, "mean": d.Mean, "sd": d.SD}
	for _, k := range distKeys[d.Kind] {
		fmt.Fprintf(&sb, ", %s = %s", k, strconv.FormatFloat(v[k], 'g', -1, 64))
	}
	sb.WriteString(" }")
	return sb.String()
}

// Preset names a documented value of an elasticity: the low or high end
// of the literature range for the category, or its central default (see
// baseline.Defaults and docs/DATA.md). It resolves per category, so one
// "high" in [elasticities] means each category's own high value.
type Preset string

// The presets.
const (
	Low     Preset = "low"
	Central Preset = "central"
	High    Preset = "high"
)
