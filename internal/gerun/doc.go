// Package gerun maps a scenario with [model] engine = "ge" onto the
// general-equilibrium engine, package model/ge, and solves it.
//
// A GE scenario is checked and compiled like any other, against a
// baseline.Baseline, so that codes, "did you mean" and the measures in
// force mean the same under both engines. The mapping to ge.Problem is
// the one of docs/MODEL.md, "General equilibrium":
//
//   - the new tariff of every flow is the measures in force applied in
//     file order with exempt shares AVERAGED (t ← t + (1 − x)·rate, or
//     t ← x·t + (1 − x)·rate for mode = "set"), whatever [model]
//     exemption says: GE has one variety per country, so a flow cannot be
//     split into exempt and non-exempt pieces;
//   - its trade cost κ is the product of 1 + change over the
//     [[trade_cost]] measures in force;
//   - θ = σ − 1, with σ the category's substitution elasticity (a
//     distribution is drawn in a Monte Carlo run);
//   - every country must have its domestic flow, and the baseline must
//     have one category, unless Options.Aggregate sums the categories
//     (ge.Aggregate).
//
// The shipped GE baseline (Baseline, named "ge2006") is the 2006 sample
// of gegravity: 30 countries, one sector (aggregate manufacturing), old
// and coarse; Caveat says so in one line for every chart and summary.
package gerun
