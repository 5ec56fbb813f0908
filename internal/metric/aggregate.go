package metric

import (
	"cmp"
	"math"
	"slices"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// IsDomestic reports whether f is a domestic flow: sales of a country's
// producers at home (exporter = importer). See the package comment.
func IsDomestic(f *model.FlowResult) bool { return DomesticPair(f.Exporter, f.Importer) }

// DomesticPair reports whether a flow from exporter to importer is
// domestic, for flows that are not a FlowResult (a time path's).
func DomesticPair(exporter, importer string) bool { return exporter == importer }

// Side is one direction of the focus country's trade.
type Side int

const (
	Imports Side = iota // flows into the focus country, by exporter
	Exports             // flows out of the focus country, by importer
)

// Partner returns f's partner of the focus country on side; ok is false
// when f is not on that side, or is domestic.
func Partner(f *model.FlowResult, focus string, side Side) (partner string, ok bool) {
	if IsDomestic(f) {
		return "", false
	}
	switch {
	case side == Imports && f.Importer == focus:
		return f.Exporter, true
	case side == Exports && f.Exporter == focus:
		return f.Importer, true
	}
	return "", false
}

// Headline is the focus country's aggregate change, in million USD at
// world prices.
type Headline struct {
	Country            string
	Imports0, Imports1 float64
	Exports0, Exports1 float64
	RevenueChange      float64
	ConsumerSurplus    float64
	ProducerSurplus    float64 // the focus country's exporters' ΔPS
	// DomesticSurplus is the ΔPS of its domestic producers (markets with
	// a domestic flow); Welfare includes it.
	DomesticSurplus float64
	Welfare         float64
	// ImportPriceChange is the expenditure-weighted change of the focus
	// country's import price indexes, as a fraction.
	ImportPriceChange float64
}

// Balance0 and Balance1 are exports − imports before and after.
func (h Headline) Balance0() float64 { return h.Exports0 - h.Imports0 }
func (h Headline) Balance1() float64 { return h.Exports1 - h.Imports1 }

// HeadlineOf takes the focus country's totals from res (the engine's
// country totals, which leave domestic flows out) and weights its
// import price indexes by expenditure. It allocates nothing: Monte Carlo
// draws call it.
func HeadlineOf(res *model.Result, focus string) Headline {
	h := Headline{Country: focus}
	for _, c := range res.Countries {
		if c.Country == focus {
			h.Imports0, h.Imports1 = c.Imports0, c.Imports1
			h.Exports0, h.Exports1 = c.Exports0, c.Exports1
			h.RevenueChange, h.ConsumerSurplus, h.ProducerSurplus, h.Welfare = c.RevenueChange, c.ConsumerSurplus, c.ProducerSurplus, c.Welfare
			h.DomesticSurplus = c.DomesticSurplus
		}
	}
	// The import price index of each market (P̂_M, not the whole market's
	// P̂_m, which domestic sales dilute), weighted by baseline spending on
	// imports.
	var e0, e1 float64
	for _, m := range res.Markets {
		if m.Importer == focus {
			em := m.Expenditure0 - m.Domestic0
			e0 += em
			e1 += em * m.ImportPriceIndexHat
		}
	}
	if e0 > 0 {
		h.ImportPriceChange = e1/e0 - 1
	}
	return h
}

// Line is one row of a breakdown: a partner or a category.
type Line struct {
	Code, Name     string
	Before, After  float64
	TariffsOnly    float64 // after, without retaliation (NaN when not split)
	PriceIndexHat  float64 // for categories: the focus country's import price index
	PassThrough    float64 // value-weighted pass-through of tariff changes (NaN when none)
	TariffsChanged bool
}

// Change is After − Before.
func (l Line) Change() float64 { return l.After - l.Before }

// Breakdown is the focus country's trade by partner and by category.
// Partners come by decreasing size of change; categories in the
// baseline's order (the Census HITECH order for the embedded baseline),
// unknown ones after them by code.
type Breakdown struct {
	ImportsByPartner, ExportsByPartner   []Line
	ImportsByCategory, ExportsByCategory []Line
}

// BreakdownOf groups the focus country's flows of res; only, when not
// nil, is the same scenario without retaliation (its flows in the same
// order). b names countries and categories; it may be nil.
func BreakdownOf(res, only *model.Result, focus string, b *baseline.Baseline) Breakdown {
	name := func(c string) string {
		if b != nil {
			return b.CountryName(c)
		}
		return c
	}
	cat := func(c string) string {
		if b != nil {
			return b.CategoryName(c)
		}
		return c
	}
	type acc struct {
		l          Line
		ptNum, ptW float64
	}
	group := func(pick func(f *model.FlowResult) (string, bool), label func(string) string) []Line {
		m := map[string]*acc{}
		var keys []string
		for i := range res.Flows {
			f := &res.Flows[i]
			k, ok := pick(f)
			if !ok {
				continue
			}
			a, seen := m[k]
			if !seen {
				a = &acc{l: Line{Code: k, Name: label(k), TariffsOnly: math.NaN(), PassThrough: math.NaN()}}
				if only != nil {
					a.l.TariffsOnly = 0
				}
				m[k] = a
				keys = append(keys, k)
			}
			a.l.Before += f.Value
			a.l.After += f.NewValue
			if only != nil {
				a.l.TariffsOnly += only.Flows[i].NewValue
			}
			if f.Tau != 1 {
				a.l.TariffsChanged = true
				a.ptNum += f.Value * f.PassThrough
				a.ptW += f.Value
			}
		}
		out := make([]Line, 0, len(keys))
		for _, k := range keys {
			a := m[k]
			if a.ptW > 0 {
				a.l.PassThrough = a.ptNum / a.ptW
			}
			out = append(out, a.l)
		}
		return out
	}
	byChange := func(ls []Line) []Line {
		slices.SortStableFunc(ls, func(a, b Line) int {
			return cmp.Or(cmp.Compare(math.Abs(b.Change()), math.Abs(a.Change())), cmp.Compare(b.Before, a.Before), cmp.Compare(a.Code, b.Code))
		})
		return ls
	}
	rank := map[string]int{}
	if b != nil {
		for i, c := range b.Categories {
			rank[c.Slug] = i + 1
		}
	}
	byCode := func(ls []Line) []Line {
		slices.SortFunc(ls, func(a, b Line) int {
			ra, rb := rank[a.Code], rank[b.Code]
			if ra == 0 {
				ra = math.MaxInt
			}
			if rb == 0 {
				rb = math.MaxInt
			}
			return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.Code, b.Code))
		})
		return ls
	}
	partner := func(side Side) func(*model.FlowResult) (string, bool) {
		return func(f *model.FlowResult) (string, bool) { return Partner(f, focus, side) }
	}
	category := func(side Side) func(*model.FlowResult) (string, bool) {
		return func(f *model.FlowResult) (string, bool) {
			_, ok := Partner(f, focus, side)
			return f.Category, ok
		}
	}
	out := Breakdown{
		ImportsByPartner:  byChange(group(partner(Imports), name)),
		ExportsByPartner:  byChange(group(partner(Exports), name)),
		ImportsByCategory: byCode(group(category(Imports), cat)),
		ExportsByCategory: byCode(group(category(Exports), cat)),
	}
	for i, l := range out.ImportsByCategory {
		out.ImportsByCategory[i].PriceIndexHat = 1
		for _, m := range res.Markets {
			if m.Importer == focus && m.Category == l.Code {
				out.ImportsByCategory[i].PriceIndexHat = m.ImportPriceIndexHat
			}
		}
	}
	return out
}

