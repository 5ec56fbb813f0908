package uncertainty

import (
	"fmt"
	"math"

	"github.com/tariffsim/tariffsim/model"
)

// extractor turns a solved draw into one row of metrics. Its layout comes
// from the plain run: a Prepared problem returns flows, markets and
// countries in the same order at every solve, so a draw only adds numbers
// into precomputed slots (no maps, no sorting, no allocation).
type extractor struct {
	focus   string
	metrics []Metric
	nFlows  int
	// Per flow, the slot of its value1 among the partner and category
	// metrics, or -1.
	impPartner, expPartner, impCat, expCat []int
	// Per market, the slot of the focus country's price change, or -1.
	mktPrice []int
	focusMkt []bool // markets whose importer is focus (import price index)
	country  int    // offset of the country metrics
}

var countryNames = []string{"exports1", "imports1", "balance1", "dCS", "dR", "dPS", "welfare"}
var headlineNames = []string{"imports1", "exports1", "balance1", "import_price_change_pct", "dCS", "dR", "dPS", "welfare"}

func newExtractor(plain *model.Result, focus string) *extractor {
	ex := &extractor{focus: focus, nFlows: len(plain.Flows)}
	nan := math.NaN()
	add := func(group, code, name string, before float64) int {
		ex.metrics = append(ex.metrics, Metric{Group: group, Code: code, Name: name, Before: before})
		return len(ex.metrics) - 1
	}
	for _, n := range headlineNames {
		add("headline", "", n, nan)
	}
	slots := func(group string, key func(f model.FlowResult) (string, bool)) []int {
		idx := make([]int, len(plain.Flows))
		at := map[string]int{}
		for i, f := range plain.Flows {
			k, ok := key(f)
			if !ok {
				idx[i] = -1
				continue
			}
			j, seen := at[k]
			if !seen {
				j = add(group, k, "value1", 0)
				at[k] = j
			}
			ex.metrics[j].Before += f.Value
			idx[i] = j
		}
		return idx
	}
	ex.impPartner = slots("imports_by_partner", func(f model.FlowResult) (string, bool) { return f.Exporter, f.Importer == focus })
	ex.expPartner = slots("exports_by_partner", func(f model.FlowResult) (string, bool) { return f.Importer, f.Exporter == focus })
	ex.impCat = slots("imports_by_category", func(f model.FlowResult) (string, bool) { return f.Category, f.Importer == focus })
	ex.expCat = slots("exports_by_category", func(f model.FlowResult) (string, bool) { return f.Category, f.Exporter == focus })
	ex.mktPrice = make([]int, len(plain.Markets))
	ex.focusMkt = make([]bool, len(plain.Markets))
	for i, m := range plain.Markets {
		ex.mktPrice[i] = -1
		if m.Importer == focus {
			ex.focusMkt[i] = true
			ex.mktPrice[i] = add("imports_by_category", m.Category, "price_change_pct", nan)
		}
	}
	ex.country = len(ex.metrics)
	for _, c := range plain.Countries {
		for _, n := range countryNames {
			before := nan
			switch n {
			case "exports1":
				before = c.Exports0
			case "imports1":
				before = c.Imports0
			case "balance1":
				before = c.Balance0()
			}
			add("country", c.Country, n, before)
		}
	}
	h := &ex.metrics
	for _, c := range plain.Countries {
		if c.Country == focus {
			(*h)[0].Before, (*h)[1].Before, (*h)[2].Before = c.Imports0, c.Exports0, c.Balance0()
		}
	}
	row := make([]float64, len(ex.metrics))
	ex.extract(plain, row)
	for j := range ex.metrics {
		ex.metrics[j].Plain = row[j]
	}
	return ex
}

// check rejects a solve whose numbers are not finite: such a draw counts
// as failed rather than poisoning the percentiles.
func (ex *extractor) check(r *model.Result) error {
	if len(r.Flows) != ex.nFlows {
		return fmt.Errorf("internal error: %d flows, want %d", len(r.Flows), ex.nFlows)
	}
	for _, c := range r.Countries {
		if math.IsNaN(c.Welfare) || math.IsInf(c.Welfare, 0) || math.IsNaN(c.Imports1) || math.IsNaN(c.Exports1) {
			return fmt.Errorf("the solve gave a non-finite result for %s", c.Country)
		}
	}
	return nil
}

// extract writes r's metrics into row, summing in the same order as
// internal/tables does, so that a draw with the plain run's parameters
// reproduces the plain run's figures exactly.
func (ex *extractor) extract(r *model.Result, row []float64) {
	for j := range row {
		row[j] = 0
	}
	for _, c := range r.Countries {
		if c.Country == ex.focus {
			row[0], row[1], row[2] = c.Imports1, c.Exports1, c.Exports1-c.Imports1
			row[4], row[5], row[6], row[7] = c.ConsumerSurplus, c.RevenueChange, c.ProducerSurplus, c.Welfare
		}
	}
	var e0, e1 float64
	for i, m := range r.Markets {
		if ex.focusMkt[i] {
			e0 += m.Expenditure0
			e1 += m.Expenditure0 * m.PriceIndexHat
			row[ex.mktPrice[i]] = 100 * (m.PriceIndexHat - 1)
		}
	}
	if e0 > 0 {
		row[3] = 100 * (e1/e0 - 1)
	}
	for i, f := range r.Flows {
		for _, s := range [...]int{ex.impPartner[i], ex.expPartner[i], ex.impCat[i], ex.expCat[i]} {
			if s >= 0 {
				row[s] += f.NewValue
			}
		}
	}
	k := ex.country
	for _, c := range r.Countries {
		row[k], row[k+1], row[k+2], row[k+3], row[k+4], row[k+5], row[k+6] =
			c.Exports1, c.Imports1, c.Balance1(), c.ConsumerSurplus, c.RevenueChange, c.ProducerSurplus, c.Welfare
		k += len(countryNames)
	}
}
