// Package metric is tariffsim's one vocabulary of results: what a solved
// scenario is summed into, and how users and files name the sums.
//
// Aggregation. [Summarize] (and its parts [HeadlineOf], [BreakdownOf],
// [DecompositionOf], [PathTotalsOf]) turns a model.Result into the focus
// country's headline, its trade by partner and by category, the
// decomposition of its import change and its monthly path totals. Every
// table, chart, report, web page, Monte Carlo percentile and sensitivity
// metric reads these sums; no other package adds up flows.
//
// The one rule of aggregation: a flow whose exporter is its importer is a
// domestic flow (the focus country's sales at home). It is neither an
// import nor an export, and no partner's: [IsDomestic] flows are left out
// of imports, exports, partner and category sums, the decomposition and
// the path totals, and are taken back out of the engine's country totals.
//
// Names. A [Key] (group, code, name) names one figure, as results.json
// and percentiles.csv write it: {ImportsByPartner, "CN", Value1}. A
// [Metric] is a change from the baseline that sweep tabulates and
// sensitivity ranks, parsed by [Parse] from what users type:
// "us_imports" (the focus country's imports, whatever --focus is; the
// focus's own prefix, "ca_imports", is accepted too), "imports_from:CN",
// "exports_to:MX", "welfare:MX".
package metric
