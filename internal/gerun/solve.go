package gerun

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/tariffsim/tariffsim/internal/uncertainty"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/ge"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// Request is a GE run to solve.
type Request struct {
	Scenario *scenario.Scenario
	Baseline *baseline.Baseline
	Options  scenario.Options
	GE       Options
	// Draws > 0 adds a Monte Carlo run with σ (θ = σ − 1) drawn from the
	// scenario's distribution; draw i uses PCG(Seed, i), so the result
	// does not depend on Workers.
	Draws   int
	Seed    uint64
	Workers int // 0: all cores
	// Progress, when not nil, hears from one goroutine how many draws are
	// done: every 50 draws handed out, and once at the end.
	Progress func(done, total int)
}

// Run is a solved GE request.
type Run struct {
	Compiled *Compiled
	Problem  *ge.Problem
	Result   *ge.Result
	// TariffsOnly is the run without the [[retaliation]] measures, nil
	// when none is in force: what retaliation costs the retaliated is
	// Result against TariffsOnly.
	TariffsOnly *ge.Result
	// Exempted are the measures in force whose exempt share the GE engine
	// averaged into the rate.
	Exempted []scenario.Measure
	// Uncertainty is the Monte Carlo run, nil without draws.
	Uncertainty *Uncertainty
}

// Uncertainty is a Monte Carlo run of a GE scenario.
type Uncertainty struct {
	Draws, Failed int
	Seed          uint64
	Params        []string // the distributions drawn, in words
	// Theta holds the percentiles of θ; Countries those of each
	// country's welfare and terms of trade (% change), in the order of
	// Result.Countries.
	Theta     Percentiles
	Countries []CountryPercentiles
	// FirstError is the first failed draw's error, nil when none failed.
	FirstError error
}

// Percentiles are the 5th, 50th and 95th percentiles (type 7).
type Percentiles struct {
	P5  float64 `json:"p5"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// CountryPercentiles are one country's percentiles.
type CountryPercentiles struct {
	Code            string      `json:"code"`
	WelfarePct      Percentiles `json:"welfare_pct"`
	TermsOfTradePct Percentiles `json:"tot_pct"`
}

// Solve solves req: the plain run, the run without retaliation when any
// is in force, and the draws. It honours ctx between solves (one solve of
// the shipped baseline takes about half a millisecond).
func Solve(ctx context.Context, req Request) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c, err := Compile(req.Scenario, req.Baseline, req.GE)
	if err != nil {
		return nil, err
	}
	r := &Run{Compiled: c, Exempted: Exempted(req.Scenario, req.Options)}
	if r.Problem, err = c.Problem(req.Options); err != nil {
		return nil, err
	}
	if r.Result, err = ge.Solve(r.Problem); err != nil {
		return nil, fmt.Errorf("solve %s (GE): %w", req.Scenario.Name, err)
	}
	if hasRetaliation(req.Scenario, req.Options) {
		o := req.Options
		o.Measures = scenario.TariffsOnly
		p, err := c.Problem(o)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.TariffsOnly, err = ge.Solve(p); err != nil {
			return nil, fmt.Errorf("solve %s without retaliation (GE): %w", req.Scenario.Name, err)
		}
	}
	if req.Draws > 0 {
		if r.Uncertainty, err = r.monteCarlo(ctx, req); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func hasRetaliation(sc *scenario.Scenario, opt scenario.Options) bool {
	return slices.ContainsFunc(sc.InForce(opt), func(m scenario.Measure) bool { return m.Kind == scenario.Retaliation })
}

// monteCarlo solves req.Draws problems with σ drawn (uncertainty.Space, the
// PE runs' space of draws, so a distribution means the same under both
// engines).
func (r *Run) monteCarlo(ctx context.Context, req Request) (*Uncertainty, error) {
	space, err := uncertainty.NewSpace(r.Compiled.sc, req.Baseline)
	if err != nil {
		return nil, err
	}
	n := len(r.Result.Countries)
	type draw struct {
		theta  float64
		w, tot []float64
		err    error
	}
	draws := make([]draw, req.Draws)
	workers := req.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, req.Draws)
	var wg sync.WaitGroup
	var done atomic.Int64
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			params := space.NewParams()
			src := rand.NewPCG(0, 0)
			for i := range next {
				space.Draw(&params, req.Seed, i, src)
				d := &draws[i]
				p, err := r.Compiled.ProblemWith(req.Options, params)
				if err != nil {
					d.err = err
					continue
				}
				d.theta = p.Theta
				res, err := ge.Solve(p)
				if err != nil {
					d.err = err
					continue
				}
				d.w, d.tot = make([]float64, n), make([]float64, n)
				for j, c := range res.Countries {
					d.w[j] = c.WelfarePct
					d.tot[j] = 100 * (c.TermsOfTradeHat - 1)
				}
				done.Add(1)
			}
		}()
	}
	var cerr error
feed:
	for i := range req.Draws {
		select {
		case <-ctx.Done():
			cerr = ctx.Err()
			break feed
		case next <- i:
		}
		if req.Progress != nil && i%50 == 49 {
			req.Progress(int(done.Load()), req.Draws)
		}
	}
	close(next)
	wg.Wait()
	if req.Progress != nil && cerr == nil {
		req.Progress(req.Draws, req.Draws)
	}
	if cerr != nil {
		return nil, fmt.Errorf("GE Monte Carlo: %w", cerr)
	}
	u := &Uncertainty{Draws: req.Draws, Seed: req.Seed}
	for _, p := range space.Params {
		u.Params = append(u.Params, fmt.Sprintf("%s = %s (θ = σ − 1)", p.Path, p.Dist))
	}
	var theta []float64
	cols := make([][2][]float64, n)
	for _, d := range draws {
		if d.err != nil {
			u.Failed++
			if u.FirstError == nil {
				u.FirstError = d.err
			}
			continue
		}
		theta = append(theta, d.theta)
		for j := range n {
			cols[j][0] = append(cols[j][0], d.w[j])
			cols[j][1] = append(cols[j][1], d.tot[j])
		}
	}
	if u.Failed == u.Draws {
		return u, fmt.Errorf("GE Monte Carlo: all %d draws failed; the first: %w", u.Draws, u.FirstError)
	}
	u.Theta = percentiles(theta)
	for j, c := range r.Result.Countries {
		u.Countries = append(u.Countries, CountryPercentiles{Code: c.Code,
			WelfarePct: percentiles(cols[j][0]), TermsOfTradePct: percentiles(cols[j][1])})
	}
	return u, nil
}

// Country returns code's percentiles, or nil.
func (u *Uncertainty) Country(code string) *CountryPercentiles {
	for i := range u.Countries {
		if u.Countries[i].Code == code {
			return &u.Countries[i]
		}
	}
	return nil
}

func percentiles(xs []float64) Percentiles {
	s := slices.Clone(xs)
	slices.Sort(s)
	return Percentiles{uncertainty.Quantile7(s, 0.05), uncertainty.Quantile7(s, 0.5), uncertainty.Quantile7(s, 0.95)}
}
