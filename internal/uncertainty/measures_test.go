package uncertainty

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/atpgen"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// twoUniforms has two independent-by-default σ draws (ICT and
// electronics) and one [elasticities]-level η for every category.
const twoUniforms = `name = "t"
at = 2025-03-07
[elasticities]
import_demand = { dist = "uniform", min = 0.5, max = 1.5 }
[elasticities.category.ict]
substitution = { dist = "uniform", min = 2, max = 8 }
[elasticities.category.electronics]
substitution = { dist = "uniform", min = 3, max = 6 }
[[tariff]]
by = "US"
on = "MX"
rate = "25%"
`

// scores draws n times and returns the normal scores Φ⁻¹(F(x)) of the
// ICT and electronics σ, and checks on the way that the
// [elasticities]-level η is one value for every category.
func scores(t *testing.T, src string, n int) (a, b []float64) {
	t.Helper()
	sp, err := NewSpace(parse(t, src), baseline.ATP2024())
	if err != nil {
		t.Fatal(err)
	}
	p := sp.NewParams()
	pcg := rand.NewPCG(0, 0)
	for i := range n {
		sp.Draw(&p, 7, i, pcg)
		eta := p.Category["ict"].ImportDemand
		for c, e := range p.Category {
			if e.ImportDemand != eta {
				t.Fatalf("draw %d: η of %s = %v, of ict %v: an [elasticities]-level distribution must be one draw for every category", i, c, e.ImportDemand, eta)
			}
		}
		a = append(a, distuv.UnitNormal.Quantile((p.Category["ict"].Substitution-2)/6))
		b = append(b, distuv.UnitNormal.Quantile((p.Category["electronics"].Substitution-3)/3))
	}
	return a, b
}

func TestCorrelation(t *testing.T) {
	for _, c := range []struct {
		rho string
		// want is the correlation of the normal scores; the sampling SD of
		// a correlation over 4000 draws is below 0.016, so ±0.05 is > 3 SD.
		want float64
	}{{"", 0}, {"0", 0}, {"0.5", 0.5}, {"0.8", 0.8}, {"1", 1}} {
		src := twoUniforms
		if c.rho != "" {
			src = strings.Replace(src, "[[tariff]]", "[uncertainty]\ncorrelation = "+c.rho+"\n[[tariff]]", 1)
		}
		a, b := scores(t, src, 4000)
		if got := stat.Correlation(a, b, nil); math.Abs(got-c.want) > 0.05 {
			t.Errorf("correlation = %q: normal scores correlate %.3f, want %.2f", c.rho, got, c.want)
		}
	}
}

// ρ = 0 must keep the draws of before the copula: parameter j is the
// quantile of the j-th output of PCG(seed, i).
func TestZeroCorrelationIsIndependentStream(t *testing.T) {
	sp, err := NewSpace(parse(t, twoUniforms), baseline.ATP2024())
	if err != nil {
		t.Fatal(err)
	}
	p := sp.NewParams()
	sp.Draw(&p, 3, 11, rand.NewPCG(0, 0))
	src := rand.NewPCG(3, 11)
	for j, q := range sp.Params {
		want := q.Dist.Quantile(open01(src.Uint64()))
		var got float64
		switch q.Path {
		case "elasticities.import_demand":
			got = p.Default.ImportDemand
		case "elasticities.category.ict.substitution":
			got = p.Category["ict"].Substitution
		case "elasticities.category.electronics.substitution":
			got = p.Category["electronics"].Substitution
		default:
			t.Fatalf("unexpected parameter %s", q.Path)
		}
		if got != want {
			t.Errorf("param %d %s = %v, want %v", j, q.Path, got, want)
		}
	}
}

const exemptSrc = `name = "t"
at = 2025-03-07
[elasticities.category.ict]
substitution = { dist = "uniform", min = 2, max = 8 }
[[tariff]]
by = "US"
on = "MX"
rate = "25%"
exempt = { dist = "uniform", min = "70%", max = "95%" }
`

