package metric

import (
	"math"

	"github.com/tariffsim/tariffsim/model"
)

// Coverage says what the focus country's welfare figures cover, so that
// reports can say it in words (docs/MODEL.md, "What the welfare figures
// cover"): which of its markets have domestic producers, whether its
// exporters' producer surplus is zero by assumption (ε = ∞), and how
// much its exporters' sales change, in all and because of retaliation.
type Coverage struct {
	Country string
	// Markets is the number of the focus country's import markets;
	// WithDomestic of them have a domestic flow, and DomesticCategories
	// lists their categories.
	Markets, WithDomestic int
	DomesticCategories    []string
	// Domestic0 and Domestic1 are its domestic producers' sales at home
	// before and after; DomesticSurplus is their ΔPS.
	Domestic0, Domestic1, DomesticSurplus float64
	// ExportsInfinite is true when every producer of the focus country
	// that exports has ε = +Inf, so its exporters' ΔPS is 0 by
	// assumption; FiniteExportSupply counts the others.
	ExportsInfinite    bool
	FiniteExportSupply int
	// Exports0 and Exports1 are its exporters' sales abroad.
	Exports0, Exports1 float64
	// Retaliated is true when a run without retaliation was solved;
	// RetaliationExports is then the change in the focus country's
	// exports that retaliation causes (full run minus tariffs-only run),
	// and RetaliationWelfare the change in its welfare.
	Retaliated                             bool
	RetaliationExports, RetaliationWelfare float64
}

// ExportsChange is Exports1 − Exports0.
func (c Coverage) ExportsChange() float64 { return c.Exports1 - c.Exports0 }

// RetaliationExportsPct is RetaliationExports as a percentage of the
// baseline exports (NaN without exports).
func (c Coverage) RetaliationExportsPct() float64 {
	if c.Exports0 == 0 {
		return math.NaN()
	}
	return 100 * c.RetaliationExports / c.Exports0
}

// ExportsPct is ExportsChange as a percentage of the baseline exports
// (NaN without exports).
func (c Coverage) ExportsPct() float64 {
	if c.Exports0 == 0 {
		return math.NaN()
	}
	return 100 * c.ExportsChange() / c.Exports0
}

// CoverageOf describes the focus country's welfare figures in res; only,
// when not nil, is the same scenario without retaliation.
func CoverageOf(res, only *model.Result, focus string) Coverage {
	c := Coverage{Country: focus, ExportsInfinite: true}
	for i := range res.Markets {
		m := &res.Markets[i]
		if m.Importer != focus {
			continue
		}
		c.Markets++
		if m.HasDomestic {
			c.WithDomestic++
			c.DomesticCategories = append(c.DomesticCategories, m.Category)
		}
	}
	for i := range res.Producers {
		p := &res.Producers[i]
		if p.Exporter == focus && p.Value0 > 0 && !math.IsInf(p.ExportSupply, 1) {
			c.ExportsInfinite = false
			c.FiniteExportSupply++
		}
	}
	for i := range res.Countries {
		k := &res.Countries[i]
		if k.Country == focus {
			c.Domestic0, c.Domestic1, c.DomesticSurplus = k.Domestic0, k.Domestic1, k.DomesticSurplus
			c.Exports0, c.Exports1 = k.Exports0, k.Exports1
		}
	}
	if only != nil {
		o := HeadlineOf(only, focus)
		full := HeadlineOf(res, focus)
		c.Retaliated = true
		c.RetaliationExports = full.Exports1 - o.Exports1
		c.RetaliationWelfare = full.Welfare - o.Welfare
	}
	return c
}
