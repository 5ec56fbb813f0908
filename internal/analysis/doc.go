// Package analysis holds the analyses built on repeated solves of one
// pipeline run: Compare (several scenarios side by side), Sweep (one
// parameter along a grid), Analyse (one-at-a-time sensitivity, for a
// tornado chart) and RunBacktest (a [timeline] scenario's first half of
// 2025 beside observed figures). Each is a function of a context and
// solved inputs that returns a row model with its CSV, text and chart
// writers; the command line only parses flags and writes files.
//
// # Sensitivity ranges
//
// Analyse moves each elasticity alone to a low and a high value, keeping
// every other one where the scenario sets it. The low and high values,
// per category and elasticity, are modelling choices and follow these
// rules, in order:
//
//   - where the scenario gives the elasticity as a distribution, its 5th
//     and 95th percentiles (rule "distribution p5–p95");
//   - otherwise the baseline's documented range, its presets "low" and
//     "high" (docs/DATA.md, "Elasticity presets"; rule "baseline
//     presets"). When the scenario sets its own number, the range keeps
//     the presets' proportions around it, low = value × preset low /
//     preset central (rule "presets, scaled to the scenario's value"), so
//     a scenario that doubles σ also doubles its range;
//   - where the baseline documents no range, or its central value is 0 or
//     ∞, ±50% of the central value (rule "±50% (no documented range)").
//
// ε = ∞ (importers pay the whole tariff) has no proportions and an ∞
// range moves nothing: such rows are reported as not moved. Exporter
// overrides of ε ([elasticities.exporter.CC]) keep their value. By
// "parameter", every category moves at once, each to its own low or high
// value.
//
// # Sweep grids
//
// A grid has Steps evenly spaced points from From to To, both included,
// at most MaxSteps. σ must stay > 0, η and ε ≥ 0 (a grid cannot reach
// ∞), a rate above −100% and a scale factor ≥ 0. Elasticity points
// re-solve the prepared central problem; rate and scale points are
// scenario.Edits of the scenario, the same edits as the web page's
// sliders, compiled again.
package analysis
