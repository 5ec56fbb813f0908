package cli

import (
	"fmt"
	"github.com/tariffsim/tariffsim/internal/suggest"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// A metric is one number read off a solved scenario for the focus country
// (the US unless --focus says otherwise): what sweep tabulates and
// sensitivity ranks. Every metric is a change from the baseline, so that
// a sweep starts from zero when the tariff change is zero and a tornado's
// bars read as "how much more or less".
type metric struct {
	name    string // as typed: "us_imports", "imports_from:CN"
	label   string // for tables and chart titles, with the focus filled in
	percent bool   // a percentage change rather than million USD
	kind    string // "trade", "welfare" or "prices": which sweep chart shows it
	eval    func(res *model.Result, focus string) float64
}

// metricHelp documents the metric names for -h.
const metricHelp = `Metrics (changes from the baseline for the focus country, the US unless
--focus says otherwise; million USD at world prices unless marked %):

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

// headlineMetrics are the metrics sweep writes by default, in column order.
var headlineMetrics = []string{"us_imports", "us_exports", "us_balance", "import_prices",
	"us_revenue", "us_consumer_surplus", "us_producer_surplus", "us_welfare"}

func headlineOf(res *model.Result, focus string) tables.Headline {
	return (&tables.Run{Result: res, Focus: focus}).Headline()
}

// parseMetric resolves a metric name against b; unknown names and codes
// are usage errors with a suggestion.
func parseMetric(name string, b *baseline.Baseline, focusName string) (metric, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	h := func(f func(h tables.Headline) float64) func(*model.Result, string) float64 {
		return func(res *model.Result, focus string) float64 { return f(headlineOf(res, focus)) }
	}
	switch n {
	case "us_imports":
		return metric{n, "change in " + focusName + " imports", false, "trade", h(func(h tables.Headline) float64 { return h.Imports1 - h.Imports0 })}, nil
	case "us_exports":
		return metric{n, "change in " + focusName + " exports", false, "trade", h(func(h tables.Headline) float64 { return h.Exports1 - h.Exports0 })}, nil
	case "us_balance":
		return metric{n, "change in the " + focusName + " trade balance", false, "trade", h(func(h tables.Headline) float64 {
			return (h.Exports1 - h.Imports1) - (h.Exports0 - h.Imports0)
		})}, nil
	case "import_prices":
		return metric{n, "change in " + focusName + " import prices", true, "prices", h(func(h tables.Headline) float64 { return 100 * h.ImportPriceChange })}, nil
	case "us_revenue":
		return metric{n, "change in " + focusName + " tariff revenue", false, "welfare", h(func(h tables.Headline) float64 { return h.RevenueChange })}, nil
	case "us_consumer_surplus":
		return metric{n, "change in " + focusName + " consumer surplus", false, "welfare", h(func(h tables.Headline) float64 { return h.ConsumerSurplus })}, nil
	case "us_producer_surplus":
		return metric{n, "change in " + focusName + " producer surplus", false, "welfare", h(func(h tables.Headline) float64 { return h.ProducerSurplus })}, nil
	case "us_welfare":
		return metric{n, "change in " + focusName + " welfare", false, "welfare", h(func(h tables.Headline) float64 { return h.Welfare })}, nil
	}
	if pre, code, ok := strings.Cut(n, ":"); ok {
		code = strings.ToUpper(strings.TrimSpace(code))
		known := b.CountryCodes()
		if !slices.Contains(known, code) {
			return metric{}, usagef("metric %q: unknown country code %q%s (baseline %s has %s)", name, code,
				suggest.Hint(code, known), b.Name, strings.Join(known, " "))
		}
		cn := b.CountryName(code)
		switch pre {
		case "imports_from":
			return metric{pre + ":" + code, "change in " + focusName + " imports from " + cn, false, "trade", func(res *model.Result, focus string) float64 {
				return flowChange(res, func(f model.FlowResult) bool { return f.Importer == focus && f.Exporter == code })
			}}, nil
		case "exports_to":
			return metric{pre + ":" + code, "change in " + focusName + " exports to " + cn, false, "trade", func(res *model.Result, focus string) float64 {
				return flowChange(res, func(f model.FlowResult) bool { return f.Exporter == focus && f.Importer == code })
			}}, nil
		case "welfare":
			return metric{pre + ":" + code, "change in the welfare of " + cn, false, "welfare", func(res *model.Result, _ string) float64 {
				for _, c := range res.Countries {
					if c.Country == code {
						return c.Welfare
					}
				}
				return 0
			}}, nil
		}
		return metric{}, usagef("unknown metric %q%s; partner metrics are imports_from:CC, exports_to:CC and welfare:CC", name,
			suggest.Hint(pre, []string{"imports_from", "exports_to", "welfare"}))
	}
	return metric{}, usagef("unknown metric %q%s (the list: 'tariffsim sensitivity -h')", name,
		suggest.Hint(n, append(slices.Clone(headlineMetrics), "imports_from:CN", "exports_to:CN", "welfare:CN")))
}

// flowChange sums NewValue − Value over the flows pick selects.
func flowChange(res *model.Result, pick func(model.FlowResult) bool) float64 {
	d := 0.0
	for _, f := range res.Flows {
		if pick(f) {
			d += f.NewValue - f.Value
		}
	}
	return d
}

// parseMetrics resolves a comma-separated list of metric names.
func parseMetrics(list string, b *baseline.Baseline, focusName string) ([]metric, error) {
	var ms []metric
	for _, n := range strings.Split(list, ",") {
		if strings.TrimSpace(n) == "" {
			continue
		}
		m, err := parseMetric(n, b, focusName)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(ms, func(x metric) bool { return x.name == m.name }) {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil, usagef("no metric given")
	}
	return ms, nil
}

// focusName is how titles name the focus country: "US" for the United
// States ("US imports"), its name otherwise.
func focusName(b *baseline.Baseline, focus string) string {
	if focus == "US" {
		return "US"
	}
	return b.CountryName(focus)
}

// checkFocus makes sure an explicit --focus names a country of b.
func checkFocus(focus string, b *baseline.Baseline) error {
	if focus == "" {
		return nil
	}
	known := b.CountryCodes()
	if !slices.Contains(known, focus) {
		return usagef("--focus %q: unknown country code%s (baseline %s has %s)", focus, suggest.Hint(focus, known), b.Name, strings.Join(known, " "))
	}
	return nil
}

// fmtMetric formats a metric value for tables: money with separators, or
// a percentage with two decimals.
func fmtMetric(m metric, v float64) string {
	if m.percent {
		return fmt.Sprintf("%+.2f%%", v)
	}
	return signedMoney(v)
}

// plainMoney formats million USD rounded, with thousands separators.
func plainMoney(v float64) string {
	r := math.Round(v)
	if r == 0 {
		r = 0 // no "-0"
	}
	s := strconv.FormatFloat(math.Abs(r), 'f', 0, 64)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if r < 0 {
		return "-" + string(out)
	}
	return string(out)
}

// signedMoney is plainMoney with an explicit sign; a value that rounds to
// zero but is not zero shows as +0 or -0 rather than as no change.
func signedMoney(v float64) string {
	switch r := math.Round(v); {
	case r > 0 || r == 0 && v > 0:
		return "+" + plainMoney(v)
	case r == 0 && v < 0:
		return "-0"
	case r == 0:
		return "0"
	}
	return plainMoney(v)
}

// baselineInfo describes b for JSON outputs, as run's results.json does.
func baselineInfo(b *baseline.Baseline) tables.BaselineInfo {
	pv := b.Provenance()
	bi := tables.BaselineInfo{Name: b.Name, Flows: len(b.Rows), Total: pv.Total, EstimatedShare: pv.EstimatedShare()}
	if pv.Total > 0 {
		bi.PublishedShare, bi.DerivedShare = pv.Published/pv.Total, pv.Derived/pv.Total
	}
	return bi
}
