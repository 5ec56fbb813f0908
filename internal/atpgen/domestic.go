package atpgen

import (
	"fmt"
	"math"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// includeDomestic says whether Generate writes the US domestic-sales rows
// (exporter = importer = US) into atp2024.csv. The rows are built and
// checked either way (Estimate.Domestic); they are written only once the
// engine reads an exporter = importer flow as domestic sales in its own
// nest (issue 11, item 2): an engine without that nest would take them for
// imports from the US and every aerospace result would be wrong.
const includeDomestic = true

// Rules of inputs/us_domestic_sales.csv.
const (
	// ruleNone: no source was found; the group gets no domestic row.
	ruleNone = "none"
	// ruleDirect: value = shipments − exports of the proxy industry, for
	// a proxy that covers the whole group.
	ruleDirect = "direct"
	// ruleRatio: value = the group's US imports (of this baseline) ×
	// (shipments − exports) / imports of the proxy industry. The proxy
	// lends only its ratio of domestic sales to imports, so that a NAICS
	// industry much broader than the ATP group does not swamp the group's
	// import values.
	ruleRatio = "ratio"
)

// valueTolerance is how far (million USD) the value written in
// us_domestic_sales.csv may be from what its rule gives: the file states
// the value for readers, the generator recomputes it.
const valueTolerance = 0.005

// DomesticSale is the US producers' domestic sales of one ATP group, as
// built from inputs/us_domestic_sales.csv.
type DomesticSale struct {
	Slug      string
	Rule      string  // ruleDirect or ruleRatio
	Year      int     // year of the proxy industry's figures
	Ratio     float64 // (shipments − exports) / imports of the proxy; 0 for ruleDirect
	Value     float64 // million USD, rounded to cents
	Status    string
	Source    string
	SourceURL string
}

type domesticInput struct {
	slug, rule, status, source, short, url, naics string
	year                                          int
	shipments, exports, imports, stated           float64
}

func loadDomestic(slugs []string) ([]domesticInput, error) {
	t, err := readTable("us_domestic_sales.csv")
	if err != nil {
		return nil, err
	}
	return parseDomestic(t, slugs)
}

func parseDomestic(t *table, slugs []string) ([]domesticInput, error) {
	known := map[string]bool{}
	for _, s := range slugs {
		known[s] = true
	}
	var out []domesticInput
	seen := map[string]bool{}
	for i, r := range t.rows {
		line := i + 2
		d := domesticInput{slug: t.str(r, "slug"), rule: t.str(r, "rule"), status: t.str(r, "status"),
			source: t.str(r, "source"), short: t.str(r, "short_source"), url: t.str(r, "source_url"), naics: t.str(r, "naics_proxy")}
		where := fmt.Sprintf("inputs/%s:%d", t.name, line)
		if !known[d.slug] {
			return nil, fmt.Errorf("%s: unknown group %q (groups: %s)", where, d.slug, strings.Join(slugs, ", "))
		}
		if seen[d.slug] {
			return nil, fmt.Errorf("%s: group %s appears twice", where, d.slug)
		}
		seen[d.slug] = true
		if d.rule == ruleNone {
			continue
		}
		if d.rule != ruleDirect && d.rule != ruleRatio {
			return nil, fmt.Errorf("%s: rule %q: want %s, %s or %s", where, d.rule, ruleNone, ruleDirect, ruleRatio)
		}
		if d.status != baseline.Derived && d.status != baseline.Estimated && d.status != baseline.Published {
			return nil, fmt.Errorf("%s: status %q: want %s, %s or %s", where, d.status, baseline.Published, baseline.Derived, baseline.Estimated)
		}
		if d.source == "" || d.short == "" || d.url == "" {
			return nil, fmt.Errorf("%s: a domestic row needs source, short_source and source_url", where)
		}
		year, err := t.mustNum(r, "year")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		d.year = int(year)
		nums := []struct {
			col string
			v   *float64
		}{{"shipments_musd", &d.shipments}, {"exports_musd", &d.exports}, {"value_musd", &d.stated}}
		if d.rule == ruleRatio {
			nums = append(nums, struct {
				col string
				v   *float64
			}{"imports_musd", &d.imports})
		}
		for _, n := range nums {
			if *n.v, err = t.mustNum(r, n.col); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			if *n.v < 0 {
				return nil, fmt.Errorf("%s: %s = %v is negative", where, n.col, *n.v)
			}
		}
		if d.shipments <= d.exports {
			return nil, fmt.Errorf("%s: shipments %v do not exceed exports %v: no domestic sales", where, d.shipments, d.exports)
		}
		if d.rule == ruleRatio && d.imports == 0 {
			return nil, fmt.Errorf("%s: rule ratio needs the proxy's imports (imports_musd > 0)", where)
		}
		out = append(out, d)
	}
	return out, nil
}

// domesticSales turns the inputs into rows, given the calibrated US import
// total of each group (million USD, by slug).
func domesticSales(in []domesticInput, groupImports map[string]float64) ([]DomesticSale, []baseline.Row, error) {
	var sales []DomesticSale
	var rows []baseline.Row
	for _, d := range in {
		s := DomesticSale{Slug: d.slug, Rule: d.rule, Year: d.year, Status: d.status, Source: d.source, SourceURL: d.url}
		var rule string
		switch d.rule {
		case ruleDirect:
			s.Value = d.shipments - d.exports
			rule = fmt.Sprintf("%s %d output %.0f - exports %.0f", d.naics, d.year, d.shipments, d.exports)
		case ruleRatio:
			s.Ratio = (d.shipments - d.exports) / d.imports
			s.Value = groupImports[d.slug] * s.Ratio
			rule = fmt.Sprintf("est. group imports %.2f x (output - exports)/imports of %s in %d = (%.0f - %.0f)/%.0f = %.4f",
				groupImports[d.slug], d.naics, d.year, d.shipments, d.exports, d.imports, s.Ratio)
		}
		s.Value = math.Round(s.Value*100) / 100
		if math.Abs(s.Value-d.stated) > valueTolerance {
			return nil, nil, fmt.Errorf("inputs/us_domestic_sales.csv: %s value_musd is %.2f but its rule gives %.2f: update the file", d.slug, d.stated, s.Value)
		}
		sales = append(sales, s)
		rows = append(rows, baseline.Row{
			Flow:   baseline.Flow(Reporter, Reporter, d.slug, s.Value, 0),
			Status: d.status,
			Source: "US producers' domestic sales, " + d.status + " (docs/DATA.md): " + rule + "; " + d.short,
		})
	}
	return sales, rows, nil
}
