package metric

import (
	"math"

	"github.com/tariffsim/tariffsim/model"
)

// Group is a family of figures, as results.json and percentiles.csv name
// it; Name is one quantity of a group.
type (
	Group string
	Name  string
)

const (
	GroupHeadline          Group = "headline"
	GroupImportsByPartner  Group = "imports_by_partner"
	GroupExportsByPartner  Group = "exports_by_partner"
	GroupImportsByCategory Group = "imports_by_category"
	GroupExportsByCategory Group = "exports_by_category"
	GroupCountry           Group = "country"

	Imports1             Name = "imports1" // level after, with its baseline as Before
	Exports1             Name = "exports1"
	Balance1             Name = "balance1"
	ImportPriceChangePct Name = "import_price_change_pct"
	ConsumerSurplus      Name = "dCS"
	Revenue              Name = "dR"
	ProducerSurplus      Name = "dPS"
	Welfare              Name = "welfare"
	Value1               Name = "value1"           // a partner's or category's trade after
	PriceChangePct       Name = "price_change_pct" // a category's import price index, %
)

// Key names one figure: a group, a code within it (a partner, category
// or country; "" in the headline) and a quantity.
type Key struct {
	Group Group
	Code  string
	Name  Name
}

// HeadlineNames are the headline's figures, in the order results.json
// writes them; CountryNames are each country's.
var (
	HeadlineNames = []Name{Imports1, Exports1, Balance1, ImportPriceChangePct, ConsumerSurplus, Revenue, ProducerSurplus, Welfare}
	CountryNames  = []Name{Exports1, Imports1, Balance1, ConsumerSurplus, Revenue, ProducerSurplus, Welfare}
)

// Value is the headline figure n, and its baseline value (NaN for a
// change such as welfare, which has none).
func (h Headline) Value(n Name) (v, before float64) {
	switch n {
	case Imports1:
		return h.Imports1, h.Imports0
	case Exports1:
		return h.Exports1, h.Exports0
	case Balance1:
		return h.Balance1(), h.Balance0()
	case ImportPriceChangePct:
		return 100 * h.ImportPriceChange, math.NaN()
	case ConsumerSurplus:
		return h.ConsumerSurplus, math.NaN()
	case Revenue:
		return h.RevenueChange, math.NaN()
	case ProducerSurplus:
		return h.ProducerSurplus, math.NaN()
	case Welfare:
		return h.Welfare, math.NaN()
	}
	return math.NaN(), math.NaN()
}

// CountryValue is country c's figure n and its baseline value (NaN for a
// change). It allocates nothing.
func CountryValue(c *model.CountryResult, n Name) (v, before float64) {
	if n == ImportPriceChangePct {
		return math.NaN(), math.NaN() // a headline figure only
	}
	h := Headline{Country: c.Country, Imports0: c.Imports0, Imports1: c.Imports1, Exports0: c.Exports0, Exports1: c.Exports1,
		RevenueChange: c.RevenueChange, ConsumerSurplus: c.ConsumerSurplus, ProducerSurplus: c.ProducerSurplus, Welfare: c.Welfare}
	return h.Value(n)
}
