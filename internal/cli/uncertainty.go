package cli

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/uncertainty"
)

// maxDraws bounds --draws: every draw keeps one number per metric (about
// 250 on the ATP baseline) until the percentiles are taken, 8 bytes each,
// so 200,000 draws need about 400 MB.
const maxDraws = 200000

func checkMonteCarloFlags(o *runOptions) error {
	switch {
	case o.draws < 0 || o.draws > maxDraws:
		return usagef("--draws %d: want a number of draws from 1 to %d", o.draws, maxDraws)
	case o.workers < 0:
		return usagef("--workers %d: want a number of workers ≥ 1 (0 = all cores)", o.workers)
	case o.draws == 0 && (o.workers != 0 || o.seed != 1):
		return usagef("--seed and --workers apply to a Monte Carlo run: add --draws N")
	case o.draws == 0 && o.table.value == "percentiles":
		return usagef("--table percentiles needs a Monte Carlo run: add --draws N")
	}
	return nil
}

// monteCarloRequest adds o's draws to req and returns what to do with
// the pipeline's answer: progress goes to stderr when it is a terminal;
// the timing line and any failed draws go to stderr always (unless -q,
// for the timing); an interrupted run says how far it got. Problems with
// the input become usage errors.
func monteCarloRequest(e *env, o *runOptions, req *pipeline.Request) func(*pipeline.Run, error) error {
	var done atomic.Int64
	if o.draws > 0 {
		req.Draws, req.Seed, req.Workers = o.draws, o.seed, o.workers
		// The estimated split is drawn only for the embedded baseline: a
		// user's file has no estimator behind it.
		req.BaselineDraws = o.baselineDraws && o.scenarioFlags.baseline == ""
		req.Progress = func(d, total int) {
			done.Store(int64(d))
			if e.isTerminal {
				fmt.Fprintf(e.stderr, "\rMonte Carlo: %d/%d draws", d, total)
			}
		}
	}
	return func(p *pipeline.Run, err error) error {
		if o.draws > 0 && e.isTerminal {
			fmt.Fprint(e.stderr, "\r\033[K")
		}
		var de *pipeline.DrawsError
		if err != nil && !errors.As(err, &de) {
			if pipeline.IsInputError(err) {
				return usageError{err}
			}
			return err
		}
		if o.draws == 0 {
			return nil
		}
		if p != nil && p.GE != nil {
			return geDrawsNote(e, o, p)
		}
		var u *uncertainty.Result
		if de != nil {
			if errors.Is(err, context.Canceled) {
				return fmt.Errorf("interrupted after %d of %d draws; nothing was written: %w", done.Load(), o.draws, err)
			}
			u = de.Result
		} else {
			u = p.Uncertainty
		}
		if u != nil && u.Failed > 0 {
			fmt.Fprintf(e.stderr, "warning: %d of %d draws failed to solve and are left out of the percentiles; first: draw %d: %v\n",
				u.Failed, u.Draws, u.Errors[0].Draw, u.Errors[0].Err)
		}
		if de != nil {
			return de.Err
		}
		if o.baselineDraws && o.scenarioFlags.baseline != "" && !o.quiet {
			fmt.Fprintf(e.stderr, "note: --baseline %s: the baseline split is not drawn (baseline draws need the embedded, estimated baseline)\n", o.scenarioFlags.baseline)
		}
		if len(u.Params) == 0 && !u.BaselineDrawn {
			fmt.Fprintf(e.stderr, "note: no elasticity of %s is a distribution, so every draw equals the plain run; write one such as substitution = { dist = \"lognormal\", median = 5, p95 = 10 }\n", p.Scenario.File)
		}
		if !o.quiet {
			fmt.Fprintf(e.stderr, "Monte Carlo: %d draws in %.2f s (%.0f draws/s, %d workers), %d uncertain parameters, %d failed; drawn: %s\n",
				u.Draws, u.Elapsed.Seconds(), float64(u.Draws)/u.Elapsed.Seconds(), u.Workers, len(u.Params), u.Failed, u.DrawnSentence())
		}
		return nil
	}
}
