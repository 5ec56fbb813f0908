package scenario

import "github.com/tariffsim/tariffsim/model"

// GE (package model/ge) is one-sector structural gravity: its only
// elasticity is the trade elasticity θ = σ − 1, read from substitution; it
// has no supply curves, no linear form, no horizon of defaults, no import
// demand elasticity, no domestic nest and no time path. PE has no trade
// imbalances to close. Writing a key that means nothing under the engine
// is an error, even when it holds the default: the reader would think it
// matters.

const (
	msgImbalance = "imbalance: only the general-equilibrium engine closes trade imbalances; add engine = \"ge\" to [model] or remove imbalance"
	msgSupply    = "supply: means nothing under engine = \"ge\" (GE has no export supply curves: each country's output price ŵ clears its market)"
	msgForm      = "form: \"linear\" is a PE approximation (GSIM); engine = \"ge\" solves the exact equations only"
	msgHorizon   = "horizon: not used under engine = \"ge\" (its one elasticity is substitution, θ = σ − 1: write the σ you mean)"
)

// checkEngine checks the [model] keys a file wrote against its engine.
func (d *decoder) checkEngine(s *Scenario) {
	seen := func(k string) bool {
		return d.seen[pathKey([]string{"model", k})] && !d.bad[pathKey([]string{"model", k})]
	}
	at := func(k string) int { return d.loc.line("model", k) }
	if s.Model.Engine != GE {
		if seen("imbalance") {
			d.errs.add(at("imbalance"), "", msgImbalance)
		}
		return
	}
	if seen("supply") {
		d.errs.add(at("supply"), "", msgSupply)
	}
	if seen("form") && s.Model.Form == model.Linear {
		d.errs.add(at("form"), "", msgForm)
	}
	if seen("horizon") {
		d.errs.add(at("horizon"), "", msgHorizon)
	}
	if seen("demand_elasticity") {
		d.errs.add(at("demand_elasticity"), "", "demand_elasticity applies to the PE model's domestic nest; the GE engine has one elasticity, θ = σ − 1: remove it or set engine = \"pe\"")
	}
}

// validateEngine checks the rest: elasticities and [timeline] under GE,
// and, for a scenario built in code (no file to say what was written),
// the [model] values.
func (s *Scenario) validateEngine(errs *errorList) {
	if s.loc == nil {
		switch {
		case s.Model.Engine != GE && s.Model.Imbalance != 0:
			errs.add(0, "", msgImbalance)
		case s.Model.Engine == GE && s.Model.Supply != model.Bilateral:
			errs.add(0, "", msgSupply)
		case s.Model.Engine == GE && s.Model.Form == model.Linear:
			errs.add(0, "", msgForm)
		case s.Model.Engine == GE && s.Model.Horizon != LongRun:
			errs.add(0, "", msgHorizon)
		}
	}
	if s.Model.Engine != GE {
		return
	}
	check := func(set ElasticitySet, path ...string) {
		for _, p := range []struct {
			key string
			e   Elasticity
		}{{"import_demand", set.ImportDemand}, {"export_supply", set.ExportSupply},
			{"domestic_substitution", set.DomesticSubstitution}, {"domestic_supply", set.DomesticSupply}} {
			if p.e.IsSet() {
				errs.add(s.line(0, append(path, p.key)...), "",
					"%s: not used by engine = \"ge\", whose one elasticity is substitution (θ = σ − 1); remove it", p.key)
			}
		}
	}
	check(s.Elasticities.Default, "elasticities")
	for _, k := range sortedKeysOf(s.Elasticities.Category) {
		check(s.Elasticities.Category[k], "elasticities", "category", k)
	}
	for _, k := range sortedKeysOf(s.Elasticities.Exporter) {
		errs.add(s.line(0, "elasticities", "exporter", k), "",
			"[elasticities.exporter.%s]: export supply elasticities are not used by engine = \"ge\"; remove the table", k)
	}
	if s.Timeline != nil {
		errs.add(s.line(s.Timeline.Line, "timeline"), "",
			"[timeline]: engine = \"ge\" is static (it solves the measures in force on one date); remove [timeline] or use the PE engine")
	}
}
