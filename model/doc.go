// Package model is tariffsim's simulation engine: a multi-market
// partial-equilibrium Armington model of tariff changes.
//
// # Overview
//
// A [Problem] holds baseline trade [Flow]s (importer, exporter, category,
// value at world prices, baseline tariff), the new tariff of every flow, the
// elasticities ([Params]) and the model variant ([Supply], [Form]). [Solve]
// computes the new equilibrium and returns a [Result] with changes per flow,
// per market (importer × category), per producer (exporter × category) and per
// country.
//
// With [Bilateral] supply every flow has its own supply curve and the model
// is the World Bank WITS/SMART model; with [Global] supply an exporter sells a
// category at one world price to every destination and the model is GSIM
// (Francois and Hall 2003). The [Exact] form solves the non-linear CES
// equations in hat algebra with Newton's method on log prices and an
// analytic Jacobian; the [Linear] form reproduces GSIM's linearised solution
// with one linear system per category.
//
// The equations are those of docs/MODEL.md; every symbol there has a field
// here. Money is in million USD, hats are ratios new/old (1 = no change) and
// tariff rates are fractions (0.25 = 25%).
//
// Elasticities are positive magnitudes: σ (substitution between sources) > 0,
// η (aggregate import demand) ≥ 0 and ε (export supply) ≥ 0 or +Inf; where a
// market has a domestic flow, σ_D > 0 (domestic goods against the import
// composite) and ε_D ≥ 0 or +Inf (domestic supply).
//
// # Pieces, domestic flows and trade costs
//
// [Problem].Pieces splits a flow into varieties that pay their own tariffs,
// as exempt shares do under the split rule: the pieces share the flow's
// exporter price and supply curve and add no unknowns. A flow whose
// Importer equals its Exporter is domestic sales, in a nested CES against
// the market's import composite, with its own supply curve; η is then the
// elasticity of total demand. [Problem].TradeCost changes an iceberg trade
// cost κ, which raises consumer prices like a tariff without revenue.
//
// # Results
//
// Results stay per flow, pieces summed: [FlowResult].NewTariff is the
// baseline-weighted mean tariff t̄1 and [FlowResult].Pieces holds the
// per-piece detail ([PieceResult]) for a flow of more than one piece.
// [FlowResult].Domestic marks domestic flows, whose whole change is
// DomesticEffect rather than the imports' volume, substitution and price
// effects, and whose surplus (with ε_D) is in [MarketResult].DomesticSurplus
// and [CountryResult].DomesticSurplus; [MarketResult] gives the market price
// index P̂_m and the import composite's P̂_M and Q̂_M apart. A country's
// welfare is ΔCS + ΔR + exporters' ΔPS + domestic ΔPS. Without domestic
// flows, ΔCS is the area under the import-composite demand curve, which
// also holds the importer's import-competing producers' surplus; with ε =
// +Inf, exporters' ΔPS is 0 by assumption. [Result].Warnings lists negative
// new flows (the linear form far from the baseline) and import subsidies.
package model
