// Package pipeline is the one way tariffsim solves a scenario: every
// command and every web request that shows results goes through Solve.
//
// A Request (scenario, baseline, options, focus country, Monte Carlo
// draws) is compiled once (the scenario is checked against the baseline
// and its elasticities resolved once), then solved: the plain run; the
// same scenario without its retaliation measures when any is in force, so
// that their effect can be shown apart; the Monte Carlo draws, on the
// plain run's prepared problem; and, for a scenario with a [timeline], the
// month-by-month path. Every step honours the context. The package knows
// nothing of tables, charts or reports: it returns numbers (see package
// metric for what they are summed into).
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/tariffsim/tariffsim/internal/atpgen"
	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/internal/uncertainty"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// Request is what to solve.
type Request struct {
	Scenario *scenario.Scenario
	Baseline *baseline.Baseline
	Options  scenario.Options
	// Focus is the country the headline is about; "" means DefaultFocus.
	Focus string
	// Draws > 0 adds a Monte Carlo run of that many draws from the
	// scenario's elasticity distributions (see package uncertainty).
	Draws   int
	Seed    uint64
	Workers int // 0: all cores
	// Progress, when not nil, hears about the draws (see
	// uncertainty.Options).
	Progress func(done, total int)
	// BaselineDraws makes each draw also draw the estimated partner ×
	// group split of the embedded baseline (internal/atpgen.Refitter).
	// Baseline must then be the embedded baseline.
	BaselineDraws bool
	// NoPath skips the time path of a scenario with a [timeline]: for
	// analyses that read only the equilibrium.
	NoPath bool
	// Aggregate lets a GE scenario sum a baseline's categories into one
	// sector (see package gerun); PE runs ignore it.
	Aggregate bool
}

// Run is a solved request.
type Run struct {
	Scenario *scenario.Scenario
	Baseline *baseline.Baseline
	Options  scenario.Options
	Focus    string
	Compiled *scenario.Compiled
	Problem  *model.Problem
	Result   *model.Result
	// TariffsOnly is the run without retaliation measures, nil when none
	// is in force.
	TariffsOnly *model.Result
	// Uncertainty is the Monte Carlo run, nil without draws.
	Uncertainty *uncertainty.Result
	// Path is the month-by-month solve, nil without a [timeline] (or
	// with Request.NoPath).
	Path *timepath.Path
	// GE is the general-equilibrium run of a scenario with [model] engine
	// = "ge"; Compiled, Problem, Result, TariffsOnly, Uncertainty and Path
	// are then nil.
	GE *gerun.Run
}

// InputError marks a failure caused by the scenario or baseline (a tariff
// below −100%, say) rather than by the solver.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// DrawsError marks a failure of the Monte Carlo draws (after the plain
// run solved), so that a front end can still say what failed. Result is
// the draws' result when they ran to the end (all of them failed), else
// nil.
type DrawsError struct {
	Err    error
	Result *uncertainty.Result
}

func (e *DrawsError) Error() string { return e.Err.Error() }
func (e *DrawsError) Unwrap() error { return e.Err }

// IsInputError reports whether err was caused by the input.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// Solve solves req; see the package comment. A cancelled context returns
// ctx.Err() (wrapped) and no run.
func Solve(ctx context.Context, req Request) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sc, b := req.Scenario, req.Baseline
	r := &Run{Scenario: sc, Baseline: b, Options: req.Options, Focus: req.Focus}
	if r.Focus == "" {
		r.Focus = DefaultFocus(sc, b)
	}
	if sc.Model.Engine == scenario.GE {
		if err := r.solveGE(ctx, req); err != nil {
			return nil, err
		}
		return r, nil
	}
	var err error
	if r.Compiled, err = sc.Compile(b); err != nil {
		return nil, &InputError{err}
	}
	if r.Problem, err = r.Compiled.Problem(req.Options); err != nil {
		return nil, &InputError{err}
	}
	if r.Result, err = model.Solve(r.Problem); err != nil {
		return nil, fmt.Errorf("solve %s: %w", sc.Name, err)
	}
	if HasRetaliation(sc, req.Options) {
		o := req.Options
		o.Measures = scenario.TariffsOnly
		p, err := r.Compiled.Problem(o)
		if err != nil {
			return nil, &InputError{err}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.TariffsOnly, err = model.Solve(p); err != nil {
			return nil, fmt.Errorf("solve %s without retaliation: %w", sc.Name, err)
		}
	}
	if req.Draws > 0 {
		if r.Uncertainty, err = r.monteCarlo(ctx, req); err != nil {
			return nil, &DrawsError{err, r.Uncertainty}
		}
	}
	if sc.Timeline != nil && !req.NoPath {
		if r.Path, err = r.solvePath(ctx); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// HasRetaliation reports whether a retaliation measure of sc is in force
// with opt.
func HasRetaliation(sc *scenario.Scenario, opt scenario.Options) bool {
	for _, m := range sc.InForce(opt) {
		if m.Kind == scenario.Retaliation {
			return true
		}
	}
	return false
}

// monteCarlo draws on the plain run's problem, prepared once; the plain
// solution is the one already solved.
func (r *Run) monteCarlo(ctx context.Context, req Request) (*uncertainty.Result, error) {
	space, err := uncertainty.NewSpace(r.Scenario, r.Baseline)
	if err != nil {
		return nil, err
	}
	space.Options = req.Options
	if req.BaselineDraws {
		rf, err := atpgen.NewRefitter()
		if err != nil {
			return nil, fmt.Errorf("baseline draws: %w", err)
		}
		if err := space.DrawBaseline(rf, atpgen.DefaultScale()); err != nil {
			return nil, err
		}
	}
	pp, err := model.Prepare(r.Problem)
	if err != nil {
		return nil, &InputError{err}
	}
	return uncertainty.Simulate(ctx, pp, r.Result, space, r.Focus, uncertainty.Options{
		Draws: req.Draws, Seed: req.Seed, Workers: req.Workers, Progress: req.Progress})
}

// solvePath solves the scenario month by month (docs/MODEL.md, "Time
// path"), with the measures of the run's selection.
func (r *Run) solvePath(ctx context.Context) (*timepath.Path, error) {
	p, err := r.Compiled.TimePathContext(ctx, scenario.Options{Measures: r.Options.Measures})
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, &InputError{err}
	}
	tp, err := timepath.SolveContext(ctx, p)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, fmt.Errorf("time path of %s: %w", r.Scenario.Name, err)
	}
	return tp, nil
}

// DefaultFocus is "US" (or "USA", the GE baseline's code) when b has it,
// else the first measure's imposer.
func DefaultFocus(sc *scenario.Scenario, b *baseline.Baseline) string {
	codes := b.CountryCodes()
	for _, us := range []string{"US", "USA"} {
		if slices.Contains(codes, us) {
			return us
		}
	}
	if len(sc.Tariffs) > 0 {
		return sc.Tariffs[0].By
	}
	return b.Rows[0].Importer
}

// FocusName is how titles name the focus country: "US" for the United
// States ("US imports"), its name otherwise.
func FocusName(b *baseline.Baseline, focus string) string {
	if focus == "US" || focus == "USA" {
		return "US"
	}
	return b.CountryName(focus)
}
