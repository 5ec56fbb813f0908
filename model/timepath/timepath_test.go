package timepath_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/timepath"
)

func oneFlow(months, from, to int, rate, h, g float64) *timepath.Problem {
	p := &timepath.Problem{
		Start:    time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC),
		Months:   months,
		Flows:    []model.Flow{{Importer: "US", Exporter: "CN", Category: "ict", Value: 1200}},
		Params:   []model.Params{{Default: model.Elasticities{Substitution: 5, ImportDemand: 2, ExportSupply: math.Inf(1)}}},
		HalfLife: []float64{h},
		Growth:   []float64{g},
	}
	for τ := range months {
		t := 0.0
		if τ >= from && τ < to {
			t = rate
		}
		p.Tariffs = append(p.Tariffs, []float64{t})
	}
	return p
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// One flow, one source, ε = ∞: V_eq = V·τ^(−η) exactly, and partial
// adjustment from the baseline has the closed form
// V(τ) = V_eq + (V − V_eq)·2^(−(τ−k+1)/h) for months τ ≥ k after the tariff
// arrives in month k; after it lifts in month j the path decays back to V
// from where it was.
func TestClosedFormOneFlow(t *testing.T) {
	const (
		months, k, j = 24, 6, 15
		rate, h, eta = 0.25, 6.0, 2.0
		v            = 100.0 // 1200 a year
	)
	path, err := timepath.Solve(oneFlow(months, k, j, rate, h, 0))
	if err != nil {
		t.Fatal(err)
	}
	veq := v * math.Pow(1+rate, -eta)
	atJ := veq + (v-veq)*math.Exp2(-float64(j-k)/h) // V(j−1)
	for τ := range months {
		var want float64
		switch {
		case τ < k:
			want = v
		case τ < j:
			want = veq + (v-veq)*math.Exp2(-float64(τ-k+1)/h)
		default:
			want = v + (atJ-v)*math.Exp2(-float64(τ-j+1)/h)
		}
		if got := path.Value[τ][0]; !near(got, want) {
			t.Errorf("month %d (%s): V = %.12g, closed form %.12g", τ, path.Label(τ), got, want)
		}
		if got := path.NoTariff[τ][0]; got != v {
			t.Errorf("month %d: no-tariff %.12g, want %g", τ, got, v)
		}
	}
	// Three distinct tariff vectors: 0 is shared by both ends of the path.
	if path.Solves != 2 {
		t.Errorf("solved %d equilibria, want 2 (no tariff, 25%%)", path.Solves)
	}
	if path.Results[0] != path.Results[months-1] {
		t.Error("months with the same tariffs should share one solved equilibrium")
	}
	if got, want := path.Revenue(k, 0), rate*path.Value[k][0]; got != want {
		t.Errorf("revenue %g, want t·V = %g", got, want)
	}
}

