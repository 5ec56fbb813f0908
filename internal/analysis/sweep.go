package analysis

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/present"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// The parameters a sweep can move besides the elasticities.
const (
	SweepRate  = "rate"  // the rate of one measure, in percent
	SweepScale = "scale" // every measure's rate times a factor
)

// SweepParams are the names --param accepts, in the scenario file's
// vocabulary (the short one, sigma, eta, eps, is accepted too).
var SweepParams = []string{"substitution", "import_demand", "export_supply", "domestic_substitution", "domestic_supply", SweepRate, SweepScale}

// MaxSteps bounds a grid: more points than a chart can show, and a run
// that would take minutes on a large baseline.
const MaxSteps = 1001

// SweepSpec is what to sweep.
type SweepSpec struct {
	Param    string // an elasticity, "rate" or "scale"
	Category string // an elasticity's category (code or alias); "" for every category
	Measure  int    // for rate: the 1-based measure in force; 0 when only one is
	From, To string // the grid's ends, as typed
	Steps    int
	Metrics  []metric.Metric
}

// Sweep is a parameter grid and the results along it.
type Sweep struct {
	*Setup
	param    scenario.Param // the elasticity moved; 0 for rate and scale
	kind     string         // SweepRate, SweepScale, or "" for an elasticity
	cat      string         // slug, or "" for every category
	measure  int            // 1-based, for rate
	Grid     []float64
	Metrics  []metric.Metric
	Values   [][]float64 // [point][metric]
	ref      float64     // the scenario's own value, NaN if none
	refLabel string
	// Column is the CSV name of the parameter column: "substitution",
	// "substitution:ict", "rate:2", "scale".
	Column string
	xLabel string
	// Version is stamped on the charts.
	Version string
}

// ParseSweepParam reads --param: "rate", "scale" or an elasticity in
// either vocabulary; kind is "" for an elasticity.
func ParseSweepParam(s string) (p scenario.Param, kind string, err error) {
	switch s {
	case "":
		return 0, "", inputf("--param is required: one of %s", strings.Join(SweepParams, ", "))
	case SweepRate, SweepScale:
		return 0, s, nil
	}
	if p, err = scenario.ParseParam(s); err != nil {
		return 0, "", inputf("--param: %v; or rate, scale", err)
	}
	if _, ok := p.Get(model.Elasticities{}); !ok {
		return 0, "", inputf("--param %s: the model does not use %s yet", s, p.Symbol())
	}
	return p, "", nil
}

// NewSweep checks spec against the solved setup and builds the grid.
func NewSweep(st *Setup, spec SweepSpec) (*Sweep, error) {
	param, kind, err := ParseSweepParam(spec.Param)
	if err != nil {
		return nil, err
	}
	if spec.Category != "" && kind != "" {
		return nil, inputf("--category applies to elasticities, not to --param %s", kind)
	}
	if spec.Measure != 0 && kind != SweepRate {
		return nil, inputf("--measure applies to --param rate only")
	}
	grid, err := makeGrid(param, kind, spec.From, spec.To, spec.Steps)
	if err != nil {
		return nil, err
	}
	s := &Sweep{Setup: st, param: param, kind: kind, Grid: grid, Metrics: spec.Metrics, ref: math.NaN()}
	b, sc, opt := st.Run.Baseline, st.Run.Scenario, st.Run.Options
	switch kind {
	case "":
		s.Column = param.Key()
		where := "every category"
		if spec.Category != "" {
			if s.cat, err = st.Category(spec.Category); err != nil {
				return nil, err
			}
			where = b.CategoryName(s.cat)
			s.Column += ":" + s.cat
		}
		s.xLabel = param.Title() + ", " + where
		if v, ok := elasticityOf(st.Params, param, s.cat); ok && !math.IsInf(v, 0) {
			s.ref, s.refLabel = v, fmt.Sprintf("scenario: %s = %s", param.Symbol(), strconv.FormatFloat(v, 'g', 4, 64))
		}
	case SweepRate:
		refs := inForce(sc, opt)
		if len(refs) == 0 {
			return nil, inputf("the scenario has no measure in force%s: there is no rate to sweep", s.atWords())
		}
		s.measure = spec.Measure
		if s.measure == 0 {
			if len(refs) > 1 {
				return nil, inputf("--param rate needs --measure N: the scenario has %d measures in force%s:\n%s", len(refs), s.atWords(), s.listMeasures(refs))
			}
			s.measure = 1
		}
		if s.measure < 1 || s.measure > len(refs) {
			return nil, inputf("--measure %d: the scenario has %d measure%s in force%s:\n%s", s.measure, len(refs), plural(len(refs)), s.atWords(), s.listMeasures(refs))
		}
		m, _ := sc.Measure(refs[s.measure-1])
		s.Column = fmt.Sprintf("rate:%d", s.measure)
		var on []string
		for _, c := range m.On {
			if c == "*" {
				c = "every partner"
			}
			on = append(on, b.CountryName(c))
		}
		s.xLabel = fmt.Sprintf("Rate of measure %d (%s on %s), %%", s.measure, b.CountryName(m.By), strings.Join(on, ", "))
		s.ref, s.refLabel = float64(m.Rate), "scenario: "+m.Rate.String()
	case SweepScale:
		s.Column = SweepScale
		s.xLabel = "Rates of every measure × this factor (1 = the scenario as written)"
		s.ref, s.refLabel = 1, "scenario as written"
	}
	return s, nil
}