func mexico(t *testing.T, r *Result) Metric {
	t.Helper()
	m, ok := r.Get(metric.Key{Group: metric.GroupImportsByPartner, Code: "MX", Name: metric.Value1})
	if !ok {
		t.Fatal("no Mexico metric")
	}
	return m
}

func TestExemptDrawsWidenTheBand(t *testing.T) {
	fixed := run(t, strings.Replace(exemptSrc, `{ dist = "uniform", min = "70%", max = "95%" }`, `"82.5%"`, 1), Options{Draws: 200, Seed: 1})
	drawn := run(t, exemptSrc, Options{Draws: 200, Seed: 1})
	point := run(t, strings.Replace(exemptSrc, `min = "70%", max = "95%"`, `min = "82.5%", max = "82.5%"`, 1), Options{Draws: 200, Seed: 1})
	f, d, p := mexico(t, fixed), mexico(t, drawn), mexico(t, point)
	if d.Plain != f.Plain {
		t.Errorf("plain run with exempt uniform(70%%, 95%%) = %v, want the run at its median 82.5%%: %v", d.Plain, f.Plain)
	}
	if !(d.P95-d.P5 > 1.5*(f.P95-f.P5)) {
		t.Errorf("Mexico's band with the exempt share drawn %v…%v is not wider than with it fixed %v…%v", d.P5, d.P95, f.P5, f.P95)
	}
	// A point mass draws the same exempt share every time, and the σ
	// draws, first in the stream, are the same: the same percentiles.
	if p.P5 != f.P5 || p.P95 != f.P95 {
		t.Errorf("point-mass exempt: %v…%v, want the fixed run's %v…%v", p.P5, p.P95, f.P5, f.P95)
	}
}

