package metric

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/suggest"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// A Metric is one number read off a solved scenario for the focus
// country: what sweep tabulates and sensitivity ranks. Every metric is a
// change from the baseline, so that a sweep starts from zero when the
// tariff change is zero and a tornado's bars read as "how much more or
// less".
type Metric struct {
	// Name is the canonical name, with the focus country's prefix:
	// "us_imports" (or "ca_imports" under --focus CA), "imports_from:CN".
	Name string
	// Label is for tables and chart titles, with the focus named.
	Label string
	// Percent marks a percentage change rather than million USD.
	Percent bool
	// Kind is "trade", "welfare" or "prices": which sweep chart shows it.
	Kind string
	eval func(res *model.Result, focus string) float64
}

// Eval is m's value in res about focus.
func (m Metric) Eval(res *model.Result, focus string) float64 { return m.eval(res, focus) }

// Help documents the metric names for -h.
const Help = `Metrics (changes from the baseline for the focus country, the US unless
--focus says otherwise; million USD at world prices unless marked %; the
us_ names mean the focus country's, which may also be written with its
own code, e.g. ca_imports under --focus CA):

	us_imports            imports
	us_exports            exports
	us_balance            trade balance, exports − imports
	import_prices         tariff-inclusive import price index, % (expenditure-weighted)
	us_revenue            tariff revenue
	us_consumer_surplus   consumer surplus
	us_producer_surplus   producer surplus (0 when ε = ∞)
	us_welfare            welfare = consumer surplus + revenue + producer surplus
	imports_from:CC       imports from partner CC (e.g. imports_from:CN)
	exports_to:CC         exports to partner CC
	welfare:CC            welfare of country CC`

// headline metrics in the order sweep writes them: the suffix after the
// focus prefix, the label after "change in", and the figure.
var headlines = []struct {
	suffix, label, kind string
	percent             bool
	v                   func(h Headline) float64
}{
	{"imports", "%s imports", "trade", false, func(h Headline) float64 { return h.Imports1 - h.Imports0 }},
	{"exports", "%s exports", "trade", false, func(h Headline) float64 { return h.Exports1 - h.Exports0 }},
	{"balance", "the %s trade balance", "trade", false, func(h Headline) float64 { return h.Balance1() - h.Balance0() }},
	{"", "%s import prices", "prices", true, func(h Headline) float64 { return 100 * h.ImportPriceChange }}, // import_prices
	{"revenue", "%s tariff revenue", "welfare", false, func(h Headline) float64 { return h.RevenueChange }},
	{"consumer_surplus", "%s consumer surplus", "welfare", false, func(h Headline) float64 { return h.ConsumerSurplus }},
	{"producer_surplus", "%s producer surplus", "welfare", false, func(h Headline) float64 { return h.ProducerSurplus }},
	{"welfare", "%s welfare", "welfare", false, func(h Headline) float64 { return h.Welfare }},
}

// prefix is the focus country's metric prefix: "us_", "ca_".
func prefix(focus string) string { return strings.ToLower(focus) + "_" }

func headlineName(i int, focus string) string {
	if headlines[i].suffix == "" {
		return "import_prices"
	}
	return prefix(focus) + headlines[i].suffix
}

// Headlines are the metrics sweep writes by default, in column order.
func Headlines(focus, focusName string) []Metric {
	out := make([]Metric, len(headlines))
	for i := range headlines {
		out[i] = headlineMetric(i, focus, focusName)
	}
	return out
}

func headlineMetric(i int, focus, focusName string) Metric {
	h := headlines[i]
	return Metric{Name: headlineName(i, focus), Label: "change in " + fmt.Sprintf(h.label, focusName), Percent: h.percent, Kind: h.kind,
		eval: func(res *model.Result, focus string) float64 { return h.v(HeadlineOf(res, focus)) }}
}

// Parse resolves a metric name for the focus country (a code of b;
// focusName is how labels name it). Unknown names and codes are errors
// with a suggestion.
func Parse(name string, b *baseline.Baseline, focus, focusName string) (Metric, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for i, h := range headlines {
		if n == headlineName(i, "us") || n == headlineName(i, focus) || (h.suffix == "" && n == "import_prices") {
			return headlineMetric(i, focus, focusName), nil
		}
	}
	if pre, code, ok := strings.Cut(n, ":"); ok {
		written := strings.TrimSpace(code)
		code = strings.ToUpper(written)
		known := b.PartnerCodes()
		if !slices.Contains(known, code) {
			// A country's name where its code belongs: suggest the
			// whole metric with the code ("imports_from:MX").
			hint := suggest.Hint(code, known)
			if c, ok := b.CountryCode(written); ok && slices.Contains(known, c) {
				hint = fmt.Sprintf("; did you mean %q?", pre+":"+c)
			}
			if code == baseline.OtherSuppliersCode {
				hint = ": it is not a country but every other supplier of a partner's market, lumped together"
			}
			return Metric{}, fmt.Errorf("metric %q: unknown country code %q%s (baseline %s has %s)", name, code,
				hint, b.Name, strings.Join(known, " "))
		}
		cn := b.CountryName(code)
		switch pre {
		case "imports_from":
			return Metric{Name: pre + ":" + code, Label: "change in " + focusName + " imports from " + cn, Kind: "trade",
				eval: func(res *model.Result, focus string) float64 { return FlowChange(res, code, focus) }}, nil
		case "exports_to":
			return Metric{Name: pre + ":" + code, Label: "change in " + focusName + " exports to " + cn, Kind: "trade",
				eval: func(res *model.Result, focus string) float64 { return FlowChange(res, focus, code) }}, nil
		case "welfare":
			return Metric{Name: pre + ":" + code, Label: "change in the welfare of " + cn, Kind: "welfare",
				eval: func(res *model.Result, _ string) float64 {
					for _, c := range res.Countries {
						if c.Country == code {
							return c.Welfare
						}
					}
					return 0
				}}, nil
		}
		return Metric{}, fmt.Errorf("unknown metric %q%s; partner metrics are imports_from:CC, exports_to:CC and welfare:CC", name,
			suggest.Hint(pre, []string{"imports_from", "exports_to", "welfare"}))
	}
	var known []string
	for i := range headlines {
		known = append(known, headlineName(i, "us"))
		if focus != "US" && headlines[i].suffix != "" {
			known = append(known, headlineName(i, focus))
		}
	}
	hint := suggest.Hint(n, append(known, "imports_from:CN", "exports_to:CN", "welfare:CN"))
	for i, h := range headlines {
		if h.suffix != "" && n == h.suffix {
			// "imports" for "us_imports": the focus prefix left out.
			hint = fmt.Sprintf("; did you mean %q?", headlineName(i, focus))
		}
	}
	return Metric{}, fmt.Errorf("unknown metric %q%s (the list: 'tariffsim sensitivity -h')", name, hint)
}

// ParseList resolves a comma-separated list of metric names, dropping
// repeats.
func ParseList(list string, b *baseline.Baseline, focus, focusName string) ([]Metric, error) {
	var ms []Metric
	for _, n := range strings.Split(list, ",") {
		if strings.TrimSpace(n) == "" {
			continue
		}
		m, err := Parse(n, b, focus, focusName)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(ms, func(x Metric) bool { return x.Name == m.Name }) {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no metric given")
	}
	return ms, nil
}
