package model

import (
	"fmt"
	"math"
)

// Flow is one baseline trade flow: what Importer buys from Exporter in
// Category.
type Flow struct {
	Importer string
	Exporter string
	Category string
	// Value is the baseline value in million USD at world prices. It must
	// be positive.
	Value float64
	// Tariff is the baseline ad valorem tariff that Importer applies to
	// Exporter in Category, as a fraction (0.25 = 25%).
	Tariff float64
}

// Elasticities are the three parameters of the model, as positive
// magnitudes.
type Elasticities struct {
	Substitution float64 // σ > 0, between sources of one market
	ImportDemand float64 // η ≥ 0, of a market's composite import
	ExportSupply float64 // ε ≥ 0 or +Inf (price-taking importers)
}

// Validate reports whether e is usable by the model.
func (e Elasticities) Validate() error {
	switch {
	case !(e.Substitution > 0) || math.IsInf(e.Substitution, 0):
		return fmt.Errorf("substitution elasticity σ = %v: must be a positive finite number", e.Substitution)
	case !(e.ImportDemand >= 0) || math.IsInf(e.ImportDemand, 0):
		return fmt.Errorf("import demand elasticity η = %v: must be a finite number ≥ 0", e.ImportDemand)
	case !(e.ExportSupply >= 0):
		return fmt.Errorf("export supply elasticity ε = %v: must be ≥ 0 or +Inf", e.ExportSupply)
	}
	return nil
}

// Params gives the elasticities of every flow.
type Params struct {
	// Default applies to categories that Category does not list.
	Default Elasticities
	// Category holds complete elasticities per category.
	Category map[string]Elasticities
	// ExportSupply overrides ε for everything an exporter sells.
	ExportSupply map[string]float64
}

// For returns the elasticities that apply to what exporter sells in category.
func (p *Params) For(exporter, category string) Elasticities {
	e, ok := p.Category[category]
	if !ok {
		e = p.Default
	}
	if eps, ok := p.ExportSupply[exporter]; ok {
		e.ExportSupply = eps
	}
	return e
}

// Supply selects how exporters' prices are determined.
type Supply int

const (
	// Bilateral gives every flow its own supply curve (WITS/SMART).
	Bilateral Supply = iota
	// Global gives every exporter one world price per category (GSIM).
	Global
)

func (s Supply) String() string {
	switch s {
	case Bilateral:
		return "bilateral"
	case Global:
		return "global"
	}
	return fmt.Sprintf("Supply(%d)", int(s))
}

// Form selects the exact or the linearised equations.
type Form int

const (
	// Exact solves the non-linear CES equations in hat algebra.
	Exact Form = iota
	// Linear solves GSIM's first-order approximation.
	Linear
)

func (f Form) String() string {
	switch f {
	case Exact:
		return "exact"
	case Linear:
		return "linear"
	}
	return fmt.Sprintf("Form(%d)", int(f))
}

// Problem is everything Solve needs.
type Problem struct {
	Flows []Flow
	// NewTariff is the tariff of each flow after the scenario, as a
	// fraction, in the order of Flows. Nil means no change.
	NewTariff []float64
	Params    Params
	Supply    Supply
	Form      Form
}

// FlowResult is the outcome for one flow. Values are million USD.
type FlowResult struct {
	Flow
	NewTariff float64 // t1
	Tau       float64 // (1+t1)/(1+t0), the power of the tariff change
	// PriceHat is the change in the exporter's (world) price p̂.
	PriceHat float64
	// ConsumerPriceHat is the change in the tariff-inclusive price π̂ = p̂τ.
	ConsumerPriceHat float64
	// QuantityHat is the change in quantity q̂.
	QuantityHat float64
	NewValue    float64 // V1 = V p̂ q̂, at world prices
	// NewConsumerValue is V1 (1 + t1), at the importer's prices.
	NewConsumerValue float64
	Revenue0         float64 // t0 V
	Revenue1         float64 // t1 V1
	// PassThrough is the share of the tariff change borne by the
	// importer's buyers, (π̂−1)/(τ−1); NaN when τ = 1.
	PassThrough float64
	// The exact decomposition of NewValue − Value.
	VolumeEffect       float64 // V (Q̂ − 1)
	SubstitutionEffect float64 // V Q̂ (S − 1), S = (π̂/P̂)^(−σ)
	PriceEffect        float64 // V q̂ (p̂ − 1)
	// ProducerSurplus is ΔPS of this flow under bilateral supply (zero
	// under global supply, where it is reported per producer).
	ProducerSurplus float64
}

// MarketResult is the outcome for one market: one importer, one category.
type MarketResult struct {
	Importer, Category string
	Elasticities       Elasticities // σ and η of this market
	Expenditure0       float64      // E0 = Σ V (1 + t0)
	Value0, Value1     float64      // imports at world prices
	PriceIndexHat      float64      // P̂
	QuantityHat        float64      // Q̂ = P̂^(−η)
	ConsumerSurplus    float64      // ΔCS
	// ConsumerSurplusGSIM is GSIM's own ΔCS formula, with sgn(P̂ − 1),
	// reported by the linear form for replication; it equals
	// ConsumerSurplus in the exact form.
	ConsumerSurplusGSIM float64
	Revenue0, Revenue1  float64
	RevenueChange       float64 // ΔR
}

// ProducerResult is the outcome for one exporter in one category.
type ProducerResult struct {
	Exporter, Category string
	ExportSupply       float64 // ε
	Value0, Value1     float64 // sales at world prices
	// PriceHat is the exporter's price change; under bilateral supply it is
	// the value-weighted mean of its flows' price changes.
	PriceHat        float64
	ProducerSurplus float64 // ΔPS
}

// CountryResult sums a country's flows, markets and producers.
type CountryResult struct {
	Country            string
	Exports0, Exports1 float64 // at world prices
	Imports0, Imports1 float64
	ConsumerSurplus    float64 // Σ ΔCS of its markets
	RevenueChange      float64 // Σ ΔR
	ProducerSurplus    float64 // Σ ΔPS of its producers
	Welfare            float64 // ΔCS + ΔR + ΔPS
}

// Balance0 is the baseline trade balance, exports minus imports.
func (c CountryResult) Balance0() float64 { return c.Exports0 - c.Imports0 }

// Balance1 is the trade balance after the scenario.
func (c CountryResult) Balance1() float64 { return c.Exports1 - c.Imports1 }

// Result is a solved equilibrium.
type Result struct {
	Supply    Supply
	Form      Form
	Flows     []FlowResult     // in the order of Problem.Flows
	Markets   []MarketResult   // sorted by importer, category
	Producers []ProducerResult // sorted by exporter, category
	Countries []CountryResult  // sorted by country
	// Iterations is the largest number of Newton iterations any block
	// needed (0 for the linear form and when nothing changed).
	Iterations int
	// Residual is the largest relative market-clearing residual left.
	Residual float64
}
