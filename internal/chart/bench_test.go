package chart

import (
	"io"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
)

// BenchmarkRenderAll renders every chart of a realistic run (20 partners ×
// 10 categories, with the tariffs-only split) in one format per
// sub-benchmark; one op is the whole set.
func BenchmarkRenderAll(b *testing.B) {
	res := charttest.Result(charttest.Options{Tariff: 1, Retaliation: true})
	only := charttest.Result(charttest.Options{Tariff: 1})
	charts, err := Build(res, only, testMeta())
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []string{FormatSVG, FormatSVGNoFonts, FormatPNG, FormatPDF} {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range charts {
					if err := c.Render(io.Discard, f); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkBuild measures computing the chart data from a Result.
func BenchmarkBuild(b *testing.B) {
	res := charttest.Result(charttest.Options{Tariff: 1, Retaliation: true})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(res, nil, testMeta()); err != nil {
			b.Fatal(err)
		}
	}
}
