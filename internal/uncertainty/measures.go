package uncertainty

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/atpgen"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// addMeasures adds the measures' values that follow a distribution: each
// is its own random variable (one per table and key of the file).
func (s *Space) addMeasures(sc *scenario.Scenario) {
	add := func(kind string, list func(*scenario.Scenario) []scenario.Measure) {
		for k, m := range list(sc) {
			for _, f := range []struct {
				key  string
				dist scenario.PercentDist
				set  func(m *scenario.Measure, v float64)
			}{
				{"rate", m.RateDist, func(m *scenario.Measure, v float64) { m.Rate = scenario.Percent(v) }},
				{"exempt", m.ExemptDist, func(m *scenario.Measure, v float64) { m.Exempt = scenario.Percent(v) }},
				{"change", m.ChangeDist, func(m *scenario.Measure, v float64) { m.Change = scenario.Percent(v) }},
			} {
				if !f.dist.IsSet() {
					continue
				}
				path := fmt.Sprintf("%s[%d].%s", kind, k+1, f.key)
				if m.Line > 0 {
					path += fmt.Sprintf(" (line %d)", m.Line)
				}
				s.Params = append(s.Params, Param{Path: path, Key: f.key, Dist: f.dist.Distribution,
					measure: func(c *scenario.Scenario, v float64) { f.set(&list(c)[k], v) }})
			}
		}
	}
	add("tariff", func(c *scenario.Scenario) []scenario.Measure { return c.Tariffs })
	add("retaliation", func(c *scenario.Scenario) []scenario.Measure { return c.Retaliations })
	add("trade_cost", func(c *scenario.Scenario) []scenario.Measure { return c.TradeCosts })
}

// baselineSeedKey separates the baseline draws' random stream from the
// parameters': draw i of the split uses PCG(seed ^ baselineSeedKey, i),
// so switching the baseline draws on or off leaves every parameter draw
// as it was. The constant is "baseline" in ASCII.
const baselineSeedKey = 0x626173656c696e65

// baselineDraws draws the estimated partner × group split of the
// embedded baseline (internal/atpgen.Refitter).
type baselineDraws struct {
	refit *atpgen.Refitter
	scale atpgen.Scale
	// compiled is the scenario compiled on the plain baseline: a draw
	// without measure values builds its problem from it on the drawn
	// baseline (scenario.Compiled.ProblemOn), not checking and compiling
	// the scenario again (half a draw's time).
	compiled *scenario.Compiled
}

// DrawBaseline makes every draw also draw the partner × group split of
// the space's baseline from the estimator's prior (perturb, refit to the
// published margins: internal/atpgen.Refitter). The baseline must be the
// embedded one, row for row: the refitter's flows in its order.
func (s *Space) DrawBaseline(r *atpgen.Refitter, scale atpgen.Scale) error {
	fl := r.Flows()
	if len(fl) != len(s.b.Rows) {
		return fmt.Errorf("baseline draws need the embedded baseline: %d rows, the estimator has %d", len(s.b.Rows), len(fl))
	}
	for i, f := range fl {
		if g := s.b.Rows[i].Flow; g.Importer != f.Importer || g.Exporter != f.Exporter || g.Category != f.Category {
			return fmt.Errorf("baseline draws need the embedded baseline: row %d is %s←%s %s, the estimator's %s←%s %s",
				i+1, g.Importer, g.Exporter, g.Category, f.Importer, f.Exporter, f.Category)
		}
	}
	c, err := s.sc.Compile(s.b)
	if err != nil {
		return err
	}
	s.baseline = &baselineDraws{refit: r, scale: scale, compiled: c}
	return nil
}

// DrawsBaseline reports whether the draws include the baseline split.
func (s *Space) DrawsBaseline() bool { return s.baseline != nil }

// rebuilds reports whether a draw needs its own problem: a measure's value
// or the baseline is drawn.
func (s *Space) rebuilds() bool {
	if s.baseline != nil {
		return true
	}
	for _, p := range s.Params {
		if p.measure != nil {
			return true
		}
	}
	return false
}

// drawScratch is a worker's reusable space for rebuilding problems.
type drawScratch struct {
	vals   []float64
	values []float64
	rng    *rand.Rand
	pcg    *rand.PCG
}

func (s *Space) newScratch() *drawScratch {
	pcg := rand.NewPCG(0, 0)
	return &drawScratch{vals: make([]float64, len(s.Params)), pcg: pcg, rng: rand.New(pcg)}
}

// problem builds draw i's problem: the scenario with its drawn measure
// values (vals, from draw), on the baseline with its drawn split.
func (s *Space) problem(pp *model.Prepared, seed uint64, i int, w *drawScratch) (*model.Prepared, error) {
	sc, b := s.sc, s.b
	measures := slices.ContainsFunc(s.Params, func(p Param) bool { return p.measure != nil })
	if measures {
		sc = s.sc.Clone()
		for j, p := range s.Params {
			if p.measure != nil {
				p.measure(sc, w.vals[j])
			}
		}
	}
	if s.baseline != nil {
		w.pcg.Seed(seed^baselineSeedKey, uint64(i))
		var err error
		if w.values, err = s.baseline.refit.Draw(w.values, w.rng, s.baseline.scale); err != nil {
			return nil, fmt.Errorf("baseline draw: %w", err)
		}
		bd := *s.b
		bd.Rows = slices.Clone(s.b.Rows)
		for r := range bd.Rows {
			bd.Rows[r].Value = w.values[r]
		}
		b = &bd
	}
	var prob *model.Problem
	var err error
	if !measures && s.baseline != nil {
		prob, err = s.baseline.compiled.ProblemOn(b, s.Options)
	} else {
		prob, err = sc.Problem(b, s.Options)
	}
	if err != nil {
		return nil, err
	}
	if pp != nil {
		return pp.Reprepare(prob) // the same flows: the plain problem's layout serves
	}
	return model.Prepare(prob)
}

// drawnNames names each Key for Drawn.
var drawnNames = map[string]string{
	"substitution": "σ", "import_demand": "η", "export_supply": "ε",
	"domestic_substitution": "σ_D", "domestic_supply": "ε_D",
	"rate": "tariff rates", "exempt": "exempt shares", "change": "trade-cost changes",
}

// Drawn says what the draws drew, for the band's label: "σ, η, exempt
// shares and the baseline split"; "nothing" when every draw is the plain
// run.
func (r *Result) Drawn() string {
	var what []string
	for _, p := range r.Params {
		n, ok := drawnNames[p.Key]
		if !ok {
			n = p.Key
		}
		if !slices.Contains(what, n) {
			what = append(what, n)
		}
	}
	if r.BaselineDrawn {
		what = append(what, "the baseline split")
	}
	switch len(what) {
	case 0:
		return "nothing"
	case 1:
		return what[0]
	}
	return strings.Join(what[:len(what)-1], ", ") + " and " + what[len(what)-1]
}

// DrawnSentence is Drawn with the correlation, for notes: "σ and η
// (correlation 0.8 within each kind)".
func (r *Result) DrawnSentence() string {
	s := r.Drawn()
	if r.Correlation > 0 {
		s += fmt.Sprintf(" (correlation %g within each kind)", r.Correlation)
	} else if len(r.Params) > 1 {
		s += " (independent)"
	}
	return s
}
