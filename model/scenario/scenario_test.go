package scenario

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// testBaseline is a small baseline with the shape of the ATP one: US
// imports from partners, partners' imports from the US and from other
// suppliers (OTH).
func testBaseline() *baseline.Baseline {
	row := func(i, e, c string, v, t float64) baseline.Row {
		return baseline.Row{Flow: baseline.Flow(i, e, c, v, t)}
	}
	inf := math.Inf(1)
	return &baseline.Baseline{
		Name: "test",
		Rows: []baseline.Row{
			row("US", "CN", "ict", 100, 0.05),
			row("US", "CN", "biotech", 20, 0),
			row("US", "CA", "ict", 50, 0),
			row("US", "CA", "biotech", 10, 0),
			row("US", "MX", "ict", 40, 0),
			row("US", "MX", "electronics", 30, 0.02),
			row("CA", "US", "ict", 60, 0),
			row("CA", "OTH", "ict", 30, 0),
			row("CN", "US", "ict", 25, 0.1),
			row("CN", "OTH", "ict", 75, 0),
			row("MX", "US", "electronics", 20, 0),
		},
		Categories: []baseline.Category{
			{Slug: "biotech", Aliases: []string{"01"}, Name: "Biotechnology"},
			{Slug: "ict", Aliases: []string{"04"}, Name: "Information & Communications"},
			{Slug: "electronics", Aliases: []string{"05"}, Name: "Electronics"},
		},
		Countries: []baseline.Country{
			{Code: "US", Name: "United States"}, {Code: "CN", Name: "China"},
			{Code: "CA", Name: "Canada"}, {Code: "MX", Name: "Mexico"},
			{Code: "OTH", Name: "Other suppliers"},
		},
		Defaults: map[string]baseline.Defaults{
			"ict":     {Substitution: 8.8, ImportDemand: 1.0, ImportDemandShortRun: 0.8, ExportSupply: inf},
			"biotech": {Substitution: 3.3, ImportDemand: 0.79, ImportDemandShortRun: 0.5, ExportSupply: inf, SubstitutionShortRun: 2, ExportSupplyShortRun: 4},
		},
		Fallback: baseline.Defaults{Substitution: 5, ImportDemand: 1.25, ImportDemandShortRun: 0.76, ExportSupply: inf},
	}
}

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	s, err := Parse([]byte(src), "test.toml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func TestExample(t *testing.T) {
	s, err := Load("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(1)
	want := &Scenario{
		File:        "testdata/example.toml",
		Name:        "US 25% on Canada and Mexico",
		Description: "IEEPA tariffs of March 2025; USMCA-qualifying goods exempt.",
		Sources:     []string{"Executive Order 14193", "Executive Order 14194"},
		Model:       Model{Supply: model.Bilateral, Form: model.Exact, Horizon: LongRun},
		Elasticities: Elasticities{
			Default:  ElasticitySet{Substitution: Number(5), ImportDemand: Number(1.25), ExportSupply: Number(inf)},
			Category: map[string]ElasticitySet{"ict": {Substitution: Number(8.8)}},
			Exporter: map[string]Elasticity{"US": Number(1.5)},
		},
		Tariffs: []Measure{{Kind: Tariff, By: "US", On: []string{"CA", "MX"}, Categories: []string{"*"},
			Rate: 25, Exempt: 38, Start: NewDate(2025, 3, 4), Line: 17}},
		Retaliations: []Measure{{Kind: Retaliation, By: "CA", On: []string{"US"}, Rate: 25, Line: 25}},
	}
	s.loc = nil
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
	if got := s.Slug(); got != "example" {
		t.Errorf("Slug = %q", got)
	}
}

// TestErrors checks the messages for broken files against golden text.
// Run with -update to rewrite the golden files after a deliberate change.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.toml")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".toml")
		if name == "example" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			s, err := Load(f)
			if strings.HasPrefix(name, "check_") {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				err = s.Check(testBaseline())
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, e := range Errors(err) {
				if e.File != f {
					t.Errorf("error without the file name: %v", e)
				}
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".toml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s (run go test -update):\n got:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	for _, c := range []struct {
		e    Error
		want string
	}{
		{Error{File: "a.toml", Line: 3, Msg: "bad", Hint: "25%"}, `a.toml:3: bad; did you mean "25%"?`},
		{Error{File: "a.toml", Msg: "name is required"}, `a.toml: name is required`},
		{Error{Line: 2, Msg: "bad"}, `line 2: bad`},
		{Error{Msg: "bad", Excerpt: "  1 | x\n"}, "bad\n  1 | x"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

// TestEveryProblem checks that each problem is reported, on its own line,
// with its hint: the golden files show the text, this shows the structure.
func TestEveryProblem(t *testing.T) {
	_, err := Load("testdata/rates.toml")
	es := Errors(err)
	type lh struct {
		line int
		hint string
	}
	var got []lh
	for _, e := range es {
		got = append(got, lh{e.Line, e.Hint})
	}
	want := []lh{{6, "25%"}, {7, "38%"}, {12, "25%"}, {17, "25%"}, {18, ""}, {23, ""}, {24, ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	var e *Error
	if !errors.As(err, &e) || e.File != "testdata/rates.toml" {
		t.Errorf("errors.As: %v", e)
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		in   any
		want Percent
		hint string
		bad  bool
	}{
		{"25%", 25, "", false},
		{"-10%", -10, "", false},
		{"7.5%", 7.5, "", false},
		{" 0.5 % ", 0.5, "", false},
		{".5%", 0.5, "", false},
		{"-0%", 0, "", false},
		{int64(25), 0, "25%", true},
		{0.25, 0, "25%", true},
		{25.0, 0, "25%", true},
		{1.0, 0, "100%", true},
		{0.075, 0, "7.5%", true},
		{int64(0), 0, "0%", true},
		{"25", 0, "25%", true},
		{"25 percent", 0, "", true},
		{"%", 0, "", true},
		{"1e3%", 0, "", true},
		{true, 0, "", true},
	} {
		var p Percent
		err := p.UnmarshalTOML(c.in)
		if (err != nil) != c.bad {
			t.Errorf("%#v: err = %v", c.in, err)
			continue
		}
		if err != nil {
			if ve := err.(*valueError); ve.hint != c.hint {
				t.Errorf("%#v: hint %q, want %q", c.in, ve.hint, c.hint)
			}
			continue
		}
		if p != c.want {
			t.Errorf("%#v: got %v, want %v", c.in, p, c.want)
		}
		if q, err := ParsePercent(p.String()); err != nil || q != p {
			t.Errorf("%v does not round-trip: %v %v", p, q, err)
		}
	}
}

func TestElasticity(t *testing.T) {
	for _, c := range []struct {
		in   any
		want float64
		msg  string // part of the error; "" = no error
	}{
		{int64(5), 5, ""},
		{1.25, 1.25, ""},
		{0.0, 0, ""},
		{"inf", math.Inf(1), ""},
		{"Inf", math.Inf(1), ""},
		{math.Inf(1), math.Inf(1), ""},
		{-1.25, 0, "write 1.25, not -1.25"},
		{int64(-2), 0, "write 2, not -2"},
		{math.Inf(-1), 0, "magnitudes"},
		{math.NaN(), 0, "nan"},
		{"1.5", 0, "without quotes"},
		{"centrall", 0, `did you mean "central"`},
		{map[string]any{"dist": "lognormal"}, 0, "needs median and p95 (missing: median, p95)"},
		{map[string]any{"dist": "lognormal", "median": int64(5), "p95": 10.0}, 5, ""},
		{map[string]any{"dist": "uniform", "min": 2.0, "max": 8.0}, 5, ""},
		{map[string]any{"dist": "uniform", "min": 2.0, "max": 2.0}, 2, ""}, // a point mass
		{map[string]any{"dist": "triangular", "min": 3.0, "mode": 3.0, "max": 3.0}, 3, ""},
		{map[string]any{"dist": "uniform", "min": 2.0, "max": 1.0}, 0, "min = 2 must be ≤ max = 1"},
		{map[string]any{"dist": "triangular", "min": 2.0, "mode": 2.0, "max": 1.0}, 0, "min = 2 must be ≤ max = 1"},
		{map[string]any{"dist": "lognorm", "median": 5.0, "p95": 10.0}, 0, `did you mean "lognormal"`},
		{map[string]any{"dist": "normal", "mean": 1.5, "sd": 0.4, "sigma": 1.0}, 0, `unknown key "sigma"`},
		{[]any{}, 0, "want a number"},
	} {
		var e Elasticity
		err := e.UnmarshalTOML(c.in)
		if c.msg == "" {
			if err != nil || e.Value() != c.want || !e.IsSet() {
				t.Errorf("%#v: got %v, %v", c.in, e, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%#v: err = %v, want it to contain %q", c.in, err, c.msg)
		}
	}
}

func TestDefaults(t *testing.T) {
	s := mustParse(t, "name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"CN\"\nrate = \"1%\"\n")
	if s.Model != (Model{Supply: model.Bilateral, Form: model.Exact, Horizon: LongRun, Exemption: Split}) {
		t.Errorf("model defaults: %+v", s.Model)
	}
	m := s.Tariffs[0]
	if m.Mode != Add || m.Exempt != 0 || m.Categories != nil || !m.Start.IsZero() || !reflect.DeepEqual(m.On, []string{"CN"}) {
		t.Errorf("measure defaults: %+v", m)
	}
	if _, ok := s.At(Options{}); ok {
		t.Error("a scenario without dates has an evaluation date")
	}
}

func TestSlug(t *testing.T) {
	for _, c := range []struct{ file, name, want string }{
		{"scenarios/china-2025-04-peak.toml", "whatever", "china-2025-04-peak"},
		{"", "US 25% on Canada & Mexico", "us-25pct-on-canada-mexico"},
		{"", "  ", "scenario"},
		{"dir/My Scenario.toml", "", "My-Scenario"},
	} {
		s := &Scenario{File: c.file, Name: c.name}
		if got := s.Slug(); got != c.want {
			t.Errorf("Slug(%q, %q) = %q, want %q", c.file, c.name, got, c.want)
		}
	}
}

// newTariffs runs Problem and returns the new tariff of each flow by
// "importer exporter category".
func newTariffs(t *testing.T, s *Scenario, opt Options) map[string]float64 {
	t.Helper()
	p, err := s.Problem(testBaseline(), opt)
	if err != nil {
		t.Fatalf("Problem: %v", err)
	}
	out := map[string]float64{}
	for i, f := range p.Flows {
		out[f.Importer+" "+f.Exporter+" "+f.Category] = p.NewTariff[i]
	}
	return out
}

func TestProblemTariffs(t *testing.T) {
	const head = "name = \"t\"\n"
	for _, c := range []struct {
		name string
		src  string
		opt  Options
		want map[string]float64 // flows not listed keep their baseline rate
	}{
		{"stacking", `
[[tariff]]
by = "US"
on = "CN"
categories = ["ict"]
rate = "10%"
[[tariff]]
by = "US"
on = "CN"
categories = ["ict"]
rate = "20%"`, Options{}, map[string]float64{"US CN ict": 0.05 + 0.1 + 0.2}},
		{"exempt", `
[[tariff]]
by = "US"
on = ["CA", "MX"]
rate = "25%"
exempt = "40%"`, Options{}, map[string]float64{"US CA ict": 0.15, "US CA biotech": 0.15, "US MX ict": 0.15, "US MX electronics": 0.02 + 0.15}},
		{"set with exempt", `
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "15%"
exempt = "20%"
mode = "set"`, Options{}, map[string]float64{"US CN ict": 0.2*0.05 + 0.8*0.15}},
		{"set then add", `
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "10%"
mode = "set"
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "5%"`, Options{}, map[string]float64{"US CN ict": 0.10 + 0.05}},
		{"tariffs before retaliation whatever the file order", `
[[retaliation]]
by = "US"
on = "CN"
categories = "ict"
rate = "0%"
mode = "set"
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "20%"`, Options{}, map[string]float64{"US CN ict": 0}},
		{"star and alias", `
[[tariff]]
by = "US"
on = "*"
categories = ["04"]
rate = "10%"
[[retaliation]]
by = "CA"
on = ["*"]
rate = "10%"`, Options{}, map[string]float64{"US CN ict": 0.15, "US CA ict": 0.1, "US MX ict": 0.1, "CA US ict": 0.1, "CA OTH ict": 0.1}},
		{"tariffs only", `
[[tariff]]
by = "US"
on = "CA"
rate = "10%"
[[retaliation]]
by = "CA"
on = "US"
rate = "10%"`, Options{Measures: TariffsOnly}, map[string]float64{"US CA ict": 0.1, "US CA biotech": 0.1}},
		{"no measures", `
[[tariff]]
by = "US"
on = "CA"
rate = "10%"`, Options{Measures: NoMeasures}, nil},
		{"negative rate", `
[[tariff]]
by = "US"
on = "MX"
categories = ["electronics"]
rate = "-2%"`, Options{}, map[string]float64{"US MX electronics": 0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := newTariffs(t, mustParse(t, head+c.src), c.opt)
			for _, r := range testBaseline().Rows {
				k := r.Importer + " " + r.Exporter + " " + r.Category
				w, ok := c.want[k]
				if !ok {
					w = r.Tariff
				}
				if math.Abs(got[k]-w) > 1e-15 {
					t.Errorf("%s: got %v, want %v", k, got[k], w)
				}
			}
		})
	}
}

func TestDates(t *testing.T) {
	src := `name = "dates"
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "10%"
start = 2025-03-04
end = 2025-03-31
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "20%"
start = 2025-04-10
[[retaliation]]
by = "CN"
on = "US"
rate = "30%"
start = 2025-04-12
end = 2025-05-13
`
	s := mustParse(t, src)
	for _, c := range []struct {
		name   string
		at     string // evaluation date expected
		opt    Options
		us, cn float64 // new tariffs of US←CN ict and CN←US ict
	}{
		{"latest start by default", "2025-04-12", Options{}, 0.05 + 0.2, 0.1 + 0.3},
		{"latest start even without retaliation", "2025-04-12", Options{Measures: TariffsOnly}, 0.05 + 0.2, 0.1},
		{"start day included", "2025-03-04", Options{At: time.Date(2025, 3, 4, 23, 0, 0, 0, time.UTC)}, 0.05 + 0.1, 0.1},
		{"end day included", "2025-03-31", Options{At: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)}, 0.05 + 0.1, 0.1},
		{"between", "2025-04-01", Options{At: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}, 0.05, 0.1},
		{"after an end", "2025-06-01", Options{At: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}, 0.05 + 0.2, 0.1},
		{"before everything", "2025-01-01", Options{At: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, 0.05, 0.1},
	} {
		t.Run(c.name, func(t *testing.T) {
			at, ok := s.At(c.opt)
			if !ok || at.Format(time.DateOnly) != c.at {
				t.Errorf("At = %v %v, want %s", at, ok, c.at)
			}
			got := newTariffs(t, s, c.opt)
			if math.Abs(got["US CN ict"]-c.us) > 1e-15 || math.Abs(got["CN US ict"]-c.cn) > 1e-15 {
				t.Errorf("US←CN %v (want %v), CN←US %v (want %v)", got["US CN ict"], c.us, got["CN US ict"], c.cn)
			}
		})
	}
	// `at` in the file beats the latest start; Options.At beats `at`.
	s2 := mustParse(t, "at = 2025-03-10\n"+src)
	if at, _ := s2.At(Options{}); at.Format(time.DateOnly) != "2025-03-10" {
		t.Errorf("at: got %v", at)
	}
	if at, _ := s2.At(Options{At: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}); at.Format(time.DateOnly) != "2025-05-01" {
		t.Errorf("Options.At: got %v", at)
	}
	in := s2.InForce(Options{})
	if len(in) != 1 || in[0].Rate != 10 || in[0].Line != 3 || in[0].Kind != Tariff {
		t.Errorf("InForce on 2025-03-10: %+v", in)
	}
}

func TestProblemErrors(t *testing.T) {
	// Each rate is within MinRate, but the two together take the tariff
	// below -100%.
	s := mustParse(t, "name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"MX\"\nrate = \"-60%\"\n[[tariff]]\nby = \"US\"\non = \"MX\"\nrate = \"-60%\"\n")
	_, err := s.Problem(testBaseline(), Options{})
	if err == nil || !strings.Contains(err.Error(), "test.toml:6: the new tariff of US on MX in electronics is -118%") {
		t.Errorf("got %v", err)
	}
	s = mustParse(t, "name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"XX\"\nrate = \"1%\"\n")
	if _, err := s.Problem(testBaseline(), Options{}); err == nil {
		t.Error("Problem does not Check")
	}
}

func TestParams(t *testing.T) {
	inf := math.Inf(1)
	s := mustParse(t, `name = "params"
[elasticities]
import_demand = 2
[elasticities.category.04]
substitution = 7
[elasticities.category.electronics]
export_supply = 3
[elasticities.exporter.US]
export_supply = 1.5
`)
	p, err := s.Params(testBaseline())
	if err != nil {
		t.Fatal(err)
	}
	want := model.Params{
		Default: model.Elasticities{Substitution: 5, ImportDemand: 2, ExportSupply: inf},
		Category: map[string]model.Elasticities{
			"ict":         {Substitution: 7, ImportDemand: 2, ExportSupply: inf},   // category > scenario > baseline
			"biotech":     {Substitution: 3.3, ImportDemand: 2, ExportSupply: inf}, // baseline σ, scenario η
			"electronics": {Substitution: 5, ImportDemand: 2, ExportSupply: 3},     // baseline fallback
		},
		ExportSupply: map[string]float64{"US": 1.5},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	if e := p.For("US", "ict"); e.ExportSupply != 1.5 {
		t.Errorf("exporter override lost: %+v", e)
	}

	s = mustParse(t, "name = \"short\"\n[model]\nhorizon = \"short-run\"\n")
	p, err = s.Params(testBaseline())
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Category["ict"]; got != (model.Elasticities{Substitution: 8.8, ImportDemand: 0.8, ExportSupply: inf}) {
		t.Errorf("short-run ict: %+v", got)
	}
	if got := p.Category["biotech"]; got != (model.Elasticities{Substitution: 2, ImportDemand: 0.5, ExportSupply: 4}) {
		t.Errorf("short-run biotech (σ and ε documented): %+v", got)
	}
}

// TestResolvedRoundTrip checks that the resolved file parses and runs to
// the same problem, and that resolving it again changes nothing.
func TestResolvedRoundTrip(t *testing.T) {
	b := testBaseline()
	s := mustParse(t, `name = "round \"trip\""
description = """two
lines"""
sources = ["a", "b"]
[model]
supply = "global"
form = "linear"
horizon = "short-run"
[elasticities]
substitution = 4.25
[elasticities.category.01]
import_demand = 0.3
[elasticities.exporter.CN]
export_supply = 2
[[tariff]]
by = "US"
on = "*"
categories = ["04", "electronics"]
rate = "12.5%"
exempt = "33.3%"
start = 2025-03-04
note = "the main one"
[[tariff]]
by = "US"
on = ["CN"]
rate = "7%"
mode = "set"
start = 2025-01-01
end = 2025-02-01
[[retaliation]]
by = "CA"
on = "*"
rate = "25%"
start = 2025-03-05
`)
	for _, opt := range []Options{{}, {Measures: TariffsOnly}, {At: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)}, {Measures: NoMeasures}} {
		p1, err := s.Problem(b, opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := s.WriteResolved(&buf, b, opt); err != nil {
			t.Fatal(err)
		}
		r, err := Parse(buf.Bytes(), "resolved.toml")
		if err != nil {
			t.Fatalf("resolved file does not parse: %v\n%s", err, buf.String())
		}
		p2, err := r.Problem(b, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p1, p2) {
			t.Errorf("%+v: problems differ\n%+v\n%+v\n%s", opt, p1, p2, buf.String())
		}
		var again bytes.Buffer
		if err := r.WriteResolved(&again, b, Options{}); err != nil {
			t.Fatal(err)
		}
		strip := func(s string) string { // the header names the file
			return strings.Join(strings.Split(s, "\n")[5:], "\n")
		}
		if strip(again.String()) != strip(buf.String()) {
			t.Errorf("resolving twice changes the file:\n%s\n---\n%s", buf.String(), again.String())
		}
	}
}

func TestWriteTOMLRoundTrip(t *testing.T) {
	s, err := Load("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	s2, err := Parse(buf.Bytes(), "testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	strip(s)
	strip(s2)
	if !reflect.DeepEqual(s, s2) {
		t.Errorf("got  %+v\nwant %+v", s2, s)
	}
}

// strip drops what depends on the layout of the file.
func strip(s *Scenario) {
	s.loc = nil
	for i := range s.Tariffs {
		s.Tariffs[i].Line = 0
	}
	for i := range s.Retaliations {
		s.Retaliations[i].Line = 0
	}
}

func TestCheckOK(t *testing.T) {
	s, err := Load("testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(testBaseline()); err != nil {
		t.Error(err)
	}
	// Built in code: no lines, no file.
	s = &Scenario{Name: "code", Tariffs: []Measure{{By: "US", On: []string{"ZZ"}, Rate: 1}}}
	err = s.Check(testBaseline())
	if err == nil || err.Error() != `on: unknown country code "ZZ" (baseline test has CA CN MX OTH US)` {
		t.Errorf("got %v", err)
	}
}

func TestLocate(t *testing.T) {
	src := `a = 1 # c
"q.k" = 'x'
[t]
m = """
x = 2
"""
n = { p = 1, r = { s = [1,
  2] } }
[[arr]]
k = 1
[[arr]]
k = 2
[arr.sub]
z = 3
d.e.f = 4
l = [
  { w = 1 },
  { w = 2 },
]
`
	loc := locate(src)
	for _, c := range []struct {
		path []string
		line int
	}{
		{[]string{"a"}, 1}, {[]string{"q.k"}, 2}, {[]string{"t"}, 3}, {[]string{"t", "m"}, 4},
		{[]string{"t", "n", "r", "s"}, 7}, {[]string{"t", "n", "r", "s", "[1]"}, 8},
		{[]string{"arr", "[0]", "k"}, 10}, {[]string{"arr", "[1]"}, 11}, {[]string{"arr", "[1]", "k"}, 12},
		{[]string{"arr", "[1]", "sub", "z"}, 14}, {[]string{"arr", "[1]", "sub", "d", "e", "f"}, 15},
		{[]string{"arr", "[1]", "sub", "l", "[1]", "w"}, 18},
	} {
		if got := loc.line(c.path...); got != c.line {
			t.Errorf("%q: line %d, want %d", c.path, got, c.line)
		}
	}
	if _, ok := loc.lookup("t", "x"); ok {
		t.Error("a key inside a multi-line string was recorded")
	}
}
