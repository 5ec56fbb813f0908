package tables

import (
	"fmt"
	"io"
	"slices"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// WriteBaseline describes b for a reader: its name, provenance shares, the
// reporter's trade by partner and by category (domestic sales apart:
// they are not trade) with the documented default elasticities.
func WriteBaseline(w io.Writer, b *baseline.Baseline) error {
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
	g := &Grid{}
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
		g.Add(b.CountryName(k), k, Money(s.imp), Money(s.exp), Money(s.exp-s.imp), Money(s.other))
		tot.imp, tot.exp, tot.other = tot.imp+s.imp, tot.exp+s.exp, tot.other+s.other
	}
	g.Add("Total", "", Money(tot.imp), Money(tot.exp), Money(tot.exp-tot.imp), Money(tot.other))
	g.Write(w)

	fmt.Fprintf(w, "\nBy category, $ million\n")
	g = &Grid{}
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
		g.Add(b.CategoryName(c), c, Money(s.imp), Money(s.exp), Money(s.exp-s.imp), Money(s.dom),
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
