package gerun

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/ge"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// Options are the choices of a GE run that are not in the scenario.
type Options struct {
	// Aggregate sums a baseline's categories into one sector
	// (ge.Aggregate) instead of refusing a baseline with more than one.
	Aggregate bool
}

// Compiled is a GE scenario checked against a baseline.
type Compiled struct {
	sc  *scenario.Scenario // with exemption = "average"
	b   *baseline.Baseline
	c   *scenario.Compiled
	opt Options
}

// Compile checks sc (engine = "ge") against b: codes and measures as for
// PE, then what GE needs of the baseline (one category or Aggregate, a
// domestic flow for every country) and of σ (> 1, the same for every
// category when they are aggregated).
func Compile(sc *scenario.Scenario, b *baseline.Baseline, opt Options) (*Compiled, error) {
	if sc.Model.Engine != scenario.GE {
		return nil, fmt.Errorf("%s: not a GE scenario: add engine = \"ge\" to [model]", name(sc))
	}
	// GE has one variety per flow: exempt shares are averaged
	// (docs/MODEL.md), whatever the file's exemption says.
	avg := sc.Clone()
	avg.Model.Exemption = scenario.Average
	c, err := avg.Compile(b)
	if err != nil {
		return nil, err
	}
	if cats := b.CategoryCodes(); len(cats) > 1 && !opt.Aggregate {
		return nil, fmt.Errorf("%s: the GE engine is one-sector, and baseline %s has %d categories (%s): "+
			"sum them into one with --aggregate (ge.Aggregate: values summed, tariffs value-weighted), "+
			"or give a baseline with one category", name(sc), b.Name, len(cats), strings.Join(cats, ", "))
	}
	if missing := missingDomestic(b); len(missing) > 0 {
		return nil, fmt.Errorf("%s: the GE engine needs every country's domestic sales (a row with importer = exporter), "+
			"and baseline %s has none for %s", name(sc), b.Name, strings.Join(missing, ", "))
	}
	gc := &Compiled{sc: avg, b: b, c: c, opt: opt}
	if _, err := gc.theta(c.Params()); err != nil {
		return nil, err
	}
	return gc, nil
}

func name(sc *scenario.Scenario) string {
	if sc.File != "" {
		return sc.File
	}
	return sc.Name
}

// missingDomestic lists the countries of b without a positive domestic
// flow, sorted.
func missingDomestic(b *baseline.Baseline) []string {
	has := map[string]bool{}
	for _, r := range b.Rows {
		if r.Domestic() && r.Value > 0 {
			has[r.Importer] = true
		}
	}
	var out []string
	for _, c := range b.CountryCodes() {
		if !has[c] {
			out = append(out, c)
		}
	}
	return out
}

// theta is σ − 1 of the baseline's categories under params.
func (c *Compiled) theta(params model.Params) (float64, error) {
	cats := c.b.CategoryCodes()
	sigma := math.NaN()
	for _, k := range cats {
		s := params.For("", k).Substitution
		if !math.IsNaN(sigma) && s != sigma {
			return 0, fmt.Errorf("%s: the categories have different σ (%g and %g) and the GE engine sums them into one sector with one θ = σ − 1: "+
				"write one substitution in [elasticities]", name(c.sc), sigma, s)
		}
		sigma = s
	}
	if !(sigma > 1) || math.IsInf(sigma, 0) {
		return 0, fmt.Errorf("%s: substitution σ = %g gives the GE trade elasticity θ = σ − 1 = %g: want σ > 1", name(c.sc), sigma, sigma-1)
	}
	return sigma - 1, nil
}

// Params are the elasticities of the plain run.
func (c *Compiled) Params() model.Params { return c.c.Params() }

// Scenario is the scenario as the GE engine applies it (exemption =
// "average").
func (c *Compiled) Scenario() *scenario.Scenario { return c.sc }

// Problem is the GE problem of the measures selected by opt, with θ from
// the compiled parameters.
func (c *Compiled) Problem(opt scenario.Options) (*ge.Problem, error) {
	return c.ProblemWith(opt, c.c.Params())
}

// ProblemWith is Problem with θ = σ − 1 from params (a Monte Carlo draw).
func (c *Compiled) ProblemWith(opt scenario.Options, params model.Params) (*ge.Problem, error) {
	theta, err := c.theta(params)
	if err != nil {
		return nil, err
	}
	mp, err := c.c.Problem(opt)
	if err != nil {
		return nil, err
	}
	flows := make([]ge.Flow, len(mp.Flows))
	for i, f := range mp.Flows {
		g := ge.Flow{Importer: f.Importer, Exporter: f.Exporter, Category: f.Category,
			Value: f.Value, Tariff: f.Tariff, NewTariff: f.Tariff, TradeCost: 1}
		if mp.NewTariff != nil {
			g.NewTariff = mp.NewTariff[i]
		}
		if mp.TradeCost != nil {
			g.TradeCost = mp.TradeCost[i]
		}
		flows[i] = g
	}
	if c.opt.Aggregate {
		flows = ge.Aggregate(flows)
	}
	return &ge.Problem{Flows: flows, Theta: theta, Imbalance: c.sc.Model.Imbalance}, nil
}

// IsInputError reports whether err is the GE engine's input error (a
// missing domestic flow, negative spending, …).
func IsInputError(err error) bool {
	var ie *ge.InputError
	return errors.As(err, &ie)
}

// Exempted lists the measures in force with an exempt share strictly
// between 0 and 100%, which the GE engine averages into the flow's rate.
func Exempted(sc *scenario.Scenario, opt scenario.Options) []scenario.Measure {
	return slices.DeleteFunc(sc.InForce(opt), func(m scenario.Measure) bool {
		return m.Kind == scenario.TradeCost || m.Exempt <= 0 || m.Exempt >= 100
	})
}

// IsConvergenceError reports whether err is the GE solver's failure to
// converge, the one error of a run not caused by its input.
func IsConvergenceError(err error) bool {
	var ce *ge.ConvergenceError
	return errors.As(err, &ce)
}
