package uncertainty

import (
	"fmt"
	"math"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
)

// extractor turns a solved draw into one row of metrics. Its layout comes
// from the plain run: a Prepared problem returns flows, markets and
// countries in the same order at every solve, so a draw only adds numbers
// into precomputed slots (no maps, no sorting, no allocation). What a
// slot sums is package metric's rule (metric.Partner), so that the
// percentiles are of the same figures as the tables.
type extractor struct {
	focus   string
	metrics []Metric
	nFlows  int
	// Per flow, the slot of its value1 among the partner and category
	// metrics, or -1.
	impPartner, expPartner, impCat, expCat []int
	// Per market, the slot of the focus country's price change, or -1.
	mktPrice []int
	country  int // offset of the country metrics
	// base is each flow's plain-run baseline value. A draw of the
	// baseline split changes a flow's baseline; its partner and category
	// levels are then reported as the plain baseline plus the draw's
	// change, so that a band is of the change the tariff causes and not
	// of the baseline level (which the draws also move).
	base []float64
}

func newExtractor(plain *model.Result, focus string) *extractor {
	ex := &extractor{focus: focus, nFlows: len(plain.Flows), base: make([]float64, len(plain.Flows))}
	for i := range plain.Flows {
		ex.base[i] = plain.Flows[i].Value
	}
	add := func(k metric.Key, before float64) int {
		ex.metrics = append(ex.metrics, Metric{Key: k, Before: before})
		return len(ex.metrics) - 1
	}
	h := metric.HeadlineOf(plain, focus)
	for _, n := range metric.HeadlineNames {
		_, before := h.Value(n)
		add(metric.Key{Group: metric.GroupHeadline, Name: n}, before)
	}
	slots := func(g metric.Group, key func(f *model.FlowResult) (string, bool)) []int {
		idx := make([]int, len(plain.Flows))
		at := map[string]int{}
		for i := range plain.Flows {
			f := &plain.Flows[i]
			k, ok := key(f)
			if !ok {
				idx[i] = -1
				continue
			}
			j, seen := at[k]
			if !seen {
				j = add(metric.Key{Group: g, Code: k, Name: metric.Value1}, 0)
				at[k] = j
			}
			ex.metrics[j].Before += f.Value
			idx[i] = j
		}
		return idx
	}
	partner := func(side metric.Side) func(*model.FlowResult) (string, bool) {
		return func(f *model.FlowResult) (string, bool) { return metric.Partner(f, focus, side) }
	}
	category := func(side metric.Side) func(*model.FlowResult) (string, bool) {
		return func(f *model.FlowResult) (string, bool) {
			_, ok := metric.Partner(f, focus, side)
			return f.Category, ok
		}
	}
	ex.impPartner = slots(metric.GroupImportsByPartner, partner(metric.Imports))
	ex.expPartner = slots(metric.GroupExportsByPartner, partner(metric.Exports))
	ex.impCat = slots(metric.GroupImportsByCategory, category(metric.Imports))
	ex.expCat = slots(metric.GroupExportsByCategory, category(metric.Exports))
	ex.mktPrice = make([]int, len(plain.Markets))
	for i, m := range plain.Markets {
		ex.mktPrice[i] = -1
		if m.Importer == focus {
			ex.mktPrice[i] = add(metric.Key{Group: metric.GroupImportsByCategory, Code: m.Category, Name: metric.PriceChangePct}, math.NaN())
		}
	}
	ex.country = len(ex.metrics)
	for i := range plain.Countries {
		c := &plain.Countries[i]
		for _, n := range metric.CountryNames {
			_, before := metric.CountryValue(c, n)
			add(metric.Key{Group: metric.GroupCountry, Code: c.Country, Name: n}, before)
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
// package metric does, so that a draw with the plain run's parameters
// reproduces the plain run's figures exactly.
func (ex *extractor) extract(r *model.Result, row []float64) {
	for j := range row {
		row[j] = 0
	}
	h := metric.HeadlineOf(r, ex.focus)
	for j, n := range metric.HeadlineNames {
		row[j], _ = h.Value(n)
	}
	for i, m := range r.Markets {
		if s := ex.mktPrice[i]; s >= 0 {
			row[s] = 100 * (m.ImportPriceIndexHat - 1)
		}
	}
	for i := range r.Flows {
		v := r.Flows[i].NewValue
		if b := r.Flows[i].Value; b != ex.base[i] {
			v += ex.base[i] - b
		}
		for _, s := range [...]int{ex.impPartner[i], ex.expPartner[i], ex.impCat[i], ex.expCat[i]} {
			if s >= 0 {
				row[s] += v
			}
		}
	}
	k := ex.country
	for i := range r.Countries {
		for _, n := range metric.CountryNames {
			row[k], _ = metric.CountryValue(&r.Countries[i], n)
			k++
		}
	}
}
