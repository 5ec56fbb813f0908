package metric

import (
	"math"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// handBuilt is a result of three flows into the US and one out, plus a
// domestic flow (US producers selling in the US) that must count as
// neither imports nor exports. The flows and country totals are as the
// engine makes them: a domestic flow's change is its DomesticEffect, and
// the country totals leave it out.
func handBuilt() *model.Result {
	fl := func(exp, imp, cat string, v0, v1, tau float64) model.FlowResult {
		f := model.FlowResult{NewValue: v1, Tau: tau, PassThrough: math.NaN()}
		f.Exporter, f.Importer, f.Category, f.Value = exp, imp, cat, v0
		if exp == imp {
			f.Domestic, f.DomesticEffect = true, v1-v0
		} else {
			f.VolumeEffect = v1 - v0 // all of it volume: the decomposition must add up
		}
		if tau != 1 {
			f.PassThrough = 0.5
		}
		return f
	}
	res := &model.Result{Flows: []model.FlowResult{
		fl("CN", "US", "ict", 100, 80, 1.2),
		fl("MX", "US", "ict", 50, 55, 1),
		fl("CN", "US", "biotech", 10, 9, 1.2),
		fl("US", "US", "ict", 1000, 1010, 1), // domestic
		fl("US", "CN", "ict", 40, 30, 1.1),
	}}
	us := model.CountryResult{Country: "US", Welfare: -3}
	for _, f := range res.Flows {
		if f.Domestic {
			continue
		}
		if f.Importer == "US" {
			us.Imports0 += f.Value
			us.Imports1 += f.NewValue
		}
		if f.Exporter == "US" {
			us.Exports0 += f.Value
			us.Exports1 += f.NewValue
		}
	}
	res.Countries = []model.CountryResult{us, {Country: "CN", Imports0: 40, Imports1: 30, Exports0: 110, Exports1: 89}}
	return res
}

func TestDomesticFlowsAreNotTrade(t *testing.T) {
	res := handBuilt()
	h := HeadlineOf(res, "US")
	if h.Imports0 != 160 || h.Imports1 != 144 || h.Exports0 != 40 || h.Exports1 != 30 {
		t.Errorf("headline imports %v→%v, exports %v→%v; want 160→144 and 40→30", h.Imports0, h.Imports1, h.Exports0, h.Exports1)
	}
	if v, before := h.Value(Balance1); v != 30-144 || before != 40-160 {
		t.Errorf("balance %v (before %v)", v, before)
	}
	bd := BreakdownOf(res, nil, "US", nil)
	var partners []string
	for _, l := range bd.ImportsByPartner {
		partners = append(partners, l.Code)
	}
	// By size of change: CN −21, MX +5; no "US" partner.
	if strings.Join(partners, " ") != "CN MX" {
		t.Errorf("import partners %v, want CN MX", partners)
	}
	if len(bd.ExportsByPartner) != 1 || bd.ExportsByPartner[0].Code != "CN" || bd.ExportsByPartner[0].Before != 40 {
		t.Errorf("export partners %+v", bd.ExportsByPartner)
	}
	var ict Line
	for _, l := range bd.ImportsByCategory {
		if l.Code == "ict" {
			ict = l
		}
	}
	if ict.Before != 150 || ict.After != 135 || !ict.TariffsChanged || ict.PassThrough != 0.5 {
		t.Errorf("ict imports %+v; want 150→135 without the domestic 1000", ict)
	}
	if len(bd.ExportsByCategory) != 1 || bd.ExportsByCategory[0].Before != 40 {
		t.Errorf("export categories %+v", bd.ExportsByCategory)
	}
	d := DecompositionOf(res, "US")
	if d.Total() != h.Imports1-h.Imports0 || d.Diverted != 5 {
		t.Errorf("decomposition %+v: total %v, want %v; diverted 5", d, d.Total(), h.Imports1-h.Imports0)
	}
	if FlowChange(res, "US", "US") != 0 || FlowChange(res, "CN", "US") != -21 {
		t.Errorf("flow changes %v %v", FlowChange(res, "US", "US"), FlowChange(res, "CN", "US"))
	}
	// Without domestic flows, the headline is the engine's totals exactly.
	res.Flows = append(res.Flows[:3], res.Flows[4])
	res.Countries[0].Imports0, res.Countries[0].Imports1 = 160, 144
	res.Countries[0].Exports0, res.Countries[0].Exports1 = 40, 30
	if h2 := HeadlineOf(res, "US"); h2 != h {
		t.Errorf("%+v != %+v", h2, h)
	}
}

func TestParse(t *testing.T) {
	b := baseline.ATP2024()
	res := handBuilt()
	for _, c := range []struct {
		in, focus, name, label string
		want                   float64
	}{
		{"us_imports", "US", "us_imports", "change in US imports", -16},
		{" US_Exports ", "US", "us_exports", "change in US exports", -10},
		{"us_balance", "US", "us_balance", "change in the US trade balance", 6},
		{"us_welfare", "US", "us_welfare", "change in US welfare", -3},
		{"imports_from:cn", "US", "imports_from:CN", "change in US imports from China", -21},
		{"exports_to:CN", "US", "exports_to:CN", "change in US exports to China", -10},
		// The us_ names mean the focus country's, and are labelled for it.
		{"us_imports", "CN", "cn_imports", "change in China imports", -10}, // the engine's CN totals
		{"cn_exports", "CN", "cn_exports", "change in China exports", -21},
	} {
		name := "US"
		if c.focus != "US" {
			name = b.CountryName(c.focus)
		}
		m, err := Parse(c.in, b, c.focus, name)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if m.Name != c.name || m.Label != c.label {
			t.Errorf("Parse(%q) = %q %q, want %q %q", c.in, m.Name, m.Label, c.name, c.label)
		}
		if v := m.Eval(res, c.focus); v != c.want {
			t.Errorf("%s about %s = %v, want %v", c.in, c.focus, v, c.want)
		}
	}
	for in, want := range map[string]string{
		"us_import":       `did you mean "us_imports"?`,
		"imports_from:XX": "unknown country code",
		"import_from:CN":  `did you mean "imports_from"?`,
		"nonsense":        "the list",
	} {
		if _, err := Parse(in, b, "US", "US"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q): %v, want %q", in, err, want)
		}
	}
	ms, err := ParseList("us_imports,,us_imports,welfare:MX", b, "US", "US")
	if err != nil || len(ms) != 2 {
		t.Errorf("ParseList: %v, %v", ms, err)
	}
	if got := Headlines("CA", "Canada")[0]; got.Name != "ca_imports" || got.Label != "change in Canada imports" {
		t.Errorf("Headlines(CA)[0] = %q %q", got.Name, got.Label)
	}
}

