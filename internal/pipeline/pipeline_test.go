package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"testing"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

func shipped(t *testing.T, name string, b *baseline.Baseline) *scenario.Scenario {
	t.Helper()
	src, err := fs.ReadFile(scenarios.FS, name+".toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Validate(src, name+".toml", b)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// The plain run is what model.Solve gives on the scenario's problem; the
// tariffs-only run is there exactly when retaliation is in force.
func TestSolveParts(t *testing.T) {
	b := baseline.ATP2024()
	for _, c := range []struct {
		name       string
		retaliates bool
	}{{"us-canada-mexico-25", false}, {"us-canada-mexico-25-retaliation", true}} {
		sc := shipped(t, c.name, b)
		r, err := Solve(context.Background(), Request{Scenario: sc, Baseline: b})
		if err != nil {
			t.Fatal(err)
		}
		p, err := sc.Problem(b, scenario.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := model.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range want.Flows {
			if r.Result.Flows[i].NewValue != f.NewValue {
				t.Fatalf("%s: flow %d: %v, want %v", c.name, i, r.Result.Flows[i].NewValue, f.NewValue)
			}
		}
		if (r.TariffsOnly != nil) != c.retaliates || r.Focus != "US" || r.Path != nil || r.Uncertainty != nil {
			t.Errorf("%s: tariffs-only %v, focus %q, path %v, draws %v", c.name, r.TariffsOnly != nil, r.Focus, r.Path != nil, r.Uncertainty != nil)
		}
	}
}

// The Monte Carlo draws use the plain run already solved: its figures are
// the metrics' Plain values, bit for bit.
func TestDrawsOnThePlainRun(t *testing.T) {
	b := baseline.ATP2024()
	sc := shipped(t, "us-canada-mexico-25-uncertain", b)
	r, err := Solve(context.Background(), Request{Scenario: sc, Baseline: b, Draws: 20, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	u := r.Uncertainty
	if u == nil || u.Draws != 20 || len(u.Params) == 0 {
		t.Fatalf("uncertainty %+v", u)
	}
	h := metric.HeadlineOf(r.Result, r.Focus)
	for _, n := range metric.HeadlineNames {
		m, ok := u.Get(metric.Key{Group: metric.GroupHeadline, Name: n})
		want, _ := h.Value(n)
		if !ok || m.Plain != want {
			t.Errorf("%s: plain %v, want %v", n, m.Plain, want)
		}
	}
}

func TestTimePathAndCancel(t *testing.T) {
	b := baseline.ATP2024()
	sc := shipped(t, "2025-as-it-happened", b)
	r, err := Solve(context.Background(), Request{Scenario: sc, Baseline: b})
	if err != nil {
		t.Fatal(err)
	}
	if r.Path == nil || r.Path.Months != sc.Timeline.Months {
		t.Fatalf("path %+v", r.Path)
	}
	if r, err := Solve(context.Background(), Request{Scenario: sc, Baseline: b, NoPath: true}); err != nil || r.Path != nil {
		t.Errorf("NoPath: %v, %v", r.Path != nil, err)
	}
	// A context that ends while the path is solved stops it. The path
	// checks before each month; a deadline in the past is the simplest
	// one that is already over when the path starts.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Solve(ctx, Request{Scenario: sc, Baseline: b}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := r.solvePath(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled path: %v", err)
	}
}

func TestInputErrors(t *testing.T) {
	b := baseline.ATP2024()
	sc, err := scenario.Validate([]byte(`name = "t"
[[tariff]]
by = "US"
on = ["CN"]
rate = "-150%"
`), "t.toml", b)
	if err != nil {
		t.Skip("the checker rejects the rate already:", err)
	}
	_, err = Solve(context.Background(), Request{Scenario: sc, Baseline: b})
	if !IsInputError(err) {
		t.Errorf("a tariff below −100%%: %v, want an input error", err)
	}
}
