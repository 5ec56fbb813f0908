package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
)

// Units of table columns.
const (
	UnitMillionUSD = "US$ million"
	UnitPercent    = "%"
)

// Column describes one value column of a [Table].
type Column struct {
	Name string
	Unit string // UnitMillionUSD or UnitPercent
}

// Row is one line of a [Table].
type Row struct {
	// Code is the country or category code; it is empty for an aggregate
	// row ("Other partners", "Total").
	Code   string
	Label  string    // the long name shown on the chart
	Values []float64 // one per column; NaN where a value is undefined
	// Members lists the codes an aggregate row sums.
	Members []string
}

// Table holds the numbers behind one chart, in model units (million USD at
// world prices, or percent).
type Table struct {
	Columns []Column
	// Rows are the rows as plotted, top to bottom, including an aggregate
	// "Other …" row when rows were folded into it. Rows whose change is
	// negligible and that were not folded are left out.
	Rows []Row
	// All holds every row before folding, in plotting order; reports show
	// it as the full table.
	All []Row
	// Total sums All (ratios are recomputed from the sums); nil where a sum
	// means nothing, e.g. for price indices.
	Total *Row
}

// Col returns the index of the column named name, or −1.
func (t *Table) Col(name string) int {
	return slices.IndexFunc(t.Columns, func(c Column) bool { return c.Name == name })
}

// Chart layout limits.
const (
	// maxRows is how many rows a chart shows before folding the rest into
	// "Other …"; more would make bars and labels too thin for a slide.
	maxRows = 12
	// negligible is the share of the largest change under which a row is
	// left off a chart: 0.05% is far below a pixel at any size we draw.
	negligible = 5e-4
	// maxWelfareRows is lower because each welfare row holds four bars.
	maxWelfareRows = 8
)

// pct returns 100·d/base, or NaN when base is zero.
func pct(d, base float64) float64 {
	if base == 0 {
		return math.NaN()
	}
	return 100 * d / base
}

// name applies f, falling back to the code itself.
func name(f func(string) string, code string) string {
	if f != nil {
		if s := f(code); s != "" {
			return s
		}
	}
	return code
}

// sumRows adds the Values of rows column by column; finish recomputes the
// derived (ratio) columns from the sums.
func sumRows(rows []Row, ncol int, finish func(*Row)) Row {
	r := Row{Values: make([]float64, ncol)}
	for _, x := range rows {
		for j, v := range x.Values {
			if !math.IsNaN(v) {
				r.Values[j] += v
			}
		}
		if x.Code != "" {
			r.Members = append(r.Members, x.Code)
		} else {
			r.Members = append(r.Members, x.Members...)
		}
	}
	if finish != nil {
		finish(&r)
	}
	return r
}

// fold chooses the rows a chart shows. all must be sorted in display order.
// Rows whose size is below negligible × the largest size are dropped; if
// more than limit+1 remain, the rest (including the dropped ones) are
// summed into one aggregate row labelled other, which is itself shown only
// if it is not negligible. A row whose code is pinned is always kept.
func fold(all []Row, size func(Row) float64, pinned, other string, limit, ncol int, finish func(*Row)) []Row {
	largest := 0.0
	for _, r := range all {
		largest = max(largest, size(r))
	}
	thr := negligible * largest
	var keep, rest []Row
	for _, r := range all {
		if r.Code == pinned && pinned != "" || size(r) >= thr && size(r) > 0 {
			keep = append(keep, r)
		} else {
			rest = append(rest, r)
		}
	}
	if len(keep) > limit+1 {
		rest = append(slices.Clone(keep[limit:]), rest...)
		keep = keep[:limit]
	} else if len(rest) == 0 {
		return keep
	}
	o := sumRows(rest, ncol, finish)
	o.Label = fmt.Sprintf("%s (%d)", other, len(rest))
	if size(o) >= thr && size(o) > 0 {
		keep = append(keep, o)
	}
	return keep
}

