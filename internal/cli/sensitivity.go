package cli

import (
	"cmp"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/scenario"
)

type sensitivityOptions struct {
	baseline string
	at       string
	focus    string
	metric   string
	by       choiceValue
	format   choiceValue
	top      int
	out      string
	charts   listValue
	noCharts bool
	quiet    bool
}

func sensitivityCommand() *command {
	return &command{
		name:     "sensitivity",
		synopsis: "which elasticities move a result most (tornado chart)",
		usage:    "[flags] SCENARIO.toml",
		help: `
Moves each elasticity alone to its low and then its high value, keeping every
other one where the scenario sets it, solves the scenario each time, and
reports how far one result (--metric) moves: a table on stdout, widest swing
first, and a tornado chart, with sensitivity.csv and sensitivity.txt, in
output/<scenario>-sensitivity-<metric>/.

What moves (--by):

	category    each of σ, η and ε in each category alone (up to 30 rows for
	            the 10 ATP groups; the chart shows the --top widest, the
	            table all of them)
	parameter   σ, η and ε each moved in every category at once, each
	            category to its own low or high value (3 rows)

Low and high values, per category and elasticity:

  * the 5th and 95th percentiles when the scenario gives the elasticity as a
    distribution ({ dist = "lognormal", median = 5, p95 = 10 }, ...);
  * otherwise the baseline's documented range, the presets "low" and "high"
    (docs/DATA.md, "Elasticity presets"). When the scenario sets its own
    number, the range keeps the preset's proportions around it
    (low = value × preset low / preset central), so a scenario that doubles
    σ also doubles its range;
  * where the baseline documents no range, ±50% of the central value.
    ε = ∞ (the default: importers pay the whole tariff) has no documented
    range and is not moved: give ε a distribution to vary it.

The table says which rule gave each row. Exporter-specific ε
([elasticities.exporter.CC]) keeps its value.

` + metricHelp + `

Examples:

	tariffsim sensitivity us-canada-mexico-25
	tariffsim sensitivity --metric us_welfare --by parameter china-2025-04-peak
	tariffsim sensitivity --metric imports_from:MX --format csv us-canada-mexico-25 > mx.csv`,
		flags: func(fs *flag.FlagSet) any {
			o := &sensitivityOptions{
				by:     choiceValue{allowed: []string{"category", "parameter"}, value: "category"},
				format: choiceValue{allowed: []string{"table", "csv"}, value: "table"},
				charts: listValue{allowed: []string{"png", "svg", "pdf"}, values: []string{"png", "svg"}},
			}
			fs.StringVar(&o.metric, "metric", "us_imports", "the `metric` whose sensitivity to show (see the list above)")
			fs.Var(&o.by, "by", "move each elasticity per `category`, or per parameter in every category at once")
			fs.Var(&o.format, "format", "what to print on stdout: `table` or csv")
			fs.IntVar(&o.top, "top", 15, "the chart shows the `N` widest rows")
			fs.StringVar(&o.baseline, "baseline", "", "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline")
			fs.StringVar(&o.at, "at", "", "apply the measures in force on `DATE` (YYYY-MM-DD)")
			fs.StringVar(&o.focus, "focus", "", "the `country` the metric is about (default US)")
			fs.StringVar(&o.out, "out", "", "write the files to `DIR` (default output/<scenario>-sensitivity-<metric>)")
			fs.Var(&o.charts, "charts", "chart `formats` to write: any of png,svg,pdf")
			fs.BoolVar(&o.noCharts, "no-charts", false, "do not draw charts")
			fs.BoolVar(&o.quiet, "q", false, "do not list the files written")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*sensitivityOptions)
			if len(args) != 1 {
				return usagef("sensitivity takes one scenario file (got %d arguments); see 'tariffsim sensitivity -h'", len(args))
			}
			if o.top < 1 {
				return usagef("--top %d: want at least 1", o.top)
			}
			st, err := newSetup(o.baseline, o.at, o.focus, args[0])
			if err != nil {
				return err
			}
			m, err := parseMetric(o.metric, st.b, focusName(st.b, st.focus))
			if err != nil {
				return err
			}
			sa, err := analyse(ctx, st, m, o.by.value)
			if err != nil {
				return err
			}
			return sa.output(e, o)
		},
	}
}

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
	param     string // substitution, import_demand, export_supply
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
func elasticityAsWritten(sc *scenario.Scenario, b interface {
	Category(string) (string, bool)
}, param, slug string) scenario.Elasticity {
	get := func(set scenario.ElasticitySet) scenario.Elasticity {
		switch param {
		case paramSubstitution:
			return set.Substitution
		case paramImportDemand:
			return set.ImportDemand
		}
		return set.ExportSupply
	}
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
func (st *setup) rangeOf(param, slug string, central float64) (lo, hi float64, rule string) {
	e := elasticityAsWritten(st.sc, st.b, param, slug)
	if d, ok := e.Dist(); ok {
		return d.Quantile(0.05), d.Quantile(0.95), ruleDist
	}
	d := st.b.DefaultsFor(slug)
	short := st.sc.Model.Horizon == scenario.ShortRun
	pl, errL := d.Preset("low", param, short)
	ph, errH := d.Preset("high", param, short)
	pc, errC := d.Preset("central", param, short)
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

// sensitivityRow is the result of moving one bound.
type sensitivityRow struct {
	bound
	label                 string
	resultLow, resultHigh float64
}

func (r sensitivityRow) swing() float64 {
	if r.fixed {
		return 0
	}
	return math.Abs(r.resultHigh - r.resultLow)
}

type sensitivity struct {
	st         *setup
	metric     metric
	by         string
	central    float64
	rows       []sensitivityRow // widest first; fixed ones last
	centralRes *model.Result
}

func analyse(ctx context.Context, st *setup, m metric, by string) (*sensitivity, error) {
	central, err := st.pp.Solve(nil)
	if err != nil {
		return nil, err
	}
	sa := &sensitivity{st: st, metric: m, by: by, central: m.eval(central, st.focus), centralRes: central}
	cats := slices.Sorted(mapsKeys(st.params.Category))
	// Categories in the baseline's own order (Census HITECH for ATP).
	rank := map[string]int{}
	for i, c := range st.b.Categories {
		rank[c.Slug] = i
	}
	slices.SortStableFunc(cats, func(a, b string) int { return cmp.Compare(rank[a], rank[b]) })
	var bounds []bound
	for _, p := range elasticityParams {
		if by == "parameter" {
			bd := bound{param: p, low: map[string]float64{}, high: map[string]float64{}, lowV: math.NaN(), highV: math.NaN(), central: math.NaN()}
			rules := map[string]bool{}
			moved := false
			for i, k := range cats {
				c := getElasticity(st.params.Category[k], p)
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
			bd.rule = strings.Join(slices.Sorted(mapsKeys(rules)), "; ")
			bd.fixed = !moved
			bounds = append(bounds, bd)
			continue
		}
		for _, k := range cats {
			c := getElasticity(st.params.Category[k], p)
			lo, hi, rule := st.rangeOf(p, k, c)
			bounds = append(bounds, bound{param: p, cat: k, low: map[string]float64{k: lo}, high: map[string]float64{k: hi},
				central: c, lowV: lo, highV: hi, rule: rule, fixed: lo == c && hi == c})
		}
	}
	for _, bd := range bounds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := sensitivityRow{bound: bd, resultLow: sa.central, resultHigh: sa.central}
		r.label = symbol(bd.param) + ", every category"
		if bd.cat != "" {
			r.label = st.b.CategoryName(bd.cat) + ", " + symbol(bd.param)
		}
		if !bd.fixed {
			for _, side := range []struct {
				vals map[string]float64
				dst  *float64
			}{{bd.low, &r.resultLow}, {bd.high, &r.resultHigh}} {
				params := st.params
				for k, v := range side.vals {
					params = withElasticity(params, bd.param, k, v)
				}
				res, err := st.pp.Solve(&params)
				if err != nil {
					return nil, fmt.Errorf("%s at %v: %w", r.label, side.vals, err)
				}
				*side.dst = sa.metric.eval(res, st.focus)
			}
		}
		sa.rows = append(sa.rows, r)
	}
	slices.SortStableFunc(sa.rows, func(a, b sensitivityRow) int {
		return cmp.Or(cmp.Compare(b2i(a.fixed), b2i(b.fixed)), cmp.Compare(b.swing(), a.swing()))
	})
	return sa, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func getElasticity(e model.Elasticities, p string) float64 {
	switch p {
	case paramSubstitution:
		return e.Substitution
	case paramImportDemand:
		return e.ImportDemand
	}
	return e.ExportSupply
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

func (sa *sensitivity) writeTable(w io.Writer) error {
	ew := tables.NewErrWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	unit := "$ million at world prices"
	if sa.metric.percent {
		unit = "percent"
	}
	p("Sensitivity of the %s (%s) to each elasticity moved alone\n", sa.metric.label, unit)
	p("Scenario: %s\n", sa.st.sc.Name)
	p("Model:    %s\n", tables.ModelLine(sa.centralRes))
	p("Central:  %s\n\n", fmtMetric(sa.metric, sa.central))
	g := &tables.Grid{}
	g.Add("", "central", "low", "high", "result at low", "at high", "swing", "low/high from")
	var fixed []string
	for _, r := range sa.rows {
		if r.fixed {
			fixed = append(fixed, r.label)
			continue
		}
		sw := plainMoney(r.swing())
		if sa.metric.percent {
			sw = fmt.Sprintf("%.2f", r.swing())
		}
		g.Add(r.label, fmtElasticity(r.central), fmtElasticity(r.lowV), fmtElasticity(r.highV),
			fmtMetric(sa.metric, r.resultLow), fmtMetric(sa.metric, r.resultHigh), sw, r.rule)
	}
	g.Write(ew)
	if len(fixed) > 0 {
		p("\nNot moved (the range is one value, e.g. the presets keep ε = ∞; give a distribution to vary it):\n  %s\n",
			wrapText(strings.Join(fixed, "; "), 76, "  "))
	}
	p("\nLow and high values: a distribution's p5 and p95 where the scenario gives one, else the\n" +
		"baseline's documented range (presets low/high, docs/DATA.md), else ±50%%.\n")
	return ew.Err()
}

func (sa *sensitivity) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"parameter", "category", "central", "low", "high", "metric", "result_central", "result_low", "result_high", "swing", "moved", "rule"})
	num := func(v float64) string {
		switch {
		case math.IsNaN(v):
			return ""
		case math.IsInf(v, 1):
			return "inf"
		}
		return strconv.FormatFloat(v, 'g', 10, 64)
	}
	for _, r := range sa.rows {
		cat := r.cat
		if cat == "" {
			cat = "*"
		}
		cw.Write([]string{r.param, cat, num(r.central), num(r.lowV), num(r.highV), sa.metric.name, num(sa.central),
			num(r.resultLow), num(r.resultHigh), num(r.swing()), strconv.FormatBool(!r.fixed), r.rule})
	}
	cw.Flush()
	return cw.Error()
}

func (sa *sensitivity) output(e *env, o *sensitivityOptions) error {
	var err error
	if o.format.value == "csv" {
		err = sa.writeCSV(e.stdout)
	} else {
		err = sa.writeTable(e.stdout)
	}
	if err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("output", sa.st.sc.Slug()+"-sensitivity-"+strings.ReplaceAll(sa.metric.name, ":", "-"))
	}
	var written []string
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{{"sensitivity.txt", sa.writeTable}, {"sensitivity.csv", sa.writeCSV}} {
		path := filepath.Join(dir, f.name)
		if err := atomicfile.Write(path, f.write); err != nil {
			return err
		}
		written = append(written, path)
	}
	if !o.noCharts && len(o.charts.values) > 0 {
		c, err := sa.chart(o.top)
		if err != nil {
			return err
		}
		paths, err := chart.WriteFiles(dir, []*chart.Chart{c}, o.charts.values)
		written = append(written, paths...)
		if err != nil {
			return err
		}
	}
	if !o.quiet {
		fmt.Fprintf(e.stderr, "wrote %d files to %s\n", len(written), dir)
	}
	return nil
}

