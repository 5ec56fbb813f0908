package scenario

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/model/timepath"
)

const timelineHead = `name = "t"
[timeline]
start = 2025-01-15
months = 12
`

func monthly(t *testing.T, src string) [][]float64 {
	t.Helper()
	s := mustParse(t, src)
	ts, err := s.MonthlyTariffs(testBaseline(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// flow 0 of testBaseline is US←CN ict with a 5% baseline tariff.
const usCN = 0

func TestTimelineDefaults(t *testing.T) {
	s := mustParse(t, "name = \"t\"\n[timeline]\nstart = 2025-01-01\n")
	tl := s.Timeline
	if tl.Months != DefaultMonths || tl.HalfLife.Value() != DefaultHalfLife || tl.Growth.Percent() != 0 || tl.ShortRunMonths != 0 {
		t.Errorf("defaults: %+v", tl)
	}
	if s2 := mustParse(t, "name = \"t\"\n"); s2.Timeline != nil {
		t.Error("a file without [timeline] has a Timeline")
	}
}

// A 25% tariff from 4 March adds 25% × 28/31 to March (4–31 March is 28
// days), all of it from April, nothing before.
func TestDayWeighting(t *testing.T) {
	ts := monthly(t, timelineHead+`
[[tariff]]
by = "US"
on = "CN"
rate = "25%"
start = 2025-03-04
`)
	want := map[int]float64{0: 0.05, 1: 0.05, 2: 0.05 + 0.25*28/31, 3: 0.30, 11: 0.30}
	for τ, w := range want {
		if got := ts[τ][usCN]; math.Abs(got-w) > 1e-15 {
			t.Errorf("month %d: tariff %.17g, want %.17g", τ, got, w)
		}
	}
	if got := ts[2][2]; got != 0 { // US←CA ict is not covered
		t.Errorf("uncovered flow: %g", got)
	}
}

// Both ends are included: a measure of one day, 29 April to 29 April,
// counts 1/30 of April; end in mid-month counts the days up to it.
func TestDayWeightingEnds(t *testing.T) {
	ts := monthly(t, timelineHead+`
[[tariff]]
by = "US"
on = "CN"
rate = "30%"
start = 2025-04-29
end = 2025-04-29

[[tariff]]
by = "US"
on = "CN"
rate = "10%"
start = 2025-05-14
end = 2025-06-10
`)
	for _, c := range []struct {
		τ    int
		want float64
	}{{3, 0.05 + 0.30/30}, {4, 0.05 + 0.10*18/31}, {5, 0.05 + 0.10*10/30}, {6, 0.05}} {
		if got := ts[c.τ][usCN]; math.Abs(got-c.want) > 1e-15 {
			t.Errorf("month %d: %.17g, want %.17g", c.τ, got, c.want)
		}
	}
}

// Overlapping measures stack day by day as in Problem: 10% for all of May
// and 20% from 16 May add 10% + 20% × 16/31; a "set" measure replaces the
// rate only on its days.
func TestOverlappingMeasures(t *testing.T) {
	ts := monthly(t, timelineHead+`
[[tariff]]
by = "US"
on = "CN"
rate = "10%"
start = 2025-05-01
end = 2025-05-31

[[tariff]]
by = "US"
on = "CN"
rate = "20%"
start = 2025-05-16
end = 2025-06-30

[[tariff]]
by = "US"
on = "CN"
rate = "0%"
mode = "set"
start = 2025-06-16
end = 2025-06-30
`)
	if got, want := ts[4][usCN], 0.05+0.10+0.20*16/31; math.Abs(got-want) > 1e-15 {
		t.Errorf("May: %.17g, want %.17g", got, want)
	}
	// June: 1–15 at 5% + 20%, 16–30 set to 0.
	if got, want := ts[5][usCN], 15.0/30*0.25; math.Abs(got-want) > 1e-15 {
		t.Errorf("June: %.17g, want %.17g", got, want)
	}
}

// Measures outside the horizon change nothing and are listed; one that
// began before the first month counts from it.
func TestOutsideHorizon(t *testing.T) {
	s := mustParse(t, timelineHead+`
[[tariff]]
by = "US"
on = "CN"
rate = "10%"
start = 2024-06-01
note = "before, still in force"

[[tariff]]
by = "US"
on = "CA"
rate = "10%"
start = 2024-01-01
end = 2024-12-31
note = "over before the start"

[[retaliation]]
by = "CN"
on = "US"
rate = "50%"
start = 2026-01-01
note = "after the end (2025-12)"
`)
	out := s.OutsideHorizon(Options{})
	if len(out) != 2 || out[0].Note != "over before the start" || out[1].Note != "after the end (2025-12)" {
		t.Fatalf("outside: %+v", out)
	}
	ts, err := s.MonthlyTariffs(testBaseline(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ts[0][usCN]-0.15) > 1e-15 || ts[0][2] != 0 || ts[11][8] != 0.1 { // flow 8: CN←US ict, 10% baseline
		t.Errorf("month 0: US←CN %g, US←CA %g; month 11 CN←US %g", ts[0][usCN], ts[0][2], ts[11][8])
	}
}

func TestTimelineValidation(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"name = \"t\"\n[timeline]\nstart = 2025-01-01\nmonths = 6\nshort_run_months = 7\n", "test.toml:5: short_run_months: 7 is more than the 6 months"},
		{"name = \"t\"\n[timeline]\nstart = 2025-01-01\nmonths = 0\n", "test.toml:4: months: 0: want a horizon from 1 to 1200"},
		{"name = \"t\"\n[timeline]\nstart = 2025-01-01\nmonths = 5000\n", "test.toml:4: months: 5000: want a whole number of months from 0 to 1200"},
		{"name = \"t\"\n[timeline]\nstart = 2025-01-01\n[timeline.category.ict]\n", "[timeline.category.ict] sets nothing"},
		{"name = \"t\"\ntimeline = 3\n", "test.toml:2: timeline: want a table, got the integer 3"},
		{"name = \"t\"\n[timeline]\nstart = \"2025-01-01\"\n", "test.toml:3: start: dates are written without quotes"},
		{"name = \"t\"\n[timeline]\nstart = 2025-01-01\nhalf_life_months = \"6\"\n", "half_life_months: \"6\" is a string"},
		{timelineHead + "[[tariff]]\nby = \"US\"\non = \"CN\"\nrate = \"5%\"\nstart = 2025-03-04\nend = 2025-03-01\n", "end 2025-03-01 is before start 2025-03-04"},
	} {
		_, err := Parse([]byte(c.src), "test.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %q", c.src, err, c.want)
		}
	}
}

const fullTimeline = `name = "path"
[timeline]
start = 2025-01-01
months = 6
half_life_months = 2
growth = "3%"
short_run_months = 2

[timeline.category.ict]
half_life_months = 0.5
growth = "10%"

[timeline.category.01]
growth = "-2.5%"

[[tariff]]
by = "US"
on = "CN"
rate = "25%"
start = 2025-02-10
end = 2025-04-30

[[tariff]]
by = "US"
on = "MX"
rate = "10%"
start = 2025-09-01

[[retaliation]]
by = "CN"
on = "US"
rate = "10%"
start = 2025-03-01
`

func TestTimePath(t *testing.T) {
	b := testBaseline()
	s := mustParse(t, fullTimeline)
	p, err := s.TimePath(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Months != 6 || len(p.Params) != 2 || p.Regime[0] != 1 || p.Regime[1] != 1 || p.Regime[2] != 0 {
		t.Fatalf("months %d, %d regimes %v", p.Months, len(p.Params), p.Regime)
	}
	// ict: η short run 0.8, long run 1.0 (testBaseline).
	if p.Params[1].Category["ict"].ImportDemand != 0.8 || p.Params[0].Category["ict"].ImportDemand != 1.0 {
		t.Errorf("regimes: short %+v long %+v", p.Params[1].Category["ict"], p.Params[0].Category["ict"])
	}
	for f, fl := range p.Flows {
		wantH, wantG := 2.0, 0.03
		switch fl.Category {
		case "ict":
			wantH, wantG = 0.5, 0.10
		case "biotech":
			wantG = -0.025
		}
		if p.HalfLife[f] != wantH || p.Growth[f] != wantG {
			t.Errorf("%s/%s/%s: h %g g %g, want %g %g", fl.Importer, fl.Exporter, fl.Category, p.HalfLife[f], p.Growth[f], wantH, wantG)
		}
	}
	path, err := timepath.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	// January: nothing in force; no-tariff and tariff paths coincide.
	if path.Value[0][usCN] != path.NoTariff[0][usCN] {
		t.Errorf("January moved: %g vs %g", path.Value[0][usCN], path.NoTariff[0][usCN])
	}
	// Tariffs only: the retaliation month has no CN←US tariff beyond baseline.
	only, err := s.MonthlyTariffs(b, Options{Measures: TariffsOnly})
	if err != nil {
		t.Fatal(err)
	}
	if only[3][8] != 0.1 || p.Tariffs[3][8] != 0.2 {
		t.Errorf("CN←US in April: tariffs only %g, all %g", only[3][8], p.Tariffs[3][8])
	}
	if _, err := mustParse(t, "name = \"x\"\n").TimePath(b, Options{}); err == nil {
		t.Error("TimePath without [timeline]: no error")
	}
}

// The timeline survives WriteTOML and WriteResolved, and the resolved file
// keeps every measure (the path needs them all), not only those in force on
// the evaluation date.
func TestTimelineRoundTrip(t *testing.T) {
	b := testBaseline()
	s := mustParse(t, fullTimeline)
	var buf bytes.Buffer
	if err := s.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	s2 := mustParse(t, buf.String())
	var buf2 bytes.Buffer
	if err := s2.WriteTOML(&buf2); err != nil {
		t.Fatal(err)
	}
	if buf.String() != buf2.String() {
		t.Errorf("WriteTOML is not stable:\n%s\n---\n%s", buf.String(), buf2.String())
	}
	var res bytes.Buffer
	if err := s.WriteResolved(&res, b, Options{At: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	r := mustParse(t, res.String())
	if len(r.Tariffs) != 2 || len(r.Retaliations) != 1 || r.Timeline == nil || r.Timeline.Category["ict"].HalfLife.Value() != 0.5 {
		t.Fatalf("resolved lost measures or timeline:\n%s", res.String())
	}
	p1, err := s.TimePath(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := r.TimePath(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for τ := range p1.Tariffs {
		for f := range p1.Tariffs[τ] {
			if p1.Tariffs[τ][f] != p2.Tariffs[τ][f] || p1.HalfLife[f] != p2.HalfLife[f] || p1.Growth[f] != p2.Growth[f] {
				t.Fatalf("month %d flow %d differs after the resolved round trip", τ, f)
			}
		}
	}
}

// FuzzTimeline checks that no [timeline] makes Parse or TimePath panic,
// and that an accepted one survives WriteTOML.
func FuzzTimeline(f *testing.F) {
	f.Add([]byte(fullTimeline))
	f.Add([]byte(timelineHead + "half_life_months = 0\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"-50%\"\nmode = \"set\"\nstart = 2025-02-28\nend = 2025-03-01\n"))
	b := testBaseline()
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.toml")
		if err != nil || s.Timeline == nil {
			return
		}
		var buf bytes.Buffer
		if err := s.WriteTOML(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(buf.Bytes(), "again.toml"); err != nil {
			t.Fatalf("WriteTOML output does not parse: %v\n%s", err, buf.Bytes())
		}
		p, err := s.TimePath(b, Options{})
		if err != nil {
			return
		}
		if _, err := timepath.Solve(p); err != nil && !strings.Contains(err.Error(), "timepath: month") {
			t.Fatalf("Solve: %v", err)
		}
	})
}