// zeroTol is the magnitude (million USD) under which a change counts as
// zero: a billionth of the total baseline value, well above solver noise
// and far below any effect worth drawing.
func zeroTol(res *model.Result) float64 {
	total := 0.0
	for _, f := range res.Flows {
		total += math.Abs(f.Value)
	}
	return 1e-9 * max(total, 1)
}

// sides of a partner table.
const (
	sideImports = metric.Imports
	sideExports = metric.Exports
)

// Columns of partner tables (imports or exports by partner).
const (
	ColBefore      = "Before"
	ColAfter       = "After"
	ColChange      = "Change"
	ColChangePct   = "Change %"
	ColOwnTariffs  = "Tariffs alone (no retaliation)"
	ColRetaliation = "Added by retaliation"
)

// partnerTable is the focus country's trade on one side by partner (see
// metric.BreakdownOf): value before and after at world prices, the change
// and, when only is given, the change that the tariffs-only run explains
// and the rest (retaliation).
func partnerTable(res, only *model.Result, focus string, side metric.Side, names func(string) string) Table {
	t := Table{Columns: []Column{
		{ColBefore, UnitMillionUSD}, {ColAfter, UnitMillionUSD},
		{ColChange, UnitMillionUSD}, {ColChangePct, UnitPercent},
	}}
	if only != nil {
		t.Columns = append(t.Columns, Column{ColOwnTariffs, UnitMillionUSD}, Column{ColRetaliation, UnitMillionUSD})
	}
	ncol := len(t.Columns)
	finish := func(r *Row) {
		r.Values[3] = pct(r.Values[2], r.Values[0])
	}
	bd := metric.BreakdownOf(res, only, focus, nil)
	lines := bd.ImportsByPartner
	if side == sideExports {
		lines = bd.ExportsByPartner
	}
	for _, l := range lines {
		r := Row{Code: l.Code, Label: name(names, l.Code), Values: make([]float64, ncol)}
		r.Values[0], r.Values[1], r.Values[2] = l.Before, l.After, l.After-l.Before
		if only != nil {
			r.Values[4], r.Values[5] = l.TariffsOnly-l.Before, l.After-l.TariffsOnly
		}
		finish(&r)
		t.All = append(t.All, r)
	}
	sortBySize(t.All, func(r Row) float64 { return math.Abs(r.Values[2]) })
	other := "Other partners"
	size := func(r Row) float64 {
		s := math.Abs(r.Values[2])
		if only != nil { // a zero net change can hide two large effects
			s = max(s, math.Abs(r.Values[4]), math.Abs(r.Values[5]))
		}
		return s
	}
	t.Rows = fold(t.All, size, "", other, maxRows, ncol, finish)
	tot := sumRows(t.All, ncol, finish)
	tot.Label = "Total"
	t.Total = &tot
	return t
}

