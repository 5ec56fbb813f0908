package scenario

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// piecesOf runs Problem and returns the pieces and tariff of one flow.
func piecesOf(t *testing.T, src, key string) ([]model.Piece, float64, *model.Problem) {
	t.Helper()
	p, err := mustParse(t, src).Problem(testBaseline(), Options{})
	if err != nil {
		t.Fatalf("Problem: %v", err)
	}
	for i, f := range p.Flows {
		if f.Importer+" "+f.Exporter+" "+f.Category == key {
			var ps []model.Piece
			if p.Pieces != nil {
				ps = p.Pieces[i]
			}
			return ps, p.NewTariff[i], p
		}
	}
	t.Fatalf("no flow %s", key)
	return nil, 0, nil
}

func measure(rate, exempt, mode string) string {
	s := "\n[[tariff]]\nby = \"US\"\non = \"CN\"\ncategories = \"ict\"\nrate = \"" + rate + "\"\n"
	if exempt != "" {
		s += "exempt = \"" + exempt + "\"\n"
	}
	if mode != "" {
		s += "mode = \"" + mode + "\"\n"
	}
	return s
}

// The nesting rule, with hand-computed breakpoints and piece tariffs (US←CN
// ict has t0 = 5%).
func TestSplitNesting(t *testing.T) {
	for _, c := range []struct {
		name, measures string
		want           []model.Piece // nil: one piece
		mean           float64
	}{
		{"one measure", measure("25%", "40%", ""),
			[]model.Piece{{Share: 0.4, Tariff: 0.05}, {Share: 0.6, Tariff: 0.30}}, 0.05 + 0.6*0.25},
		// Breakpoints 0, .3, .6, 1: the first piece is exempt from both,
		// the second pays the 30% measure's 10%, the last pays both.
		{"two measures", measure("10%", "30%", "") + measure("20%", "60%", ""),
			[]model.Piece{{Share: 0.3, Tariff: 0.05}, {Share: 0.3, Tariff: 0.15}, {Share: 0.4, Tariff: 0.35}}, 0.3*0.05 + 0.3*0.15 + 0.4*0.35},
		// Set first: 0, .2, .5, 1. Piece 1 pays only the 0%-exempt 5%;
		// piece 2 adds the 20%-exempt 10%; piece 3 is set to 15% first.
		{"three measures with set", measure("15%", "50%", "set") + measure("10%", "20%", "") + measure("5%", "", ""),
			[]model.Piece{{Share: 0.2, Tariff: 0.10}, {Share: 0.3, Tariff: 0.20}, {Share: 0.5, Tariff: 0.30}}, 0.2*0.10 + 0.3*0.20 + 0.5*0.30},
		// Two measures with one share are one breakpoint.
		{"same share", measure("10%", "40%", "") + measure("15%", "40%", ""),
			[]model.Piece{{Share: 0.4, Tariff: 0.05}, {Share: 0.6, Tariff: 0.30}}, 0.05 + 0.6*0.25},
		// A rate of 0 leaves adjacent pieces equal: they merge.
		{"merged", measure("0%", "30%", "") + measure("25%", "", ""), nil, 0.30},
		{"no exemption", measure("25%", "", "") + measure("10%", "100%", ""), nil, 0.30},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, mean, _ := piecesOf(t, "name = \"x\"\n"+c.measures, "US CN ict")
			if len(ps) != len(c.want) {
				t.Fatalf("pieces %+v, want %+v", ps, c.want)
			}
			for k := range ps {
				if math.Abs(ps[k].Share-c.want[k].Share) > 1e-15 || math.Abs(ps[k].Tariff-c.want[k].Tariff) > 1e-15 {
					t.Errorf("piece %d: %+v, want %+v", k, ps[k], c.want[k])
				}
			}
			if math.Abs(mean-c.mean) > 1e-15 {
				t.Errorf("mean tariff %v, want %v", mean, c.mean)
			}
		})
	}
}

