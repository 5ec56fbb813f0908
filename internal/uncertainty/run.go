package uncertainty

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// Options controls a Monte Carlo run.
type Options struct {
	Draws   int    // number of draws, ≥ 1
	Seed    uint64 // the run's seed: same seed, same results
	Workers int    // parallel solvers; 0 means runtime.GOMAXPROCS(0)
	// Progress, when not nil, is called about ten times a second from one
	// goroutine with the number of draws done, and once at the end.
	Progress func(done, total int)
}

// Metric is one result reported with its percentiles.
type Metric struct {
	// Key names the figure as results.json does: the headline and each
	// country's imports1, exports1, balance1, import_price_change_pct (the
	// headline's), dCS, dR, dPS and welfare; every partner's and
	// category's value1; each category's price_change_pct (the focus
	// country's import price index, %).
	metric.Key
	// Before is the baseline value where the metric has one (NaN for
	// changes such as welfare); Plain is the plain run's value, with
	// every distribution at its median.
	Before, Plain float64
	P5, P50, P95  float64
}

// DrawError is a draw whose solve failed.
type DrawError struct {
	Draw int
	Err  error
}

// Result is a Monte Carlo run.
type Result struct {
	Draws   int // draws attempted
	Failed  int // draws whose solve failed: left out of the percentiles
	Seed    uint64
	Workers int
	Params  []Param
	// Correlation is the ρ the draws used (see Space.Draw).
	Correlation float64
	// BaselineDrawn reports whether each draw also drew the baseline's
	// estimated partner × group split (Space.DrawBaseline).
	BaselineDrawn bool
	// Errors holds the first failures (at most 10), by draw.
	Errors  []DrawError
	Metrics []Metric
	Elapsed time.Duration

	index map[metric.Key]int
}

// Get returns the metric of key k.
func (r *Result) Get(k metric.Key) (Metric, bool) {
	i, ok := r.index[k]
	if !ok {
		return Metric{}, false
	}
	return r.Metrics[i], true
}

// Run solves sc on b with opt as a plain run does, then draws o.Draws
// parameter sets from sc's distributions and reports every metric's
// percentiles about focus (a country code). It returns ctx.Err() when ctx
// is cancelled, and no partial result. Run solves the plain problem
// itself, for a Monte Carlo on its own (tests, benchmarks); front ends go
// through pipeline.Solve, which draws with Simulate on the run it has
// already solved.
func Run(ctx context.Context, sc *scenario.Scenario, b *baseline.Baseline, opt scenario.Options, focus string, o Options) (*Result, error) {
	prob, err := sc.Problem(b, opt)
	if err != nil {
		return nil, err
	}
	space, err := NewSpace(sc, b)
	if err != nil {
		return nil, err
	}
	space.Options = opt
	pp, err := model.Prepare(prob)
	if err != nil {
		return nil, err
	}
	plain, err := pp.Solve(nil)
	if err != nil {
		return nil, fmt.Errorf("the plain run does not solve: %w", err)
	}
	return Simulate(ctx, pp, plain, space, focus, o)
}

// Simulate is Run on a prepared problem whose plain solution is plain.
func Simulate(ctx context.Context, pp *model.Prepared, plain *model.Result, space *Space, focus string, o Options) (*Result, error) {
	if o.Draws < 1 {
		return nil, fmt.Errorf("draws = %d: want at least 1", o.Draws)
	}
	w := o.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	w = min(w, o.Draws)
	start := time.Now()
	ex := newExtractor(plain, focus)
	m := len(ex.metrics)
	data := make([]float64, o.Draws*m) // draw-major: row i is draw i
	errs := make([]error, o.Draws)

	var next, done atomic.Int64
	const chunk = 8 // draws taken at a time: little contention, fair at the end
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := space.NewParams()
			src := rand.NewPCG(0, 0)
			rebuild := space.rebuilds()
			var scratch *drawScratch
			if rebuild {
				scratch = space.newScratch()
			}
			var res *model.Result
			for ctx.Err() == nil {
				lo := int(next.Add(chunk)) - chunk
				if lo >= o.Draws {
					return
				}
				for i := lo; i < min(lo+chunk, o.Draws); i++ {
					row := data[i*m : (i+1)*m]
					var r *model.Result
					var err error
					if rebuild {
						space.draw(&p, scratch.vals, o.Seed, i, src)
						var dp *model.Prepared
						if dp, err = space.problem(pp, o.Seed, i, scratch); err == nil {
							r, err = dp.SolveInto(nil, &p)
						}
					} else {
						space.draw(&p, nil, o.Seed, i, src)
						r, err = pp.SolveInto(res, &p)
					}
					if err == nil {
						res = r
						err = ex.check(r)
					}
					if err != nil {
						errs[i] = err
						for j := range row {
							row[j] = math.NaN()
						}
					} else {
						ex.extract(r, row)
					}
				}
				done.Add(int64(min(lo+chunk, o.Draws) - lo))
			}
		}()
	}
	stop := make(chan struct{})
	var pwg sync.WaitGroup
	if o.Progress != nil {
		pwg.Add(1)
		go func() {
			defer pwg.Done()
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					o.Progress(int(done.Load()), o.Draws)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	pwg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled: no partial percentiles
	}
	if o.Progress != nil {
		o.Progress(o.Draws, o.Draws)
	}

	r := &Result{Draws: o.Draws, Seed: o.Seed, Workers: w, Params: space.Params, Metrics: ex.metrics,
		Correlation: space.Correlation, BaselineDrawn: space.DrawsBaseline(),
		index: make(map[metric.Key]int, m)}
	for i, err := range errs {
		if err != nil {
			r.Failed++
			if len(r.Errors) < 10 {
				r.Errors = append(r.Errors, DrawError{Draw: i, Err: err})
			}
		}
	}
	// Percentiles per metric, in parallel: each worker takes metrics
	// j ≡ k (mod w) and its own column buffer.
	var qwg sync.WaitGroup
	for k := range w {
		qwg.Add(1)
		go func() {
			defer qwg.Done()
			col := make([]float64, 0, o.Draws)
			for j := k; j < m; j += w {
				col = col[:0]
				for i := range o.Draws {
					if errs[i] == nil {
						col = append(col, data[i*m+j])
					}
				}
				orderFor(col, 0.05, 0.5, 0.95)
				mt := &r.Metrics[j]
				mt.P5, mt.P50, mt.P95 = Quantile7(col, 0.05), Quantile7(col, 0.5), Quantile7(col, 0.95)
			}
		}()
	}
	qwg.Wait()
	for j, mt := range r.Metrics {
		r.index[mt.Key] = j
	}
	r.Elapsed = time.Since(start)
	if r.Failed == r.Draws {
		return r, fmt.Errorf("all %d draws failed; draw %d: %w", r.Draws, r.Errors[0].Draw, r.Errors[0].Err)
	}
	return r, nil
}
