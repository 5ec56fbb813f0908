package cli

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"github.com/tariffsim/tariffsim/internal/suggest"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/simulation"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

type sweepOptions struct {
	baseline string
	at       string
	focus    string
	param    choiceValue
	category string
	measure  int
	from, to string
	steps    int
	metrics  string
	out      string
	charts   listValue
	noCharts bool
	quiet    bool
}

// The parameters a sweep can move.
const (
	paramSubstitution = "substitution"
	paramImportDemand = "import_demand"
	paramExportSupply = "export_supply"
	paramRate         = "rate"
	paramScale        = "scale"
)

var elasticityParams = []string{paramSubstitution, paramImportDemand, paramExportSupply}

// maxSteps bounds a grid: more points than a chart can show, and a run
// that would take minutes on a large baseline.
const maxSteps = 1001

func sweepCommand() *command {
	return &command{
		name:     "sweep",
		synopsis: "solve a scenario along a grid of one parameter",
		usage:    "--param NAME --from X --to Y [--steps N] [flags] SCENARIO.toml",
		help: `
Solves a scenario again and again with one parameter moved along a grid of
--steps evenly spaced values from --from to --to (both included), and prints
the headline results at each point as CSV on stdout: one row per point, one
column per metric (see below). It also writes sweep.csv and line charts
(trade, welfare, import prices) into output/<scenario>-sweep-<param>/.

Parameters (--param):

	substitution    σ, between sources of one market (must be > 0)
	import_demand   η, of a market's composite import (must be ≥ 0)
	export_supply   ε, of exporters (must be ≥ 0; a grid is finite, the
	                scenario's own ε may be ∞)
	rate            the rate of one measure, in percent (above −100), given by
	                --measure N: the N-th measure in force, numbered as 'run'
	                lists them ([[tariff]] tables, then [[retaliation]]); when
	                only one measure is in force it is the default
	scale           every measure in force with its rate multiplied by the
	                value (≥ 0): 0 is no tariff change, 1 the scenario as
	                written, 2 twice the rates

An elasticity moves in every category, or in one with --category (a slug
such as ict, or a Census code such as 04); the other elasticities stay as
the scenario sets them. Per-exporter ε overrides
([elasticities.exporter.CC]) keep their value in an export_supply sweep.
Elasticity sweeps compile the problem once and re-solve it, so a grid of
hundreds of points takes seconds.

` + metricHelp + `

Examples:

	tariffsim sweep --param substitution --from 1 --to 10 --steps 19 us-canada-mexico-25
	tariffsim sweep --param import_demand --category ict --from 0 --to 3 china-2025-04-peak
	tariffsim sweep --param rate --measure 3 --from 0 --to 150 --steps 16 china-2025-04-peak
	tariffsim sweep --param scale --from 0 --to 2 --metrics us_imports,imports_from:MX us-canada-mexico-25`,
		flags: func(fs *flag.FlagSet) any {
			o := &sweepOptions{
				param:  choiceValue{allowed: []string{paramSubstitution, paramImportDemand, paramExportSupply, paramRate, paramScale}},
				charts: listValue{allowed: []string{"png", "svg", "pdf"}, values: []string{"png", "svg"}},
			}
			fs.Var(&o.param, "param", "the `parameter` to move: substitution, import_demand, export_supply, rate or scale")
			fs.StringVar(&o.category, "category", "", "move the elasticity in `CATEGORY` only (default: every category)")
			fs.IntVar(&o.measure, "measure", 0, "with --param rate, the `N`-th measure in force (1 = the first)")
			fs.StringVar(&o.from, "from", "", "the first grid `value`")
			fs.StringVar(&o.to, "to", "", "the last grid `value`")
			fs.IntVar(&o.steps, "steps", 11, "the number of grid `points`, both ends included (at least 2)")
			fs.StringVar(&o.metrics, "metrics", strings.Join(headlineMetrics, ","), "comma-separated `metrics` to tabulate")
			fs.StringVar(&o.baseline, "baseline", "", "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline")
			fs.StringVar(&o.at, "at", "", "apply the measures in force on `DATE` (YYYY-MM-DD)")
			fs.StringVar(&o.focus, "focus", "", "the `country` the metrics are about (default US)")
			fs.StringVar(&o.out, "out", "", "write sweep.csv and the charts to `DIR` (default output/<scenario>-sweep-<param>)")
			fs.Var(&o.charts, "charts", "chart `formats` to write: any of png,svg,pdf")
			fs.BoolVar(&o.noCharts, "no-charts", false, "do not draw charts")
			fs.BoolVar(&o.quiet, "q", false, "do not list the files written")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*sweepOptions)
			if len(args) != 1 {
				return usagef("sweep takes one scenario file (got %d arguments); see 'tariffsim sweep -h'", len(args))
			}
			s, err := newSweep(o, args[0])
			if err != nil {
				return err
			}
			if err := s.solve(ctx, e); err != nil {
				return err
			}
			return s.output(e, o)
		},
	}
}

