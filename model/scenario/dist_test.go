package scenario

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

const distSrc = `name = "d"
[elasticities]
substitution = { dist = "lognormal", median = 5, p95 = 10 }
import_demand = "high"
[elasticities.category.ict]
import_demand = { dist = "triangular", min = 0.5, mode = 1, max = 2.5 }
export_supply = { dist = "normal", mean = 1.5, sd = 0.4 }
[elasticities.exporter.CN]
export_supply = { dist = "uniform", min = 2, max = 8 }
[[tariff]]
by = "US"
on = "CN"
rate = "10%"
`

// rangedBaseline is testBaseline with documented ranges for the presets.
func rangedBaseline() *baseline.Baseline {
	b := testBaseline()
	for k, d := range b.Defaults {
		d.SubstitutionLow, d.SubstitutionHigh = d.Substitution/2, d.Substitution*1.5
		d.ImportDemandLow, d.ImportDemandHigh = 0.5, 3
		b.Defaults[k] = d
	}
	b.Fallback.ImportDemandLow, b.Fallback.ImportDemandHigh = 0.4, 2.5
	b.Fallback.SubstitutionLow, b.Fallback.SubstitutionHigh = 2, 9
	return b
}

func TestDistributionParse(t *testing.T) {
	s := mustParse(t, distSrc)
	d, ok := s.Elasticities.Default.Substitution.Dist()
	if !ok || d != (Distribution{Kind: Lognormal, Median: 5, P95: 10}) {
		t.Fatalf("default σ: %+v, %v", d, ok)
	}
	if got := s.Elasticities.Default.Substitution.Value(); got != 5 {
		t.Errorf("a lognormal's Value is its median 5, got %v", got)
	}
	if p, ok := s.Elasticities.Default.ImportDemand.Preset(); !ok || p != High {
		t.Errorf("import_demand preset: %q %v", p, ok)
	}
	tri, _ := s.Elasticities.Category["ict"].ImportDemand.Dist()
	// Median of triangular(0.5, 1, 2.5): F(mode) = 0.25 < 0.5, so
	// 2.5 − sqrt(0.5·2·1.5).
	if want := 2.5 - math.Sqrt(1.5); math.Abs(s.Elasticities.Category["ict"].ImportDemand.Value()-want) > 1e-12 || tri.Mode != 1 {
		t.Errorf("triangular median %v, want %v", s.Elasticities.Category["ict"].ImportDemand.Value(), want)
	}
}

// WriteTOML and WriteResolved write a distribution back as a distribution.
func TestDistributionRoundTrip(t *testing.T) {
	s := mustParse(t, distSrc)
	var buf bytes.Buffer
	if err := s.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	s2 := mustParse(t, buf.String())
	if !reflect.DeepEqual(s.Elasticities, s2.Elasticities) {
		t.Errorf("round trip changed the elasticities:\n%+v\n%+v\n%s", s.Elasticities, s2.Elasticities, buf.String())
	}
	b := rangedBaseline()
	buf.Reset()
	if err := s.WriteResolved(&buf, b, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"substitution = { dist = \"lognormal\", median = 5, p95 = 10 }",
		"import_demand = { dist = \"triangular\", min = 0.5, mode = 1, max = 2.5 }",
		"export_supply = { dist = \"normal\", mean = 1.5, sd = 0.4 }",
		"export_supply = { dist = \"uniform\", min = 2, max = 8 }",
		"import_demand = 3\n", // "high" resolved for biotech and electronics
	} {
		if !strings.Contains(out, want) {
			t.Errorf("resolved scenario lacks %q:\n%s", want, out)
		}
	}
	r := mustParse(t, out)
	if d, ok := r.Elasticities.Category["biotech"].Substitution.Dist(); !ok || d.Kind != Lognormal {
		t.Errorf("biotech σ follows the default's distribution; got %+v", r.Elasticities.Category["biotech"].Substitution)
	}
}

