package pipeline

import (
	"context"
	"math"
	"testing"

	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

// A GE scenario goes to the GE engine: the run has GE results (and the
// tariffs-only run when retaliation is in force), no PE ones, and the
// default focus is the GE baseline's USA.
func TestSolveGE(t *testing.T) {
	b, err := gerun.Baseline()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load("ge-us-canada-mexico-25-retaliation")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Solve(context.Background(), Request{Scenario: sc, Baseline: b})
	if err != nil {
		t.Fatal(err)
	}
	if r.GE == nil || r.Result != nil || r.Problem != nil || r.GE.TariffsOnly == nil || r.Focus != "USA" {
		t.Fatalf("GE %v, PE result %v, focus %q", r.GE != nil, r.Result != nil, r.Focus)
	}
	if w := r.GE.Result.Country("USA").WelfarePct; math.Abs(w+0.1015) > 1e-4 {
		t.Errorf("US welfare %v%%", w)
	}
	// On the PE baseline the GE scenario's codes are unknown, and the ATP
	// baseline lacks most countries' domestic flows: input errors.
	if _, err := Solve(context.Background(), Request{Scenario: sc, Baseline: baseline.ATP2024()}); !IsInputError(err) {
		t.Errorf("GE scenario on ATP 2024: %v, want an input error", err)
	}
	pe := sc.Clone()
	pe.Model.Engine = scenario.GE
	pe.Tariffs = []scenario.Measure{{By: "US", On: []string{"CA"}, Rate: 25}}
	pe.Retaliations = nil
	if _, err := Solve(context.Background(), Request{Scenario: pe, Baseline: baseline.ATP2024()}); !IsInputError(err) {
		t.Errorf("GE on ATP 2024: %v, want an input error (no domestic flows)", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Solve(ctx, Request{Scenario: sc, Baseline: b}); err == nil {
		t.Error("cancelled context: no error")
	}
}