func TestPctChange(t *testing.T) {
	for _, tc := range []struct{ before, after, want float64 }{
		{100, 110, 10},
		{100, 90, -10},
		{-100, -90, 10},   // a deficit that shrinks: the balance improves
		{-100, -110, -10}, // a deficit that grows
		{-50, 50, 200},
		{10, 10, 0},
	} {
		if got := PctChange(tc.before, tc.after); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("PctChange(%g, %g) = %g, want %g", tc.before, tc.after, got, tc.want)
		}
	}
	if got := PctChange(0, 5); !math.IsNaN(got) {
		t.Errorf("PctChange(0, 5) = %g, want NaN", got)
	}
}

// The three effective rates of two suppliers, one taxed: 25% on 100 of
// 200 before substitution, 25% on 60 of 180 after.
func TestEffectiveRatesOf(t *testing.T) {
	fl := func(exp string, v, t0, t1, v1 float64) model.FlowResult {
		return model.FlowResult{Flow: model.Flow{Importer: "US", Exporter: exp, Category: "x", Value: v, Tariff: t0},
			NewTariff: t1, NewValue: v1, Revenue0: t0 * v, Revenue1: t1 * v1}
	}
	res := &model.Result{Flows: []model.FlowResult{
		fl("CN", 100, 0.02, 0.27, 60),
		fl("VN", 100, 0.02, 0.02, 120),
		fl("US", 500, 0, 0, 500), // a US export: not the US's imports
	}}
	res.Flows[2].Importer, res.Flows[2].Exporter = "CA", "US"
	dom := fl("US", 1000, 0, 0, 1000)
	dom.Domestic = true
	res.Flows = append(res.Flows, dom)
	got := EffectiveRatesOf(res, "US")
	want := EffectiveRates{Before: 2, PreSubstitution: 100 * (0.27*100 + 0.02*100) / 200, PostSubstitution: 100 * (0.27*60 + 0.02*120) / 180}
	if math.Abs(got.Before-want.Before) > 1e-12 || math.Abs(got.PreSubstitution-want.PreSubstitution) > 1e-12 || math.Abs(got.PostSubstitution-want.PostSubstitution) > 1e-12 {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got.PostSubstitution >= got.PreSubstitution {
		t.Error("moving away from the taxed supplier must lower the post-substitution rate")
	}
	if r := EffectiveRatesOf(res, "MX"); !math.IsNaN(r.Before) {
		t.Errorf("no imports: %+v, want NaN", r)
	}
}

func TestParseSuggests(t *testing.T) {
	b := baseline.ATP2024()
	for _, tc := range []struct{ name, want string }{
		{"imports_from:Mexico", `did you mean "imports_from:MX"?`},
		{"imports", `unknown metric "imports"; did you mean "us_imports"?`},
		{"exports_to:OTH", `"OTH": it is not a country`},
	} {
		_, err := Parse(tc.name, b, "US", "US")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), " OTH ") {
			t.Errorf("Parse(%q) offers OTH: %v", tc.name, err)
		}
	}
	if _, err := Parse("ca_imports", b, "CA", "Canada"); err != nil {
		t.Error(err)
	}
}
