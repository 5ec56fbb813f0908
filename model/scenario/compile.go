package scenario

import (
	"context"
	"fmt"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// Compiled is a scenario checked against a baseline, with its elasticities
// resolved: the problems of every measure selection and date, and its time
// path, then come without checking the scenario again. A run that solves
// the scenario with and without retaliation, and month by month, compiles
// it once.
type Compiled struct {
	s      *Scenario
	b      *baseline.Baseline
	params model.Params
}

// Compile checks s against b (see Check) and resolves its elasticities
// (see Params). s must not change while the result is in use.
func (s *Scenario) Compile(b *baseline.Baseline) (*Compiled, error) {
	if err := s.Check(b); err != nil {
		return nil, err
	}
	params, err := s.Params(b)
	if err != nil {
		return nil, err
	}
	return &Compiled{s: s, b: b, params: params}, nil
}

// Params are the elasticities every problem of c uses.
func (c *Compiled) Params() model.Params { return c.params }

// Problem is Scenario.Problem for c's scenario and baseline. The problems
// share c's parameters: a caller that changes them must copy them first.
func (c *Compiled) Problem(opt Options) (*model.Problem, error) {
	return c.s.problem(c.b, c.s.InForce(opt), c.params)
}

// TimePath is Scenario.TimePath for c's scenario and baseline.
func (c *Compiled) TimePath(opt Options) (*timepath.Problem, error) {
	return c.TimePathContext(context.Background(), opt)
}

// TimePathContext is TimePath that stops, returning ctx.Err(), when ctx
// ends: it checks before each month, as timepath.SolveContext does.
func (c *Compiled) TimePathContext(ctx context.Context, opt Options) (*timepath.Problem, error) {
	if c.s.Timeline == nil {
		return nil, fmt.Errorf("%s: the scenario has no [timeline] table", c.s.fileName())
	}
	return c.s.timePath(ctx, c.b, opt, c.params)
}

// ProblemOn is Problem on b instead of c's baseline: b must hold the same
// rows (flows, in the same order) with other values, as a draw of the
// baseline's estimated split does. The scenario is not checked again:
// what Check and Params look at, the baseline's codes and rows, is the
// same, so a Monte Carlo draw of the baseline skips them.
func (c *Compiled) ProblemOn(b *baseline.Baseline, opt Options) (*model.Problem, error) {
	if len(b.Rows) != len(c.b.Rows) {
		return nil, fmt.Errorf("scenario: ProblemOn: %d baseline rows, want the compiled baseline's %d", len(b.Rows), len(c.b.Rows))
	}
	for i := range b.Rows {
		r, o := &b.Rows[i], &c.b.Rows[i]
		if r.Importer != o.Importer || r.Exporter != o.Exporter || r.Category != o.Category {
			return nil, fmt.Errorf("scenario: ProblemOn: baseline row %d is %s/%s/%s, want the compiled baseline's %s/%s/%s",
				i+1, r.Importer, r.Exporter, r.Category, o.Importer, o.Exporter, o.Category)
		}
	}
	return c.s.problem(b, c.s.InForce(opt), c.params)
}
