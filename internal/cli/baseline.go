package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// maxBaselineMiB bounds --max-baseline-size: 16 GiB. With values below
// baseline.MaxValue a file of this size still sums to a finite number
// many orders of magnitude inside the float64 range.
const maxBaselineMiB = 16 << 10

// baselineLimit registers --max-baseline-size on fs into mib, for the
// commands that read --baseline.
func baselineLimit(fs *flag.FlagSet, mib *int) {
	fs.IntVar(mib, "max-baseline-size", baseline.MaxFileSize>>20,
		"refuse a --baseline file larger than `MiB` (a wrong file such as /dev/zero stops at once; raise it for a larger baseline)")
}

// loadBaseline returns the embedded ATP 2024 baseline, or the CSV file at
// path, read up to maxMiB MiB (0: baseline.MaxFileSize). A file that uses
// the ATP codes borrows the embedded baseline's names and documented
// elasticity defaults; other codes get the documented fallback defaults
// (docs/DATA.md).
func loadBaseline(path string, maxMiB int) (*baseline.Baseline, error) {
	ref := baseline.ATP2024()
	if path == "" {
		return ref, nil
	}
	if path == gerun.BaselineName {
		b, err := gerun.Baseline()
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	if maxMiB < 1 || maxMiB > maxBaselineMiB {
		return nil, usagef("--max-baseline-size %d: want a size in MiB from 1 to %d", maxMiB, maxBaselineMiB)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("baseline: %w", err)}
	}
	defer f.Close()
	b, err := baseline.ReadWith(f, path, baseline.ReadOptions{MaxBytes: int64(maxMiB) << 20})
	if err != nil {
		return nil, usageError{fmt.Errorf("baseline:\n%w", err)}
	}
	b.Name = filepath.Base(path)
	// The borrowed η defaults are import-demand estimates, but a file's
	// domestic rows are its own: its η is read as the model writes it
	// (total demand where a market has domestic sales) unless a scenario
	// says demand_elasticity = "imports" (docs/MODEL.md).
	totalDemand := func(d baseline.Defaults) baseline.Defaults {
		d.ImportsOnly = false
		return d
	}
	b.Fallback = totalDemand(ref.Fallback)
	b.Defaults = map[string]baseline.Defaults{}
	cats := b.CategoryCodes()
	for _, c := range ref.Categories {
		if slices.Contains(cats, c.Slug) {
			b.Categories = append(b.Categories, c)
			b.Defaults[c.Slug] = totalDemand(ref.DefaultsFor(c.Slug))
		}
	}
	countries := b.CountryCodes()
	for _, c := range ref.Countries {
		if slices.Contains(countries, c.Code) {
			b.Countries = append(b.Countries, c)
		}
	}
	return b, nil
}

type baselineOptions struct {
	baseline string
	maxMiB   int
	format   choiceValue
}

func baselineCommand() *command {
	return &command{
		name:     "baseline",
		synopsis: "print the baseline in use, with its provenance",
		usage:    "[--baseline FILE.csv] [--format table|csv]",
		help: `
Prints the baseline trade flows that scenarios are applied to: by default the
embedded US Advanced Technology Products (ATP) baseline for 2024, or the CSV
file given with --baseline.

The table shows trade by partner and by ATP group and how much of the value is
published, derived or estimated. --format csv prints every flow with its
status and source, in the format --baseline reads, so it can be edited and fed
back.

Examples:

	tariffsim baseline
	tariffsim baseline --format csv > flows.csv
	tariffsim baseline --baseline flows.csv`,
		flags: func(fs *flag.FlagSet) any {
			o := &baselineOptions{format: choiceValue{allowed: []string{"table", "csv"}, value: "table"}}
			fs.StringVar(&o.baseline, "baseline", "", "read the baseline from `FILE.csv` instead of the embedded one")
			baselineLimit(fs, &o.maxMiB)
			fs.Var(&o.format, "format", "output `format`: table or csv")
			return o
		},
		run: func(_ context.Context, e *env, opts any, args []string) error {
			o := opts.(*baselineOptions)
			if len(args) > 0 {
				return usagef("baseline takes no arguments (got %q)", args[0])
			}
			b, err := loadBaseline(o.baseline, o.maxMiB)
			if err != nil {
				return err
			}
			if o.format.value == "csv" {
				return b.Write(e.stdout)
			}
			return tables.WriteBaseline(e.stdout, b)
		},
	}
}
