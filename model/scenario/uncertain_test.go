package scenario

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestMeasureDistributions(t *testing.T) {
	src := `name = "x"
[uncertainty]
correlation = 0.8
[[tariff]]
by = "US"
on = "MX"
rate = { dist = "uniform", min = "15%", max = "35%" }
exempt = { dist = "triangular", min = "80%", mode = "84%", max = "90%" }
[[trade_cost]]
by = "US"
on = "CN"
change = { dist = "uniform", min = "-10%", max = "-10%" }
`
	s := mustParse(t, src)
	m := s.Tariffs[0]
	if m.Rate != 25 || m.RateDist.Kind != Uniform || m.RateDist.Min != 15 || m.RateDist.Max != 35 {
		t.Errorf("rate: %v %+v; want the median 25%% of uniform(15%%, 35%%)", m.Rate, m.RateDist)
	}
	// Median of triangular(80, 84, 90): F(84) = 0.4 < 0.5, so 90 − √(0.5·10·6).
	if want := 90 - math.Sqrt(30); math.Abs(float64(m.Exempt)-want) > 1e-12 {
		t.Errorf("exempt = %v, want the median %v", m.Exempt, want)
	}
	if c := s.TradeCosts[0]; c.Change != -10 || c.ChangeDist.Min != -10 {
		t.Errorf("point-mass change: %v %+v", c.Change, c.ChangeDist)
	}
	if s.Uncertainty.Correlation != 0.8 {
		t.Errorf("correlation = %v", s.Uncertainty.Correlation)
	}
	var buf bytes.Buffer
	if err := s.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	back := mustParse(t, buf.String())
	if back.Tariffs[0].RateDist != m.RateDist || back.Tariffs[0].ExemptDist != m.ExemptDist ||
		back.TradeCosts[0].ChangeDist != s.TradeCosts[0].ChangeDist || back.Uncertainty != s.Uncertainty {
		t.Errorf("round trip lost a distribution:\n%s", buf.String())
	}
}

func TestMeasureDistributionErrors(t *testing.T) {
	head := "name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"MX\"\n"
	for _, c := range []struct{ body, msg string }{
		{`rate = { dist = "uniform", min = 15, max = "35%" }`, `min: the bare number 15 is ambiguous`},
		{`rate = { dist = "lognormal", median = "20%", p95 = "40%" }`, "no upper bound"},
		{"rate = \"25%\"\nexempt = { dist = \"uniform\", min = \"80%\", max = \"120%\" }", "must lie between 0% and 100%"},
		{`rate = { dist = "uniform", min = "35%", max = "15%" }`, "must be ≤ max"},
		{"rate = \"25%\"\n[uncertainty]\ncorrelation = 1.5", "not a correlation between 0 and 1"},
	} {
		_, err := Parse([]byte(head+c.body+"\n"), "t.toml")
		if err == nil || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "t.toml:") {
			t.Errorf("%s:\n err = %v, want it to name the file and line and contain %q", c.body, err, c.msg)
		}
	}
}

// Editing a drawn value (the web page's slider) fixes it: the edit
// replaces the distribution, as it does for an elasticity.
func TestEditFixesDistribution(t *testing.T) {
	s := mustParse(t, "name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"MX\"\nrate = { dist = \"uniform\", min = \"15%\", max = \"35%\" }\nexempt = { dist = \"uniform\", min = \"80%\", max = \"90%\" }\n")
	e, err := s.Apply(nil, Edit{Kind: EditExempt, Measure: MeasureRef{Kind: Tariff}, Value: 50})
	if err != nil {
		t.Fatal(err)
	}
	if m := e.Tariffs[0]; m.Exempt != 50 || m.ExemptDist.IsSet() || !m.RateDist.IsSet() {
		t.Errorf("after the exempt edit: %+v", m)
	}
	if !s.Tariffs[0].ExemptDist.IsSet() {
		t.Error("Apply changed the original")
	}
}
