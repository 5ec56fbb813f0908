package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
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
	b.Fallback = ref.Fallback
	b.Defaults = map[string]baseline.Defaults{}
	cats := b.CategoryCodes()
	for _, c := range ref.Categories {
		if slices.Contains(cats, c.Slug) {
			b.Categories = append(b.Categories, c)
			b.Defaults[c.Slug] = ref.DefaultsFor(c.Slug)
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
			return writeBaselineTable(e.stdout, b)
		},
	}
}

func writeBaselineTable(w io.Writer, b *baseline.Baseline) error {
	pv := b.Provenance()
	fmt.Fprintf(w, "%s\n", b.Name)
	if b.Description != "" {
		fmt.Fprintf(w, "%s\n", b.Description)
	}
	fmt.Fprintf(w, "%d flows; of their value %.1f%% published, %.1f%% derived, %.1f%% estimated",
		len(b.Rows), 100*pv.Published/pv.Total, 100*pv.Derived/pv.Total, 100*pv.Estimated/pv.Total)
	if pv.Unknown > 0 {
		fmt.Fprintf(w, ", %.1f%% of unknown status", 100*pv.Unknown/pv.Total)
	}
	fmt.Fprintf(w, "\n")

	reporter := "US"
	if !slices.Contains(b.CountryCodes(), reporter) {
		reporter = ""
	}
	type sums struct{ imp, exp, other, dom float64 }
	byPartner := map[string]*sums{}
	byCat := map[string]*sums{}
	get := func(m map[string]*sums, k string) *sums {
		if m[k] == nil {
			m[k] = &sums{}
		}
		return m[k]
	}
	for _, r := range b.Rows {
		switch {
		case r.Importer == r.Exporter:
			// Domestic sales (the domestic nest): not trade.
			get(byCat, r.Category).dom += r.Value
		case r.Importer == reporter:
			get(byPartner, r.Exporter).imp += r.Value
			get(byCat, r.Category).imp += r.Value
		case r.Exporter == reporter:
			get(byPartner, r.Importer).exp += r.Value
			get(byCat, r.Category).exp += r.Value
		default:
			get(byPartner, r.Importer).other += r.Value
			get(byCat, r.Category).other += r.Value
		}
	}
	if reporter == "" {
		fmt.Fprintf(w, "\nImports by importer and category, $ million\n")
	} else {
		fmt.Fprintf(w, "\n%s trade by partner, $ million (other suppliers = flows into the partner's market from others)\n", reporter)
	}
	g := &tables.Grid{}
	g.Add("partner", "code", "imports", "exports", "balance", "other suppliers")
	var tot sums
	keys := make([]string, 0, len(byPartner))
	for k := range byPartner {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.SortStableFunc(keys, func(a, c string) int {
		sa, sc := byPartner[a], byPartner[c]
		switch {
		case sa.imp+sa.exp > sc.imp+sc.exp:
			return -1
		case sa.imp+sa.exp < sc.imp+sc.exp:
			return 1
		}
		return 0
	})
	for _, k := range keys {
		s := byPartner[k]
		g.Add(b.CountryName(k), k, thousands(s.imp), thousands(s.exp), thousands(s.exp-s.imp), thousands(s.other))
		tot.imp, tot.exp, tot.other = tot.imp+s.imp, tot.exp+s.exp, tot.other+s.other
	}
	g.Add("Total", "", thousands(tot.imp), thousands(tot.exp), thousands(tot.exp-tot.imp), thousands(tot.other))
	g.Write(w)

	fmt.Fprintf(w, "\nBy category, $ million\n")
	g = &tables.Grid{}
	g.Add("category", "code", "imports", "exports", "balance", "domestic sales", "σ", "η long run", "η short run", "ε")
	cats := b.CategoryCodes()
	var ordered []string
	for _, c := range b.Categories {
		if slices.Contains(cats, c.Slug) {
			ordered = append(ordered, c.Slug)
		}
	}
	for _, c := range cats {
		if !slices.Contains(ordered, c) {
			ordered = append(ordered, c)
		}
	}
	for _, c := range ordered {
		s := get(byCat, c)
		d := b.DefaultsFor(c)
		g.Add(b.CategoryName(c), c, thousands(s.imp), thousands(s.exp), thousands(s.exp-s.imp), thousands(s.dom),
			fmt.Sprintf("%g", d.Substitution), fmt.Sprintf("%g", d.ImportDemand), fmt.Sprintf("%g", d.ImportDemandShortRun), epsString(d.ExportSupply))
	}
	g.Write(w)
	_, err := fmt.Fprintf(w, "\nSources and method: docs/DATA.md. Every flow's status and source: tariffsim baseline --format csv\n")
	return err
}

func epsString(v float64) string {
	if v > 1e300 {
		return "inf"
	}
	return fmt.Sprintf("%g", v)
}

func thousands(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := fmt.Sprintf("%.0f", v)
	var out []byte
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if neg && s != "0" {
		return "-" + string(out)
	}
	return string(out)
}
