package pipeline

import (
	"context"

	"github.com/tariffsim/tariffsim/internal/gerun"
)

// solveGE solves a scenario with [model] engine = "ge" (package gerun):
// the plain run, the run without retaliation when any is in force (what
// retaliation costs the retaliated), and the draws of θ = σ − 1. A GE
// scenario has no [timeline] (the scenario language refuses one).
func (r *Run) solveGE(ctx context.Context, req Request) error {
	g, err := gerun.Solve(ctx, gerun.Request{
		Scenario: req.Scenario, Baseline: req.Baseline, Options: req.Options,
		GE:    gerun.Options{Aggregate: req.Aggregate},
		Draws: req.Draws, Seed: req.Seed, Workers: req.Workers, Progress: req.Progress,
	})
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return classifyGE(err)
	}
	r.GE = g
	return nil
}

// classifyGE marks the errors the input causes: everything but the
// solver's failure to converge (model/ge reports bad data, a missing
// domestic flow or a negative spending as *ge.InputError, and gerun's
// own checks are about the scenario and baseline).
func classifyGE(err error) error {
	if gerun.IsConvergenceError(err) {
		return err
	}
	return &InputError{err}
}
