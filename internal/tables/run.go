package tables

import (
	"cmp"
	"math"
	"slices"

	"github.com/tariffsim/tariffsim/internal/uncertainty"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// Run is one solved scenario with what is needed to describe it.
type Run struct {
	Version  string
	Scenario Scenario
	Baseline *baseline.Baseline
	Result   *model.Result
	// TariffsOnly is the same scenario without its retaliation measures,
	// or nil when it has none; it splits the effects of the two.
	TariffsOnly *model.Result
	// Focus is the country the headline is about, normally "US".
	Focus string
	// Uncertainty is the Monte Carlo run of the same scenario, or nil: the
	// summary, JSON and percentiles CSV then report p5, p50 and p95 (see
	// uncertainty.go).
	Uncertainty *uncertainty.Result
}

// Scenario describes the scenario in words.
type Scenario struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	File        string   `json:"file,omitempty"`
	Sources     []string `json:"sources,omitempty"`
	At          string   `json:"at,omitempty"` // evaluation date, YYYY-MM-DD, if any
	Measures    []string `json:"measures"`     // the measures in force, in words
	Horizon     string   `json:"horizon,omitempty"`
}

// Headline is the focus country's aggregate change.
type Headline struct {
	Country            string  `json:"country"`
	Imports0, Imports1 float64 `json:"-"`
	Exports0, Exports1 float64 `json:"-"`
	RevenueChange      float64 `json:"-"`
	ConsumerSurplus    float64 `json:"-"`
	ProducerSurplus    float64 `json:"-"`
	Welfare            float64 `json:"-"`
	// ImportPriceChange is the expenditure-weighted change of the focus
	// country's import price indexes, as a fraction.
	ImportPriceChange float64 `json:"-"`
}

// Headline sums the focus country's results.
func (r *Run) Headline() Headline {
	return headline(r.Result, r.Focus)
}

func headline(res *model.Result, focus string) Headline {
	h := Headline{Country: focus}
	for _, c := range res.Countries {
		if c.Country == focus {
			h.Imports0, h.Imports1 = c.Imports0, c.Imports1
			h.Exports0, h.Exports1 = c.Exports0, c.Exports1
			h.RevenueChange, h.ConsumerSurplus, h.ProducerSurplus, h.Welfare = c.RevenueChange, c.ConsumerSurplus, c.ProducerSurplus, c.Welfare
		}
	}
	var e0, e1 float64
	for _, m := range res.Markets {
		if m.Importer == focus {
			e0 += m.Expenditure0
			e1 += m.Expenditure0 * m.PriceIndexHat
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

// Breakdown is the focus country's trade by partner or by category.
type Breakdown struct {
	ImportsByPartner, ExportsByPartner   []Line
	ImportsByCategory, ExportsByCategory []Line
}

// Breakdown groups the focus country's flows.
func (r *Run) Breakdown() Breakdown {
	name := func(c string) string {
		if r.Baseline != nil {
			return r.Baseline.CountryName(c)
		}
		return c
	}
	cat := func(c string) string {
		if r.Baseline != nil {
			return r.Baseline.CategoryName(c)
		}
		return c
	}
	type acc struct {
		l          Line
		ptNum, ptW float64
	}
	group := func(pick func(f model.FlowResult) (string, bool), label func(string) string) []Line {
		m := map[string]*acc{}
		var keys []string
		for i, f := range r.Result.Flows {
			k, ok := pick(f)
			if !ok {
				continue
			}
			a, seen := m[k]
			if !seen {
				a = &acc{l: Line{Code: k, Name: label(k), TariffsOnly: math.NaN(), PassThrough: math.NaN()}}
				if r.TariffsOnly != nil {
					a.l.TariffsOnly = 0
				}
				m[k] = a
				keys = append(keys, k)
			}
			a.l.Before += f.Value
			a.l.After += f.NewValue
			if r.TariffsOnly != nil {
				a.l.TariffsOnly += r.TariffsOnly.Flows[i].NewValue
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
	// Categories keep the baseline's order (the Census HITECH order for
	// the embedded baseline); unknown ones follow by code.
	rank := map[string]int{}
	if r.Baseline != nil {
		for i, c := range r.Baseline.Categories {
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
	f := r.Focus
	b := Breakdown{
		ImportsByPartner:  byChange(group(func(x model.FlowResult) (string, bool) { return x.Exporter, x.Importer == f }, name)),
		ExportsByPartner:  byChange(group(func(x model.FlowResult) (string, bool) { return x.Importer, x.Exporter == f }, name)),
		ImportsByCategory: byCode(group(func(x model.FlowResult) (string, bool) { return x.Category, x.Importer == f }, cat)),
		ExportsByCategory: byCode(group(func(x model.FlowResult) (string, bool) { return x.Category, x.Exporter == f }, cat)),
	}
	for i, l := range b.ImportsByCategory {
		b.ImportsByCategory[i].PriceIndexHat = 1
		for _, m := range r.Result.Markets {
			if m.Importer == f && m.Category == l.Code {
				b.ImportsByCategory[i].PriceIndexHat = m.PriceIndexHat
			}
		}
	}
	return b
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

// Decomposition sums the focus country's import flows.
func (r *Run) Decomposition() Decomposition {
	var d Decomposition
	for _, f := range r.Result.Flows {
		if f.Importer != r.Focus {
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
