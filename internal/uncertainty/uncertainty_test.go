package uncertainty

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tariffsim/tariffsim/internal/atpgen"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// uncertainSrc is the shipped 25% on Canada and Mexico with Canada's
// retaliation, with distributions on σ and η of every group, η of ICT
// and ε of Canada.
const uncertainSrc = `name = "US 25% on CA and MX, uncertain elasticities"
at = 2025-03-07
[elasticities]
substitution = { dist = "lognormal", median = 6, p95 = 10 }
import_demand = { dist = "triangular", min = 0.76, mode = 1.4, max = 2.25 }
[elasticities.category.ict]
import_demand = { dist = "uniform", min = 0.5, max = 1.5 }
[elasticities.exporter.CA]
export_supply = { dist = "normal", mean = 3, sd = 2 }
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

func parse(t testing.TB, src string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Validate([]byte(src), "test.toml", baseline.ATP2024())
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func run(t testing.TB, src string, o Options) *Result {
	t.Helper()
	r, err := Run(context.Background(), parse(t, src), baseline.ATP2024(), scenario.Options{}, "US", o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func same(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// The same seed gives bit-identical percentiles whatever the number of
// workers.
func TestDeterministicAcrossWorkers(t *testing.T) {
	var want *Result
	for _, w := range []int{1, 2, 7} {
		r := run(t, uncertainSrc, Options{Draws: 300, Seed: 42, Workers: w})
		if r.Workers != w || r.Draws != 300 || r.Failed != 0 {
			t.Fatalf("workers %d: %+v", w, r)
		}
		if want == nil {
			want = r
			continue
		}
		for j, m := range r.Metrics {
			o := want.Metrics[j]
			if m.Group != o.Group || m.Code != o.Code || m.Name != o.Name || !same(m.P5, o.P5) || !same(m.P50, o.P50) || !same(m.P95, o.P95) {
				t.Fatalf("workers %d: metric %d = %+v, with 1 worker %+v", w, j, m, o)
			}
		}
	}
	// Another seed gives other draws.
	r := run(t, uncertainSrc, Options{Draws: 300, Seed: 43, Workers: 2})
	m1, _ := r.Get(metric.Key{Group: metric.Group("headline"), Code: "", Name: metric.Name("imports1")})
	m0, _ := want.Get(metric.Key{Group: metric.Group("headline"), Code: "", Name: metric.Name("imports1")})
	if m1.P50 == m0.P50 {
		t.Error("seeds 42 and 43 give the same median")
	}
}

func TestPercentileOrder(t *testing.T) {
	r := run(t, uncertainSrc, Options{Draws: 500, Seed: 7})
	if len(r.Params) != 4 {
		t.Fatalf("uncertain parameters: %d, want 4: %v", len(r.Params), r.Params)
	}
	spread := 0
	for _, m := range r.Metrics {
		if !(m.P5 <= m.P50 && m.P50 <= m.P95) {
			t.Errorf("%s %s %s: p5 %v p50 %v p95 %v", m.Group, m.Code, m.Name, m.P5, m.P50, m.P95)
		}
		if m.P95 > m.P5 {
			spread++
		}
	}
	// The uncertainty reaches the results: US imports from Mexico have a
	// real interval, and contain the plain run.
	mx, ok := r.Get(metric.Key{Group: metric.Group("imports_by_partner"), Code: "MX", Name: metric.Name("value1")})
	if !ok || !(mx.P5 < mx.Plain && mx.Plain < mx.P95) || spread < 50 {
		t.Errorf("imports from MX: %+v; %d metrics with a spread", mx, spread)
	}
	for _, g := range []string{"headline", "imports_by_partner", "exports_by_partner", "imports_by_category", "exports_by_category", "country"} {
		if !slices.ContainsFunc(r.Metrics, func(m Metric) bool { return string(m.Group) == g }) {
			t.Errorf("no metric in group %s", g)
		}
	}
}

// Each distribution, sampled as a run samples it, has the closed-form
// mean and quantiles, and truncation holds.
func TestDistributionSamples(t *testing.T) {
	const n = 200000
	for _, c := range []struct {
		dist string
		lo   float64 // smallest possible draw
	}{
		{`{ dist = "lognormal", median = 5, p95 = 10 }`, 0},
		{`{ dist = "uniform", min = 2, max = 8 }`, 2},
		{`{ dist = "triangular", min = 2, mode = 4, max = 10 }`, 2},
		{`{ dist = "normal", mean = 1.5, sd = 0.4 }`, 0},
		{`{ dist = "normal", mean = 0.3, sd = 1 }`, 0}, // mostly truncated
	} {
		sc := parse(t, "name = \"d\"\n[elasticities]\nimport_demand = "+c.dist+"\n")
		sp, err := NewSpace(sc, baseline.ATP2024())
		if err != nil || len(sp.Params) != 1 {
			t.Fatalf("%s: %v %v", c.dist, sp, err)
		}
		d := sp.Params[0].Dist
		p := sp.NewParams()
		src := rand.NewPCG(0, 0)
		xs := make([]float64, n)
		var sum float64
		for i := range xs {
			sp.Draw(&p, 99, i, src)
			xs[i] = p.Category["ict"].ImportDemand
			if p.Default.ImportDemand != xs[i] || p.Category["aerospace"].ImportDemand != xs[i] {
				t.Fatal("one draw of a default is shared by every category")
			}
			if !(xs[i] > c.lo) && !(c.lo > 0 && xs[i] >= c.lo) {
				t.Fatalf("%s: draw %v below %v", c.dist, xs[i], c.lo)
			}
			sum += xs[i]
		}
		slices.Sort(xs)
		// The mean within 5 standard errors; quantiles within 1% of the
		// distribution's 5–95 width.
		var ss float64
		mean := sum / n
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		se := math.Sqrt(ss/(n-1)) / math.Sqrt(n)
		if math.Abs(mean-d.Expected()) > 5*se {
			t.Errorf("%s: sample mean %.5f, closed form %.5f (se %.5f)", c.dist, mean, d.Expected(), se)
		}
		w := d.Quantile(0.95) - d.Quantile(0.05)
		for _, q := range []float64{0.05, 0.25, 0.5, 0.75, 0.95} {
			if got, want := Quantile7(xs, q), d.Quantile(q); math.Abs(got-want) > 0.01*w {
				t.Errorf("%s: sample q%.2f %.4f, closed form %.4f", c.dist, q, got, want)
			}
		}
	}
}

func TestQuantile7(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	for _, c := range [][2]float64{{0, 1}, {0.05, 1.2}, {0.5, 3}, {0.95, 4.8}, {1, 5}} {
		if got := Quantile7(xs, c[0]); math.Abs(got-c[1]) > 1e-12 {
			t.Errorf("Q(%v) = %v, want %v", c[0], got, c[1])
		}
	}
	if got := Quantile7([]float64{7}, 0.05); got != 7 {
		t.Errorf("one value: %v", got)
	}
	if !math.IsNaN(Quantile7(nil, 0.5)) {
		t.Error("no values: not NaN")
	}
}

// Draws whose solve fails are counted, reported and left out of the
// percentiles; they do not stop the run.
func TestFailedDraws(t *testing.T) {
	sc := parse(t, uncertainSrc)
	b := baseline.ATP2024()
	prob, _ := sc.Problem(b, scenario.Options{})
	pp, err := model.Prepare(prob)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := pp.Solve(nil)
	sp, _ := NewSpace(sc, b)
	// Sabotage the first parameter: above its median, σ becomes −1, which
	// the model rejects.
	orig := sp.Params[0]
	med := orig.Dist.Quantile(0.5)
	sp.Params[0].set = func(p *model.Params, v float64) {
		orig.set(p, v)
		if v > med {
			e := p.Category["ict"]
			e.Substitution = -1
			p.Category["ict"] = e
		}
	}
	r, err := Simulate(context.Background(), pp, plain, sp, "US", Options{Draws: 400, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed < 150 || r.Failed > 250 || len(r.Errors) != 10 || !strings.Contains(r.Errors[0].Err.Error(), "substitution") {
		t.Errorf("failed %d of 400, errors %v", r.Failed, r.Errors)
	}
	if m, _ := r.Get(metric.Key{Group: metric.Group("headline"), Code: "", Name: metric.Name("imports1")}); math.IsNaN(m.P50) {
		t.Error("failed draws poisoned the percentiles")
	}
	// All draws failing is an error, with the count.
	sp.Params[0].set = func(p *model.Params, v float64) {
		p.Default.Substitution = -1
		p.Category["ict"] = model.Elasticities{Substitution: -1}
	}
	r, err = Simulate(context.Background(), pp, plain, sp, "US", Options{Draws: 10, Seed: 3})
	if err == nil || r == nil || r.Failed != 10 || !strings.Contains(err.Error(), "all 10 draws failed") {
		t.Errorf("all failing: %v, %v", r, err)
	}
}

// Cancelling stops the run early and returns no result.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	o := Options{Draws: 50000, Seed: 1, Workers: 2, Progress: func(done, total int) {
		if calls.Add(1) == 2 {
			cancel()
		}
	}}
	r, err := Run(ctx, parse(t, uncertainSrc), baseline.ATP2024(), scenario.Options{}, "US", o)
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("got %v, %v; want context.Canceled and no result", r, err)
	}
}

// BenchmarkDraws10k is issue 16's row: 10,000 draws of the embedded
// baseline on GOMAXPROCS workers (2 on the project's machine), parameter
// draws and percentiles included, the plain run not. Sub-benchmarks:
// elasticities/eps=3 draws σ and η of every group, η of ICT and Canada's
// export supply ε (median 3: finite ε, the issue's "finite ε" row);
// elasticities/eps=inf the same without ε (ε = ∞ everywhere);
// baseline/eps=3 adds the baseline's estimated partner × group split
// (atpgen.Refitter, DefaultScale), so every draw rebuilds its problem.
func BenchmarkDraws10k(b *testing.B) {
	bl := baseline.ATP2024()
	infSrc := strings.Replace(uncertainSrc, "[elasticities.exporter.CA]\nexport_supply = { dist = \"normal\", mean = 3, sd = 2 }\n", "", 1)
	if infSrc == uncertainSrc {
		b.Fatal("the ε = ∞ scenario still draws ε")
	}
	for _, c := range []struct {
		name     string
		src      string
		baseline bool
	}{
		{"elasticities/eps=3", uncertainSrc, false},
		{"elasticities/eps=inf", infSrc, false},
		{"baseline/eps=3", uncertainSrc, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			sc := parse(b, c.src)
			prob, err := sc.Problem(bl, scenario.Options{})
			if err != nil {
				b.Fatal(err)
			}
			space, err := NewSpace(sc, bl)
			if err != nil {
				b.Fatal(err)
			}
			if c.baseline {
				rf, err := atpgen.NewRefitter()
				if err != nil {
					b.Fatal(err)
				}
				if err := space.DrawBaseline(rf, atpgen.DefaultScale()); err != nil {
					b.Fatal(err)
				}
			}
			pp, err := model.Prepare(prob)
			if err != nil {
				b.Fatal(err)
			}
			plain, err := pp.Solve(nil)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				r, err := Simulate(context.Background(), pp, plain, space, "US", Options{Draws: 10000, Seed: 1})
				if err != nil || r.Failed > 0 {
					b.Fatal(err, r.Failed)
				}
				b.ReportMetric(float64(r.Draws)/r.Elapsed.Seconds(), "draws/s")
			}
		})
	}
}
