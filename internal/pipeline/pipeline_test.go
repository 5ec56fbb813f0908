package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

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

// century is a scenario with a 1,200-month timeline whose 60 measures
// start one after another, eight years apart for each partner in turn:
// building its monthly tariffs walks 36,500 days.
func century(t *testing.T, b *baseline.Baseline) *scenario.Scenario {
	t.Helper()
	var src strings.Builder
	src.WriteString("name = \"a century\"\n[timeline]\nstart = 2025-01-01\nmonths = 1200\n")
	partners := []string{"CN", "MX", "CA", "DE", "JP", "KR", "TW", "VN", "IN", "GB"}
	for i := range 60 {
		fmt.Fprintf(&src, "[[tariff]]\nby = \"US\"\non = [%q]\nrate = \"%d%%\"\nstart = %d-%02d-01\n",
			partners[i%len(partners)], 10+10*(i%2), 2025+i/12*8, i%12+1)
	}
	sc, err := scenario.Validate([]byte(src.String()), "century.toml", b)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestSolveStopsMidPath: a cancelled context stops a long monthly path
// where it is, in building the months' tariffs as in solving them, rather
// than at the end. The bound is a ratio to the uninterrupted solve, so
// that a busy machine slows both alike.
func TestSolveStopsMidPath(t *testing.T) {
	b := baseline.ATP2024()
	sc := century(t, b)
	t0 := time.Now()
	r, err := Solve(context.Background(), Request{Scenario: sc, Baseline: b})
	full := time.Since(t0)
	if err != nil || r.Path == nil || r.Path.Months != 1200 {
		t.Fatalf("the full solve: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), full/20)
	defer cancel()
	t0 = time.Now()
	_, err = Solve(ctx, Request{Scenario: sc, Baseline: b})
	stopped := time.Since(t0)
	if !errors.Is(err, context.DeadlineExceeded) || IsInputError(err) {
		t.Fatalf("cancelled: err %v, want the context's error (not an input error)", err)
	}
	t.Logf("full solve %v; cancelled after %v, returned after %v", full, full/20, stopped)
	if stopped > full/3 {
		t.Errorf("cancelled after %v, the solve returned after %v: the full solve takes %v", full/20, stopped, full)
	}
}
