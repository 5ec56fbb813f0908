package timepath

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/tariffsim/tariffsim/model"
)

// Problem is everything Solve needs.
type Problem struct {
	// Start is the first month; only its year and month matter.
	Start time.Time
	// Months is the number of months, at least 1.
	Months int
	// Flows are the baseline flows, with annual values (million USD a
	// year) and baseline tariffs.
	Flows []model.Flow
	// Tariffs[τ][f] is the tariff of flow f in month τ, as a fraction;
	// len(Tariffs) = Months and len(Tariffs[τ]) = len(Flows). With pieces
	// it is their baseline-weighted mean.
	Tariffs [][]float64
	// Pieces[τ], when Pieces and Pieces[τ] are not nil, splits the flows of
	// month τ by exempt shares as model.Problem.Pieces does (already
	// day-weighted, see model/scenario).
	Pieces [][][]model.Piece
	// TradeCosts[τ][f] is the trade-cost factor κ of flow f in month τ
	// (day-weighted); nil, or a nil month, means none.
	TradeCosts [][]float64
	// IntraTrade is model.Problem.IntraTrade.
	IntraTrade bool
	// Params are the elasticity regimes (for example long run and short
	// run); Regime[τ] picks the one of month τ. A nil Regime means regime
	// 0 in every month.
	Params []model.Params
	Regime []int
	Supply model.Supply
	Form   model.Form
	// HalfLife[f] is the half-life of flow f's adjustment in months: 0
	// moves at once, +Inf never moves. Nil means 0 for every flow.
	HalfLife []float64
	// Growth[f] is the annual growth rate of flow f's no-tariff path, as
	// a fraction (0.05 = 5% a year), above −1. Nil means no growth.
	Growth []float64
}

// Path is a solved time path. Every [τ][f] array is indexed by month, then
// by flow in the order of Problem.Flows; values are million USD in the
// month, at world prices.
type Path struct {
	Start  time.Time // the first day of the first month, UTC
	Months int
	Flows  []model.Flow
	Regime []int       // the elasticity regime of each month
	Tariff [][]float64 // t(τ), as given
	// Pieces are the pieces of each month, as given (nil without).
	Pieces [][][]model.Piece
	// NoTariff is N_f(τ): the baseline grown, without the scenario.
	NoTariff [][]float64
	// Equilibrium is G_f(τ)·V_eq(τ): where trade would settle if month
	// τ's tariffs lasted.
	Equilibrium [][]float64
	// Value is V(τ), the adjusted path.
	Value [][]float64
	// Results holds the equilibrium of each month; months with the same
	// tariffs and regime share one *model.Result.
	Results []*model.Result
	// Solves is the number of distinct equilibria solved.
	Solves int
}

// Month returns the first day of month τ.
func (p *Path) Month(τ int) time.Time { return p.Start.AddDate(0, τ, 0) }

// Label returns month τ as "2006-01".
func (p *Path) Label(τ int) string { return p.Month(τ).Format("2006-01") }

// Revenue returns the duty collected on flow f in month τ, t(τ)·V(τ); for a
// flow split into pieces, the month's equilibrium duty per dollar
// R1/V1 times V(τ), since the pieces pay different rates.
func (p *Path) Revenue(τ, f int) float64 {
	if p.Pieces != nil && p.Pieces[τ] != nil && len(p.Pieces[τ][f]) > 0 {
		if r := &p.Results[τ].Flows[f]; r.NewValue != 0 {
			return r.Revenue1 / r.NewValue * p.Value[τ][f]
		}
	}
	return p.Tariff[τ][f] * p.Value[τ][f]
}

// RevenueNoTariff returns the duty flow f would pay in month τ at its
// baseline tariff on the no-tariff path, t0·N(τ).
func (p *Path) RevenueNoTariff(τ, f int) float64 { return p.Flows[f].Tariff * p.NoTariff[τ][f] }

// Adjust returns the share of the remaining gap that trade closes in one
// month with half-life h months: 1 − 2^(−1/h), 1 for h = 0 and 0 for
// h = +Inf.
func Adjust(h float64) float64 {
	if h == 0 {
		return 1
	}
	return 1 - math.Exp2(-1/h)
}

// GrowthFactor returns G(τ) = (1+g)^((τ+1)/12), the no-tariff path of month τ
// relative to the baseline month for annual growth g.
func GrowthFactor(g float64, τ int) float64 { return math.Pow(1+g, float64(τ+1)/12) }

