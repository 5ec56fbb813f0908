package analysis

import (
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

// setup solves a shipped scenario on the embedded baseline for an
// analysis, and returns its source and file name.
func setup(t *testing.T, name string) (*Setup, []byte, string) {
	t.Helper()
	b := baseline.ATP2024()
	file := name + ".toml"
	data, err := fs.ReadFile(scenarios.FS, file)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Validate(data, file, b)
	if err != nil {
		t.Fatal(err)
	}
	st, err := NewSetup(context.Background(), sc, b, scenario.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	return st, data, file
}

// TestSweepMatchesRun checks that each point of a sweep is what a plain
// run gives with the parameter written into the scenario.
func TestSweepMatchesRun(t *testing.T) {
	for _, tc := range []struct {
		param, cat, toml string
	}{
		{"substitution", "ict", "[elasticities.category.ict]\nsubstitution = %s\n"},
		{"eta", "", "[elasticities]\nimport_demand = %s\n"}, // the short name works too
		{"domestic_substitution", "aerospace", "[elasticities.category.aerospace]\ndomestic_substitution = %s\n"},
		{"eps_d", "", "[elasticities]\ndomestic_supply = %s\n"},
		{SweepRate, "", ""},
		{SweepScale, "", ""},
	} {
		spec := SweepSpec{Param: tc.param, Category: tc.cat, From: "0.5", To: "3", Steps: 3, Metrics: metric.Headlines("US", "US")}
		if tc.param == SweepRate {
			spec.Measure, spec.From, spec.To = 2, "10", "40"
		}
		st, data, file := setup(t, "us-canada-mexico-25")
		s, err := NewSweep(st, spec)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SolveGrid(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		b, opt := st.Run.Baseline, st.Run.Options
		for i, x := range s.Grid {
			xs := strconv.FormatFloat(x, 'g', -1, 64)
			var text string
			switch tc.param {
			case SweepRate:
				// The second measure in force is Mexico's (on 2025-03-07).
				text = strings.Replace(string(data), "rate = \"25%\"\nexempt = \"84%\"", "rate = \""+xs+"%\"\nexempt = \"84%\"", 1)
			case SweepScale:
				text = strings.ReplaceAll(string(data), "rate = \"25%\"", "rate = \""+strconv.FormatFloat(25*x, 'g', -1, 64)+"%\"")
			default:
				// The table goes before the first [[tariff]], after the
				// top-level keys.
				text = strings.Replace(string(data), "[[tariff]]", strings.Replace(tc.toml, "%s", xs, 1)+"\n[[tariff]]", 1)
			}
			if text == string(data) && !(tc.param == SweepRate && x == 25) && !(tc.param == SweepScale && x == 1) {
				t.Fatalf("%s: the scenario text did not change", tc.param)
			}
			sc, err := scenario.Validate([]byte(text), file, b)
			if err != nil {
				t.Fatalf("%s: %v\n%s", tc.param, err, text)
			}
			p, err := sc.Problem(b, opt)
			if err != nil {
				t.Fatal(err)
			}
			res, err := model.Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			for j, m := range s.Metrics {
				want := m.Eval(res, "US")
				if got := s.Values[i][j]; math.Abs(got-want) > 1e-6*max(1, math.Abs(want)) {
					t.Errorf("%s = %v: %s %v, plain run %v", tc.param, x, m.Name, got, want)
				}
			}
		}
	}
}

func TestSensitivity(t *testing.T) {
	st, _, _ := setup(t, "us-canada-mexico-25")
	for _, name := range []string{"us_imports", "us_welfare", "imports_from:MX"} {
		monotone := name != "us_welfare"
		m, err := metric.Parse(name, st.Run.Baseline, "US", "US")
		if err != nil {
			t.Fatal(err)
		}
		for _, by := range []string{"category", "parameter"} {
			sa, err := Analyse(context.Background(), st, m, by)
			if err != nil {
				t.Fatal(err)
			}
			prev := math.Inf(1)
			moved := 0
			for _, r := range sa.Rows {
				if r.fixed {
					prev = -1 // fixed rows come last
					if r.ResultLow != sa.Central || r.ResultHigh != sa.Central {
						t.Errorf("%s %s: fixed but moved", name, r.Label)
					}
					continue
				}
				moved++
				if prev < 0 || r.Swing() > prev {
					t.Errorf("%s by %s: %s (swing %v) after a narrower row (%v)", name, by, r.Label, r.Swing(), prev)
				}
				prev = r.Swing()
				// Trade flows respond monotonically to σ and η, so low
				// and high bracket the central result; welfare need not
				// (it can peak inside the range). σ_D need not either:
				// with the baseline's import-demand η, total demand moves
				// with σ_D (model.TotalDemand) and the two effects offset.
				lo, hi := min(r.ResultLow, r.ResultHigh), max(r.ResultLow, r.ResultHigh)
				tol := 1e-6 * max(1, math.Abs(sa.Central))
				if monotone && by == "category" && r.param != scenario.DomesticSubstitution && r.lowV <= r.central && r.central <= r.highV && (sa.Central < lo-tol || sa.Central > hi+tol) {
					t.Errorf("%s %s: central %v outside [%v, %v]", name, r.Label, sa.Central, lo, hi)
				}
			}
			if moved == 0 {
				t.Errorf("%s by %s: nothing moved", name, by)
			}
		}
	}
}

// σ_D and ε_D are moved only where the baseline has a domestic flow (US
// aerospace): σ_D over its presets, ε_D by ±50% for want of a documented
// range.
func TestSensitivityDomestic(t *testing.T) {
	st, _, _ := setup(t, "us-canada-mexico-25")
	m, err := metric.Parse("us_imports", st.Run.Baseline, "US", "US")
	if err != nil {
		t.Fatal(err)
	}
	sa, err := Analyse(context.Background(), st, m, "category")
	if err != nil {
		t.Fatal(err)
	}
	domestic := map[string]bool{}
	for _, r := range st.Run.Baseline.Rows {
		if r.Domestic() {
			domestic[r.Category] = true
		}
	}
	n := 0
	for _, r := range sa.Rows {
		if !r.param.Domestic() {
			continue
		}
		n++
		if !domestic[r.cat] {
			t.Errorf("%s: moved in a category without a domestic flow", r.Label)
		}
		switch {
		case r.param == scenario.DomesticSupply && (r.rule != ruleFallback || r.lowV != 0.5*r.central || r.highV != 1.5*r.central):
			t.Errorf("%s: %+v, want ±50%% (no documented range)", r.Label, r.bound)
		case r.cat == "aerospace" && r.param == scenario.DomesticSubstitution && r.rule != rulePreset:
			t.Errorf("%s: rule %q, want the baseline presets", r.Label, r.rule)
		}
		if r.fixed || r.Swing() == 0 {
			t.Errorf("%s: not moved", r.Label)
		}
	}
	if n != 2*len(domestic) || n == 0 {
		t.Errorf("%d domestic rows for %d categories with a domestic flow", n, len(domestic))
	}
	sp, err := Analyse(context.Background(), st, m, "parameter")
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Rows) != 5 {
		t.Errorf("by parameter: %d rows, want σ, η, ε, σ_D, ε_D", len(sp.Rows))
	}
}

// Every observed figure is read from seed 002, not computed: the file must
// hold exactly the numbers of the seed's text.
func TestObservedFiguresAreFromTheSeed(t *testing.T) {
	obs, err := readObserved()
	if err != nil {
		t.Fatal(err)
	}
	// shared/ stands beside the repository on developers' machines and in CI.
	seed, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "002_ceae081955b9c571.txt"))
	if err != nil {
		t.Skip("shared seed not available:", err)
	}
	for _, o := range obs {
		s := strconv.FormatFloat(math.Abs(o.value), 'f', -1, 64)
		if !strings.Contains(string(seed), s) {
			t.Errorf("%s %s %s = %v: %q not in seed 002", o.measure, o.partner, o.category, o.value, s)
		}
	}
}
