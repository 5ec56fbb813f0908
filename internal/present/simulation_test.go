package present

import (
	"context"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

func TestSolveSplitsRetaliation(t *testing.T) {
	b := baseline.ATP2024()
	sc, err := scenario.Validate([]byte(`name = "t"
[[tariff]]
by = "US"
on = ["CN"]
categories = ["ict", "05"]
rate = "20%"
exempt = "10%"
start = 2025-03-04
[[retaliation]]
by = "CN"
on = "US"
rate = "10%"
`), "t.toml", b)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Solve(context.Background(), pipeline.Request{Scenario: sc, Baseline: b}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if r.Focus != "US" || r.TariffsOnly == nil || r.Run.Scenario.At != "2025-03-04" {
		t.Fatalf("focus %q, tariffs-only %v, at %q", r.Focus, r.TariffsOnly != nil, r.Run.Scenario.At)
	}
	want := []string{
		"United States adds 20% on China; in Information & Communications, Electronics (10% of trade exempt), from 2025-03-04",
		"Retaliation: China adds 10% on United States; all categories",
	}
	if strings.Join(r.Run.Scenario.Measures, "\n") != strings.Join(want, "\n") {
		t.Errorf("measures:\n%s\nwant\n%s", strings.Join(r.Run.Scenario.Measures, "\n"), strings.Join(want, "\n"))
	}
	// Without retaliation US exports to China do not change.
	for i, f := range r.TariffsOnly.Flows {
		if f.Exporter == "US" && !f.Domestic && f.NewValue != f.Value { // US producers' home sales move with import prices
			t.Fatalf("tariffs-only run moved US exports: %+v", f)
		}
		if f.Exporter == "US" && f.Importer == "CN" && r.Result.Flows[i].NewValue >= f.Value {
			t.Fatalf("retaliation did not cut US exports to China: %+v", r.Result.Flows[i])
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Solve(ctx, pipeline.Request{Scenario: sc, Baseline: b}, "test"); err == nil {
		t.Error("a cancelled context still solved")
	}
}
