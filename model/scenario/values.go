package scenario

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// valueError is what the UnmarshalTOML methods of this package return: a
// message and an optional suggestion, which the loader turns into an
// [*Error] with the line of the value.
type valueError struct {
	msg, hint string
}

func (e *valueError) Error() string {
	if e.hint == "" {
		return e.msg
	}
	return fmt.Sprintf("%s; did you mean %q?", e.msg, e.hint)
}

// Percent is a rate or a share written as a percent string such as "25%".
// It holds the number as written, in percentage points (25 for "25%"), so
// that writing a scenario back gives the same text.
type Percent float64

var percentRE = regexp.MustCompile(`^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*%\s*$`)

// ParsePercent parses a percent string such as "25%", "-10%" or "7.5%".
func ParsePercent(s string) (Percent, error) {
	m := percentRE.FindStringSubmatch(s)
	if m == nil {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return 0, &valueError{msg: fmt.Sprintf("%q has no %% sign: want a percent string", s), hint: formatPct(f)}
		}
		return 0, &valueError{msg: fmt.Sprintf("%q is not a percent: want a string such as \"25%%\" or \"7.5%%\"", s)}
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, &valueError{msg: fmt.Sprintf("%q is out of range", s)}
	}
	if f == 0 {
		f = 0 // no "-0%"
	}
	return Percent(f), nil
}

// Fraction returns p as a fraction: 0.25 for "25%".
func (p Percent) Fraction() float64 { return float64(p) / 100 }

// String formats p as TOML accepts it back, e.g. "7.5%".
func (p Percent) String() string { return formatPct(float64(p)) }

func formatPct(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" }

// MarshalTOML writes p as a quoted percent string.
func (p Percent) MarshalTOML() ([]byte, error) { return []byte(strconv.Quote(p.String())), nil }

// UnmarshalTOML accepts only percent strings. A bare number is an error
// whose hint is the percent string most likely meant: "25%" for both 25 and
// 0.25, since a fraction at most 1 is almost always a share and a larger
// number almost always percentage points.
func (p *Percent) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		q, err := ParsePercent(x)
		if err != nil {
			return err
		}
		*p = q
		return nil
	case int64:
		return &valueError{msg: fmt.Sprintf("the bare number %d is ambiguous: write a percent string", x),
			hint: formatPct(float64(x))}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return &valueError{msg: fmt.Sprintf("%v is not a percent: want a string such as \"25%%\"", x)}
		}
		h := x
		if math.Abs(x) <= 1 {
			h = math.Round(x*100*1e9) / 1e9
		}
		return &valueError{msg: fmt.Sprintf("the bare number %v is ambiguous: write a percent string", x),
			hint: formatPct(h)}
	}
	return &valueError{msg: fmt.Sprintf("want a percent string such as \"25%%\", got %s", describe(v))}
}

// Elasticity is one elasticity as written in a scenario: a non-negative
// number or +Inf ("inf"), a [Distribution] (a table such as
// { dist = "lognormal", median = 5, p95 = 10 }) or a [Preset] ("low",
// "central", "high"); the zero value means "not given".
//
// Callers use [Elasticity.Value] for the number a plain run uses: the
// number itself, or a distribution's median. A preset has no number of its
// own (it depends on the category's documented range): Scenario.Params
// resolves it against the baseline.
type Elasticity struct {
	v      float64
	set    bool
	preset Preset       // "" unless a preset
	dist   Distribution // Kind "" unless a distribution
}

// Number returns the elasticity v. Use math.Inf(1) for an infinite one.
func Number(v float64) Elasticity { return Elasticity{v: v, set: true} }

// Distributed returns an elasticity that follows d.
func Distributed(d Distribution) Elasticity {
	return Elasticity{v: d.Quantile(0.5), set: true, dist: d}
}

// Named returns the elasticity given by a preset.
func Named(p Preset) Elasticity { return Elasticity{set: true, preset: p} }

// IsSet reports whether the elasticity was given.
func (e Elasticity) IsSet() bool { return e.set }

// Value returns the number a plain run uses: the number (+Inf for "inf"),
// or the median of a distribution; 0 when not set or a preset.
func (e Elasticity) Value() float64 { return e.v }

// Dist returns e's distribution, if it is one.
func (e Elasticity) Dist() (Distribution, bool) { return e.dist, e.dist.Kind != "" }

// Preset returns e's preset name, if it is one.
func (e Elasticity) Preset() (Preset, bool) { return e.preset, e.preset != "" }

// String formats e as TOML accepts it back: a number, "inf" quoted, a
// preset name quoted, or a distribution as an inline table.
func (e Elasticity) String() string {
	switch {
	case e.dist.Kind != "":
		return e.dist.String()
	case e.preset != "":
		return strconv.Quote(string(e.preset))
	case math.IsInf(e.v, 1):
		return `"inf"`
	}
	return strconv.FormatFloat(e.v, 'g', -1, 64)
}

