// Package uncertainty runs Monte Carlo simulations of a scenario whose
// elasticities follow distributions: it draws N parameter sets from one
// seed, solves each with model.Prepared on W workers, and reports every
// headline result as p5, p50 and p95.
//
// Draw i uses its own generator, PCG seeded with (seed, i), so the draws,
// and hence the percentiles, are the same whatever the number of workers
// and however the scheduler interleaves them. Within a draw the uncertain
// parameters take the 1st, 2nd, … output of that generator in the order
// of [Space.Params], each by inverse-CDF sampling:
// x = Distribution.Quantile(u) with u uniform on the open interval (0, 1).
//
// Percentiles are Hyndman & Fan's type 7 (linear interpolation between
// order statistics; the default of R's quantile and NumPy's percentile):
// with the n successful draws sorted, x(0) ≤ … ≤ x(n−1), and h = (n−1)p,
// Q(p) = x(⌊h⌋) + (h − ⌊h⌋)(x(⌊h⌋+1) − x(⌊h⌋)). It is monotone in p, so
// p5 ≤ p50 ≤ p95 always, and equals the common value when all draws agree.
package uncertainty

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// Param is one elasticity of a scenario that follows a distribution.
type Param struct {
	// Path is where the scenario file writes it, e.g.
	// "elasticities.substitution" (all categories that do not override
	// it: they share one draw), "elasticities.category.ict.import_demand"
	// or "elasticities.exporter.CN.export_supply".
	Path string
	// Key is the elasticity's key in the file: "substitution",
	// "import_demand" or "export_supply" (see scenario.Param).
	// Key is "rate", "exempt" or "change" for a measure's value (then
	// Dist is in percentage points).
	Key  string
	Dist scenario.Distribution

	set func(p *model.Params, v float64)
	// measure, for a measure's value, sets it (percentage points) in a
	// clone of the scenario; such a draw rebuilds the problem.
	measure func(sc *scenario.Scenario, v float64)
}

// Space is the uncertain parameters of a scenario on a baseline, with the
// parameters of the plain run (every distribution at its median).
type Space struct {
	Base   model.Params
	Params []Param
	// Correlation is the scenario's [uncertainty] correlation ρ: the
	// parameters of one Key move together through one common normal
	// factor per draw (see Draw).
	Correlation float64
	// Options are the measure selection and date of the run, used when a
	// draw rebuilds the problem (measure values or baseline drawn).
	Options scenario.Options

	sc       *scenario.Scenario
	b        *baseline.Baseline
	baseline *baselineDraws // nil: the baseline is not drawn
}