// exemption = "average" keeps the averaged rule, and the model then gives
// exactly one variety with t1 = t0 + (1 − x)·rate (check 8).
func TestAverageVersusSplit(t *testing.T) {
	src := "name = \"x\"\n" + measure("25%", "40%", "") + measure("10%", "70%", "set")
	split, _, ps := piecesOf(t, src, "US CN ict")
	avg, t1, pa := piecesOf(t, strings.Replace(src, "name = \"x\"\n", "name = \"x\"\n[model]\nexemption = \"average\"\n", 1), "US CN ict")
	if len(split) != 3 || avg != nil || pa.Pieces != nil {
		t.Fatalf("split %+v, average %+v", split, avg)
	}
	want := 0.7*(0.05+0.6*0.25) + 0.3*0.1
	if math.Abs(t1-want) > 1e-15 {
		t.Errorf("average tariff %v, want %v", t1, want)
	}
	// The averaged problem is one variety at t1; the split one differs.
	rs, err := model.Solve(ps)
	if err != nil {
		t.Fatal(err)
	}
	ra, err := model.Solve(pa)
	if err != nil {
		t.Fatal(err)
	}
	q := *pa
	q.NewTariff = append([]float64(nil), pa.NewTariff...)
	rq, _ := model.Solve(&q)
	if !reflect.DeepEqual(ra.Markets, rq.Markets) {
		t.Error("the averaged problem is not one variety per flow")
	}
	if rs.Countries[len(rs.Countries)-1].Imports1 == ra.Countries[len(ra.Countries)-1].Imports1 {
		t.Error("split and average give the same imports")
	}
}

