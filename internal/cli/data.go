package cli

import (
	"context"
	"flag"
	"fmt"
	"github.com/tariffsim/tariffsim/internal/tables"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/census"
	"github.com/tariffsim/tariffsim/model/baseline"
)

type dataOptions struct {
	out  string
	top  int
	year int
	key  string
	base string
}

func dataCommand() *command {
	return &command{
		name:     "data",
		synopsis: "build a baseline from U.S. Census Bureau trade data",
		usage:    "import census [flags] EXPORTS.json IMPORTS.json | fetch census --year YEAR [flags]",
		help: `
Replaces the embedded, partly estimated baseline with published Census data:
US Advanced Technology Products exports and imports by country and ATP group,
from the Census international trade API (timeseries/intltrade, hitech).

  data import census FILE...   turns saved API responses (one exports/hitech
                               and one imports/hitech response, JSON) into a
                               baseline CSV.
  data fetch census --year Y   downloads both responses for December of year Y
                               (year-to-date = the annual total) and imports
                               them. It needs the internet; offline it fails at
                               once: download the URLs it prints elsewhere and
                               use 'data import'.

Area aggregates (world total, EU, regions) are dropped, Census country codes
become the codes the tool uses, the --top partners by total ATP trade are kept
and the rest is summed into RoW. Baseline tariffs and the "other suppliers"
flows of partner markets follow the embedded baseline's documented rules
(docs/DATA.md). Nothing is written unless the whole import succeeds.

Examples:

	tariffsim data fetch census --year 2024 -o output/atp2024-census.csv
	tariffsim data import census exports.json imports.json -o flows.csv
	tariffsim run --baseline flows.csv scenarios/us-canada-mexico-25.toml`,
		flags: func(fs *flag.FlagSet) any {
			o := &dataOptions{}
			fs.StringVar(&o.out, "o", "", "write the baseline CSV to `FILE` (default: stdout)")
			fs.IntVar(&o.top, "top", census.DefaultTopN, "keep the `N` largest partners by name; sum the rest into RoW")
			fs.IntVar(&o.year, "year", 0, "the `year` to fetch (data fetch), or to require of imported files")
			fs.StringVar(&o.key, "key", os.Getenv("CENSUS_API_KEY"), "Census API `key` (optional; default $CENSUS_API_KEY)")
			fs.StringVar(&o.base, "api", "https://api.census.gov/data/timeseries/intltrade", "API base `URL`")
			return o
		},
		run: runData,
	}
}

func runData(ctx context.Context, e *env, opts any, args []string) error {
	o := opts.(*dataOptions)
	if len(args) < 2 || args[1] != "census" {
		return usagef("want 'data import census FILE...' or 'data fetch census --year YEAR'")
	}
	if o.top < 1 {
		return usagef("--top %d: want at least 1", o.top)
	}
	ref := baseline.ATP2024()
	tariff := map[[3]string]float64{}
	for _, r := range ref.Rows {
		tariff[[3]string{r.Importer, r.Exporter, r.Category}] = r.Tariff
	}
	copts := census.Options{
		TopN: o.top, Year: o.year,
		Tariff: func(imp, exp, cat string) float64 {
			return tariff[[3]string{imp, exp, cat}]
		},
		USShare: baseline.ATPUSShare,
	}
	var files []census.File
	switch args[0] {
	case "import":
		if len(args) < 3 {
			return usagef("data import census: give the saved exports/hitech and imports/hitech responses")
		}
		if o.out != "" {
			// -o must not replace a response being read.
			if err := checkOutput(o.out, args[2:]...); err != nil {
				return err
			}
		}
		for _, path := range args[2:] {
			data, err := census.ReadFile(path) // at most census.MaxResponseSize
			if err != nil {
				return usageError{err}
			}
			files = append(files, census.File{Name: path, Data: data})
		}
	case "fetch":
		if len(args) > 2 {
			return usagef("data fetch census takes no file arguments")
		}
		if o.year < 2013 || o.year > time.Now().Year() {
			return usagef("data fetch census: --year %d: want a year from 2013 to %d", o.year, time.Now().Year())
		}
		progress := io.Discard
		if e.isTerminal {
			progress = e.stderr
		}
		client := &http.Client{Timeout: 2 * time.Minute}
		exp, imp, err := census.FetchWithKey(ctx, client, o.base, o.year, o.key, progress)
		if err != nil {
			return err
		}
		files = []census.File{{Name: "exports/hitech", Data: exp}, {Name: "imports/hitech", Data: imp}}
	default:
		return usagef("unknown data action %q: want import or fetch", args[0])
	}
	b, err := census.Import(files, copts)
	if err != nil {
		if args[0] == "import" {
			return usageError{err}
		}
		return err
	}
	if o.out == "" {
		return b.Write(e.stdout)
	}
	if err := atomicfile.Write(o.out, b.Write); err != nil {
		return err
	}
	pv := b.Provenance()
	fmt.Fprintf(e.stderr, "wrote %s: %d flows, $%s million (%.0f%% published)\n", o.out, len(b.Rows), tables.Money(pv.Total), 100*pv.Published/pv.Total)
	return nil
}
