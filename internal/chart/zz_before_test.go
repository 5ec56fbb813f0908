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
