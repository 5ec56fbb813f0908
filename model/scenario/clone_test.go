package scenario

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

const cloneSrc = `name = "clone"
sources = ["a"]
[elasticities]
substitution = 5
[elasticities.category.04]
import_demand = 2
[elasticities.exporter.CN]
export_supply = 3
[[tariff]]
by = "US"
on = ["CN", "MX"]
categories = ["ict"]
rate = "20%"
start = 2025-02-01
[[retaliation]]
by = "CN"
on = "US"
rate = "10%"
[timeline]
start = 2025-01-01
months = 6
[timeline.category.ict]
half_life_months = 2
`

func written(t *testing.T, sc *Scenario) string {
	t.Helper()
	var buf bytes.Buffer
	if err := sc.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestCloneIsDeep(t *testing.T) {
	b := baseline.ATP2024()
	orig, err := Validate([]byte(cloneSrc), "clone.toml", b)
	if err != nil {
		t.Fatal(err)
	}
	// ref is parsed apart from orig: what orig must still equal.
	ref, _ := Validate([]byte(cloneSrc), "clone.toml", b)
	before := written(t, orig)
	c := orig.Clone()
	if !reflect.DeepEqual(c, orig) {
		t.Fatal("the clone differs from the original")
	}
	// Change everything a front end might change, through the clone.
	c.Name = "changed"
	c.Sources[0] = "changed"
	c.Tariffs[0].On[0] = "JP"
	c.Tariffs[0].Categories[0] = "biotech"
	c.Tariffs[0].Rate = 99
	c.Retaliations[0].Exempt = 50
	c.Elasticities.Default.Substitution = Number(1)
	c.Elasticities.Category["04"] = ElasticitySet{}
	c.Elasticities.Category["new"] = ElasticitySet{}
	c.Elasticities.Exporter["CN"] = Number(9)
	c.Timeline.Months = 1
	c.Timeline.Category["ict"] = TimelineCategory{}
	c.Tariffs = append(c.Tariffs, Measure{})
	if !reflect.DeepEqual(orig, ref) {
		t.Errorf("changing the clone changed the original:\n%s\nwas\n%s", written(t, orig), before)
	}
	if orig.Clone() == orig || (*Scenario)(nil).Clone() != nil {
		t.Error("Clone must return a new scenario, and nil for nil")
	}
}

func TestParseParam(t *testing.T) {
	for _, p := range AllParams {
		for _, s := range []string{p.Key(), p.Short(), strings.ToUpper(p.Short())} {
			got, err := ParseParam(s)
			if err != nil || got != p {
				t.Errorf("ParseParam(%q) = %v, %v; want %v", s, got, err, p)
			}
		}
	}
	for in, hint := range map[string]string{"sigm": `"sigma"`, "import_demnd": `"import_demand"`, "esp": `"eps"`} {
		_, err := ParseParam(in)
		if err == nil || !strings.Contains(err.Error(), "did you mean "+hint) {
			t.Errorf("ParseParam(%q): %v, want a suggestion of %s", in, err, hint)
		}
	}
	want := map[Param]string{Substitution: "σ", ImportDemand: "η", ExportSupply: "ε", DomesticSubstitution: "σ_D", DomesticSupply: "ε_D"}
	for p, sym := range want {
		if p.Symbol() != sym {
			t.Errorf("%v.Symbol() = %q, want %q", p, p.Symbol(), sym)
		}
	}
	// Get and Set agree on the engine's elasticities, σ_D and ε_D included,
	// and touch nothing for an invalid Param.
	e := model.Elasticities{Substitution: 1, ImportDemand: 2, ExportSupply: 3, DomesticSubstitution: 4, DomesticSupply: 5}
	if len(ModelParams) != 5 {
		t.Errorf("ModelParams = %v, want all five", ModelParams)
	}
	for i, p := range ModelParams {
		if v, ok := p.Get(e); !ok || v != float64(i+1) {
			t.Errorf("%v.Get = %v, %v", p, v, ok)
		}
		q := e
		if !p.Set(&q, 7) {
			t.Errorf("%v.Set refused", p)
		}
		if v, _ := p.Get(q); v != 7 {
			t.Errorf("%v.Set did not set", p)
		}
	}
	q := e
	if Param(99).Set(&q, 7) || q != e {
		t.Error("Set of an invalid Param changed the engine's elasticities")
	}
	if Param(99).In(&ElasticitySet{}) != nil {
		t.Error("In of an invalid Param is not nil")
	}
	var set ElasticitySet
	*DomesticSubstitution.In(&set) = Number(2)
	*DomesticSupply.In(&set) = Number(6)
	if set.DomesticSubstitution.Value() != 2 || set.DomesticSupply.Value() != 6 {
		t.Errorf("In of σ_D, ε_D: %+v", set)
	}
	if !DomesticSubstitution.Domestic() || !DomesticSupply.Domestic() || Substitution.Domestic() {
		t.Error("Domestic")
	}
}

func TestApply(t *testing.T) {
	b := baseline.ATP2024()
	orig, err := Validate([]byte(cloneSrc), "clone.toml", b)
	if err != nil {
		t.Fatal(err)
	}
	before := written(t, orig)
	c, err := orig.Apply(b,
		Edit{Kind: EditRate, Measure: MeasureRef{Tariff, 0}, Value: 35},
		Edit{Kind: EditExempt, Measure: MeasureRef{Retaliation, 0}, Value: 10},
		Edit{Kind: EditElasticity, Param: ImportDemand, Category: "ict", Value: 4},     // written as "04"
		Edit{Kind: EditElasticity, Param: Substitution, Category: "biotech", Value: 6}, // new entry
		Edit{Kind: EditElasticity, Param: ExportSupply, Value: math.Inf(1)},
	)
	if err != nil {
		t.Fatal(err)
	}
	if written(t, orig) != before {
		t.Fatal("Apply changed the original")
	}
	if c.Tariffs[0].Rate != 35 || c.Retaliations[0].Exempt != 10 {
		t.Errorf("measures: %v %v", c.Tariffs[0].Rate, c.Retaliations[0].Exempt)
	}
	if v := c.Elasticities.Category["04"].ImportDemand.Value(); v != 4 {
		t.Errorf("η of 04 = %v, want 4", v)
	}
	if _, ok := c.Elasticities.Category["ict"]; ok {
		t.Error("an edit of ict added a second entry beside 04")
	}
	if v := c.Elasticities.Category["biotech"].Substitution.Value(); v != 6 {
		t.Errorf("σ of biotech = %v", v)
	}
	if !math.IsInf(c.Elasticities.Default.ExportSupply.Value(), 1) {
		t.Error("default ε not set")
	}
	for _, e := range []Edit{
		{Kind: EditRate, Measure: MeasureRef{Tariff, 1}},
		{Kind: EditElasticity, Param: Substitution, Category: "nosuch"},
		{Kind: EditElasticity, Param: Param(99)},
		{},
	} {
		if _, err := orig.Apply(b, e); err == nil {
			t.Errorf("Apply(%+v) did not fail", e)
		}
	}
	// Params: every category, overrides included, and the default.
	p := model.Params{Default: model.Elasticities{Substitution: 1}, Category: map[string]model.Elasticities{"ict": {Substitution: 2}, "biotech": {Substitution: 3}}}
	all := Edit{Kind: EditElasticity, Param: Substitution, Value: 9}.Params(p)
	one := Edit{Kind: EditElasticity, Param: Substitution, Category: "ict", Value: 9}.Params(p)
	if all.Default.Substitution != 9 || all.Category["ict"].Substitution != 9 || all.Category["biotech"].Substitution != 9 {
		t.Errorf("all categories: %+v", all)
	}
	if one.Default.Substitution != 1 || one.Category["ict"].Substitution != 9 || one.Category["biotech"].Substitution != 3 {
		t.Errorf("one category: %+v", one)
	}
	if p.Category["ict"].Substitution != 2 {
		t.Error("Params changed its argument")
	}
}