// h = 0 moves at once: the path is the equilibrium of every month.
func TestHalfLifeZero(t *testing.T) {
	path, err := timepath.Solve(oneFlow(12, 3, 8, 0.5, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for τ := range 12 {
		if path.Value[τ][0] != path.Equilibrium[τ][0] {
			t.Errorf("month %d: V %g ≠ V_eq %g with h = 0", τ, path.Value[τ][0], path.Equilibrium[τ][0])
		}
	}
	if want := 100 * math.Pow(1.5, -2); !near(path.Value[5][0], want) {
		t.Errorf("V in force = %g, want %g", path.Value[5][0], want)
	}
}

// h = +Inf never moves: the tariff changes revenue but not trade.
func TestHalfLifeInfinite(t *testing.T) {
	path, err := timepath.Solve(oneFlow(6, 1, 6, 0.5, math.Inf(1), 0))
	if err != nil {
		t.Fatal(err)
	}
	for τ := range 6 {
		if path.Value[τ][0] != 100 {
			t.Errorf("month %d: V = %g, want 100 (h = ∞)", τ, path.Value[τ][0])
		}
	}
}

// Growth scales the no-tariff path by (1+g)^((τ+1)/12) and the tariff path
// with it: V/N follows the same recursion as without growth.
func TestGrowth(t *testing.T) {
	const g = 0.05
	flat, err := timepath.Solve(oneFlow(24, 4, 24, 0.25, 6, 0))
	if err != nil {
		t.Fatal(err)
	}
	grown, err := timepath.Solve(oneFlow(24, 4, 24, 0.25, 6, g))
	if err != nil {
		t.Fatal(err)
	}
	if got := grown.NoTariff[11][0]; !near(got, 100*1.05) {
		t.Errorf("no-tariff path after 12 months = %g, want 105", got)
	}
	for τ := range 24 {
		G := math.Pow(1+g, float64(τ+1)/12)
		if !near(grown.Value[τ][0], G*flat.Value[τ][0]) {
			t.Errorf("month %d: grown V = %g, want G·V_flat = %g", τ, grown.Value[τ][0], G*flat.Value[τ][0])
		}
	}
}

// Two flows of one market with different half-lives: each adjusts at its
// own speed toward the same month's equilibrium.
func TestPerFlowHalfLife(t *testing.T) {
	p := oneFlow(12, 0, 12, 0.25, 3, 0)
	p.Flows = append(p.Flows, model.Flow{Importer: "US", Exporter: "MX", Category: "ict", Value: 1200})
	p.HalfLife, p.Growth = nil, nil
	for τ := range p.Tariffs {
		p.Tariffs[τ] = append(p.Tariffs[τ], 0)
	}
	p.HalfLife = []float64{3, 0}
	p.Growth = nil
	path, err := timepath.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if path.Value[0][1] != path.Equilibrium[0][1] {
		t.Errorf("h = 0 flow did not jump: %g vs %g", path.Value[0][1], path.Equilibrium[0][1])
	}
	eq := path.Equilibrium[0][0]
	if want := eq + (100-eq)*math.Exp2(-1.0/3); !near(path.Value[0][0], want) {
		t.Errorf("h = 3 flow: %g, want %g", path.Value[0][0], want)
	}
}

// Regimes switch the elasticities by month (the short-run rule).
func TestRegimes(t *testing.T) {
	p := oneFlow(4, 0, 4, 0.25, 0, 0)
	p.Params = append(p.Params, model.Params{Default: model.Elasticities{Substitution: 5, ImportDemand: 0.5, ExportSupply: math.Inf(1)}})
	p.Regime = []int{1, 1, 0, 0}
	path, err := timepath.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := 100 * math.Pow(1.25, -0.5); !near(path.Value[0][0], want) {
		t.Errorf("short-run month: %g, want %g", path.Value[0][0], want)
	}
	if want := 100 * math.Pow(1.25, -2); !near(path.Value[3][0], want) {
		t.Errorf("long-run month: %g, want %g", path.Value[3][0], want)
	}
	if path.Solves != 2 {
		t.Errorf("solves = %d, want 2", path.Solves)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*timepath.Problem)
		want string
	}{
		{"no months", func(p *timepath.Problem) { p.Months = 0 }, "want at least 1"},
		{"short tariffs", func(p *timepath.Problem) { p.Tariffs = p.Tariffs[:2] }, "2 tariff vectors for 4 months"},
		{"negative half-life", func(p *timepath.Problem) { p.HalfLife[0] = -1 }, "half-life -1"},
		{"NaN half-life", func(p *timepath.Problem) { p.HalfLife[0] = math.NaN() }, "half-life NaN"},
		{"growth -100%", func(p *timepath.Problem) { p.Growth[0] = -1 }, "above −100%"},
		{"bad regime", func(p *timepath.Problem) { p.Regime = []int{0, 0, 0, 3} }, "regime 3"},
		{"no params", func(p *timepath.Problem) { p.Params = nil }, "no elasticities"},
	} {
		p := oneFlow(4, 1, 3, 0.1, 1, 0)
		c.edit(p)
		_, err := timepath.Solve(p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
	}
}

func TestLabels(t *testing.T) {
	p := oneFlow(14, 0, 0, 0, 0, 0)
	p.Start = time.Date(2025, time.November, 17, 0, 0, 0, 0, time.UTC)
	path, err := timepath.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if path.Label(0) != "2025-11" || path.Label(2) != "2026-01" || path.Label(13) != "2026-12" {
		t.Errorf("labels %s %s %s", path.Label(0), path.Label(2), path.Label(13))
	}
}

// Pieces and trade costs reach each month's equilibrium, are part of the
// cache key, and a split flow's duty is its equilibrium duty per dollar.
func TestPiecesAndTradeCosts(t *testing.T) {
	p := oneFlow(3, 0, 3, 0.125, 0, 0)
	p.Flows = append(p.Flows, model.Flow{Importer: "US", Exporter: "MX", Category: "ict", Value: 1200})
	p.HalfLife, p.Growth = nil, nil
	for τ := range p.Tariffs {
		p.Tariffs[τ] = []float64{0.125, 0}
	}
	// Month 0: averaged; month 1: split 50/50; month 2: split, and a 10%
	// trade cost on MX.
	p.Pieces = [][][]model.Piece{nil, {{{Share: 0.5, Tariff: 0}, {Share: 0.5, Tariff: 0.25}}, nil}, {{{Share: 0.5, Tariff: 0}, {Share: 0.5, Tariff: 0.25}}, nil}}
	p.TradeCosts = [][]float64{nil, nil, {1, 1.1}}
	path, err := timepath.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if path.Solves != 3 {
		t.Errorf("%d solves, want 3 distinct months", path.Solves)
	}
	if path.Results[1].Flows[0].Pieces == nil || path.Results[0].Flows[0].Pieces != nil {
		t.Error("pieces did not reach the month's equilibrium")
	}
	if path.Results[2].Flows[1].TradeCost != 1.1 {
		t.Error("the trade cost did not reach month 2")
	}
	r := path.Results[1].Flows[0]
	if got, want := path.Revenue(1, 0), r.Revenue1/r.NewValue*path.Value[1][0]; got != want || got == path.Tariff[1][0]*path.Value[1][0] {
		t.Errorf("revenue of a split flow %v, want %v", got, want)
	}
	if got, want := path.Revenue(0, 0), 0.125*path.Value[0][0]; got != want {
		t.Errorf("revenue of an averaged flow %v, want %v", got, want)
	}
	p.Pieces = p.Pieces[:2]
	if _, err := timepath.Solve(p); err == nil || !strings.Contains(err.Error(), "2 piece months for 3 months") {
		t.Errorf("bad piece months: %v", err)
	}
}

func TestSolveContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := timepath.SolveContext(ctx, oneFlow(12, 2, 6, 0.25, 3, 0)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled solve: %v, want context.Canceled", err)
	}
	p, err := timepath.SolveContext(context.Background(), oneFlow(12, 2, 6, 0.25, 3, 0))
	if err != nil || p.Months != 12 {
		t.Fatalf("uncancelled solve: %v", err)
	}
}
