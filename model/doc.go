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
// η (aggregate import demand) ≥ 0 and ε (export supply) ≥ 0 or +Inf.
package model