// setup is a scenario loaded for repeated solving: sweeps and
// sensitivity.
type setup struct {
	b      *baseline.Baseline
	sc     *scenario.Scenario
	opt    scenario.Options
	focus  string
	params model.Params // the scenario's own elasticities
	pp     *model.Prepared
	prob   *model.Problem
}

func newSetup(baselinePath, at, focus, arg string) (*setup, error) {
	d, err := parseDate(at)
	if err != nil {
		return nil, err
	}
	b, err := loadBaseline(baselinePath)
	if err != nil {
		return nil, err
	}
	if err := checkFocus(focus, b); err != nil {
		return nil, err
	}
	sc, err := loadScenario(arg, b)
	if err != nil {
		return nil, err
	}
	s := &setup{b: b, sc: sc, opt: scenario.Options{At: d}, focus: focus}
	if s.focus == "" {
		s.focus = pipeline.DefaultFocus(sc, b)
	}
	s.prob, err = sc.Problem(b, s.opt)
	if err != nil {
		return nil, usageError{err}
	}
	s.params = s.prob.Params
	s.pp, err = model.Prepare(s.prob)
	if err != nil {
		return nil, usageError{err}
	}
	return s, nil
}

// category resolves a --category code to its slug.
func (s *setup) category(code string) (string, error) {
	if slug, ok := s.b.Category(code); ok {
		return slug, nil
	}
	var cands []string
	for _, c := range s.b.Categories {
		cands = append(cands, c.Slug)
	}
	if len(cands) == 0 {
		cands = s.b.CategoryCodes()
	}
	return "", usagef("--category %q: unknown category%s (baseline %s has %s)", code, suggest.Hint(code, cands), s.b.Name, strings.Join(s.b.CategoryCodes(), " "))
}

// withElasticity returns a copy of p with elasticity which set to v in
// category cat, or in every category (and the default) when cat is "".
func withElasticity(p model.Params, which, cat string, v float64) model.Params {
	q := model.Params{Default: p.Default, Category: make(map[string]model.Elasticities, len(p.Category)), ExportSupply: p.ExportSupply}
	set := func(e *model.Elasticities) {
		switch which {
		case paramSubstitution:
			e.Substitution = v
		case paramImportDemand:
			e.ImportDemand = v
		case paramExportSupply:
			e.ExportSupply = v
		}
	}
	for k, e := range p.Category {
		if cat == "" || k == cat {
			set(&e)
		}
		q.Category[k] = e
	}
	if cat == "" {
		set(&q.Default)
	}
	return q
}

// elasticityOf returns the value of which in every category of p (cat ""),
// or in one; ok is false when the categories differ.
func elasticityOf(p model.Params, which, cat string) (float64, bool) {
	get := func(e model.Elasticities) float64 {
		switch which {
		case paramSubstitution:
			return e.Substitution
		case paramImportDemand:
			return e.ImportDemand
		}
		return e.ExportSupply
	}
	if cat != "" {
		return get(p.Category[cat]), true
	}
	v, first := 0.0, true
	for _, e := range p.Category {
		if first {
			v, first = get(e), false
		} else if get(e) != v {
			return 0, false
		}
	}
	return v, !first
}

// symbol is the Greek letter of an elasticity.
func symbol(which string) string {
	switch which {
	case paramSubstitution:
		return "σ"
	case paramImportDemand:
		return "η"
	}
	return "ε"
}