func (p *Problem) check() error {
	switch {
	case p.Months < 1:
		return fmt.Errorf("timepath: %d months: want at least 1", p.Months)
	case len(p.Tariffs) != p.Months:
		return fmt.Errorf("timepath: %d tariff vectors for %d months", len(p.Tariffs), p.Months)
	case len(p.Params) == 0:
		return fmt.Errorf("timepath: no elasticities (Params is empty)")
	case p.Regime != nil && len(p.Regime) != p.Months:
		return fmt.Errorf("timepath: %d regimes for %d months", len(p.Regime), p.Months)
	case p.HalfLife != nil && len(p.HalfLife) != len(p.Flows):
		return fmt.Errorf("timepath: %d half-lives for %d flows", len(p.HalfLife), len(p.Flows))
	case p.Growth != nil && len(p.Growth) != len(p.Flows):
		return fmt.Errorf("timepath: %d growth rates for %d flows", len(p.Growth), len(p.Flows))
	case p.Pieces != nil && len(p.Pieces) != p.Months:
		return fmt.Errorf("timepath: %d piece months for %d months", len(p.Pieces), p.Months)
	case p.TradeCosts != nil && len(p.TradeCosts) != p.Months:
		return fmt.Errorf("timepath: %d trade-cost months for %d months", len(p.TradeCosts), p.Months)
	}
	for τ, ts := range p.Tariffs {
		if len(ts) != len(p.Flows) {
			return fmt.Errorf("timepath: month %d has %d tariffs for %d flows", τ, len(ts), len(p.Flows))
		}
	}
	for τ, r := range p.Regime {
		if r < 0 || r >= len(p.Params) {
			return fmt.Errorf("timepath: month %d uses regime %d of %d", τ, r, len(p.Params))
		}
	}
	for f, h := range p.HalfLife {
		if !(h >= 0) {
			return fmt.Errorf("timepath: flow %d (%s): half-life %v months: want ≥ 0", f, name(p.Flows[f]), h)
		}
	}
	for f, g := range p.Growth {
		if !(g > -1) || math.IsInf(g, 1) {
			return fmt.Errorf("timepath: flow %d (%s): growth %v: want a finite rate above −100%%", f, name(p.Flows[f]), g)
		}
	}
	return nil
}

func name(f model.Flow) string { return f.Importer + "/" + f.Exporter + "/" + f.Category }

// Solve computes the path. A month whose equilibrium fails to solve is an
// error naming the month.
func Solve(p *Problem) (*Path, error) { return SolveContext(context.Background(), p) }

// SolveContext is Solve that stops, returning ctx.Err(), when ctx is done:
// it checks before each month's solve.
func SolveContext(ctx context.Context, p *Problem) (*Path, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	start := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, time.UTC)
	n, m := len(p.Flows), p.Months
	out := &Path{Start: start, Months: m, Flows: p.Flows, Tariff: p.Tariffs, Pieces: p.Pieces, Regime: make([]int, m),
		NoTariff: grid(m, n), Equilibrium: grid(m, n), Value: grid(m, n), Results: make([]*model.Result, m)}
	if p.Regime != nil {
		copy(out.Regime, p.Regime)
	}
	// Many months share their rates (a tariff lasts months), so each
	// distinct (regime, tariff vector) is solved once. The key is the exact
	// bits: rates that differ in the last place are different problems.
	cache := map[string]*model.Result{}
	key := make([]byte, 8*(n+1))
	for τ := range m {
		key = key[:8*(n+1)]
		binary.LittleEndian.PutUint64(key, uint64(out.Regime[τ]))
		for f, t := range p.Tariffs[τ] {
			binary.LittleEndian.PutUint64(key[8*(f+1):], math.Float64bits(t))
		}
		var pieces [][]model.Piece
		var kappa []float64
		if p.Pieces != nil {
			pieces = p.Pieces[τ]
		}
		if p.TradeCosts != nil {
			kappa = p.TradeCosts[τ]
		}
		// Pieces and trade costs are part of the problem, so of the key.
		for f, ps := range pieces {
			for _, pc := range ps {
				key = binary.LittleEndian.AppendUint64(key, uint64(f))
				key = binary.LittleEndian.AppendUint64(key, math.Float64bits(pc.Share))
				key = binary.LittleEndian.AppendUint64(key, math.Float64bits(pc.Tariff))
			}
		}
		if kappa != nil {
			key = append(key, 'k')
			for _, k := range kappa {
				key = binary.LittleEndian.AppendUint64(key, math.Float64bits(k))
			}
		}
		res, ok := cache[string(key)]
		if !ok {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var err error
			res, err = model.Solve(&model.Problem{Flows: p.Flows, NewTariff: p.Tariffs[τ], Pieces: pieces, TradeCost: kappa,
				Params: p.Params[out.Regime[τ]], Supply: p.Supply, Form: p.Form, IntraTrade: p.IntraTrade})
			if err != nil {
				return nil, fmt.Errorf("timepath: month %s: %w", out.Label(τ), err)
			}
			cache[string(key)] = res
			out.Solves++
		}
		out.Results[τ] = res
	}
	for f, fl := range p.Flows {
		a, g := 1.0, 0.0
		if p.HalfLife != nil {
			a = Adjust(p.HalfLife[f])
		}
		if p.Growth != nil {
			g = p.Growth[f]
		}
		r := 1.0 // V/N in the month before the first: the baseline
		for τ := range m {
			req := out.Results[τ].Flows[f].NewValue / fl.Value
			// r ← r_eq + (r − r_eq)·2^(−1/h), written with the share
			// closed so that h = 0 gives r_eq exactly.
			if a == 1 {
				r = req
			} else {
				r += a * (req - r)
			}
			nt := fl.Value / 12 * GrowthFactor(g, τ)
			out.NoTariff[τ][f] = nt
			out.Equilibrium[τ][f] = nt * req
			out.Value[τ][f] = nt * r
		}
	}
	return out, nil
}

func grid(m, n int) [][]float64 {
	back := make([]float64, m*n)
	g := make([][]float64, m)
	for i := range g {
		g[i] = back[i*n : (i+1)*n : (i+1)*n]
	}
	return g
}
