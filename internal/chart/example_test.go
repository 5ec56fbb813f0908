package chart_test

import (
	"fmt"

	"github.com/tariffsim/tariffsim/internal/chart"
)

func ExampleChart_With() {
	c, err := chart.Tornado(chart.TornadoSpec{
		Name: "tornado", Title: "What moves the change in US imports",
		Subtitle: "US 25% on Canada and Mexico", Note: "Source: tariffsim 0.1.0.",
		Bars: []chart.TornadoBar{{Label: "Electronics, σ", Low: -1200, High: 900, LowLabel: "σ 4", HighLabel: "σ 8"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	size, _ := chart.SizeByName("social")
	e := c.With(chart.Options{Edited: "σ = 6, Canada 40%", Note: "Chart: Example Org.", Size: size})
	w, _ := e.Size()
	fmt.Println(e.Subtitle)
	fmt.Println(e.Note)
	fmt.Printf("%v pt wide, %d px at %v dpi\n", float64(w), size.Pixels(), e.DPI())
	// Output:
	// US 25% on Canada and Mexico (edited: σ = 6, Canada 40%)
	// Source: tariffsim 0.1.0. Chart: Example Org.
	// 480 pt wide, 1200 px at 180 dpi
}