func TestTradeCosts(t *testing.T) {
	src := `name = "tc"
[[trade_cost]]
by = "US"
on = ["CN", "MX"]
categories = ["ict"]
change = "-5%"
[[trade_cost]]
by = "US"
on = "CN"
change = "10%"
start = 2025-01-01
end = 2025-01-31
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "10%"
exempt = "50%"
`
	s := mustParse(t, src)
	p, err := s.Problem(testBaseline(), Options{At: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range p.Flows {
		want := 1.0
		switch f.Importer + " " + f.Exporter + " " + f.Category {
		case "US CN ict":
			want = 0.95 * 1.1
		case "US MX ict":
			want = 0.95
		case "US CN biotech":
			want = 1.1
		}
		if math.Abs(p.TradeCost[i]-want) > 1e-15 {
			t.Errorf("%v: κ = %v, want %v", f, p.TradeCost[i], want)
		}
	}
	// Trade costs earn no revenue and are not exempt.
	if in := s.InForce(Options{Measures: TariffsOnly}); len(in) != 3 || in[0].Kind != Tariff || in[1].Kind != TradeCost || in[2].Change != 10 {
		t.Errorf("InForce without retaliation on the default date: %+v", in)
	}
	// They survive a resolved round trip.
	var buf bytes.Buffer
	opt := Options{At: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)}
	if err := s.WriteResolved(&buf, testBaseline(), opt); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "[[trade_cost]]\nby = \"US\"\non = [\"CN\", \"MX\"]\ncategories = [\"ict\"]\nchange = \"-5%\"") {
		t.Errorf("resolved file:\n%s", buf.String())
	}
	r, err := Parse(buf.Bytes(), "resolved.toml")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := r.Problem(testBaseline(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, p2) {
		t.Errorf("round trip:\n%+v\n%+v", p, p2)
	}
}

func TestNewKeysParse(t *testing.T) {
	s := mustParse(t, `name = "keys"
[model]
exemption = "average"
[elasticities]
domestic_substitution = 2.5
domestic_supply = "inf"
[elasticities.category.ict]
domestic_supply = { dist = "uniform", min = 1, max = 9 }
`)
	if s.Model.Exemption != Average || s.Elasticities.Default.DomesticSubstitution != Number(2.5) ||
		!math.IsInf(s.Elasticities.Default.DomesticSupply.Value(), 1) {
		t.Errorf("parsed %+v %+v", s.Model, s.Elasticities.Default)
	}
	if d, ok := s.Elasticities.Category["ict"].DomesticSupply.Dist(); !ok || d.Kind != Uniform {
		t.Errorf("distribution lost: %+v", s.Elasticities.Category["ict"])
	}
	var buf bytes.Buffer
	if err := s.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	s2, err := Parse(buf.Bytes(), "again.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	strip(s)
	strip(s2)
	s.File = s2.File
	if !reflect.DeepEqual(s, s2) {
		t.Errorf("round trip:\n%+v\n%+v", s, s2)
	}
}

func TestNewKeysErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[model]\nexemption = \"averge\"\n", `test.toml:3: exemption: "averge" is not one of "split", "average"; did you mean "average"?`},
		{"[elasticities]\ndomestic_substitution = 0\n", "test.toml:3: domestic_substitution: σ_D must be > 0"},
		{"[elasticities]\ndomestic_substitution = \"inf\"\n", `test.toml:3: domestic_substitution: "inf" is only allowed for export_supply (ε) and domestic_supply (ε_D)`},
		{"[elasticities]\ndomestic_suply = 2\n", `unknown key "domestic_suply"`},
		{"[[trade_cost]]\nby = \"US\"\non = \"CN\"\n", "test.toml:2: [[trade_cost]] lacks change: the change in the cost"},
		{"[[trade_cost]]\nby = \"US\"\non = \"CN\"\nchange = \"-100%\"\n", "test.toml:5: change: -100% would make the trade cost vanish"},
		{"[[trade_cost]]\nby = \"US\"\non = \"US\"\nchange = \"5%\"\n", `test.toml:4: on: US cannot impose a trade cost on itself (by = "US")`},
		{"[[trade_cost]]\nby = \"US\"\non = \"CN\"\nchange = \"5%\"\nrate = \"5%\"\n", `test.toml:6: key "rate" does not belong here: it goes in [[retaliation]] or [[tariff]]`},
		{"[[trade_cost]]\nby = \"US\"\non = \"CN\"\nchange = 5\n", `test.toml:5: change: the bare number 5 is ambiguous: write a percent string; did you mean "5%"?`},
		{"[[trade_cost]]\nby = \"US\"\non = \"CN\"\nchnage = \"5%\"\n", `did you mean "change"?`},
	} {
		_, err := Parse([]byte("name = \"x\"\n"+c.src), "test.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.src, err, c.want)
		}
	}
	// A trade cost that matches nothing, and an unknown code, are reported
	// by Check with the line.
	s := mustParse(t, "name = \"x\"\n[[trade_cost]]\nby = \"US\"\non = \"CNN\"\nchange = \"5%\"\n")
	if err := s.Check(testBaseline()); err == nil || !strings.Contains(err.Error(), `test.toml:4: on: unknown country code "CNN"`) {
		t.Errorf("Check: %v", err)
	}
}

// domesticBaseline is testBaseline with US domestic sales in ict and
// documented σ_D, ε_D.
func domesticBaseline() *baseline.Baseline {
	b := testBaseline()
	b.Rows = append(b.Rows, baseline.Row{Flow: baseline.Flow("US", "US", "ict", 300, 0)})
	d := b.Defaults["ict"]
	d.DomesticSubstitution, d.DomesticSupply = 4.4, 5
	b.Defaults["ict"] = d
	b.Fallback.DomesticSubstitution, b.Fallback.DomesticSupply = 2.5, 5
	return b
}

