// Package scenario reads tariffsim's scenario files and turns a scenario
// into a model.Problem for a baseline.
//
// # The language
//
// A scenario is a TOML file:
//
//	name = "US 25% on Canada and Mexico"
//	description = "IEEPA tariffs of March 2025; USMCA-qualifying goods exempt."
//	sources = ["Executive Order 14193", "Executive Order 14194"]
//	# at = 2025-03-04          # optional evaluation date
//
//	[model]
//	supply = "bilateral"        # or "global"
//	form = "exact"              # or "linear"
//	horizon = "long-run"        # or "short-run": which baseline defaults apply
//	exemption = "split"         # or "average": how exempt shares enter
//
//	[elasticities]              # positive magnitudes; defaults for every category
//	substitution = 5            # σ
//	import_demand = 1.25        # η
//	export_supply = "inf"       # ε: a number or "inf"
//	domestic_substitution = 2.5 # σ_D, where a market has domestic sales
//	domestic_supply = 5         # ε_D: a number or "inf"
//	[elasticities.category.ict]
//	substitution = 8.8
//	[elasticities.exporter.US]
//	export_supply = 1.5
//
//	[[tariff]]
//	by = "US"                   # the importer that imposes it
//	on = ["CA", "MX"]           # exporters; "*" = every partner of `by`
//	categories = ["*"]          # default all; slugs or aliases such as "04"
//	rate = "25%"                # added to the baseline rate; mode = "set" replaces it
//	exempt = "38%"              # share of the flow that pays nothing
//	start = 2025-03-04          # optional start and end dates, both inclusive
//
//	[[retaliation]]             # same fields, reported apart from the imposer's own tariffs
//	by = "CA"
//	on = ["US"]
//	rate = "25%"
//
//	[[trade_cost]]              # an iceberg, non-tariff cost: no revenue, no exemption
//	by = "US"
//	on = ["CN"]
//	change = "-5%"              # above -100%; factors of several multiply
//
// Rates and shares are percent strings ("25%", "-10%", "7.5%"): a bare
// number is rejected because 25 and 0.25 are both common ways to write 25%,
// and a silent factor of 100 is the worst kind of input error. Elasticities
// are magnitudes (write 1.25, not -1.25); "inf" is allowed for export_supply
// only.
//
// # Strictness
//
// [Parse] reports every problem of a file at once, each as an [*Error] with
// the file, the line, what was expected and, where it helps, a "did you
// mean" hint; the errors are joined with errors.Join. Keys are matched with
// their exact case (BurntSushi/toml on its own would fill `rate` from `Rate`)
// and unknown keys are errors, so a typo cannot silently turn into a default.
//
// Files are at most [MaxFileSize] bytes, nest at most [MaxDepth] levels
// and have keys of at most [MaxKeyLen] bytes, checked before decoding so
// that parsing costs time linear in the file; rates are between [MinRate]
// and [MaxRate] (docs/LIMITS.md). [Scenario.Warnings] reports what is valid
// but almost certainly not meant, such as an `at` before every measure.
//
// Parsing does not need a baseline. [Scenario.Check] then checks the codes
// against a baseline (countries, categories and their aliases), and
// [Scenario.Problem] computes the new tariffs of every flow, its trade-cost
// factor and the elasticities, starting from the baseline rate t0, for every
// measure in force that matches the flow, all [[tariff]] measures first and
// then all [[retaliation]] measures, each in file order. The fixed order
// makes a file's result independent of where a retaliation table happens to
// be written.
//
// With exemption = "split" (the default) the exempt goods of a flow are a
// variety of their own that pays nothing of the measure: a flow with exempt
// shares in force becomes pieces (model.Problem.Pieces), nested by their
// shares (see Scenario.Problem and docs/MODEL.md). With exemption =
// "average" every flow stays one variety, x being the exempt share:
//
//	add mode: t ← t + (1 − x)·rate
//	set mode: t ← x·t + (1 − x)·rate
//
// A trade cost multiplies the flow's κ by 1 + change; a measure of an
// importer on itself is an error.
//
// Elasticities of category K come from [elasticities.category.K], else
// [elasticities], else the baseline's documented defaults for K. With
// horizon = "short-run" those defaults are the short-run η, and the
// short-run σ and ε where the baseline documents them.
//
// # Dates
//
// A measure is in force on date d when it has no start or start ≤ d, and no
// end or d ≤ end. The evaluation date is [Options].At, else the scenario's
// `at`, else the latest start of any measure, so that a file describing a
// sequence of steps evaluates, by default, the state after its last step.
// When no measure has a start date and no date is given, every measure
// applies.
//
// # Reproducibility
//
// [Scenario.WriteResolved] writes a scenario file that records exactly what
// was run: the evaluation date, the model, the elasticities of every category
// after defaults, and the measures in force with their codes resolved.
// Parsing it and running it again gives the same problem.
package scenario