func TestPresets(t *testing.T) {
	b := rangedBaseline()
	s := mustParse(t, "name = \"p\"\n[elasticities]\nsubstitution = \"low\"\nimport_demand = \"high\"\n[elasticities.category.ict]\nsubstitution = \"central\"\n")
	p, err := s.Params(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Category["ict"]; got.Substitution != 8.8 || got.ImportDemand != 3 {
		t.Errorf("ict: %+v, want σ 8.8 (central) and η 3 (high)", got)
	}
	if got := p.Category["biotech"]; got.Substitution != 3.3/2 {
		t.Errorf("biotech σ low: %v", got.Substitution)
	}
	if p.Default.Substitution != 2 || p.Default.ImportDemand != 2.5 {
		t.Errorf("fallback: %+v", p.Default)
	}
	// A baseline without ranges: a clear error with the line.
	_, err = s.Params(testBaseline())
	if err == nil || !strings.Contains(err.Error(), "test.toml:3") || !strings.Contains(err.Error(), "documents no low value of substitution") {
		t.Errorf("want an error at line 3 about the missing range, got %v", err)
	}
	// Short run: central follows the horizon.
	s = mustParse(t, "name = \"p\"\n[model]\nhorizon = \"short-run\"\n[elasticities]\nimport_demand = \"central\"\n")
	if p, err = s.Params(b); err != nil || p.Category["ict"].ImportDemand != 0.8 {
		t.Errorf("short-run central η for ict: %v, %v", p.Category["ict"].ImportDemand, err)
	}
}

// The ATP baseline documents a range around every default: low ≤ central ≤
// high for each group, parameter and horizon.
func TestATPPresetOrder(t *testing.T) {
	b := baseline.ATP2024()
	for _, c := range append(b.CategoryCodes(), "") {
		d := b.DefaultsFor(c)
		for _, key := range []string{"substitution", "import_demand", "export_supply"} {
			for _, sr := range []bool{false, true} {
				lo, err1 := d.Preset("low", key, sr)
				mid, err2 := d.Preset("central", key, sr)
				hi, err3 := d.Preset("high", key, sr)
				if err1 != nil || err2 != nil || err3 != nil || !(lo <= mid && mid <= hi) || lo <= 0 {
					t.Errorf("%q %s short-run=%v: low %v central %v high %v (%v %v %v)", c, key, sr, lo, mid, hi, err1, err2, err3)
				}
			}
		}
		if d.RangeSource == "" {
			t.Errorf("%q: no RangeSource", c)
		}
	}
}

func TestQuantileClosedForms(t *testing.T) {
	for _, c := range []struct {
		d       Distribution
		p, want float64
	}{
		{Distribution{Kind: Lognormal, Median: 5, P95: 10}, 0.95, 10},
		{Distribution{Kind: Lognormal, Median: 5, P95: 10}, 0.5, 5},
		{Distribution{Kind: Lognormal, Median: 5, P95: 10}, 0.05, 2.5},
		{Distribution{Kind: Uniform, Min: 2, Max: 8}, 0.25, 3.5},
		{Distribution{Kind: Triangular, Min: 2, Mode: 4, Max: 10}, 0.25, 4},
		{Distribution{Kind: Triangular, Min: 2, Mode: 4, Max: 10}, 0, 2},
		{Distribution{Kind: Triangular, Min: 2, Mode: 4, Max: 10}, 1, 10},
		{Distribution{Kind: Normal, Mean: 100, SD: 1}, 0.5, 100},
		{Distribution{Kind: Normal, Mean: 0, SD: 1}, 0.5, 0.6744897501960817}, // half-normal median
	} {
		if got := c.d.Quantile(c.p); math.Abs(got-c.want) > 1e-9*max(1, c.want) {
			t.Errorf("%v.Quantile(%v) = %v, want %v", c.d, c.p, got, c.want)
		}
	}
	if !math.IsNaN((Distribution{Kind: Uniform, Min: 1, Max: 2}).Quantile(1.5)) {
		t.Error("Quantile outside [0, 1] is not NaN")
	}
}
