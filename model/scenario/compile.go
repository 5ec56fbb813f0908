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