// sortBySize sorts rows by decreasing size, then by label so that the order
// is deterministic (map iteration is not).
func sortBySize(rows []Row, size func(Row) float64) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(size(b), size(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
}

// Columns of the category table.
const (
	ColImports0      = "Imports before"
	ColImports1      = "Imports after"
	ColImportsChange = "Imports change"
	ColImportsPct    = "Imports change %"
	ColExports0      = "Exports before"
	ColExports1      = "Exports after"
	ColExportsChange = "Exports change"
	ColExportsPct    = "Exports change %"
)

// categoryTable is the focus country's imports and exports by category
// (see metric.BreakdownOf).
func categoryTable(res *model.Result, focus string, names func(string) string) Table {
	t := Table{Columns: []Column{
		{ColImports0, UnitMillionUSD}, {ColImports1, UnitMillionUSD},
		{ColImportsChange, UnitMillionUSD}, {ColImportsPct, UnitPercent},
		{ColExports0, UnitMillionUSD}, {ColExports1, UnitMillionUSD},
		{ColExportsChange, UnitMillionUSD}, {ColExportsPct, UnitPercent},
	}}
	m := map[string]*Row{}
	bd := metric.BreakdownOf(res, nil, focus, nil)
	for off, lines := range map[int][]metric.Line{0: bd.ImportsByCategory, 4: bd.ExportsByCategory} {
		for _, l := range lines {
			r := m[l.Code]
			if r == nil {
				r = &Row{Code: l.Code, Label: name(names, l.Code), Values: make([]float64, 8)}
				m[l.Code] = r
			}
			r.Values[off], r.Values[off+1] = l.Before, l.After
		}
	}
	finish := func(r *Row) {
		for _, off := range []int{0, 4} {
			r.Values[off+2] = r.Values[off+1] - r.Values[off]
			r.Values[off+3] = pct(r.Values[off+2], r.Values[off])
		}
	}
	for _, r := range m {
		finish(r)
		t.All = append(t.All, *r)
	}
	size := func(r Row) float64 { return max(math.Abs(r.Values[2]), math.Abs(r.Values[6])) }
	sortBySize(t.All, size)
	t.Rows = fold(t.All, size, "", "Other categories", maxRows, 8, finish)
	tot := sumRows(t.All, 8, finish)
	tot.Label = "Total"
	t.Total = &tot
	return t
}

// Columns of the balance table.
const (
	ColBalance0      = "Balance before"
	ColBalance1      = "Balance after"
	ColBalanceChange = "Balance change"
)

// balanceTable gives the focus country's bilateral trade balance (exports
// minus imports, world prices) with each partner before and after.
func balanceTable(res *model.Result, focus string, names func(string) string) Table {
	t := Table{Columns: []Column{
		{ColBalance0, UnitMillionUSD}, {ColBalance1, UnitMillionUSD}, {ColBalanceChange, UnitMillionUSD},
	}}
	m := map[string]*Row{}
	for i := range res.Flows {
		f := &res.Flows[i]
		var k string
		sign := 1.0
		if p, ok := metric.Partner(f, focus, metric.Exports); ok {
			k = p
		} else if p, ok := metric.Partner(f, focus, metric.Imports); ok {
			k, sign = p, -1
		} else {
			continue
		}
		r := m[k]
		if r == nil {
			r = &Row{Code: k, Label: name(names, k), Values: make([]float64, 3)}
			m[k] = r
		}
		r.Values[0] += sign * f.Value
		r.Values[1] += sign * f.NewValue
	}
	finish := func(r *Row) { r.Values[2] = r.Values[1] - r.Values[0] }
	for _, r := range m {
		finish(r)
		t.All = append(t.All, *r)
	}
	size := func(r Row) float64 { return math.Abs(r.Values[2]) }
	sortBySize(t.All, size)
	t.Rows = fold(t.All, size, "", "Other partners", maxRows, 3, finish)
	tot := sumRows(t.All, 3, finish)
	tot.Label = "Total"
	t.Total = &tot
	return t
}

// Columns of the welfare table.
const (
	ColConsumer     = "Consumer surplus"
	ColRevenue      = "Tariff revenue"
	ColProducer     = "Producer surplus"
	ColNet          = "Net welfare"
	ColNetOwn       = "Net, tariffs alone"
	ColNetRetaliate = "Net, added by retaliation"
)

// welfareTable lists the welfare components of every country, the focus
// country first (producer surplus holds its domestic producers' too, so
// that the components add up to the net); with only, it splits the net into the tariffs-only run
// and the difference retaliation makes.
func welfareTable(res, only *model.Result, focus string, names func(string) string) Table {
	t := Table{Columns: []Column{
		{ColConsumer, UnitMillionUSD}, {ColRevenue, UnitMillionUSD},
		{ColProducer, UnitMillionUSD}, {ColNet, UnitMillionUSD},
	}}
	if only != nil {
		t.Columns = append(t.Columns, Column{ColNetOwn, UnitMillionUSD}, Column{ColNetRetaliate, UnitMillionUSD})
	}
	ncol := len(t.Columns)
	onlyNet := map[string]float64{}
	if only != nil {
		for _, c := range only.Countries {
			onlyNet[c.Country] = c.Welfare
		}
	}
	for _, c := range res.Countries {
		r := Row{Code: c.Country, Label: name(names, c.Country), Values: make([]float64, ncol)}
		r.Values[0], r.Values[1], r.Values[2], r.Values[3] = c.ConsumerSurplus, c.RevenueChange, c.ProducerSurplus+c.DomesticSurplus, c.Welfare
		if only != nil {
			r.Values[4] = onlyNet[c.Country]
			r.Values[5] = c.Welfare - onlyNet[c.Country]
		}
		t.All = append(t.All, r)
	}
	size := func(r Row) float64 {
		s := 0.0
		for _, v := range r.Values {
			s = max(s, math.Abs(v))
		}
		return s
	}
	sortBySize(t.All, func(r Row) float64 {
		if r.Code == focus {
			return math.Inf(1)
		}
		return math.Abs(r.Values[3])
	})
	t.Rows = fold(t.All, size, focus, "Other countries", maxWelfareRows, ncol, nil)
	tot := sumRows(t.All, ncol, nil)
	tot.Label = "World"
	t.Total = &tot
	return t
}

// Columns of the price tables.
const (
	ColPriceIndex   = "Import price index change %"
	ColImportsValue = "Imports before"
	ColPassThrough  = "Paid by buyers %"
	ColTariffed     = "Imports with a tariff change"
)

// priceTable gives the change in the focus country's import price index
// (tariff-inclusive CES price index P̂ − 1) by category.
func priceTable(res *model.Result, focus string, names func(string) string) Table {
	t := Table{Columns: []Column{{ColPriceIndex, UnitPercent}, {ColImportsValue, UnitMillionUSD}}}
	for _, mk := range res.Markets {
		if mk.Importer != focus {
			continue
		}
		t.All = append(t.All, Row{
			Code: mk.Category, Label: name(names, mk.Category),
			Values: []float64{100 * (mk.ImportPriceIndexHat - 1), mk.Value0},
		})
	}
	sortBySize(t.All, func(r Row) float64 { return math.Abs(r.Values[0]) })
	// Folding price changes into "others" would need a weighted mean that
	// readers could not check; there are only a handful of categories.
	t.Rows = t.All
	return t
}

// passThroughTable gives, by category, the share of the tariff change paid
// by the focus country's buyers: the mean of FlowResult.PassThrough over
// flows into focus whose tariff changed, weighted by baseline value. Flows
// with τ = 1 have an undefined (NaN) pass-through and are skipped;
// categories with no tariff change are left out.
func passThroughTable(res *model.Result, focus string, names func(string) string) Table {
	t := Table{Columns: []Column{{ColPassThrough, UnitPercent}, {ColTariffed, UnitMillionUSD}}}
	type acc struct{ wsum, w float64 }
	m := map[string]*acc{}
	var all acc
	for i := range res.Flows {
		f := &res.Flows[i]
		if _, imp := metric.Partner(f, focus, metric.Imports); !imp || f.Tau == 1 || math.IsNaN(f.PassThrough) || math.IsInf(f.PassThrough, 0) {
			continue
		}
		a := m[f.Category]
		if a == nil {
			a = &acc{}
			m[f.Category] = a
		}
		a.wsum += f.Value * f.PassThrough
		a.w += f.Value
		all.wsum += f.Value * f.PassThrough
		all.w += f.Value
	}
	for k, a := range m {
		if a.w == 0 {
			continue
		}
		t.All = append(t.All, Row{Code: k, Label: name(names, k), Values: []float64{100 * a.wsum / a.w, a.w}})
	}
	sortBySize(t.All, func(r Row) float64 { return r.Values[1] }) // most trade first
	t.Rows = t.All
	if all.w > 0 {
		t.Total = &Row{Label: "All tariffed imports", Values: []float64{100 * all.wsum / all.w, all.w}}
	}
	return t
}