func simulate(t *testing.T, src string, baselineDraws bool, o Options) *Result {
	t.Helper()
	sc, b := parse(t, src), baseline.ATP2024()
	sp, err := NewSpace(sc, b)
	if err != nil {
		t.Fatal(err)
	}
	if baselineDraws {
		rf, err := atpgen.NewRefitter()
		if err != nil {
			t.Fatal(err)
		}
		if err := sp.DrawBaseline(rf, atpgen.DefaultScale()); err != nil {
			t.Fatal(err)
		}
	}
	prob, err := sc.Problem(b, scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pp, err := model.Prepare(prob)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := pp.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Simulate(context.Background(), pp, plain, sp, "US", o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestBaselineDraws(t *testing.T) {
	src := strings.Replace(exemptSrc, "[[tariff]]", "[uncertainty]\ncorrelation = 0.8\n[[tariff]]", 1)
	one := simulate(t, src, true, Options{Draws: 60, Seed: 5, Workers: 1})
	three := simulate(t, src, true, Options{Draws: 60, Seed: 5, Workers: 3})
	if !one.BaselineDrawn || one.Drawn() != "σ, exempt shares and the baseline split" {
		t.Errorf("BaselineDrawn = %v, Drawn() = %q", one.BaselineDrawn, one.Drawn())
	}
	for j := range one.Metrics {
		a, b := one.Metrics[j], three.Metrics[j]
		if a.P5 != b.P5 && !(math.IsNaN(a.P5) && math.IsNaN(b.P5)) || a.P95 != b.P95 && !(math.IsNaN(a.P95) && math.IsNaN(b.P95)) {
			t.Fatalf("%v: 1 worker %v…%v, 3 workers %v…%v: the same seed must give the same percentiles", a.Key, a.P5, a.P95, b.P5, b.P95)
		}
	}
	// Canada's baseline level moves from draw to draw; its band is of the
	// change, added to the plain baseline, so it brackets the plain run.
	ca, _ := one.Get(metric.Key{Group: metric.GroupImportsByPartner, Code: "CA", Name: metric.Value1})
	if !(ca.P5 <= ca.Plain+1 && ca.Plain <= ca.P95+1) || ca.P95-ca.P5 > 0.2*ca.Before {
		t.Errorf("Canada %v…%v around the plain %v (baseline %v): the band must be of the change, not the level", ca.P5, ca.P95, ca.Plain, ca.Before)
	}
	off := simulate(t, src, false, Options{Draws: 60, Seed: 5})
	mOn, mOff := mexico(t, one), mexico(t, off)
	if mOn.P5 == mOff.P5 && mOn.P95 == mOff.P95 {
		t.Error("the baseline draws changed nothing")
	}
}

// The baseline draw has its own stream: switching it on leaves the
// parameter draws as they were.
func TestBaselineStreamSeparate(t *testing.T) {
	sc, b := parse(t, exemptSrc), baseline.ATP2024()
	sp, _ := NewSpace(sc, b)
	rf, err := atpgen.NewRefitter()
	if err != nil {
		t.Fatal(err)
	}
	p := sp.NewParams()
	pcg := rand.NewPCG(0, 0)
	w := sp.newScratch()
	sp.draw(&p, w.vals, 9, 4, pcg)
	before := append([]float64(nil), w.vals...)
	if err := sp.DrawBaseline(rf, atpgen.DefaultScale()); err != nil {
		t.Fatal(err)
	}
	sp.draw(&p, w.vals, 9, 4, pcg)
	if _, err := sp.problem(nil, 9, 4, w); err != nil {
		t.Fatal(err)
	}
	for j := range before {
		if w.vals[j] != before[j] {
			t.Errorf("param %s: %v with the baseline drawn, %v without", sp.Params[j].Path, w.vals[j], before[j])
		}
	}
}

func TestDrawBaselineNeedsEmbedded(t *testing.T) {
	b := baseline.ATP2024()
	b.Rows = b.Rows[1:]
	sp, err := NewSpace(parse(t, exemptSrc), b)
	if err != nil {
		t.Skip("scenario does not validate on the cut baseline:", err)
	}
	rf, err := atpgen.NewRefitter()
	if err != nil {
		t.Fatal(err)
	}
	if err := sp.DrawBaseline(rf, atpgen.DefaultScale()); err == nil || !strings.Contains(err.Error(), "embedded baseline") {
		t.Errorf("err = %v, want a refusal naming the embedded baseline", err)
	}
}

// A draw of the baseline alone builds its problem from the scenario
// compiled once (Compiled.ProblemOn): the same problem as checking and
// compiling the scenario on the drawn baseline.
func TestBaselineDrawProblemUnchanged(t *testing.T) {
	for _, src := range []string{uncertainSrc} {
		sc, b := parse(t, src), baseline.ATP2024()
		sp, err := NewSpace(sc, b)
		if err != nil {
			t.Fatal(err)
		}
		if sp.rebuilds() {
			t.Fatal("the scenario draws measure values; this test wants the baseline alone")
		}
		rf, err := atpgen.NewRefitter()
		if err != nil {
			t.Fatal(err)
		}
		if err := sp.DrawBaseline(rf, atpgen.DefaultScale()); err != nil {
			t.Fatal(err)
		}
		w := sp.newScratch()
		p := sp.NewParams()
		for i := range 5 {
			sp.draw(&p, w.vals, 3, i, rand.NewPCG(0, 0))
			w.pcg.Seed(3^baselineSeedKey, uint64(i))
			vals, err := rf.Draw(nil, w.rng, atpgen.DefaultScale())
			if err != nil {
				t.Fatal(err)
			}
			bd := *b
			bd.Rows = slices.Clone(b.Rows)
			for r := range bd.Rows {
				bd.Rows[r].Value = vals[r]
			}
			want, err := sc.Problem(&bd, sp.Options)
			if err != nil {
				t.Fatal(err)
			}
			got, err := sp.baseline.compiled.ProblemOn(&bd, sp.Options)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("draw %d: ProblemOn's problem differs from Problem's", i)
			}
		}
	}
}
