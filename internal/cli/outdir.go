package cli

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
)

// outputNames are the files a command writes into its output folder
// besides charts (see each command's help).
var outputNames = []string{
	"summary.txt", "results.json", "scenario.toml", "flows.csv", "markets.csv", "producers.csv", "countries.csv",
	"percentiles.csv", "path.csv", "path-totals.csv", "path.json", "report.html",
	"sweep.csv", "sensitivity.txt", "sensitivity.csv", "compare.txt", "compare.csv", "compare.json",
}

// chartStems are the names of the charts of run, and chartFamilies the
// prefixes of the others' (path-trade, sweep-welfare, compare-headline,
// tornado-us_imports).
var (
	chartStems = []string{
		"balance-by-partner", "exports-by-partner", "imports-by-partner", "import-prices-by-category",
		"pass-through-by-category", "trade-by-category", "trade-by-partner", "welfare-by-country", "welfare-split",
		"uncertainty-headline",
	}
	chartFamilies = []string{"path-", "sweep-", "compare-", "tornado-"}
)

// ownOutput reports whether e is a file tariffsim writes into an output
// folder, or a temporary file of an interrupted write: a folder written
// before output folders carried atomicfile.Marker, holding only such
// files, may be replaced as a whole. A folder with anything else in it
// is refused (atomicfile.NewDir), as a run would delete it.
func ownOutput(e fs.DirEntry) bool {
	name := e.Name()
	if atomicfile.IsTemp(name) {
		return true
	}
	if !e.Type().IsRegular() {
		return false
	}
	if slices.Contains(outputNames, name) {
		return true
	}
	ext := path.Ext(name)
	if ext != ".png" && ext != ".svg" && ext != ".pdf" {
		return false
	}
	stem := strings.TrimSuffix(name, ext)
	if slices.Contains(chartStems, stem) {
		return true
	}
	for _, p := range chartFamilies {
		if strings.HasPrefix(stem, p) {
			return true
		}
	}
	return false
}
