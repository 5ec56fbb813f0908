package analysis

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// The rules that give a low and a high value, as the table names them.
const (
	ruleDist     = "distribution p5–p95"
	rulePreset   = "baseline presets"
	ruleScaled   = "presets, scaled to the scenario's value"
	ruleFallback = "±50% (no documented range)"
)

// bound is one elasticity in one category (or every category) with its
// low and high values.
type bound struct {
	param     scenario.Param
	cat       string // slug, or "" for every category (--by parameter)
	low, high map[string]float64
	central   float64 // the scenario's value; NaN when categories differ
	lowV      float64 // for display: the value at low (NaN when it varies by category)
	highV     float64
	rule      string
	fixed     bool // no range: not moved
}

// elasticityAsWritten returns the scenario's entry for param in category
// slug: the category's own, else [elasticities], else unset.
func elasticityAsWritten(sc *scenario.Scenario, b *baseline.Baseline, param scenario.Param, slug string) scenario.Elasticity {
	get := func(set scenario.ElasticitySet) scenario.Elasticity { return *param.In(&set) }
	for k, set := range sc.Elasticities.Category {
		if s, ok := b.Category(k); ok && s == slug {
			if e := get(set); e.IsSet() {
				return e
			}
		}
	}
	return get(sc.Elasticities.Default)
}

// rangeOf returns the low and high values of param in category slug and
// the rule that gave them (see the command's help).
func (st *Setup) rangeOf(param scenario.Param, slug string, central float64) (lo, hi float64, rule string) {
	sc, b := st.Run.Scenario, st.Run.Baseline
	e := elasticityAsWritten(sc, b, param, slug)
	if d, ok := e.Dist(); ok {
		return d.Quantile(0.05), d.Quantile(0.95), ruleDist
	}
	d := b.DefaultsFor(slug)
	short := sc.Model.Horizon == scenario.ShortRun
	pl, errL := d.Preset("low", param.Key(), short)
	ph, errH := d.Preset("high", param.Key(), short)
	pc, errC := d.Preset("central", param.Key(), short)
	if errL != nil || errH != nil || errC != nil {
		if math.IsInf(central, 0) {
			return central, central, ruleFallback
		}
		return 0.5 * central, 1.5 * central, ruleFallback
	}
	if math.IsInf(central, 0) || math.IsInf(pl, 0) && math.IsInf(ph, 0) {
		// ∞ has no proportions, and an ∞ range (ε) moves nothing.
		return pl, ph, rulePreset
	}
	if _, isPreset := e.Preset(); !e.IsSet() || isPreset || central == pc {
		return pl, ph, rulePreset
	}
	if pc == 0 || math.IsInf(pc, 0) {
		return 0.5 * central, 1.5 * central, ruleFallback
	}
	return central * pl / pc, central * ph / pc, ruleScaled
}

// SensitivityRow is the result of moving one elasticity (in one category
// or in every category) to its low and its high value.
type SensitivityRow struct {
	bound
	Label                 string
	ResultLow, ResultHigh float64
}

// Swing is |result at high − result at low|, 0 for a row not moved.
func (r SensitivityRow) Swing() float64 {
	if r.fixed {
		return 0
	}
	return math.Abs(r.ResultHigh - r.ResultLow)
}

// Sensitivity is a one-at-a-time sensitivity analysis of one metric.
type Sensitivity struct {
	st      *Setup
	Metric  metric.Metric
	By      string // "category" or "parameter"
	Central float64
	Rows    []SensitivityRow // widest first; rows not moved last
	// Version is stamped on the chart.
	Version string
}

