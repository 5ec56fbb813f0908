package gerun

import (
	"context"
	"testing"

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

func TestShipped(t *testing.T) {
	b, err := Baseline()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ge-us-canada-mexico-25", "ge-us-canada-mexico-25-retaliation"} {
		r, err := Solve(context.Background(), Request{Scenario: load(t, name), Baseline: b})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"USA", "CAN", "MEX"} {
			x := r.Result.Country(c)
			t.Logf("%s %s W %.4f%% ToT %.4f%%", name, c, x.WelfarePct, 100*(x.TermsOfTradeHat-1))
		}
		if r.TariffsOnly != nil {
			t.Logf("tariffs only US %.4f", r.TariffsOnly.Country("USA").WelfarePct)
		}
	}
}