func paramWords(which string) string {
	switch which {
	case paramSubstitution:
		return "Substitution elasticity σ"
	case paramImportDemand:
		return "Import demand elasticity η"
	}
	return "Export supply elasticity ε"
}

// inForce returns pointers to the measures of sc in force with opt, in
// the order 'run' lists them, so that a sweep can change their rates.
func inForce(sc *scenario.Scenario, opt scenario.Options) []*scenario.Measure {
	d, dated := sc.At(opt)
	var out []*scenario.Measure
	for _, list := range []*[]scenario.Measure{&sc.Tariffs, &sc.Retaliations} {
		for i := range *list {
			if !dated || (*list)[i].InForce(scenario.DateOf(d)) {
				out = append(out, &(*list)[i])
			}
		}
	}
	return out
}

// cloneScenario copies sc deeply enough that rates can be changed.
func cloneScenario(sc *scenario.Scenario) *scenario.Scenario {
	c := *sc
	c.Tariffs = slices.Clone(sc.Tariffs)
	c.Retaliations = slices.Clone(sc.Retaliations)
	return &c
}

// sweep is a parameter grid and the results along it.
type sweep struct {
	*setup
	param    string
	cat      string // slug, or "" for every category
	measure  int    // 1-based, for rate
	grid     []float64
	metrics  []metric
	values   [][]float64 // [point][metric]
	ref      float64     // the scenario's own value, NaN if none
	refLabel string
	column   string // the CSV name of the parameter column
	xLabel   string
}

func newSweep(o *sweepOptions, arg string) (*sweep, error) {
	if o.param.value == "" {
		return nil, usagef("--param is required: one of %s", strings.Join(o.param.allowed, ", "))
	}
	p := o.param.value
	isElasticity := slices.Contains(elasticityParams, p)
	if o.category != "" && !isElasticity {
		return nil, usagef("--category applies to elasticities, not to --param %s", p)
	}
	if o.measure != 0 && p != paramRate {
		return nil, usagef("--measure applies to --param rate only")
	}
	grid, err := makeGrid(p, o.from, o.to, o.steps)
	if err != nil {
		return nil, err
	}
	st, err := newSetup(o.baseline, o.at, o.focus, arg)
	if err != nil {
		return nil, err
	}
	s := &sweep{setup: st, param: p, grid: grid, ref: math.NaN(), column: p}
	if s.metrics, err = parseMetrics(o.metrics, st.b, focusName(st.b, st.focus)); err != nil {
		return nil, err
	}
	switch {
	case isElasticity:
		where := "every category"
		if o.category != "" {
			if s.cat, err = st.category(o.category); err != nil {
				return nil, err
			}
			where = st.b.CategoryName(s.cat)
			s.column += ":" + s.cat
		}
		s.xLabel = paramWords(p) + ", " + where
		if v, ok := elasticityOf(st.params, p, s.cat); ok && !math.IsInf(v, 0) {
			s.ref, s.refLabel = v, fmt.Sprintf("scenario: %s = %s", symbol(p), strconv.FormatFloat(v, 'g', 4, 64))
		}
	case p == paramRate:
		ms := inForce(st.sc, st.opt)
		if len(ms) == 0 {
			return nil, usagef("the scenario has no measure in force%s: there is no rate to sweep", atWords(st))
		}
		s.measure = o.measure
		if s.measure == 0 {
			if len(ms) > 1 {
				return nil, usagef("--param rate needs --measure N: the scenario has %d measures in force%s:\n%s", len(ms), atWords(st), listMeasures(ms, st.b))
			}
			s.measure = 1
		}
		if s.measure < 1 || s.measure > len(ms) {
			return nil, usagef("--measure %d: the scenario has %d measure%s in force%s:\n%s", s.measure, len(ms), plural(len(ms)), atWords(st), listMeasures(ms, st.b))
		}
		m := ms[s.measure-1]
		s.column = fmt.Sprintf("rate:%d", s.measure)
		var on []string
		for _, c := range m.On {
			if c == "*" {
				c = "every partner"
			}
			on = append(on, st.b.CountryName(c))
		}
		s.xLabel = fmt.Sprintf("Rate of measure %d (%s on %s), %%", s.measure, st.b.CountryName(m.By), strings.Join(on, ", "))
		s.ref, s.refLabel = float64(m.Rate), "scenario: "+m.Rate.String()
	case p == paramScale:
		s.xLabel = "Rates of every measure × this factor (1 = the scenario as written)"
		s.ref, s.refLabel = 1, "scenario as written"
	}
	return s, nil
}

