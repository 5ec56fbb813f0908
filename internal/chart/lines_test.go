package chart

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func sampleLines(t *testing.T) *Chart {
	t.Helper()
	var x, im, ex, bal []float64
	for i := range 19 {
		s := 1 + 0.5*float64(i)
		x = append(x, s)
		im = append(im, -1500*s-800)
		ex = append(ex, -200-30*s)
		bal = append(bal, 1300*s+600)
	}
	c, err := Lines(LineSpec{
		Name: "sweep-trade", Title: "US trade as the substitution elasticity σ varies",
		Subtitle: "US 25% on Canada and Mexico", Explain: "Change from the baseline at each value of σ, all categories.",
		Note:   "Source: tariffsim test",
		XLabel: "Substitution elasticity σ", X: x,
		Series: []LineSeries{{"Imports", im}, {"Exports", ex}, {"Balance", bal}},
		Ref:    5, RefLabel: "scenario: σ 5",
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sampleTornado(t *testing.T) *Chart {
	t.Helper()
	c, err := Tornado(TornadoSpec{
		Name: "tornado", Title: "What moves the change in US imports", Subtitle: "test",
		Explain: "Each parameter moved alone.", Note: "Source: test",
		Bars: []TornadoBar{
			{"Information & Communications, σ", -2400, 1900, "σ 4.4", "σ 13"},
			{"Electronics, η", 1200, -1100, "η 1", "η 3"},
			{"Aerospace, σ", -300, -100, "σ 2.5", "σ 7.5"}, // same side
			{"Weapons, η", 0, 0, "η 0.5", "η 1.6"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sampleGrouped(t *testing.T) *Chart {
	t.Helper()
	c, err := Grouped(GroupSpec{
		Name: "compare-imports-by-partner", Title: "Change in US imports by partner", Subtitle: "3 scenarios",
		Explain: "Change from the baseline.", Note: "Source: test",
		Series: []string{"A: 25% on Canada and Mexico", "B: with retaliation", "C: China peak"},
		Rows: []Row{
			{Code: "MX", Label: "Mexico", Values: []float64{-56852, -56852, 3000}},
			{Code: "CN", Label: "China", Values: []float64{10899, 10899, -90000}},
			{Code: "CA", Label: "Canada", Values: []float64{-15571, -15571, 800}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewChartsRender(t *testing.T) {
	dir := os.Getenv("CHART_PREVIEW_DIR")
	for _, c := range []*Chart{sampleLines(t), sampleTornado(t), sampleGrouped(t)} {
		checkRender(t, c)
		if dir != "" {
			if _, err := WriteFiles(filepath.Join(dir, "new"), []*Chart{c}, []string{FormatPNG}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestLinesData(t *testing.T) {
	c := sampleLines(t)
	if len(c.Data.Rows) != 19 || len(c.Data.Columns) != 4 {
		t.Fatalf("table %d rows × %d columns, want 19 × 4", len(c.Data.Rows), len(c.Data.Columns))
	}
	// The table keeps model units (million USD) although the chart draws
	// billions.
	if got := c.Data.Rows[0].Values[1]; got != -2300 {
		t.Errorf("first imports value %v, want -2300", got)
	}
	if got := c.lines.series[0].Y[0]; math.Abs(got+2.3) > 1e-12 {
		t.Errorf("plotted %v, want -2.3 (billions)", got)
	}
}

func TestLinesErrors(t *testing.T) {
	for name, spec := range map[string]LineSpec{
		"one point":  {Name: "x", X: []float64{1}, Series: []LineSeries{{"a", []float64{1}}}},
		"decreasing": {Name: "x", X: []float64{2, 1}, Series: []LineSeries{{"a", []float64{1, 2}}}},
		"length":     {Name: "x", X: []float64{1, 2}, Series: []LineSeries{{"a", []float64{1}}}},
		"no series":  {Name: "x", X: []float64{1, 2}},
	} {
		if _, err := Lines(spec); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestTornadoOrderKept(t *testing.T) {
	c := sampleTornado(t)
	if c.Data.Rows[0].Label != "Information & Communications, σ" || c.Data.Rows[1].Values[0] != 1200 {
		t.Errorf("rows %+v", c.Data.Rows)
	}
	// The longer bar of a row is drawn first so the shorter stays visible.
	s := c.bars
	for i := range s.rows {
		a, b := s.series[0].hi[i], s.series[1].hi[i]
		if math.Abs(a) < math.Abs(b) {
			t.Errorf("row %d: first bar %v shorter than second %v", i, a, b)
		}
	}
	if _, err := Grouped(GroupSpec{Name: "x", Series: make([]string, MaxGroupSeries+1)}); err == nil {
		t.Error("too many series: no error")
	}
}