// NewSpace finds the distributions of sc. Categories that take an
// elasticity from the scenario's [elasticities] share its draw (one
// uncertain number, perfectly correlated across them); distinct entries
// of the file are drawn independently.
func NewSpace(sc *scenario.Scenario, b *baseline.Baseline) (*Space, error) {
	base, err := sc.Params(b)
	if err != nil {
		return nil, err
	}
	s := &Space{Base: base, Correlation: sc.Uncertainty.Correlation, sc: sc, b: b}
	get := func(set scenario.ElasticitySet, p scenario.Param) scenario.Elasticity { return *p.In(&set) }
	// Category overrides by slug, as Params resolves them.
	over := map[string]scenario.ElasticitySet{}
	codes := slices.Sorted(maps.Keys(sc.Elasticities.Category))
	for _, k := range codes {
		if slug, ok := b.Category(k); ok {
			over[slug] = sc.Elasticities.Category[k]
		}
	}
	cats := slices.Sorted(maps.Keys(base.Category))
	for _, par := range scenario.ModelParams {
		key := par.Key()
		d, ok := get(sc.Elasticities.Default, par).Dist()
		if !ok {
			continue
		}
		var targets []string
		for _, c := range cats {
			if !get(over[c], par).IsSet() {
				targets = append(targets, c)
			}
		}
		s.Params = append(s.Params, Param{Path: "elasticities." + key, Key: key, Dist: d,
			set: func(p *model.Params, v float64) {
				par.Set(&p.Default, v)
				for _, c := range targets {
					e := p.Category[c]
					par.Set(&e, v)
					p.Category[c] = e
				}
			}})
	}
	for _, k := range codes {
		slug, ok := b.Category(k)
		if !ok {
			continue
		}
		for _, par := range scenario.ModelParams {
			key := par.Key()
			d, ok := get(sc.Elasticities.Category[k], par).Dist()
			if !ok {
				continue
			}
			s.Params = append(s.Params, Param{Path: "elasticities.category." + k + "." + key, Key: key, Dist: d,
				set: func(p *model.Params, v float64) {
					e := p.Category[slug]
					par.Set(&e, v)
					p.Category[slug] = e
				}})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(sc.Elasticities.Exporter)) {
		d, ok := sc.Elasticities.Exporter[k].Dist()
		if !ok {
			continue
		}
		s.Params = append(s.Params, Param{Path: "elasticities.exporter." + k + ".export_supply", Key: "export_supply", Dist: d,
			set: func(p *model.Params, v float64) { p.ExportSupply[k] = v }})
	}
	s.addMeasures(sc)
	return s, nil
}

// Set sets parameter j of s to v in p (p from [Space.NewParams]), as a
// sweep or a one-at-a-time sensitivity analysis does.
// A measure's value (Key rate, exempt or change) is not an elasticity:
// Set leaves p alone for it.
func (s *Space) Set(p *model.Params, j int, v float64) {
	if s.Params[j].set != nil {
		s.Params[j].set(p, v)
	}
}

// NewParams returns a copy of the plain run's parameters that [Space.Set]
// and [Space.Draw] may change.
func (s *Space) NewParams() model.Params {
	p := model.Params{Default: s.Base.Default, Category: maps.Clone(s.Base.Category), ExportSupply: maps.Clone(s.Base.ExportSupply)}
	if p.Category == nil {
		p.Category = map[string]model.Elasticities{}
	}
	if p.ExportSupply == nil {
		p.ExportSupply = map[string]float64{}
	}
	return p
}

// Reset sets p (from NewParams) back to the plain run's parameters.
func (s *Space) Reset(p *model.Params) {
	p.Default = s.Base.Default
	for k, v := range s.Base.Category {
		p.Category[k] = v
	}
	for k, v := range s.Base.ExportSupply {
		p.ExportSupply[k] = v
	}
}

// Draw sets p to draw i of the run with the given seed: the plain run's
// parameters with every uncertain one drawn. src is scratch space (any
// *rand.PCG; it is reseeded), so that a worker allocates nothing per draw.
//
// Parameter j takes the j-th output u_j of PCG(seed, i). With Correlation
// ρ = 0 its value is Quantile(u_j). With ρ > 0, the generator then gives
// one more output per Key, in the order Keys first appear in Params, for
// the common factor z_c of that Key, and parameter j takes
// Quantile(Φ(√ρ·z_c + √(1−ρ)·Φ⁻¹(u_j))): a Gaussian copula, each
// parameter keeping its own distribution; the normal scores of two
// parameters of one Key have correlation ρ. ρ = 1 moves them as one
// (every one at the same quantile).
func (s *Space) Draw(p *model.Params, seed uint64, i int, src *rand.PCG) {
	s.draw(p, nil, seed, i, src)
}

// draw is Draw that also records every parameter's value in vals (when
// not nil), where the measures' values are read from.
func (s *Space) draw(p *model.Params, vals []float64, seed uint64, i int, src *rand.PCG) {
	s.Reset(p)
	src.Seed(seed, uint64(i))
	n := len(s.Params)
	var us [32]float64
	u := us[:0]
	for range n {
		u = append(u, open01(src.Uint64()))
	}
	if rho := s.Correlation; rho > 0 && n > 0 {
		var zc [8]float64
		common := zc[:0]
		var keys [8]string
		seen := keys[:0]
		for j := range s.Params {
			k := slices.Index(seen, s.Params[j].Key)
			if k < 0 {
				seen = append(seen, s.Params[j].Key)
				common = append(common, distuv.UnitNormal.Quantile(open01(src.Uint64())))
			}
		}
		a, b := math.Sqrt(rho), math.Sqrt(1-rho)
		for j := range s.Params {
			zc := common[slices.Index(seen, s.Params[j].Key)]
			u[j] = distuv.UnitNormal.CDF(a*zc + b*distuv.UnitNormal.Quantile(u[j]))
			// Φ can round to exactly 0 or 1 far in the tails: keep u
			// inside (0, 1), as open01 does.
			u[j] = min(max(u[j], 0x1p-54), 1-0x1p-54)
		}
	}
	for j := range s.Params {
		v := s.Params[j].Dist.Quantile(u[j])
		if vals != nil {
			vals[j] = v
		}
		if s.Params[j].set != nil {
			s.Params[j].set(p, v)
		}
	}
}

// open01 maps 64 random bits to a uniform number in the open interval
// (0, 1): the 53 high bits plus one half, so neither 0 (σ = 0 for a
// truncated normal) nor 1 (an infinite lognormal draw) can occur.
func open01(x uint64) float64 {
	return (float64(x>>11) + 0.5) / (1 << 53)
}

// Describe lists the parameters in words, for reports and stderr.
func (s *Space) Describe() []string {
	out := make([]string, len(s.Params))
	for j, p := range s.Params {
		out[j] = fmt.Sprintf("%s = %s (90%% interval %.3g–%.3g)", p.Path, p.Dist, p.Dist.Quantile(0.05), p.Dist.Quantile(0.95))
	}
	return out
}

// Quantile7 is the type-7 quantile of sorted (see the package comment);
// NaN when sorted is empty. Package gerun reads GE draws by it too.
func Quantile7(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
