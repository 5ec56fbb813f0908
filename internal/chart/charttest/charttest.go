// Package charttest builds hand-made model results for testing and
// previewing charts and reports without running the solver.
//
// The results are internally consistent (markets and countries are sums of
// flows) but are not equilibria: quantities follow a simple constant
// elasticity response to the tariff. That is all chart and report code
// needs, and it keeps their tests independent of the solver.
package charttest

import (
	"fmt"
	"math"
	"slices"

	"github.com/tariffsim/tariffsim/model"
)

// Options shape a fixture.
type Options struct {
	Partners   int // trading partners of the US
	Categories int
	// Tariff is the scale of the US tariff increase: 1 gives 60% on CN and
	// 20% on everyone else; 0 gives a no-change run; 1e-4 a tiny effect.
	Tariff float64
	// Retaliation gives the three largest partners 25% × Tariff on US
	// exports.
	Retaliation bool
}

// Partner codes in rough order of size; beyond the list, codes are made up.
var partners = []string{"CN", "MX", "CA", "EU", "JP", "KR", "TW", "VN", "IN", "MY", "TH", "SG", "CH", "GB",
	"IL", "PH", "BR", "AU", "ID", "CR", "SA", "ZA"}

// Categories are the ten Census advanced-technology product groups.
var Categories = []string{"bio", "life", "opto", "ict", "elec", "fms", "mat", "aero", "weap", "nuc"}

var categoryNames = map[string]string{
	"bio": "Biotechnology", "life": "Life Science", "opto": "Opto-Electronics",
	"ict": "Information & Communications", "elec": "Electronics", "fms": "Flexible Manufacturing",
	"mat": "Advanced Materials", "aero": "Aerospace", "weap": "Weapons", "nuc": "Nuclear Technology",
}

var countryNames = map[string]string{
	"US": "United States", "CN": "China", "MX": "Mexico", "CA": "Canada", "EU": "European Union",
	"JP": "Japan", "KR": "South Korea", "TW": "Taiwan", "VN": "Vietnam", "IN": "India", "MY": "Malaysia",
	"TH": "Thailand", "SG": "Singapore", "CH": "Switzerland", "GB": "United Kingdom", "IL": "Israel",
	"PH": "Philippines", "BR": "Brazil", "AU": "Australia", "ID": "Indonesia", "CR": "Costa Rica",
	"SA": "Saudi Arabia", "ZA": "South Africa",
}

// CountryName and CategoryName give long names for the fixture's codes.
func CountryName(c string) string  { return countryNames[c] }
func CategoryName(c string) string { return categoryNames[c] }

