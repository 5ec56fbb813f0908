package scenario

// validateEngine refuses the combinations of [model] engine with keys that
// mean nothing under it. GE (package model/ge) is one-sector structural
// gravity: its only elasticity is the trade elasticity θ = σ − 1, read
// from substitution; it has no supply curves, no linear form, no import
// demand elasticity, no domestic nest and no time path. PE has no trade
// imbalances to close.
func (s *Scenario) validateEngine(errs *errorList) {
	if s.Model.Engine != GE {
		if s.modelSet["imbalance"] {
			errs.add(s.line(0, "model", "imbalance"), "",
				"imbalance: only the general-equilibrium engine closes trade imbalances; add engine = \"ge\" to [model] or remove imbalance")
		}
		return
	}
	ge := func(key, why string) {
		errs.add(s.line(0, "model", key), "", "%s: %s under engine = \"ge\"", key, why)
	}
	if s.modelSet["supply"] {
		ge("supply", "means nothing (GE has no export supply curves: each country's output price ŵ clears its market)")
	}
	if s.modelSet["form"] && s.Model.Form != 0 {
		ge("form", "\"linear\" is a PE approximation (GSIM); GE solves the exact equations only")
	}
	if s.modelSet["horizon"] {
		ge("horizon", "is not used (GE's one elasticity is substitution, θ = σ − 1; write the σ you mean)")
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
