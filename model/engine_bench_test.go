package model_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// embeddedSrc is the shipped 25% on Canada and Mexico with the 2024 USMCA
// claim shares as exempt shares and Canada's retaliation: three measures
// that split flows into pieces, on the real embedded baseline.
const embeddedSrc = `name = "US 25% on CA and MX, exempt shares, retaliation"
[[tariff]]
by = "US"
on = "CA"
rate = "25%"
exempt = "38%"
[[tariff]]
by = "US"
on = "MX"
rate = "25%"
exempt = "50%"
[[retaliation]]
by = "CA"
on = "US"
rate = "25%"
exempt = "94%"
`

// embedded returns the Problem of embeddedSrc on baseline.ATP2024() with
// every category's ε (exports) set to eps and the given supply.
func embedded(tb testing.TB, eps float64, supply model.Supply) *model.Problem {
	tb.Helper()
	b := baseline.ATP2024()
	sc, err := scenario.Validate([]byte(embeddedSrc), "bench.toml", b)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := sc.Problem(b, scenario.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	setEps(&p.Params, eps)
	p.Supply = supply
	return p
}

func setEps(pr *model.Params, eps float64) {
	pr.Default.ExportSupply = eps
	for k, e := range pr.Category {
		e.ExportSupply = eps
		pr.Category[k] = e
	}
	pr.ExportSupply = nil
}

// withDomestic adds US domestic sales to every category of p (a synthetic
// value of twice the US imports of the category: a benchmark shape, not
// data), with σ_D and ε_D from the problem's elasticities.
func withDomestic(p *model.Problem) *model.Problem {
	imports := map[string]float64{}
	for _, f := range p.Flows {
		if f.Importer == "US" {
			imports[f.Category] += f.Value
		}
	}
	q := *p
	q.Flows = append([]model.Flow(nil), p.Flows...)
	q.NewTariff = append([]float64(nil), p.NewTariff...)
	if p.Pieces != nil {
		q.Pieces = append([][]model.Piece(nil), p.Pieces...)
	}
	for _, c := range sortedKeys(imports) {
		q.Flows = append(q.Flows, model.Flow{Importer: "US", Exporter: "US", Category: c, Value: 2 * imports[c]})
		q.NewTariff = append(q.NewTariff, 0)
		if q.Pieces != nil {
			q.Pieces = append(q.Pieces, nil)
		}
	}
	return &q
}

func sortedKeys(m map[string]float64) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func benchPrepared(b *testing.B, p *model.Problem) {
	b.Helper()
	pp, err := model.Prepare(p)
	if err != nil {
		b.Fatal(err)
	}
	res, err := pp.SolveInto(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if res, err = pp.SolveInto(res, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Iterations), "newton")
}

func benchOneOff(b *testing.B, p *model.Problem) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := model.Solve(p); err != nil {
			b.Fatal(err)
		}
	}
}

var inf = math.Inf(1)

// BenchmarkEmbeddedPrepared is a prepared solve (SolveInto a reused
// Result) of the embedded baseline.
func BenchmarkEmbeddedPrepared(b *testing.B) {
	for _, tc := range []struct {
		name   string
		eps    float64
		supply model.Supply
		dom    bool
	}{
		{"eps=inf", inf, model.Bilateral, false},
		{"eps=3/bilateral", 3, model.Bilateral, false},
		{"eps=3/global", 3, model.Global, false},
		{"eps=3/bilateral/domestic", 3, model.Bilateral, true},
		{"eps=3/global/domestic", 3, model.Global, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			p := embedded(b, tc.eps, tc.supply)
			if tc.dom {
				p = withDomestic(p)
			}
			benchPrepared(b, p)
		})
	}
}

// BenchmarkEmbeddedSolve is model.Solve (compile and solve) of the
// embedded baseline.
func BenchmarkEmbeddedSolve(b *testing.B) {
	for _, tc := range []struct {
		name   string
		eps    float64
		supply model.Supply
	}{{"eps=inf", inf, model.Bilateral}, {"eps=3/bilateral", 3, model.Bilateral}, {"eps=3/global", 3, model.Global}} {
		b.Run(tc.name, func(b *testing.B) { benchOneOff(b, embedded(b, tc.eps, tc.supply)) })
	}
}

// large is a synthetic global-supply problem of nImp importers × nExp
// exporters × nCat categories with random values and baseline tariffs and
// a 30% chance of a tariff rise on each flow.
func large(nImp, nExp, nCat int) *model.Problem {
	r := rand.New(rand.NewPCG(1, uint64(nImp*1000+nExp)))
	p := &model.Problem{Supply: model.Global, Params: model.Params{Default: model.Elasticities{Substitution: 5, ImportDemand: 1.25, ExportSupply: 1.5}}}
	for c := range nCat {
		for i := range nImp {
			for e := range nExp {
				f := model.Flow{Importer: fmt.Sprintf("I%d", i), Exporter: fmt.Sprintf("E%d", e), Category: fmt.Sprintf("c%d", c),
					Value: 1 + 100*r.Float64(), Tariff: 0.1 * r.Float64()}
				t1 := f.Tariff
				if r.Float64() < 0.3 {
					t1 += 0.5 * r.Float64()
				}
				p.Flows = append(p.Flows, f)
				p.NewTariff = append(p.NewTariff, t1)
			}
		}
	}
	return p
}

// BenchmarkLarge is global supply on 40k flows, square (63 importers × 63
// exporters × 10 categories) and rectangular (20 × 200 × 10: markets fewer
// than exporters), and on 400k flows (200 × 200 × 10); t(400k)/t(40k)
// should stay ≤ 10.
func BenchmarkLarge(b *testing.B) {
	for _, sh := range []struct{ imp, exp int }{{63, 63}, {20, 200}, {200, 200}} {
		var p *model.Problem
		get := func() *model.Problem {
			if p == nil {
				p = large(sh.imp, sh.exp, 10)
			}
			return p
		}
		name := fmt.Sprintf("%dx%dx10", sh.imp, sh.exp)
		b.Run(name+"/prepared", func(b *testing.B) { benchPrepared(b, get()) })
		b.Run(name+"/solve", func(b *testing.B) { benchOneOff(b, get()) })
	}
}

// BenchmarkDraws10k is 10,000 Monte Carlo draws of the embedded baseline
// on 2 goroutines, each draw with its own σ and η per category, the
// model-level equivalent of internal/uncertainty's BenchmarkDraws10k.
func BenchmarkDraws10k(b *testing.B) {
	for _, tc := range []struct {
		name string
		eps  float64
	}{{"eps=inf", inf}, {"eps=3", 3}} {
		b.Run(tc.name, func(b *testing.B) {
			p := embedded(b, tc.eps, model.Bilateral)
			pp, err := model.Prepare(p)
			if err != nil {
				b.Fatal(err)
			}
			const draws, workers = 10000, 2
			b.ReportAllocs()
			for b.Loop() {
				var wg sync.WaitGroup
				errs := make([]error, workers)
				for g := range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						r := rand.New(rand.NewPCG(1, uint64(g)))
						params := p.Params
						params.Category = map[string]model.Elasticities{}
						for k, e := range p.Params.Category {
							params.Category[k] = e
						}
						var res *model.Result
						for range draws / workers {
							for k, e := range params.Category {
								e.Substitution = 2 + 8*r.Float64()
								e.ImportDemand = 0.5 + 2*r.Float64()
								params.Category[k] = e
							}
							var err error
							if res, err = pp.SolveInto(res, &params); err != nil {
								errs[g] = err
								return
							}
						}
					}()
				}
				wg.Wait()
				for _, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
