// Package baseline reads, writes and describes the baseline trade flows that
// tariffsim's scenarios are applied to, and embeds the default baseline: US
// Advanced Technology Products (ATP) trade in 2024.
//
// A baseline file is CSV with the header
//
//	importer,exporter,category,value_musd,tariff_pct
//
// in any order, values in million USD at world prices and the baseline
// applied tariff in percent. Optional columns status (published, derived,
// estimated) and source carry provenance; other columns are kept and
// ignored.
//
// A row whose exporter is its importer (US,US) is domestic sales: the
// value of the importer's own producers' shipments to its market, at
// producer prices. It must have tariff 0. The model puts it in a nest of
// its own against the market's imports, with the elasticities
// domestic_substitution (σ_D) and domestic_supply (ε_D) of [Defaults].
//
// [ATP2024] is the embedded default: US ATP trade in 2024 with 19 partners
// and the rest of the world by Census ATP group. Its published Census totals
// are exact; its partner × group split is estimated by internal/atpgen
// (docs/DATA.md explains the method and every assumption).
//
// Its default elasticities and the presets low/high are the embedded table
// atp_elasticities.csv: one row per group, parameter (σ, σ_D, η, ε) and
// horizon with the basis of every number; [ReadElasticities] reads a table
// of that form, and elasticity_estimates.csv lists the literature estimates
// behind it (docs/DATA.md, "Default elasticities").
package baseline