func (s *Sweep) atWords() string {
	if d, ok := s.Run.Scenario.At(s.Run.Options); ok {
		return " on " + d.Format("2006-01-02")
	}
	return ""
}

func (s *Sweep) listMeasures(refs []scenario.MeasureRef) string {
	var lines []string
	for i, r := range refs {
		m, _ := s.Run.Scenario.Measure(r)
		lines = append(lines, fmt.Sprintf("  %d. %s", i+1, present.DescribeMeasure(*m, s.Run.Baseline)))
	}
	return strings.Join(lines, "\n")
}

// validRange returns the rule a grid value must meet.
func validRange(p scenario.Param, kind string) (ok func(float64) bool, rule string) {
	switch {
	case kind == SweepRate:
		return func(v float64) bool { return v > -100 }, "a tariff rate must be above −100%"
	case kind == SweepScale:
		return func(v float64) bool { return v >= 0 }, "a scale factor must be ≥ 0"
	case p == scenario.Substitution:
		return func(v float64) bool { return v > 0 }, "σ must be a positive number"
	case p == scenario.ImportDemand:
		return func(v float64) bool { return v >= 0 }, "η must be ≥ 0"
	case p == scenario.DomesticSubstitution:
		return func(v float64) bool { return v > 0 }, "σ_D must be a positive number"
	case p == scenario.DomesticSupply:
		return func(v float64) bool { return v >= 0 }, "ε_D must be ≥ 0 (a grid cannot reach ∞)"
	}
	return func(v float64) bool { return v >= 0 }, "ε must be ≥ 0 (a grid cannot reach ∞)"
}

