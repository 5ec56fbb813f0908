package gerun

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/ge"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

func load(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func parse(t *testing.T, src string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse([]byte(src), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func sample(t *testing.T) *baseline.Baseline {
	t.Helper()
	b, err := Baseline()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The shipped scenarios give model/ge's figures for the same shock (its
// TestUSCanadaMexico): the US gains about 0.4% from 25% on Canada and
// Mexico and loses about 0.1% when both retaliate; retaliation's cost to
// the US is the difference from the tariffs-only run.
func TestShipped(t *testing.T) {
	b := sample(t)
	for _, c := range []struct {
		name     string
		us, only float64 // US welfare, %; NaN: no tariffs-only run
	}{
		{"ge-us-canada-mexico-25", 0.4014, math.NaN()},
		{"ge-us-canada-mexico-25-retaliation", -0.1015, 0.4014},
	} {
		r, err := Solve(context.Background(), Request{Scenario: load(t, c.name), Baseline: b})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Result.Country("USA").WelfarePct; math.Abs(got-c.us) > 1e-4 {
			t.Errorf("%s: US welfare %.5f%%, want %.4f%%", c.name, got, c.us)
		}
		if math.IsNaN(c.only) != (r.TariffsOnly == nil) {
			t.Fatalf("%s: tariffs-only run %v", c.name, r.TariffsOnly != nil)
		}
		if r.TariffsOnly != nil {
			if got := r.TariffsOnly.Country("USA").WelfarePct; math.Abs(got-c.only) > 1e-4 {
				t.Errorf("%s without retaliation: US welfare %.5f%%, want %.4f%%", c.name, got, c.only)
			}
		}
	}
}

// The mapping: exempt shares averaged whatever [model] exemption says,
// mode = "set", trade costs multiplied, θ = σ − 1, imbalance passed on.
func TestProblem(t *testing.T) {
	b := sample(t)
	sc := parse(t, `
name = "mapping"
[model]
engine = "ge"
exemption = "split"
imbalance = "multiplicative"
[elasticities]
substitution = 7
[[tariff]]
by = "USA"
on = ["CAN"]
rate = "25%"
exempt = "38%"
[[tariff]]
by = "USA"
on = "MEX"
rate = "10%"
[[tariff]]
by = "USA"
on = "MEX"
rate = "30%"
mode = "set"
exempt = "50%"
[[trade_cost]]
by = "DEU"
on = "*"
change = "10%"
[[trade_cost]]
by = "DEU"
on = "FRA"
change = "-20%"
`)
	c, err := Compile(sc, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Problem(scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Theta != 6 || p.Imbalance != ge.Multiplicative {
		t.Errorf("θ %v, imbalance %v", p.Theta, p.Imbalance)
	}
	get := func(imp, exp string) ge.Flow {
		for _, f := range p.Flows {
			if f.Importer == imp && f.Exporter == exp {
				return f
			}
		}
		t.Fatalf("no flow %s<%s", imp, exp)
		return ge.Flow{}
	}
	for _, w := range []struct {
		imp, exp string
		t1, k    float64
	}{
		{"USA", "CAN", 0.25 * 0.62, 1},
		{"USA", "MEX", 0.5*0.10 + 0.5*0.30, 1}, // add 10%, then set 30% on the non-exempt half
		{"USA", "CHN", 0, 1},
		{"DEU", "FRA", 0, 1.1 * 0.8},
		{"DEU", "USA", 0, 1.1},
		{"DEU", "DEU", 0, 1}, // "*" never matches the domestic flow
	} {
		f := get(w.imp, w.exp)
		if math.Abs(f.NewTariff-w.t1) > 1e-15 || math.Abs(f.TradeCost-w.k) > 1e-15 {
			t.Errorf("%s<%s: t1 %v κ %v, want %v and %v", w.imp, w.exp, f.NewTariff, f.TradeCost, w.t1, w.k)
		}
	}
	if ex := Exempted(sc, scenario.Options{}); len(ex) != 2 {
		t.Errorf("%d measures with exempt shares, want 2", len(ex))
	}
	// The scenario as written keeps its exemption rule.
	if sc.Model.Exemption != scenario.Split {
		t.Error("Compile changed the caller's scenario")
	}
}

func TestCompileErrors(t *testing.T) {
	b := sample(t)
	ge := "name = \"x\"\n[model]\nengine = \"ge\"\n"
	tariff := "[[tariff]]\nby = \"USA\"\non = \"CAN\"\nrate = \"25%\"\n"
	// A baseline that lacks domestic flows, and one with two categories.
	noDom := &baseline.Baseline{Name: "nodom.csv", Fallback: baseline.Defaults{Substitution: 5}}
	two := &baseline.Baseline{Name: "two.csv", Fallback: baseline.Defaults{Substitution: 5}}
	for _, r := range [][4]any{{"USA", "USA", "x", 100.0}, {"USA", "CAN", "x", 10.0}, {"CAN", "USA", "x", 10.0}} {
		noDom.Rows = append(noDom.Rows, baseline.Row{Flow: baseline.Flow(r[0].(string), r[1].(string), r[2].(string), r[3].(float64), 0)})
	}
	for _, cat := range []string{"x", "y"} {
		for _, r := range [][3]any{{"USA", "USA", 100.0}, {"USA", "CAN", 10.0}, {"CAN", "USA", 10.0}, {"CAN", "CAN", 50.0}} {
			two.Rows = append(two.Rows, baseline.Row{Flow: baseline.Flow(r[0].(string), r[1].(string), cat, r[2].(float64), 0)})
		}
	}
	for _, c := range []struct {
		name string
		sc   string
		b    *baseline.Baseline
		want string
	}{
		{"PE scenario", "name = \"x\"\n" + tariff, b, "not a GE scenario"},
		{"σ ≤ 1", ge + "[elasticities]\nsubstitution = 1\n" + tariff, b, "want σ > 1"},
		{"no domestic flow", ge + tariff, noDom, "has none for CAN"},
		{"two categories", ge + tariff, two, "--aggregate"},
		{"categories with different σ", ge + "[elasticities.category.y]\nsubstitution = 9\n" + tariff, two, "different σ"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := Options{Aggregate: c.name == "categories with different σ"}
			_, err := Compile(parse(t, c.sc), c.b, opt)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

// Aggregating two proportional categories gives the one-category answer.
func TestAggregate(t *testing.T) {
	mk := func(cats ...string) *baseline.Baseline {
		b := &baseline.Baseline{Name: "b", Fallback: baseline.Defaults{Substitution: 5}}
		for _, cat := range cats {
			for _, r := range [][3]any{{"USA", "USA", 100.0}, {"USA", "CAN", 10.0}, {"CAN", "USA", 12.0}, {"CAN", "CAN", 50.0}} {
				b.Rows = append(b.Rows, baseline.Row{Flow: baseline.Flow(r[0].(string), r[1].(string), cat, r[2].(float64)/float64(len(cats)), 0)})
			}
		}
		return b
	}
	sc := parse(t, "name = \"x\"\n[model]\nengine = \"ge\"\n[[tariff]]\nby = \"USA\"\non = \"CAN\"\nrate = \"25%\"\n")
	one, err := Solve(context.Background(), Request{Scenario: sc, Baseline: mk("x")})
	if err != nil {
		t.Fatal(err)
	}
	agg, err := Solve(context.Background(), Request{Scenario: sc, Baseline: mk("x", "y"), GE: Options{Aggregate: true}})
	if err != nil {
		t.Fatal(err)
	}
	if a, o := agg.Result.Country("USA").WelfareHat, one.Result.Country("USA").WelfareHat; math.Abs(a-o) > 1e-13 {
		t.Errorf("aggregated %v, one category %v", a, o)
	}
}

// Monte Carlo: θ drawn from σ's distribution; the same seed gives the same
// percentiles whatever the workers; a cancelled context stops the draws.
func TestMonteCarlo(t *testing.T) {
	b := sample(t)
	sc := load(t, "ge-us-canada-mexico-25").Clone()
	sc.Elasticities.Default.Substitution = scenario.Distributed(scenario.Distribution{Kind: scenario.Uniform, Min: 4, Max: 7})
	req := Request{Scenario: sc, Baseline: b, Draws: 40, Seed: 3, Workers: 1}
	a, err := Solve(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	req.Workers = 4
	var last [2]int
	req.Progress = func(done, total int) { last = [2]int{done, total} }
	b4, err := Solve(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if *a.Uncertainty.Country("USA") != *b4.Uncertainty.Country("USA") || a.Uncertainty.Theta != b4.Uncertainty.Theta {
		t.Errorf("1 worker %+v, 4 workers %+v", *a.Uncertainty.Country("USA"), *b4.Uncertainty.Country("USA"))
	}
	if last != [2]int{40, 40} {
		t.Errorf("last progress %v, want [40 40]", last)
	}
	th := a.Uncertainty.Theta
	if !(3 <= th.P5 && th.P5 < th.P50 && th.P50 < th.P95 && th.P95 <= 6) {
		t.Errorf("θ percentiles %+v, want inside [3, 6] (σ uniform on [4, 7])", th)
	}
	// A lower θ (less substitutable goods) gives the US a larger
	// terms-of-trade gain: the welfare interval is not a point.
	w := a.Uncertainty.Country("USA").WelfarePct
	if !(w.P5 < w.P50 && w.P50 < w.P95) {
		t.Errorf("US welfare percentiles %+v", w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Solve(ctx, req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
