package census

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// Codes used in the flows.
const (
	Reporter = "US"  // the reporting country of Census trade statistics
	RestCode = "RoW" // all partners outside the top N, summed
)

// DefaultTopN is the number of partners kept by name when Options.TopN is
// 0: with RoW it gives the 20 partners of the embedded baseline.
const DefaultTopN = 19

// Options control how responses become a baseline.
type Options struct {
	// TopN is the number of partners, ranked by total ATP trade with the
	// United States (exports + imports), kept by name; the others are
	// summed into RoW. 0 means DefaultTopN.
	TopN int
	// Year is the year the responses must be for; 0 takes it from their
	// time column. A response for another year is an error.
	Year int
	// Tariff returns the baseline tariff of a flow as a fraction (0.25 =
	// 25%). nil means 0 everywhere.
	Tariff func(importer, exporter, category string) float64
	// USShare, when not nil, returns the U.S. share of a partner's imports
	// of a category, in (0, 1]; flows from baseline.OtherSuppliersCode are
	// then added so that partner markets have other suppliers.
	USShare func(partner, category string) float64
}

// File is one downloaded response.
type File struct {
	Name string // used in messages, e.g. the path
	Data []byte
}

// Import parses the responses in files, which must be exactly one exports
// and one imports response in either order, and builds a baseline with
// Build. Every file is checked before anything is built; nothing is
// returned unless the whole import succeeds.
func Import(files []File, opt Options) (*baseline.Baseline, error) {
	if len(files) == 0 {
		return nil, errors.New("census: no files: want an exports/hitech and an imports/hitech response")
	}
	var (
		errs   []error
		tables [3]*Table // by Direction
	)
	for _, f := range files {
		t, err := Parse(f.Name, f.Data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev := tables[t.Direction]; prev != nil {
			errs = append(errs, fmt.Errorf("%s and %s are both %s responses (%s): want one exports and one imports response",
				prev.Name, t.Name, t.Direction, t.Direction.ValueColumn()))
			continue
		}
		tables[t.Direction] = t
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, d := range []Direction{Exports, Imports} {
		if tables[d] == nil {
			other := tables[3-d]
			return nil, fmt.Errorf("%s is an %s response; the %s response (%s/hitech, %s) is missing: give both files",
				other.Name, other.Direction, d, d, d.ValueColumn())
		}
	}
	return Build(tables[Exports], tables[Imports], opt)
}

// partner accumulates one tariffsim partner's values in dollars.
type partner struct {
	code, name string
	census     []string
	usd        [2][groupCount]float64 // [0] imports into the US, [1] US exports
	total      float64
}

// Build turns an exports and an imports table into a baseline. See the
// package documentation for the rules.
func Build(exports, imports *Table, opt Options) (*baseline.Baseline, error) {
	switch {
	case exports == nil || imports == nil:
		return nil, errors.New("census: Build needs an exports and an imports table")
	case exports.Direction != Exports:
		return nil, fmt.Errorf("%s: is an %s response, given as the exports one", exports.Name, exports.Direction)
	case imports.Direction != Imports:
		return nil, fmt.Errorf("%s: is an %s response, given as the imports one", imports.Name, imports.Direction)
	case opt.TopN < 0:
		return nil, fmt.Errorf("census: top %d partners: want a number ≥ 1 (0 for the default %d)", opt.TopN, DefaultTopN)
	case opt.Year < 0:
		return nil, fmt.Errorf("census: year %d", opt.Year)
	}
	period, err := annualPeriod(exports, imports, opt.Year)
	if err != nil {
		return nil, err
	}
	topN := opt.TopN
	if topN == 0 {
		topN = DefaultTopN
	}

	byCode := map[string]*partner{}
	for i, t := range []*Table{imports, exports} {
		for _, r := range t.Rows {
			code, name := Partner(r.Census, r.Name)
			p := byCode[code]
			if p == nil {
				p = &partner{code: code, name: name}
				byCode[code] = p
			}
			if !slices.Contains(p.census, r.Census) {
				p.census = append(p.census, r.Census)
			}
			gi, _ := groupIndex(r.Group)
			p.usd[i][gi] += r.Value
			p.total += r.Value
		}
	}
	var ranked []*partner
	for _, p := range byCode {
		if p.total > 0 {
			ranked = append(ranked, p)
		}
	}
	if len(ranked) == 0 {
		return nil, fmt.Errorf("%s, %s: every country value is 0: no trade to build a baseline from", exports.Name, imports.Name)
	}
	slices.SortFunc(ranked, func(a, b *partner) int {
		if a.total != b.total {
			if a.total > b.total {
				return -1
			}
			return 1
		}
		return strings.Compare(a.code, b.code)
	})
	kept, rest := ranked, []*partner(nil)
	if len(ranked) > topN {
		kept, rest = ranked[:topN], ranked[topN:]
	}

	src := [2]string{source(imports, period), source(exports, period)}
	tariff := opt.Tariff
	if tariff == nil {
		tariff = func(string, string, string) float64 { return 0 }
	}
	groups := baseline.ATPGroups()
	var rows []baseline.Row
	add := func(p *partner, status, note string) error {
		for gi, g := range groups {
			for dir := range 2 {
				usd := p.usd[dir][gi]
				if usd == 0 { // the baseline reader rejects zero flows
					continue
				}
				imp, exp := Reporter, p.code
				if dir == 1 {
					imp, exp = p.code, Reporter
				}
				t := tariff(imp, exp, g.Slug)
				if !(t >= 0) || math.IsInf(t, 0) {
					return fmt.Errorf("census: tariff of %s on %s %s is %v: want a fraction ≥ 0", imp, exp, g.Slug, t)
				}
				rows = append(rows, baseline.Row{
					Flow:   baseline.Flow(imp, exp, g.Slug, usd/1e6, t),
					Status: status,
					Source: note + src[dir],
				})
			}
		}
		return nil
	}
	for _, p := range kept {
		if err := add(p, baseline.Published, ""); err != nil {
			return nil, err
		}
	}
	if len(rest) > 0 {
		row := &partner{code: RestCode}
		for _, p := range rest {
			for d := range row.usd {
				for g := range row.usd[d] {
					row.usd[d][g] += p.usd[d][g]
				}
			}
		}
		note := fmt.Sprintf("derived: sum of the %d partners outside the top %d; ", len(rest), topN)
		if err := add(row, baseline.Derived, note); err != nil {
			return nil, err
		}
	}

	b := &baseline.Baseline{
		Name: "census-atp-" + period[:4],
		Description: fmt.Sprintf("U.S. Advanced Technology Products trade in %s by partner and ATP group, from the U.S. Census Bureau "+
			"intltrade API (exports/hitech ALL_VAL_YR = total exports, imports/hitech GEN_VAL_YR = general imports, time=%s), "+
			"in million USD. Top %d of %d partners by total ATP trade; %d folded into %s. Left out: %d area-aggregate rows "+
			"(totals, groupings, continents) and %d total or non-ATP rows.",
			period[:4], period, len(kept), len(ranked), len(rest), RestCode,
			exports.Aggregates+imports.Aggregates, exports.NonATP+imports.NonATP),
	}
	b.Categories = groups
	b.Countries = append(b.Countries, baseline.Country{Code: Reporter, Name: "United States"})
	for _, p := range kept {
		b.Countries = append(b.Countries, baseline.Country{Code: p.code, Name: p.name})
	}
	if len(rest) > 0 {
		b.Countries = append(b.Countries, baseline.Country{Code: RestCode, Name: fmt.Sprintf("Rest of world (%d partners)", len(rest))})
	}
	if opt.USShare != nil {
		others, err := baseline.OtherSuppliers(rows, Reporter, opt.USShare)
		if err != nil {
			return nil, fmt.Errorf("census: other suppliers: %w", err)
		}
		rows = append(rows, others...)
		if len(others) > 0 {
			b.Countries = append(b.Countries, baseline.Country{Code: baseline.OtherSuppliersCode, Name: "Other suppliers"})
		}
	}
	b.Rows = rows
	return b, nil
}

// annualPeriod checks that both tables are for the same December and
// returns it, e.g. "2024-12". *_VAL_YR is year to date, so only December
// gives an annual total.
func annualPeriod(exports, imports *Table, year int) (string, error) {
	p := exports.Period
	switch {
	case p == "" && imports.Period == "":
		if year == 0 {
			return "", fmt.Errorf("%s, %s: no time column: cannot tell the year; pass it (Options.Year)", exports.Name, imports.Name)
		}
		return fmt.Sprintf("%04d-12", year), nil
	case p == "":
		p = imports.Period
	case imports.Period != "" && imports.Period != p:
		return "", fmt.Errorf("%s is for %s but %s is for %s: want both for the same period", exports.Name, p, imports.Name, imports.Period)
	}
	y, m, ok := strings.Cut(p, "-")
	yn, err := strconv.Atoi(y)
	if !ok || err != nil || len(y) != 4 {
		return "", fmt.Errorf("%s, %s: time %q: want YYYY-MM", exports.Name, imports.Name, p)
	}
	if m != "12" {
		return "", fmt.Errorf("%s, %s: time %s: ALL_VAL_YR and GEN_VAL_YR are year-to-date through that month, not annual totals; fetch time=%s-12", exports.Name, imports.Name, p, y)
	}
	if year != 0 && yn != year {
		return "", fmt.Errorf("%s, %s: the responses are for %s, not %d", exports.Name, imports.Name, p, year)
	}
	return p, nil
}

func source(t *Table, period string) string {
	return fmt.Sprintf("U.S. Census Bureau, intltrade API %s/hitech, %s, %s", t.Direction, period, t.Direction.ValueColumn())
}
