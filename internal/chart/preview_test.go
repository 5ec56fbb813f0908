package chart

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
)

// TestPreview writes every chart of a few fixtures as PNG (and SVG, PDF)
// into $CHART_PREVIEW_DIR, for a person to look at. It is skipped unless
// the variable is set.
func TestPreview(t *testing.T) {
	dir := os.Getenv("CHART_PREVIEW_DIR")
	if dir == "" {
		t.Skip("set CHART_PREVIEW_DIR to write preview charts")
	}
	cases := map[string]struct {
		o    charttest.Options
		only bool
	}{
		"large":       {charttest.Options{Tariff: 1, Retaliation: true}, false},
		"large-split": {charttest.Options{Tariff: 1, Retaliation: true}, true},
		"tiny":        {charttest.Options{Tariff: 1e-4, Retaliation: true}, false},
		"nochange":    {charttest.Options{Tariff: 0}, false},
		"few":         {charttest.Options{Tariff: 0.5, Partners: 3, Categories: 2}, false},
	}
	for name, c := range cases {
		res := charttest.Result(c.o)
		var only = (*modelResult)(nil)
		if c.only {
			o := c.o
			o.Retaliation = false
			only = charttest.Result(o)
		}
		charts, err := Build(res, only, testMeta())
		if err != nil {
			t.Fatal(err)
		}
		d := filepath.Join(dir, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := WriteFiles(d, charts, []string{FormatPNG}); err != nil {
			t.Fatal(err)
		}
	}
}