func atWords(st *setup) string {
	if d, ok := st.sc.At(st.opt); ok {
		return " on " + d.Format("2006-01-02")
	}
	return ""
}

func listMeasures(ms []*scenario.Measure, b *baseline.Baseline) string {
	var lines []string
	for i, m := range ms {
		lines = append(lines, fmt.Sprintf("  %d. %s", i+1, simulation.DescribeMeasure(*m, b)))
	}
	return strings.Join(lines, "\n")
}

// validRange returns the rule a grid value of param must meet.
func validRange(param string) (ok func(float64) bool, rule string) {
	switch param {
	case paramSubstitution:
		return func(v float64) bool { return v > 0 }, "σ must be a positive number"
	case paramImportDemand:
		return func(v float64) bool { return v >= 0 }, "η must be ≥ 0"
	case paramExportSupply:
		return func(v float64) bool { return v >= 0 }, "ε must be ≥ 0 (a grid cannot reach ∞)"
	case paramRate:
		return func(v float64) bool { return v > -100 }, "a tariff rate must be above −100%"
	}
	return func(v float64) bool { return v >= 0 }, "a scale factor must be ≥ 0"
}

// makeGrid checks and builds the grid: steps points from from to to.
func makeGrid(param, from, to string, steps int) ([]float64, error) {
	num := func(flag, s string) (float64, error) {
		if s == "" {
			return 0, usagef("--%s is required", flag)
		}
		t := strings.TrimSpace(s)
		if param == paramRate {
			t = strings.TrimSuffix(t, "%")
		}
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, usagef("--%s %q: want a finite number", flag, s)
		}
		return v, nil
	}
	lo, err := num("from", from)
	if err != nil {
		return nil, err
	}
	hi, err := num("to", to)
	if err != nil {
		return nil, err
	}
	if steps < 2 {
		return nil, usagef("--steps %d: a grid needs at least 2 points (both ends are included)", steps)
	}
	if steps > maxSteps {
		return nil, usagef("--steps %d: at most %d points", steps, maxSteps)
	}
	if !(lo < hi) {
		return nil, usagef("--from %s must be below --to %s", from, to)
	}
	ok, rule := validRange(param)
	for _, f := range []struct {
		name string
		v    float64
	}{{"from", lo}, {"to", hi}} {
		if !ok(f.v) {
			return nil, usagef("--%s %s is out of range for --param %s: %s", f.name, strconv.FormatFloat(f.v, 'g', -1, 64), param, rule)
		}
	}
	grid := make([]float64, steps)
	for i := range grid {
		x := lo + (hi-lo)*float64(i)/float64(steps-1)
		// 12 significant digits drop the noise of the division
		// (1.5000000000000002) so that the CSV shows the grid as typed.
		grid[i], _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	}
	grid[steps-1] = hi
	return grid, nil
}

// resultAt solves the scenario with the parameter at x.
func (s *sweep) resultAt(x float64) (*model.Result, error) {
	switch s.param {
	case paramRate, paramScale:
		sc := cloneScenario(s.sc)
		for i, m := range inForce(sc, s.opt) {
			if s.param == paramScale {
				m.Rate = scenario.Percent(float64(m.Rate) * x)
			} else if i == s.measure-1 {
				m.Rate = scenario.Percent(x)
			}
		}
		p, err := sc.Problem(s.b, s.opt)
		if err != nil {
			return nil, usageError{fmt.Errorf("at %s = %v: %w", s.column, x, err)}
		}
		return model.Solve(p)
	}
	params := withElasticity(s.params, s.param, s.cat, x)
	return s.pp.Solve(&params)
}