// Result builds a fixture. The same Options always give the same Result.
func Result(o Options) *model.Result {
	if o.Partners <= 0 {
		o.Partners = 20
	}
	if o.Categories <= 0 || o.Categories > len(Categories) {
		o.Categories = len(Categories)
	}
	codes := make([]string, o.Partners)
	for i := range codes {
		if i < len(partners) {
			codes[i] = partners[i]
		} else {
			codes[i] = fmt.Sprintf("P%02d", i)
		}
	}
	const sigma, eta = 6.0, 1.3
	res := &model.Result{Supply: model.Bilateral, Form: model.Exact}
	var divert float64 // quantity gain of an exempt source from diversion
	add := func(imp, exp, cat string, v, t0, t1 float64) {
		tau := (1 + t1) / (1 + t0)
		// Exporters absorb part of the tariff; buyers pay the rest.
		ph := math.Pow(tau, -0.15)
		pi := ph * tau
		// Untariffed sources gain a little from diversion.
		qh := math.Pow(pi, -sigma*0.5)
		if tau == 1 {
			qh = 1 + divert
		}
		f := model.FlowResult{
			Flow:      model.Flow{Importer: imp, Exporter: exp, Category: cat, Value: v, Tariff: t0},
			NewTariff: t1, Tau: tau, PriceHat: ph, ConsumerPriceHat: pi, QuantityHat: qh,
			NewValue: v * ph * qh, Revenue0: t0 * v,
		}
		f.NewConsumerValue = f.NewValue * (1 + t1)
		f.Revenue1 = t1 * f.NewValue
		f.PassThrough = math.NaN()
		if tau != 1 {
			f.PassThrough = (pi - 1) / (tau - 1)
		}
		f.ProducerSurplus = v * (ph - 1) * (1 + qh) / 2
		res.Flows = append(res.Flows, f)
	}
	for ci, cat := range Categories[:o.Categories] {
		for pi, p := range codes {
			size := 40000 / math.Pow(float64(pi+1), 0.9) * (1 + 0.5*math.Sin(float64(ci*7+pi)))
			t1 := 0.03 + o.Tariff*0.20
			switch p {
			case "CN":
				t1 = 0.03 + o.Tariff*0.60
			case "MX", "CA": // exempt
				t1 = 0.03
			}
			divert = 0.08 * o.Tariff
			add("US", p, cat, size*(1+0.2*float64(ci%3)), 0.03, t1)
			r1 := 0.05
			if o.Retaliation && (p == "CN" || p == "EU" || p == "CA") {
				r1 = 0.05 + o.Tariff*0.25
			}
			divert = 0
			add(p, "US", cat, size*0.45, 0.05, r1)
		}
	}
	// Markets (importer × category) and producers (exporter × category).
	type key struct{ a, c string }
	mk := map[key]*model.MarketResult{}
	pr := map[key]*model.ProducerResult{}
	var mkeys, pkeys []key
	for _, f := range res.Flows {
		k := key{f.Importer, f.Category}
		m := mk[k]
		if m == nil {
			m = &model.MarketResult{Importer: f.Importer, Category: f.Category,
				Elasticities: model.Elasticities{Substitution: sigma, ImportDemand: eta, ExportSupply: 5}}
			mk[k] = m
			mkeys = append(mkeys, k)
		}
		m.Value0 += f.Value
		m.Value1 += f.NewValue
		m.Expenditure0 += f.Value * (1 + f.Tariff)
		m.PriceIndexHat += f.Value * (1 + f.Tariff) * f.ConsumerPriceHat // normalised below
		m.Revenue0 += f.Revenue0
		m.Revenue1 += f.Revenue1
		pk := key{f.Exporter, f.Category}
		p := pr[pk]
		if p == nil {
			p = &model.ProducerResult{Exporter: f.Exporter, Category: f.Category, ExportSupply: 5}
			pr[pk] = p
			pkeys = append(pkeys, pk)
		}
		p.Value0 += f.Value
		p.Value1 += f.NewValue
		p.ProducerSurplus += f.ProducerSurplus
	}
	for _, k := range mkeys {
		m := mk[k]
		m.PriceIndexHat /= m.Expenditure0
		m.QuantityHat = math.Pow(m.PriceIndexHat, -eta)
		m.ImportPriceIndexHat, m.ImportQuantityHat = m.PriceIndexHat, m.QuantityHat // no domestic flows
		m.ConsumerSurplus = -m.Expenditure0 * (m.PriceIndexHat - 1) * (1 + m.QuantityHat) / 2
		m.ConsumerSurplusGSIM = m.ConsumerSurplus
		m.RevenueChange = m.Revenue1 - m.Revenue0
		res.Markets = append(res.Markets, *m)
	}
	for _, k := range pkeys {
		p := pr[k]
		p.PriceHat = p.Value1 / p.Value0
		res.Producers = append(res.Producers, *p)
	}
	cs := map[string]*model.CountryResult{}
	var ckeys []string
	get := func(c string) *model.CountryResult {
		r := cs[c]
		if r == nil {
			r = &model.CountryResult{Country: c}
			cs[c] = r
			ckeys = append(ckeys, c)
		}
		return r
	}
	for _, f := range res.Flows {
		get(f.Importer).Imports0 += f.Value
		get(f.Importer).Imports1 += f.NewValue
		get(f.Exporter).Exports0 += f.Value
		get(f.Exporter).Exports1 += f.NewValue
	}
	for _, m := range res.Markets {
		get(m.Importer).ConsumerSurplus += m.ConsumerSurplus
		get(m.Importer).RevenueChange += m.RevenueChange
	}
	for _, p := range res.Producers {
		get(p.Exporter).ProducerSurplus += p.ProducerSurplus
	}
	slices.Sort(ckeys)
	for _, c := range ckeys {
		r := cs[c]
		r.Welfare = r.ConsumerSurplus + r.RevenueChange + r.ProducerSurplus
		res.Countries = append(res.Countries, *r)
	}
	return res
}