// MarshalTOML writes e as a TOML number, a string ("inf" or a preset) or an
// inline table (a distribution).
func (e Elasticity) MarshalTOML() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalTOML accepts a number ≥ 0, "inf", a preset name or a
// distribution table. Whether "inf" and 0 are allowed depends on which
// elasticity this is, which the loader checks.
func (e *Elasticity) UnmarshalTOML(v any) error {
	f, ok := number(v)
	if !ok {
		switch x := v.(type) {
		case string:
			s := strings.ToLower(strings.TrimSpace(x))
			switch s {
			case "inf", "+inf", "infinity", "+infinity":
				*e = Number(math.Inf(1))
				return nil
			case "low", "central", "high":
				*e = Named(Preset(s))
				return nil
			}
			if err := quotedNumber(x, s); err != nil {
				return err
			}
			return &valueError{msg: fmt.Sprintf("%q is not an elasticity: want a number, \"inf\", a preset (\"low\", \"central\", \"high\") or a distribution", x),
				hint: closest(s, []string{"inf", "low", "central", "high"})}
		case map[string]any:
			d, err := parseDist(x)
			if err != nil {
				return err
			}
			*e = Distributed(d)
			return nil
		default:
			return &valueError{msg: fmt.Sprintf("want a number or \"inf\", got %s", describe(v))}
		}
	}
	switch {
	case math.IsNaN(f):
		return &valueError{msg: "nan is not an elasticity: want a number ≥ 0"}
	case f < 0:
		a := strconv.FormatFloat(-f, 'g', -1, 64)
		return &valueError{msg: fmt.Sprintf("elasticities are magnitudes: write %s, not -%s", a, a)}
	}
	*e = Number(math.Abs(f)) // Abs turns -0 into 0
	return nil
}

// Date is a calendar date, written in TOML as a local date (2025-03-04,
// without quotes). The zero value means "no date".
type Date struct {
	t time.Time // midnight UTC
}

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar date of t in t's location; the zero time
// gives the zero Date.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// IsZero reports whether d is absent.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// String formats d as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// UnmarshalTOML accepts a TOML local date only: a date-time would raise the
// question of which time zone a tariff starts in, which the model does not
// answer, and a quoted string is most likely a mistake.
func (d *Date) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case time.Time:
		if x.Location().String() == "date-local" {
			*d = DateOf(x)
			return nil
		}
		return &valueError{msg: fmt.Sprintf("want a date such as %s, not a date-time", x.Format(time.DateOnly))}
	case string:
		if t, err := time.Parse(time.DateOnly, strings.TrimSpace(x)); err == nil {
			return &valueError{msg: fmt.Sprintf("dates are written without quotes: %s", t.Format(time.DateOnly))}
		}
		return &valueError{msg: fmt.Sprintf("%q is not a date: want a date such as 2025-03-04 (without quotes)", x)}
	}
	return &valueError{msg: fmt.Sprintf("want a date such as 2025-03-04, got %s", describe(v))}
}

// codeList is a list of codes that may also be written as one string.
type codeList []string

func (c *codeList) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return &valueError{msg: "empty code: want a code such as \"CN\" or a list of codes"}
		}
		*c = codeList{strings.TrimSpace(x)}
		return nil
	case []any:
		if len(x) == 0 {
			return &valueError{msg: "empty list: it would match nothing (leave the key out for the default)"}
		}
		out := make(codeList, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return &valueError{msg: fmt.Sprintf("want a list of code strings, found %s", describe(e))}
			}
			if strings.TrimSpace(s) == "" {
				return &valueError{msg: "empty code in the list"}
			}
			out = append(out, strings.TrimSpace(s))
		}
		*c = out
		return nil
	}
	return &valueError{msg: fmt.Sprintf("want a code string or a list of codes, got %s", describe(v))}
}

// number returns v as a float64 when the decoder gave a TOML number, an
// integer or a float.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// quotedNumber is the error for a string x that holds a number once s (x
// trimmed, perhaps lowered) is parsed, or nil.
func quotedNumber(x, s string) error {
	if g, err := strconv.ParseFloat(s, 64); err == nil {
		return &valueError{msg: fmt.Sprintf("%q is a string: write the number without quotes, %v", x, g)}
	}
	return nil
}

// describe names a decoded TOML value for messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:37] + "..."
		}
		return fmt.Sprintf("the string %q", x)
	case int64:
		return fmt.Sprintf("the integer %d", x)
	case float64:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case time.Time:
		return "a date-time"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("a %T", v)
}