// Analyse moves each elasticity alone (by "category": each of σ, η, ε in
// each category; by "parameter": each in every category at once) to its
// low and its high value (see the package comment for the rules) and
// evaluates m each time.
func Analyse(ctx context.Context, st *Setup, m metric.Metric, by string) (*Sensitivity, error) {
	central := st.Run.Result
	sa := &Sensitivity{st: st, Metric: m, By: by, Central: m.Eval(central, st.Run.Focus)}
	cats := slices.Sorted(maps.Keys(st.Params.Category))
	// Categories in the baseline's own order (Census HITECH for ATP).
	rank := map[string]int{}
	for i, c := range st.Run.Baseline.Categories {
		rank[c.Slug] = i
	}
	slices.SortStableFunc(cats, func(a, b string) int { return cmp.Compare(rank[a], rank[b]) })
	// σ_D and ε_D are read only in markets with a domestic flow: they are
	// moved in those categories alone, and not at all without one.
	domestic := map[string]bool{}
	for _, r := range st.Run.Baseline.Rows {
		if r.Domestic() {
			domestic[r.Category] = true
		}
	}
	var bounds []bound
	for _, p := range scenario.ModelParams {
		cats := cats
		if p.Domestic() {
			cats = slices.DeleteFunc(slices.Clone(cats), func(k string) bool { return !domestic[k] })
			if len(cats) == 0 {
				continue
			}
		}
		if by == "parameter" {
			bd := bound{param: p, low: map[string]float64{}, high: map[string]float64{}, lowV: math.NaN(), highV: math.NaN(), central: math.NaN()}
			rules := map[string]bool{}
			moved := false
			for i, k := range cats {
				c, _ := p.Get(st.Params.Category[k])
				lo, hi, rule := st.rangeOf(p, k, c)
				bd.low[k], bd.high[k] = lo, hi
				rules[rule] = true
				moved = moved || lo != c || hi != c
				if i == 0 {
					bd.lowV, bd.highV, bd.central = lo, hi, c
				} else {
					if lo != bd.lowV {
						bd.lowV = math.NaN()
					}
					if hi != bd.highV {
						bd.highV = math.NaN()
					}
					if c != bd.central {
						bd.central = math.NaN()
					}
				}
			}
			bd.rule = strings.Join(slices.Sorted(maps.Keys(rules)), "; ")
			bd.fixed = !moved
			bounds = append(bounds, bd)
			continue
		}
		for _, k := range cats {
			c, _ := p.Get(st.Params.Category[k])
			lo, hi, rule := st.rangeOf(p, k, c)
			bounds = append(bounds, bound{param: p, cat: k, low: map[string]float64{k: lo}, high: map[string]float64{k: hi},
				central: c, lowV: lo, highV: hi, rule: rule, fixed: lo == c && hi == c})
		}
	}
	for _, bd := range bounds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := SensitivityRow{bound: bd, ResultLow: sa.Central, ResultHigh: sa.Central}
		r.Label = bd.param.Symbol() + ", every category"
		if bd.cat != "" {
			r.Label = st.Run.Baseline.CategoryName(bd.cat) + ", " + bd.param.Symbol()
		}
		if !bd.fixed {
			for _, side := range []struct {
				vals map[string]float64
				dst  *float64
			}{{bd.low, &r.ResultLow}, {bd.high, &r.ResultHigh}} {
				params := st.Params
				for k, v := range side.vals {
					params = scenario.Edit{Kind: scenario.EditElasticity, Param: bd.param, Category: k, Value: v}.Params(params)
				}
				res, err := st.Solve(&params)
				if err != nil {
					return nil, fmt.Errorf("%s at %v: %w", r.Label, side.vals, err)
				}
				*side.dst = sa.Metric.Eval(res, st.Run.Focus)
			}
		}
		sa.Rows = append(sa.Rows, r)
	}
	slices.SortStableFunc(sa.Rows, func(a, b SensitivityRow) int {
		return cmp.Or(cmp.Compare(b2i(a.fixed), b2i(b.fixed)), cmp.Compare(b.Swing(), a.Swing()))
	})
	return sa, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fmtElasticity(v float64) string {
	switch {
	case math.IsNaN(v):
		return "varies"
	case math.IsInf(v, 1):
		return "∞"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// WriteTable writes the analysis as a text table.
func (sa *Sensitivity) WriteTable(w io.Writer) error {
	ew := tables.NewErrWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	unit := "$ million at world prices"
	if sa.Metric.Percent {
		unit = "percent"
	}
	p("Sensitivity of the %s (%s) to each elasticity moved alone\n", sa.Metric.Label, unit)
	p("Scenario: %s\n", sa.st.Run.Scenario.Name)
	p("Model:    %s; exemption %s\n", tables.ModelLine(sa.st.Run.Result), sa.st.Run.Scenario.Model.Exemption)
	p("Central:  %s\n\n", formatMetric(sa.Metric, sa.Central))
	g := &tables.Grid{}
	g.Add("", "central", "low", "high", "result at low", "at high", "swing", "low/high from")
	var fixed []string
	for _, r := range sa.Rows {
		if r.fixed {
			fixed = append(fixed, r.Label)
			continue
		}
		sw := tables.Money(r.Swing())
		if sa.Metric.Percent {
			sw = fmt.Sprintf("%.2f", r.Swing())
		}
		g.Add(r.Label, fmtElasticity(r.central), fmtElasticity(r.lowV), fmtElasticity(r.highV),
			formatMetric(sa.Metric, r.ResultLow), formatMetric(sa.Metric, r.ResultHigh), sw, r.rule)
	}
	g.Write(ew)
	if len(fixed) > 0 {
		p("\nNot moved (the range is one value, e.g. the presets keep ε = ∞; give a distribution to vary it):\n  %s\n",
			tables.Wrap(strings.Join(fixed, "; "), 76, "  "))
	}
	p("\nLow and high values: a distribution's p5 and p95 where the scenario gives one, else the\n" +
		"baseline's documented range (presets low/high, docs/DATA.md), else ±50%%.\n")
	return ew.Err()
}

// WriteCSV writes the analysis as CSV, one row per elasticity moved.
func (sa *Sensitivity) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"parameter", "category", "central", "low", "high", "metric", "result_central", "result_low", "result_high", "swing", "moved", "rule"})
	num := func(v float64) string { return tables.CSVNumber(v, 10) }
	for _, r := range sa.Rows {
		cat := r.cat
		if cat == "" {
			cat = "*"
		}
		cw.Write([]string{r.param.Key(), cat, num(r.central), num(r.lowV), num(r.highV), sa.Metric.Name, num(sa.Central),
			num(r.ResultLow), num(r.ResultHigh), num(r.Swing()), strconv.FormatBool(!r.fixed), r.rule})
	}
	cw.Flush()
	return cw.Error()
}