// makeGrid checks and builds the grid: steps points from from to to.
func makeGrid(p scenario.Param, kind, from, to string, steps int) ([]float64, error) {
	name := kind
	if kind == "" {
		name = p.Key()
	}
	num := func(flag, s string) (float64, error) {
		if s == "" {
			return 0, inputf("--%s is required", flag)
		}
		t := strings.TrimSpace(s)
		if kind == SweepRate {
			t = strings.TrimSuffix(t, "%")
		}
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, inputf("--%s %q: want a finite number", flag, s)
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
		return nil, inputf("--steps %d: a grid needs at least 2 points (both ends are included)", steps)
	}
	if steps > MaxSteps {
		return nil, inputf("--steps %d: at most %d points", steps, MaxSteps)
	}
	if !(lo < hi) {
		return nil, inputf("--from %s must be below --to %s", from, to)
	}
	ok, rule := validRange(p, kind)
	for _, f := range []struct {
		name string
		v    float64
	}{{"from", lo}, {"to", hi}} {
		if !ok(f.v) {
			return nil, inputf("--%s %s is out of range for --param %s: %s", f.name, strconv.FormatFloat(f.v, 'g', -1, 64), name, rule)
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

// edits are the scenario edits of grid point x: a rate sweep's grid
// point is the same Edit as the web page's rate slider.
func (s *Sweep) edits(x float64) []scenario.Edit {
	sc := s.Run.Scenario
	var out []scenario.Edit
	for i, r := range inForce(sc, s.Run.Options) {
		m, _ := sc.Measure(r)
		switch {
		case s.kind == SweepScale:
			out = append(out, scenario.Edit{Kind: scenario.EditRate, Measure: r, Value: float64(m.Rate) * x})
		case i == s.measure-1:
			out = append(out, scenario.Edit{Kind: scenario.EditRate, Measure: r, Value: x})
		}
	}
	return out
}

// resultAt solves the scenario with the parameter at x. Elasticity points
// re-solve the prepared problem; rate points compile the edited scenario.
func (s *Sweep) resultAt(x float64) (*model.Result, error) {
	if s.kind == "" {
		params := scenario.Edit{Kind: scenario.EditElasticity, Param: s.param, Category: s.cat, Value: x}.Params(s.Params)
		return s.Solve(&params)
	}
	sc, err := s.Run.Scenario.Apply(s.Run.Baseline, s.edits(x)...)
	if err == nil {
		var p *model.Problem
		if p, err = sc.Problem(s.Run.Baseline, s.Run.Options); err == nil {
			return model.Solve(p)
		}
	}
	return nil, &pipeline.InputError{Err: err}
}

// SolveGrid solves every grid point; progress, when not nil, is called
// before each with the point's 1-based number and the total.
func (s *Sweep) SolveGrid(ctx context.Context, progress func(i, n int)) error {
	s.Values = make([][]float64, len(s.Grid))
	for i, x := range s.Grid {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d of %d points: %w", i, len(s.Grid), err)
		}
		if progress != nil {
			progress(i+1, len(s.Grid))
		}
		res, err := s.resultAt(x)
		if err != nil {
			return fmt.Errorf("at %s = %v: %w", s.Column, x, err)
		}
		row := make([]float64, len(s.Metrics))
		for j, m := range s.Metrics {
			row[j] = m.Eval(res, s.Run.Focus)
		}
		s.Values[i] = row
	}
	return nil
}

// WriteCSV writes the grid and the metrics, one row per point.
func (s *Sweep) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{s.Column}
	for _, m := range s.Metrics {
		head = append(head, m.Name)
	}
	cw.Write(head)
	for i, x := range s.Grid {
		rec := []string{strconv.FormatFloat(x, 'g', -1, 64)}
		for _, v := range s.Values[i] {
			rec = append(rec, strconv.FormatFloat(v, 'g', 10, 64))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// sweepCharts are the line charts of a sweep, one per kind of metric.
var sweepCharts = []struct{ kind, name, title string }{
	{"trade", "sweep-trade", "%s ATP trade"},
	{"welfare", "sweep-welfare", "%s welfare"},
	{"prices", "sweep-prices", "%s import prices"},
}

// Charts draws the sweep's line charts.
func (s *Sweep) Charts() ([]*chart.Chart, error) {
	fn := s.FocusName()
	b := s.Run.Baseline
	central := s.Run.Result
	meta := chart.Meta{Version: "tariffsim " + s.Version, Baseline: b.Name,
		EstimatedShare: b.Provenance().EstimatedShare(), Exemption: s.Run.Scenario.Model.Exemption.String()}
	var moved string
	switch s.kind {
	case SweepRate:
		moved = fmt.Sprintf("rate of measure %d varied", s.measure)
	case SweepScale:
		moved = "all rates scaled"
	default:
		moved = fmt.Sprintf("%s varied %s–%s", s.param.Symbol(), strconv.FormatFloat(s.Grid[0], 'g', -1, 64), strconv.FormatFloat(s.Grid[len(s.Grid)-1], 'g', -1, 64))
		if s.cat != "" {
			moved += " in " + b.CategoryName(s.cat)
		}
	}
	meta.Elasticities = moved + " (scenario: " + chart.ElasticityRanges(central) + ")"
	note := chart.SourceNote(central, meta)
	var out []*chart.Chart
	for _, sc := range sweepCharts {
		var series []chart.LineSeries
		percent := false
		for j, m := range s.Metrics {
			if m.Kind != sc.kind {
				continue
			}
			ys := make([]float64, len(s.Grid))
			for i := range s.Grid {
				ys[i] = s.Values[i][j]
			}
			series = append(series, chart.LineSeries{Name: sentence(m.Label), Y: ys})
			percent = m.Percent
		}
		if len(series) == 0 {
			continue
		}
		what := "the " + strings.ToLower(s.param.Title())
		switch s.kind {
		case SweepRate:
			what = fmt.Sprintf("the rate of measure %d", s.measure)
		case SweepScale:
			what = "the scale of every rate"
		}
		explain := "Change from the baseline at each point of the grid, at world prices; every other parameter as in the scenario."
		if percent {
			explain = "Change in the tariff-inclusive import price index at each point of the grid; every other parameter as in the scenario."
		}
		c, err := chart.Lines(chart.LineSpec{
			Name: sc.name, Title: fmt.Sprintf(sc.title, fn) + " as " + what + " varies",
			Subtitle: s.Run.Scenario.Name, Explain: explain, Note: note,
			XLabel: s.xLabel, X: s.Grid, Series: series, Percent: percent,
			Ref: s.ref, RefLabel: s.refLabel,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
