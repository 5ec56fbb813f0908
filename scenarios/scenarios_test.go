package scenarios

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

func TestList(t *testing.T) {
	infos, err := List()
	if err != nil {
		t.Fatal(err)
	}
	// At least the seven of the 2025 set; others may be added alongside.
	if len(infos) < 7 || !slices.ContainsFunc(infos, func(i Info) bool { return i.File == "2025-as-it-happened.toml" }) {
		t.Errorf("%d scenarios, want at least 7 including 2025-as-it-happened", len(infos))
	}
	for _, i := range infos {
		if i.Name == "" || i.Description == "" {
			t.Errorf("%s: name or description missing", i.File)
		}
		s, err := Load(i.Slug())
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Sources) == 0 {
			t.Errorf("%s: no sources", i.File)
		}
		if s.Slug() != i.Slug() {
			t.Errorf("%s: slug %q", i.File, s.Slug())
		}
	}
	if _, err := Load("nope"); err == nil || !strings.Contains(err.Error(), "china-2025-04-peak") {
		t.Errorf("Load(nope): %v", err)
	}
}

// TestAgainstATP2024 checks every shipped scenario against the default
// baseline, builds its problem, and checks that the resolved file runs the
// same problem again.
func TestAgainstATP2024(t *testing.T) {
	b := baseline.ATP2024()
	infos, err := List()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range infos {
		if i.Engine == scenario.GE {
			continue // on the GE baseline: TestAgainstGE2006
		}
		t.Run(i.Slug(), func(t *testing.T) {
			s, err := Load(i.Slug())
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Check(b); err != nil {
				t.Fatal(err)
			}
			for _, opt := range []scenario.Options{{}, {Measures: scenario.TariffsOnly}} {
				p, err := s.Problem(b, opt)
				if err != nil {
					t.Fatal(err)
				}
				for k, e := range p.Params.Category {
					if err := e.Validate(); err != nil {
						t.Errorf("%s: %v", k, err)
					}
				}
				var buf bytes.Buffer
				if err := s.WriteResolved(&buf, b, opt); err != nil {
					t.Fatal(err)
				}
				r, err := scenario.Parse(buf.Bytes(), "resolved.toml")
				if err != nil {
					t.Fatalf("%v\n%s", err, buf.String())
				}
				p2, err := r.Problem(b, scenario.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for j := range p.NewTariff {
					if p.NewTariff[j] != p2.NewTariff[j] {
						t.Fatalf("resolved file runs differently at flow %d", j)
					}
				}
			}
		})
	}
}

// TestRates spot-checks the new tariffs the shipped scenarios give, in
// percentage points added to the baseline rate, on their default dates.
func TestRates(t *testing.T) {
	b := baseline.ATP2024()
	added := func(file string, opt scenario.Options) map[string]float64 {
		s, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Problem(b, opt)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for j, f := range p.Flows {
			out[f.Importer+"<"+f.Exporter+" "+f.Category] = math.Round(1e9*100*(p.NewTariff[j]-f.Tariff)) / 1e9
		}
		return out
	}
	day := func(s string) scenario.Options {
		d, _ := time.Parse(time.DateOnly, s)
		return scenario.Options{At: d}
	}
	for _, c := range []struct {
		file string
		opt  scenario.Options
		flow string
		want float64
	}{
		// Dated USMCA claim shares (docs/data/usmca_claim_shares.csv): the
		// reported new tariff is the exempt-share-weighted mean.
		{"us-canada-mexico-25", scenario.Options{}, "US<CA ict", 25 * 0.10},
		{"us-canada-mexico-25", scenario.Options{}, "US<MX lifesci", 25 * 0.16},
		{"us-canada-mexico-25", day("2025-06-15"), "US<CA ict", 25 * 0.08},
		{"us-canada-mexico-25", day("2025-08-15"), "US<CA ict", 25 * 0.11},
		{"us-canada-mexico-25", day("2025-08-15"), "US<MX ict", 25 * 0.11},
		{"us-canada-mexico-25-upper-bound", scenario.Options{}, "US<CA ict", 25 * 0.62},
		{"us-canada-mexico-25-upper-bound", scenario.Options{}, "US<MX lifesci", 12.5},
		{"us-canada-mexico-25-upper-bound", day("2025-08-15"), "US<CA ict", 25 * 0.62},
		{"2025-as-it-happened", day("2025-08-15"), "US<CA ict", 35 * 0.11},
		{"2025-as-it-happened", day("2025-04-15"), "US<MX opto", 25 * 0.16},
		// The plain run takes the median of the drawn claim share, uniform(85.6%, 93.2%): 89.4%.
		{"us-canada-mexico-25-uncertain", scenario.Options{}, "US<CA ict", 25 * (1 - 0.894)},
		{"us-canada-mexico-25", day("2025-03-05"), "US<CA ict", 25},
		{"us-canada-mexico-25", scenario.Options{}, "CA<US ict", 0},
		{"us-canada-mexico-25-retaliation", scenario.Options{}, "CA<US ict", 1.5},
		{"us-canada-mexico-25-retaliation", scenario.Options{}, "CA<OTH ict", 0},
		{"us-canada-mexico-25-retaliation", day("2025-09-01"), "CA<US ict", 0},
		{"us-canada-mexico-25-full", scenario.Options{}, "US<CA ict", 25},
		{"us-canada-mexico-25-full", scenario.Options{}, "MX<US electronics", 25},
		{"china-2025-04-peak", scenario.Options{}, "US<CN lifesci", 145},
		{"china-2025-04-peak", scenario.Options{}, "US<CN ict", 20},
		{"china-2025-04-peak", scenario.Options{}, "US<CN electronics", 20},
		{"china-2025-04-peak", scenario.Options{}, "US<CN biotech", 20},
		{"china-2025-04-peak", scenario.Options{}, "CN<US ict", 125},
		{"china-2025-04-peak", day("2025-04-09"), "US<CN opto", 104},
		{"china-2025-04-peak", day("2025-04-06"), "US<CN opto", 30},
		{"china-2025-04-peak", day("2025-04-11"), "CN<US ict", 0},
		{"china-2025-05-geneva", scenario.Options{}, "US<CN opto", 30},
		{"china-2025-05-geneva", scenario.Options{}, "US<CN ict", 20},
		{"china-2025-05-geneva", scenario.Options{}, "CN<US lifesci", 10},
		{"reciprocal-2025-08", scenario.Options{}, "US<CH lifesci", 39},
		{"reciprocal-2025-08", scenario.Options{}, "US<VN opto", 20},
		{"reciprocal-2025-08", scenario.Options{}, "US<TW electronics", 0},
		{"reciprocal-2025-08", scenario.Options{}, "US<CN aerospace", 10},
		{"reciprocal-2025-08", scenario.Options{}, "US<RoW lifesci", 10},
	} {
		got, ok := added(c.file, c.opt)[c.flow]
		if !ok {
			t.Errorf("%s: no flow %s in the baseline", c.file, c.flow)
			continue
		}
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s %v: %s +%v points, want +%v", c.file, c.opt.At.Format(time.DateOnly), c.flow, got, c.want)
		}
	}
}

