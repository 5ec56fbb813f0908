package present

import (
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

func TestDescribeEdits(t *testing.T) {
	b := baseline.ATP2024()
	orig, err := scenario.Validate([]byte(`name = "Base"
description = "As written."
[[tariff]]
by = "US"
on = ["CA"]
rate = "25%"
[[tariff]]
by = "US"
on = ["CN"]
categories = ["electronics"]
rate = "10%"
[[retaliation]]
by = "CA"
on = ["US"]
rate = "25%"
`), "t.toml", b)
	if err != nil {
		t.Fatal(err)
	}
	t0 := scenario.MeasureRef{Kind: scenario.Tariff, Index: 0}
	t1 := scenario.MeasureRef{Kind: scenario.Tariff, Index: 1}
	r0 := scenario.MeasureRef{Kind: scenario.Retaliation, Index: 0}
	for _, tc := range []struct {
		edits []scenario.Edit
		want  string
	}{
		{nil, ""},
		{[]scenario.Edit{{Kind: scenario.EditRate, Measure: t0, Value: 25}}, ""}, // unchanged
		{[]scenario.Edit{{Kind: scenario.EditRate, Measure: t0, Value: 40}, {Kind: scenario.EditElasticity, Param: scenario.Substitution, Value: 6}}, "Canada 40%, σ = 6"},
		{[]scenario.Edit{{Kind: scenario.EditRate, Measure: t1, Value: 12.5}, {Kind: scenario.EditExempt, Measure: t0, Value: 50}}, "China, Electronics 12.5%, Canada 50% exempt"},
		{[]scenario.Edit{{Kind: scenario.EditRate, Measure: r0, Value: 0}, {Kind: scenario.EditElasticity, Param: scenario.ImportDemand, Category: "ict", Value: 1.5}}, "Canada's retaliation 0%, η (Information & Communications) = 1.5"},
	} {
		if got := DescribeEdits(orig, b, tc.edits); got != tc.want {
			t.Errorf("DescribeEdits(%v) = %q, want %q", tc.edits, got, tc.want)
		}
	}
	sc := orig.Clone()
	MarkEdited(sc, "Canada 40%")
	if sc.Name != "Base (edited: Canada 40%)" || sc.Description != "Edited from the scenario as written: Canada 40%. As written." {
		t.Errorf("MarkEdited: %q, %q", sc.Name, sc.Description)
	}
	if orig.Name != "Base" {
		t.Error("MarkEdited changed the original")
	}
}
