package tables

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// maxScopePartners is how many partners a focus country may trade with
// before its headline stops listing them: a baseline built around one
// reporter (the US) has every partner's trade with the reporter only, so
// a partner's "exports" are its exports to the US, and the title must say
// so; the reporter's own trade needs no such list.
const maxScopePartners = 3

// TradeScope says whom the focus country's trade in r is with, for the
// headline's title: "exports to the United States only; imports from the
// United States and other suppliers". It is "" when the focus trades with
// more than a few countries, whose totals need no qualification.
func TradeScope(r *Run) string {
	var to, from []string
	for _, f := range r.Result.Flows {
		if f.Domestic {
			continue
		}
		switch r.Focus {
		case f.Exporter:
			if !slices.Contains(to, f.Importer) {
				to = append(to, f.Importer)
			}
		case f.Importer:
			if !slices.Contains(from, f.Exporter) {
				from = append(from, f.Exporter)
			}
		}
	}
	if len(to) > maxScopePartners && len(from) > maxScopePartners {
		return ""
	}
	names := func(codes []string) string {
		// Countries by code, then the lumped other suppliers.
		slices.SortFunc(codes, func(a, b string) int {
			if (a == baseline.OtherSuppliersCode) != (b == baseline.OtherSuppliersCode) {
				if a == baseline.OtherSuppliersCode {
					return 1
				}
				return -1
			}
			return strings.Compare(a, b)
		})
		var ns []string
		for _, c := range codes {
			switch {
			case c == baseline.OtherSuppliersCode:
				ns = append(ns, "other suppliers")
			case r.Baseline != nil:
				ns = append(ns, r.Baseline.CountryName(c))
			default:
				ns = append(ns, c)
			}
		}
		return strings.Join(ns, " and ")
	}
	var parts []string
	if len(to) <= maxScopePartners {
		parts = append(parts, "exports to "+names(to)+" only")
	}
	if len(from) <= maxScopePartners {
		s := "imports from " + names(from)
		if !slices.Contains(from, baseline.OtherSuppliersCode) {
			s += " only"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// headlineTitle is the title of the summary's headline table.
func headlineTitle(r *Run, country string) string {
	name := country
	if r.Baseline != nil {
		name = r.Baseline.CountryName(country)
	}
	if s := TradeScope(r); s != "" {
		return fmt.Sprintf("%s's ATP trade in this baseline (%s), $ million at world prices", name, s)
	}
	return fmt.Sprintf("%s ATP trade, $ million at world prices", country)
}
