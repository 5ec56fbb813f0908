package analysis

import (
	"context"
	"fmt"
	"strings"

	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/suggest"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// Setup is a scenario solved once and prepared for solving again with
// other elasticities: what sweeps and sensitivity start from.
type Setup struct {
	Run    *pipeline.Run   // the central run, without time path or draws
	Params model.Params    // the scenario's own elasticities
	pp     *model.Prepared // the central problem, prepared once
}

// NewSetup solves sc on b with opt about focus ("" for the default) and
// prepares its problem for re-solving.
func NewSetup(ctx context.Context, sc *scenario.Scenario, b *baseline.Baseline, opt scenario.Options, focus string) (*Setup, error) {
	if sc.Model.Engine == scenario.GE {
		return nil, inputf("%s uses engine = \"ge\": sweep and sensitivity re-solve the PE engine; for GE, write σ as a distribution and run with --draws", sc.Name)
	}
	r, err := pipeline.Solve(ctx, pipeline.Request{Scenario: sc, Baseline: b, Options: opt, Focus: focus, NoPath: true})
	if err != nil {
		return nil, err
	}
	pp, err := model.Prepare(r.Problem)
	if err != nil {
		return nil, &pipeline.InputError{Err: err}
	}
	return &Setup{Run: r, Params: r.Problem.Params, pp: pp}, nil
}

// Solve solves the central problem with params (nil: the scenario's own).
func (s *Setup) Solve(params *model.Params) (*model.Result, error) { return s.pp.Solve(params) }

// FocusName names the focus country in titles (see pipeline.FocusName).
func (s *Setup) FocusName() string { return pipeline.FocusName(s.Run.Baseline, s.Run.Focus) }

// Category resolves a category code or alias to its slug; an unknown one
// is an input error with a suggestion.
func (s *Setup) Category(code string) (string, error) {
	b := s.Run.Baseline
	if slug, ok := b.Category(code); ok {
		return slug, nil
	}
	var cands []string
	for _, c := range b.Categories {
		cands = append(cands, c.Slug)
	}
	if len(cands) == 0 {
		cands = b.CategoryCodes()
	}
	return "", inputf("--category %q: unknown category%s (baseline %s has %s)", code, suggest.Hint(code, cands), b.Name, strings.Join(b.CategoryCodes(), " "))
}

// inForce returns the references of the measures of sc in force with
// opt, in the order 'run' lists them ([[tariff]] tables, then
// [[retaliation]]).
func inForce(sc *scenario.Scenario, opt scenario.Options) []scenario.MeasureRef {
	d, dated := sc.At(opt)
	var out []scenario.MeasureRef
	for _, k := range []scenario.Kind{scenario.Tariff, scenario.Retaliation} {
		ms := sc.Tariffs
		if k == scenario.Retaliation {
			ms = sc.Retaliations
		}
		for i := range ms {
			if !dated || ms[i].InForce(scenario.DateOf(d)) {
				out = append(out, scenario.MeasureRef{Kind: k, Index: i})
			}
		}
	}
	return out
}

// inputf is an input error: the analysis was asked for something the
// scenario or the flags do not allow.
func inputf(format string, a ...any) error {
	return &pipeline.InputError{Err: fmt.Errorf(format, a...)}
}

// elasticityOf returns the value of p in every category of params (cat
// ""), or in one; ok is false when the categories differ.
func elasticityOf(params model.Params, p scenario.Param, cat string) (float64, bool) {
	get := func(e model.Elasticities) float64 { v, _ := p.Get(e); return v }
	if cat != "" {
		return get(params.Category[cat]), true
	}
	v, first := 0.0, true
	for _, e := range params.Category {
		if first {
			v, first = get(e), false
		} else if get(e) != v {
			return 0, false
		}
	}
	return v, !first
}

// sentence capitalises the first letter of s.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