// Chart is the tornado chart of the top widest rows.
func (sa *Sensitivity) Chart(top int) (*chart.Chart, error) {
	var bars []chart.TornadoBar
	left := 0
	for _, r := range sa.Rows {
		if r.fixed {
			continue
		}
		if len(bars) == top {
			left++
			continue
		}
		sym := r.param.Symbol()
		lo, hi := sym+" "+fmtElasticity(r.lowV), sym+" "+fmtElasticity(r.highV)
		if math.IsNaN(r.lowV) {
			lo, hi = "low", "high"
		}
		bars = append(bars, chart.TornadoBar{Label: r.Label, Low: r.ResultLow - sa.Central, High: r.ResultHigh - sa.Central, LowLabel: lo, HighLabel: hi})
	}
	explain := fmt.Sprintf("Each elasticity moved alone to its low and its high value, all others as in the scenario; "+
		"bars show how far the result moves from the central %s. Low and high: a distribution's p5 and p95, else the baseline's documented range.",
		fmtCentral(sa.Metric, sa.Central))
	if left > 0 {
		explain += fmt.Sprintf(" %d narrower rows are in sensitivity.csv.", left)
	}
	b := sa.st.Run.Baseline
	meta := chart.Meta{Version: "tariffsim " + sa.Version, Baseline: b.Name, EstimatedShare: b.Provenance().EstimatedShare(),
		Exemption: sa.st.Run.Scenario.Model.Exemption.String()}
	return chart.Tornado(chart.TornadoSpec{
		Name:     "tornado-" + strings.ReplaceAll(sa.Metric.Name, ":", "-"),
		Title:    "What moves the " + sa.Metric.Label,
		Subtitle: sa.st.Run.Scenario.Name,
		Explain:  explain,
		Note:     chart.SourceNote(sa.st.Run.Result, meta),
		Bars:     bars,
		Percent:  sa.Metric.Percent,
	})
}

func fmtCentral(m metric.Metric, v float64) string {
	if m.Percent {
		return chart.Pct(v, true)
	}
	return chart.Money(v, true)
}

// formatMetric formats a metric value for tables: money with separators
// and a sign, or a percentage with two decimals.
func formatMetric(m metric.Metric, v float64) string {
	if m.Percent {
		return fmt.Sprintf("%+.2f%%", v)
	}
	return tables.Signed(v)
}