// TestAgainstGE2006 checks every shipped GE scenario against the GE
// baseline it runs on: at least two ship, each maps to a GE problem whose
// new tariffs are the measures' rates, and its resolved file maps to the
// same problem.
func TestAgainstGE2006(t *testing.T) {
	b, err := gerun.Baseline()
	if err != nil {
		t.Fatal(err)
	}
	infos, err := List()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, i := range infos {
		if i.Engine != scenario.GE {
			continue
		}
		n++
		t.Run(i.Slug(), func(t *testing.T) {
			s, err := Load(i.Slug())
			if err != nil {
				t.Fatal(err)
			}
			c, err := gerun.Compile(s, b, gerun.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p, err := c.Problem(scenario.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Theta != 4 || len(p.Flows) != 900 {
				t.Errorf("θ %v, %d flows", p.Theta, len(p.Flows))
			}
			t1 := map[string]float64{}
			for _, f := range p.Flows {
				t1[f.Importer+"<"+f.Exporter] = f.NewTariff
			}
			want := map[string]float64{"USA<CAN": 0.25, "USA<MEX": 0.25, "USA<CHN": 0, "USA<USA": 0, "CAN<MEX": 0}
			if strings.Contains(i.File, "retaliation") {
				want["CAN<USA"], want["MEX<USA"] = 0.25, 0.25
			} else {
				want["CAN<USA"] = 0
			}
			for k, v := range want {
				if t1[k] != v {
					t.Errorf("%s: new tariff %v, want %v", k, t1[k], v)
				}
			}
			var buf bytes.Buffer
			if err := s.WriteResolved(&buf, b, scenario.Options{}); err != nil {
				t.Fatal(err)
			}
			r, err := scenario.Validate(buf.Bytes(), "resolved.toml", b)
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			rc, err := gerun.Compile(r, b, gerun.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p2, err := rc.Problem(scenario.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for j := range p.Flows {
				if p.Flows[j] != p2.Flows[j] || p.Theta != p2.Theta || p.Imbalance != p2.Imbalance {
					t.Fatalf("resolved file maps differently at flow %d", j)
				}
			}
		})
	}
	if n < 2 {
		t.Errorf("%d shipped GE scenarios, want at least 2", n)
	}
}