func (sa *sensitivity) chart(top int) (*chart.Chart, error) {
	var bars []chart.TornadoBar
	left := 0
	for _, r := range sa.rows {
		if r.fixed {
			continue
		}
		if len(bars) == top {
			left++
			continue
		}
		sym := symbol(r.param)
		lo, hi := sym+" "+fmtElasticity(r.lowV), sym+" "+fmtElasticity(r.highV)
		if math.IsNaN(r.lowV) {
			lo, hi = "low", "high"
		}
		bars = append(bars, chart.TornadoBar{Label: r.label, Low: r.resultLow - sa.central, High: r.resultHigh - sa.central, LowLabel: lo, HighLabel: hi})
	}
	explain := fmt.Sprintf("Each elasticity moved alone to its low and its high value, all others as in the scenario; "+
		"bars show how far the result moves from the central %s. Low and high: a distribution's p5 and p95, else the baseline's documented range.",
		fmtCentral(sa.metric, sa.central))
	if left > 0 {
		explain += fmt.Sprintf(" %d narrower rows are in sensitivity.csv.", left)
	}
	meta := chart.Meta{Version: "tariffsim " + versionString(), Baseline: sa.st.b.Name, EstimatedShare: sa.st.b.Provenance().EstimatedShare()}
	return chart.Tornado(chart.TornadoSpec{
		Name:     "tornado-" + strings.ReplaceAll(sa.metric.name, ":", "-"),
		Title:    "What moves the " + sa.metric.label,
		Subtitle: sa.st.sc.Name,
		Explain:  explain,
		Note:     chart.SourceNote(sa.centralRes, meta),
		Bars:     bars,
		Percent:  sa.metric.percent,
	})
}

func fmtCentral(m metric, v float64) string {
	if m.percent {
		return chart.Pct(v, true)
	}
	return chart.Money(v, true)
}
