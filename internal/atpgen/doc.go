// Package atpgen builds tariffsim's embedded baseline of US Advanced
// Technology Products (ATP) trade in 2024 (model/baseline/atp2024.csv).
//
// No public source gives 2024 US ATP trade by partner and technology group:
// Census FT-900 exhibit 16 and the Census API could not be reached when the
// baseline was built. What is published are a few aggregates (total exports
// and imports, imports from five partners, exports to Mexico) and shares
// (ITIF: Mexico's and Canada's shares of some groups, China's share of
// exports; México ¿cómo vamos?: ICT's share of the deficit). The package
// fills the partner × group matrices by iterative proportional fitting
// ([Fit]) of a documented prior to those figures, with the cells that the
// shares pin down held fixed, and rounds to 0.01 million USD so that the
// published totals stay exact ([RoundCents]).
//
// US producers' domestic sales per group (exporter = importer = US, the
// model's domestic nest) come from inputs/us_domestic_sales.csv: the group's
// imports times a proxy NAICS industry's ratio of domestic sales to imports,
// for the groups where a source was found ([DomesticSale]).
//
// The import prior anchors the partners without a 2024 figure on their 2022
// Census levels grown by the growth of the world less the partners published
// in both years, and gives a class of East-Asian suppliers the ICT log odds
// of the partners whose ICT share is sourced (inputs/partner_levels_2022.csv,
// inputs/partner_class.csv).
//
// [Refitter] redraws the estimated split for Monte Carlo runs: it perturbs
// the prior with lognormal noise ([Scale], [DefaultScale]) and refits it to
// the same margins, in about 40 µs and without allocating. It is the only
// part of the package meant for run time; the rest runs under go generate.
//
// Every input is a CSV file under inputs/, either copied from the project's
// shared data pack with its source columns or written here with a basis
// column that says what is assumed. [Generate] is deterministic: run
// `go generate ./model/baseline` to rebuild the embedded file, and the tests
// check that the result equals it byte for byte. docs/DATA.md explains the
// method and every assumption.
package atpgen
