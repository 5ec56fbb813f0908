package analysis

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"gonum.org/v1/gonum/stat/distuv"
)

// bandCorrelation is the correlation of the backtest band's σ draws
// across groups (and of its η draws), as in the shipped
// us-canada-mexico-25-uncertain.
const bandCorrelation = 0.8

// bandScenario is draw i of the backtest band: sc with every group's σ and
// η drawn from a triangular over its documented low, central and high
// values (model/baseline/atp_elasticities.csv), through a Gaussian copula
// with correlation bandCorrelation among the σ's and among the η's. Draw i
// uses PCG(seed, i): for each group in slug order, a σ score then an η
// score, then the two common factors.
func bandScenario(sc *scenario.Scenario, b *baseline.Baseline, seed uint64, i int) (*scenario.Scenario, error) {
	c := sc.Clone()
	src := rand.NewPCG(seed, uint64(i))
	u := func() float64 { return (float64(src.Uint64()>>11) + 0.5) / (1 << 53) }
	cats := make([]string, 0, len(b.Defaults))
	for k := range b.Defaults {
		cats = append(cats, k)
	}
	slices.Sort(cats)
	own := make([][2]float64, len(cats))
	for j := range cats {
		own[j] = [2]float64{distuv.UnitNormal.Quantile(u()), distuv.UnitNormal.Quantile(u())}
	}
	common := [2]float64{distuv.UnitNormal.Quantile(u()), distuv.UnitNormal.Quantile(u())}
	a, s := math.Sqrt(bandCorrelation), math.Sqrt(1-bandCorrelation)
	tri := func(lo, mode, hi float64, z float64) float64 {
		d := scenario.Distribution{Kind: scenario.Triangular, Min: lo, Mode: mode, Max: hi}
		return d.Quantile(distuv.UnitNormal.CDF(z))
	}
	if c.Elasticities.Category == nil {
		c.Elasticities.Category = map[string]scenario.ElasticitySet{}
	}
	for j, k := range cats {
		d := b.Defaults[k]
		e := c.Elasticities.Category[k]
		e.Substitution = scenario.Number(tri(d.SubstitutionLow, d.Substitution, d.SubstitutionHigh, a*common[0]+s*own[j][0]))
		e.ImportDemand = scenario.Number(tri(d.ImportDemandLow, d.ImportDemand, d.ImportDemandHigh, a*common[1]+s*own[j][1]))
		c.Elasticities.Category[k] = e
	}
	return c, nil
}

// quantiles is the 5th and 95th percentile of xs (type 7, as package
// uncertainty computes them).
func quantiles(xs []float64) (p5, p95 float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	q := func(p float64) float64 {
		if len(s) == 0 {
			return math.NaN()
		}
		h := float64(len(s)-1) * p
		lo := int(math.Floor(h))
		if lo >= len(s)-1 {
			return s[len(s)-1]
		}
		return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
	}
	return q(0.05), q(0.95)
}