func (s *sweep) solve(ctx context.Context, e *env) error {
	s.values = make([][]float64, len(s.grid))
	for i, x := range s.grid {
		if err := ctx.Err(); err != nil {
			if e.isTerminal {
				fmt.Fprintln(e.stderr)
			}
			return fmt.Errorf("interrupted after %d of %d points: %w", i, len(s.grid), err)
		}
		if e.isTerminal {
			fmt.Fprintf(e.stderr, "\rsolving %d/%d", i+1, len(s.grid))
		}
		res, err := s.resultAt(x)
		if err != nil {
			if e.isTerminal {
				fmt.Fprintln(e.stderr)
			}
			return fmt.Errorf("at %s = %v: %w", s.column, x, err)
		}
		row := make([]float64, len(s.metrics))
		for j, m := range s.metrics {
			row[j] = m.eval(res, s.focus)
		}
		s.values[i] = row
	}
	if e.isTerminal {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	return nil
}

func (s *sweep) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{s.column}
	for _, m := range s.metrics {
		head = append(head, m.name)
	}
	cw.Write(head)
	for i, x := range s.grid {
		rec := []string{strconv.FormatFloat(x, 'g', -1, 64)}
		for _, v := range s.values[i] {
			rec = append(rec, strconv.FormatFloat(v, 'g', 10, 64))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

func (s *sweep) output(e *env, o *sweepOptions) error {
	if err := s.writeCSV(e.stdout); err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("output", s.sc.Slug()+"-sweep-"+strings.ReplaceAll(s.column, ":", "-"))
	}
	path := filepath.Join(dir, "sweep.csv")
	if err := atomicfile.Write(path, s.writeCSV); err != nil {
		return err
	}
	written := []string{path}
	if !o.noCharts && len(o.charts.values) > 0 {
		charts, err := s.charts()
		if err != nil {
			return err
		}
		paths, err := chart.WriteFiles(dir, charts, o.charts.values)
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

// sweepCharts are the line charts of a sweep, one per kind of metric.
var sweepCharts = []struct{ kind, name, title string }{
	{"trade", "sweep-trade", "%s ATP trade"},
	{"welfare", "sweep-welfare", "%s welfare"},
	{"prices", "sweep-prices", "%s import prices"},
}

func (s *sweep) charts() ([]*chart.Chart, error) {
	fn := focusName(s.b, s.focus)
	central, err := s.pp.Solve(nil)
	if err != nil {
		return nil, err
	}
	meta := chart.Meta{Version: "tariffsim " + versionString(), Baseline: s.b.Name,
		EstimatedShare: s.b.Provenance().EstimatedShare()}
	var moved string
	switch s.param {
	case paramRate:
		moved = fmt.Sprintf("rate of measure %d varied", s.measure)
	case paramScale:
		moved = "all rates scaled"
	default:
		moved = fmt.Sprintf("%s varied %s–%s", symbol(s.param), strconv.FormatFloat(s.grid[0], 'g', -1, 64), strconv.FormatFloat(s.grid[len(s.grid)-1], 'g', -1, 64))
		if s.cat != "" {
			moved += " in " + s.b.CategoryName(s.cat)
		}
	}
	meta.Elasticities = moved + " (scenario: " + chart.ElasticityRanges(central) + ")"
	note := chart.SourceNote(central, meta)
	var out []*chart.Chart
	for _, sc := range sweepCharts {
		var series []chart.LineSeries
		percent := false
		for j, m := range s.metrics {
			if m.kind != sc.kind {
				continue
			}
			ys := make([]float64, len(s.grid))
			for i := range s.grid {
				ys[i] = s.values[i][j]
			}
			series = append(series, chart.LineSeries{Name: sentence(m.label), Y: ys})
			percent = m.percent
		}
		if len(series) == 0 {
			continue
		}
		what := "the " + strings.ToLower(paramWords(s.param))
		switch s.param {
		case paramRate:
			what = fmt.Sprintf("the rate of measure %d", s.measure)
		case paramScale:
			what = "the scale of every rate"
		}
		explain := "Change from the baseline at each point of the grid, at world prices; every other parameter as in the scenario."
		if percent {
			explain = "Change in the tariff-inclusive import price index at each point of the grid; every other parameter as in the scenario."
		}
		c, err := chart.Lines(chart.LineSpec{
			Name: sc.name, Title: fmt.Sprintf(sc.title, fn) + " as " + what + " varies",
			Subtitle: s.sc.Name, Explain: explain, Note: note,
			XLabel: s.xLabel, X: s.grid, Series: series, Percent: percent,
			Ref: s.ref, RefLabel: s.refLabel,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// sentence capitalises the first letter of s.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
