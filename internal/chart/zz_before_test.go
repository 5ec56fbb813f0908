package chart

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
)

func TestZZBefore(t *testing.T) {
	dir := os.Getenv("ZZ_DIR")
	if dir == "" {
		t.Skip()
	}
	res := charttest.Result(charttest.Options{Tariff: 1, Retaliation: true})
	charts, err := Build(res, nil, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteFiles(filepath.Join(dir), charts, []string{FormatSVG, FormatPDF, FormatPNG}); err != nil {
		t.Fatal(err)
	}
}

func TestZZSizes(t *testing.T) {
	dir := os.Getenv("ZZ_DIR")
	if dir == "" {
		t.Skip()
	}
	res := charttest.Result(charttest.Options{Tariff: 1, Retaliation: true})
	charts, _ := Build(res, nil, testMeta())
	for _, n := range []string{"print", "slide", "social"} {
		s, _ := SizeByName(n)
		c := charts[0].With(Options{Size: s, Edited: "σ = 6, Canada 40%", Note: "Chart: Fair Trade Watch."})
		c.Name += "-" + n
		if _, err := WriteFiles(dir, []*Chart{c}, []string{FormatPNG}); err != nil {
			t.Fatal(err)
		}
	}
	tp, mk := samplePath(t)
	ps, _ := BuildPath(tp, mk, testMeta())
	WriteFiles(dir, ps, []string{FormatPNG, FormatPDF})
	WriteFiles(dir, []*Chart{sampleGrouped(t), sampleTornado(t)}, []string{FormatPNG, FormatPDF})
}

func TestZZLegend(t *testing.T) {
	dir := os.Getenv("ZZ_DIR")
	if dir == "" {
		t.Skip()
	}
	long := "B: US 25% on Canada and Mexico (USMCA goods exempt), with Canada's and Mexico's retaliation on US exports of aerospace and electronics"
	c, _ := Grouped(GroupSpec{
		Name: "compare-long", Title: "Change in US imports by partner", Subtitle: "2 scenarios", Note: "Source: test",
		Series: []string{"A: US 25% on Canada and Mexico", long},
		Rows:   []Row{{Code: "MX", Label: "Mexico", Values: []float64{-56852, -50000}}, {Code: "CA", Label: "Canada", Values: []float64{-15000, -12000}}},
	})
	WriteFiles(dir, []*Chart{c.With(Options{Size: SizeSocial})}, []string{FormatPNG})
	res := charttest.Result(charttest.Options{Tariff: 1, Retaliation: true})
	charts, _ := Build(res, nil, testMeta())
	WriteFiles(dir, charts, []string{FormatPNG, FormatPDF, FormatSVG})
}