func TestDomesticParams(t *testing.T) {
	b := domesticBaseline()
	s := mustParse(t, "name = \"d\"\n[elasticities.category.ict]\ndomestic_supply = 2\n"+measure("25%", "40%", ""))
	p, err := s.Problem(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e := p.Params.Category["ict"]; e.DomesticSubstitution != 4.4 || e.DomesticSupply != 2 {
		t.Errorf("ict: %+v", e)
	}
	if e := p.Params.Category["biotech"]; e.DomesticSubstitution != 2.5 || e.DomesticSupply != 5 {
		t.Errorf("biotech from the fallback: %+v", e)
	}
	res, err := model.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Markets {
		if m.Importer == "US" && m.Category == "ict" && (!m.HasDomestic || m.Domestic0 != 300 || m.Domestic1 <= 300) {
			t.Errorf("US ict: %+v", m)
		}
	}
	// The resolved file spells out the domestic nest and runs the same.
	var buf bytes.Buffer
	if err := s.WriteResolved(&buf, b, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "domestic_substitution = 4.4\ndomestic_supply = 2\n") {
		t.Errorf("resolved:\n%s", buf.String())
	}
	r, err := Parse(buf.Bytes(), "r.toml")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := r.Problem(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, p2) {
		t.Errorf("round trip differs:\n%+v\n%+v", p.Params, p2.Params)
	}
	// Without σ_D anywhere, the model says which market lacks it.
	b.Defaults["ict"] = testBaseline().Defaults["ict"]
	b.Fallback = testBaseline().Fallback
	p, err = mustParse(t, "name = \"d\"\n").Problem(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.Solve(p); err == nil || !strings.Contains(err.Error(), "market US/ict has a domestic flow but no domestic substitution elasticity") {
		t.Errorf("got %v", err)
	}
}

// A timeline splits a month at every breakpoint of its days, and each piece
// pays the day-weighted mean of its tariffs.
func TestMonthlyPieces(t *testing.T) {
	s := mustParse(t, `name = "m"
[timeline]
start = 2025-03-01
months = 2
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "25%"
start = 2025-03-04
end = 2025-03-06
[[tariff]]
by = "US"
on = "CN"
categories = "ict"
rate = "25%"
exempt = "40%"
start = 2025-03-07
[[trade_cost]]
by = "US"
on = "CN"
categories = "ict"
change = "10%"
start = 2025-04-16
`)
	b := testBaseline()
	sh, err := s.MonthlyShocks(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := -1
	for i, r := range b.Rows {
		if r.Importer == "US" && r.Exporter == "CN" && r.Category == "ict" {
			f = i
		}
	}
	march := sh.Pieces[0][f]
	// Exempt goods pay 25% for 3 days of 31; the rest for 28 days.
	want := []model.Piece{{Share: 0.4, Tariff: 0.05 + 0.25*3/31}, {Share: 0.6, Tariff: 0.05 + 0.25*28/31}}
	if len(march) != 2 || math.Abs(march[0].Tariff-want[0].Tariff) > 1e-15 || math.Abs(march[1].Tariff-want[1].Tariff) > 1e-15 ||
		math.Abs(march[0].Share-0.4) > 1e-15 {
		t.Errorf("March pieces %+v, want %+v", march, want)
	}
	if got := sh.Tariffs[0][f]; math.Abs(got-(0.4*want[0].Tariff+0.6*want[1].Tariff)) > 1e-15 {
		t.Errorf("March mean %v", got)
	}
	if sh.TradeCosts == nil || sh.TradeCosts[0] != nil || math.Abs(sh.TradeCosts[1][f]-(1+0.1*15/30)) > 1e-15 {
		t.Errorf("trade costs %v", sh.TradeCosts)
	}
	tp, err := s.TimePath(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tp.Pieces == nil || tp.TradeCosts == nil {
		t.Error("TimePath drops the pieces or trade costs")
	}
}

// A piece's tariff of −100% or less is an error naming the measure's line,
// even when the flow's mean tariff is above −100%.
func TestPieceTariffTooLow(t *testing.T) {
	// Two subsidies of −60% (each within the rate bounds) stack to −120%
	// on the paying piece; the flow's mean is −48%.
	m := "[[tariff]]\nby = \"US\"\non = \"CN\"\ncategories = \"ict\"\nrate = \"-60%\"\nexempt = \"60%\"\n"
	s := mustParse(t, "name = \"x\"\n"+m+m)
	_, err := s.Problem(testBaseline(), Options{})
	if err == nil || !strings.Contains(err.Error(), "test.toml:8: the new tariff of US on CN in ict is -115%") {
		t.Errorf("got %v", err)
	}
}
