package chart

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
)

// TestLongLegendWraps checks that a compare chart's long scenario names
// are wrapped inside the canvas, at every size, and shown in full.
func TestLongLegendWraps(t *testing.T) {
	long := "B: US 25% on Canada and Mexico (USMCA goods exempt), with Canada's and Mexico's retaliation on US exports of aerospace and electronics"
	c, err := Grouped(GroupSpec{
		Name: "compare-imports-by-partner", Title: "Change in US imports by partner", Subtitle: "2 scenarios", Note: "Source: test",
		Series: []string{"A: US 25% on Canada and Mexico", long},
		Rows:   []Row{{Code: "MX", Label: "Mexico", Values: []float64{-56852, -50000}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Size{SizeDefault, SizePrint, SizeSocial} {
		d := c.With(Options{Size: s})
		l := d.layout()
		var shown []string
		for _, row := range l.legend {
			x := vg.Length(0)
			for _, it := range row {
				if it.lines != nil {
					for _, ln := range it.lines {
						if w := margin + swatch + swatchGap + l.legS.Width(ln); w > s.Width-margin+1e-9 {
							t.Errorf("%s: legend line %q ends at %v of %v", s.Name, ln, w, s.Width)
						}
					}
					shown = append(shown, strings.Join(it.lines, " "))
				} else {
					x += swatch + swatchGap + l.legS.Width(it.name)
					if margin+x > s.Width-margin+1e-9 {
						t.Errorf("%s: legend item %q ends at %v of %v", s.Name, it.name, margin+x, s.Width)
					}
					x += itemGap
					shown = append(shown, it.name)
				}
			}
		}
		if !strings.Contains(strings.Join(shown, "|"), long) {
			t.Errorf("%s: legend shows %q, not the full name", s.Name, shown)
		}
		var b bytes.Buffer
		if err := d.Render(&b, FormatSVG); err != nil {
			t.Fatal(err)
		}
		if words := strings.Join(svgWords(t, b.Bytes()), " "); !strings.Contains(words, "aerospace") || !strings.Contains(words, "(USMCA") {
			t.Errorf("%s: SVG lacks the end of the long name", s.Name)
		}
	}
}

// TestSignColoursExplained checks the colour rule of the sign-coloured
// charts: every bar is blue when its value rises and vermilion when it
// falls, and the legend says so, including for the balance, whose colour
// is about the balance, not about imports.
func TestSignColoursExplained(t *testing.T) {
	_, _, m := build(t, charttest.Options{Tariff: 1, Retaliation: true}, false)
	for name, want := range map[string][]string{
		"imports-by-partner":        {"Rise in imports", "Fall in imports"},
		"exports-by-partner":        {"Rise in exports", "Fall in exports"},
		"balance-by-partner":        {"Rise in the balance (exports up or imports down)", "Fall in the balance", "Total change"},
		"import-prices-by-category": {"Rise in prices", "Fall in prices"},
	} {
		c := m[name]
		var got []string
		for _, it := range c.legendItems() {
			got = append(got, it.name)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s legend %q, want %q", name, got, want)
		}
		se := c.bars.series[0]
		for i := range se.hi {
			if name == "balance-by-partner" && i == len(se.hi)-1 {
				continue // the total, grey
			}
			v := se.hi[i] - se.lo[i]
			if math.IsNaN(v) {
				continue
			}
			if se.colors[i] != signColour(v) {
				t.Errorf("%s row %q: colour %v for %v", name, c.bars.rows[i], se.colors[i], v)
			}
		}
	}
	// The same partner: imports from Mexico rise in this fixture (trade
	// diverted to it), so its balance contribution falls, and the two
	// charts give it the two colours, each meaning what its legend says.
	imp, bal := m["imports-by-partner"], m["balance-by-partner"]
	row := func(c *Chart, label string) int {
		for i, r := range c.bars.rows {
			if r == label {
				return i
			}
		}
		t.Fatalf("%s has no row %q", c.Name, label)
		return -1
	}
	i, j := row(imp, "Mexico"), row(bal, "Mexico")
	if dImp, dBal := imp.bars.series[0].hi[i], bal.bars.series[0].hi[j]-bal.bars.series[0].lo[j]; dImp*dBal >= 0 {
		t.Errorf("Mexico: imports change %v and balance change %v have the same sign", dImp, dBal)
	}
}