// Decomposition splits the change in the focus country's imports into the
// model's three effects (docs/MODEL.md) and reports the trade diverted to
// suppliers whose tariff did not change.
type Decomposition struct {
	Volume, Substitution, Price float64
	// Diverted is the change in imports from flows whose tariff did not
	// change: positive when buyers turn to them.
	Diverted float64
}

// Total is the whole change in imports.
func (d Decomposition) Total() float64 { return d.Volume + d.Substitution + d.Price }

// DecompositionOf sums the focus country's import flows of res.
func DecompositionOf(res *model.Result, focus string) Decomposition {
	var d Decomposition
	for i := range res.Flows {
		f := &res.Flows[i]
		if _, ok := Partner(f, focus, Imports); !ok {
			continue
		}
		d.Volume += f.VolumeEffect
		d.Substitution += f.SubstitutionEffect
		d.Price += f.PriceEffect
		if f.Tau == 1 {
			d.Diverted += f.NewValue - f.Value
		}
	}
	return d
}

// FlowChange sums NewValue − Value over the flows of res between from and
// to (exporter and importer); a domestic pair has none.
func FlowChange(res *model.Result, from, to string) float64 {
	d := 0.0
	for i := range res.Flows {
		f := &res.Flows[i]
		if f.Exporter == from && f.Importer == to && !IsDomestic(f) {
			d += f.NewValue - f.Value
		}
	}
	return d
}

// PathMonth is the focus country's trade in one month of a time path:
// million USD in the month at world prices, on the path and on the
// no-tariff path.
type PathMonth struct {
	Month                    string // "2006-01"
	Imports, ImportsNoTariff float64
	Exports, ExportsNoTariff float64
	TariffRevenue            float64
	TariffRevenueNoTariff    float64
}

// PathTotalsOf sums the focus country's flows of tp month by month.
func PathTotalsOf(tp *timepath.Path, focus string) []PathMonth {
	out := make([]PathMonth, tp.Months)
	for τ := range tp.Months {
		t := PathMonth{Month: tp.Label(τ)}
		for f, fl := range tp.Flows {
			switch {
			case DomesticPair(fl.Exporter, fl.Importer):
			case fl.Importer == focus:
				t.Imports += tp.Value[τ][f]
				t.ImportsNoTariff += tp.NoTariff[τ][f]
				t.TariffRevenue += tp.Revenue(τ, f)
				t.TariffRevenueNoTariff += tp.RevenueNoTariff(τ, f)
			case fl.Exporter == focus:
				t.Exports += tp.Value[τ][f]
				t.ExportsNoTariff += tp.NoTariff[τ][f]
			}
		}
		out[τ] = t
	}
	return out
}
