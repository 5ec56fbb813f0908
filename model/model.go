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

// Elasticities are the parameters of the model, as positive magnitudes.
type Elasticities struct {
	Substitution float64 // σ > 0, between sources of one market
	// ImportDemand is η ≥ 0: the elasticity of demand for the market's
	// import composite, or of its total demand where the market has a
	// domestic flow.
	ImportDemand float64
	ExportSupply float64 // ε ≥ 0 or +Inf (price-taking importers)
	// DomesticSubstitution is σ_D > 0 between domestic goods and the import
	// composite; 0 means not given, which is an error only in a market with
	// a domestic flow.
	DomesticSubstitution float64
	// DomesticSupply is ε_D ≥ 0 or +Inf, the supply elasticity of domestic
	// producers (used only where a market has a domestic flow).
	DomesticSupply float64
	// ImportsOnly says that ImportDemand is an estimate of import demand
	// (η_M, the import composite's elasticity) in every market, as
	// published import-demand elasticities are. In a market with a
	// domestic flow the engine then uses the elasticity of total demand
	// that the nested CES implies, η = max(0, (η_M − θ_d σ_D)/(1 − θ_d)),
	// θ_d the domestic flow's baseline share (docs/MODEL.md, "Import
	// demand estimates in a domestic nest"). False: ImportDemand is used as
	// written.
	ImportsOnly bool
}

// TotalDemand is the elasticity of total demand that an import-demand
// elasticity etaM implies in a nested CES whose domestic share is thetaD
// and whose domestic–import substitution is sigmaD: the import
// composite's own-price elasticity is θ_d σ_D + (1 − θ_d) η, solved for η
// and bounded below by 0 (a σ_D too large for etaM leaves total demand
// inelastic).
func TotalDemand(etaM, thetaD, sigmaD float64) float64 {
	if !(thetaD > 0) {
		return etaM
	}
	return max(0, (etaM-thetaD*sigmaD)/(1-thetaD))
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
	case !(e.DomesticSubstitution >= 0) || math.IsInf(e.DomesticSubstitution, 0):
		return fmt.Errorf("domestic substitution elasticity σ_D = %v: must be a positive finite number", e.DomesticSubstitution)
	case !(e.DomesticSupply >= 0):
		return fmt.Errorf("domestic supply elasticity ε_D = %v: must be ≥ 0 or +Inf", e.DomesticSupply)
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

// Piece is a share of a flow that pays its own tariff: the goods of a flow
// that are exempt from a measure are a variety of their own (see
// docs/MODEL.md, "Exempt shares are separate varieties").
type Piece struct {
	// Share is the piece's share of the flow's baseline value, in (0, 1].
	Share float64
	// Tariff is the piece's new tariff t1, as a fraction.
	Tariff float64
}

// Problem is everything Solve needs.
//
// A flow whose Importer equals its Exporter is domestic sales: it is the
// market's domestic flow, in its own nest against the import composite
// (docs/MODEL.md, "Demand in market m"), unless IntraTrade is set. It must
// have a zero tariff that does not change and no trade-cost change, and the
// linear form does not take it.
type Problem struct {
	Flows []Flow
	// NewTariff is the tariff of each flow after the scenario, as a
	// fraction, in the order of Flows. Nil means no change.
	NewTariff []float64
	// Pieces, when not nil, splits flows into varieties with their own
	// tariffs: a non-empty Pieces[i] replaces NewTariff[i] (which
	// model/scenario sets to the pieces' baseline-weighted mean, the
	// flow's reported tariff). Shares must be positive and sum to 1. The
	// pieces of a flow share its exporter price and supply curve.
	Pieces [][]Piece
	// TradeCost is κ_f, the power of the change in the iceberg trade cost
	// of each flow (1 = no change, 0.95 = 5% lower), in the order of
	// Flows. Nil means no change. It raises the consumer price like a
	// tariff but earns no revenue.
	TradeCost []float64
	Params    Params
	Supply    Supply
	Form      Form
	// IntraTrade makes flows with Importer = Exporter imports like any
	// other: trade within an aggregate region, as in GSIM's 4-region data
	// (EU→EU), rather than domestic sales.
	IntraTrade bool
}

// FlowResult is the outcome for one flow, its pieces summed. Values are
// million USD.
type FlowResult struct {
	Flow
	// Domestic tells domestic sales (Importer = Exporter) from imports.
	Domestic bool
	// NewTariff is t1, or with pieces the baseline-weighted mean
	// t̄1 = Σ_k (V_k/V) t1_k.
	NewTariff float64
	Tau       float64 // (1+t1)/(1+t0), the power of the tariff change
	// TradeCost is κ, the power of the trade-cost change (1: none).
	TradeCost float64
	// PriceHat is the change in the exporter's (world) price p̂.
	PriceHat float64
	// ConsumerPriceHat is the change in the consumer price π̂ = p̂κτ (with
	// pieces, τ of the mean tariff t̄1).
	ConsumerPriceHat float64
	// QuantityHat is the change in quantity q̂ (with pieces Σ V_k q̂_k / V).
	QuantityHat float64
	NewValue    float64 // V1 = V p̂ q̂ (with pieces Σ V_k p̂ q̂_k), at world prices
	// NewConsumerValue is V1 (1 + t1) (with pieces Σ V_k p̂ q̂_k (1 + t1_k)),
	// at the importer's prices before trade costs.
	NewConsumerValue float64
	Revenue0         float64 // t0 V
	Revenue1         float64 // t1 V1 (with pieces Σ t1_k V_k p̂ q̂_k)
	// PassThrough is the share of the change in the price wedge borne by
	// the importer's buyers, (π̂−1)/(κτ−1), which is (π̂−1)/(τ−1) without
	// a trade-cost change; NaN when κτ = 1.
	PassThrough float64
	// The exact decomposition of NewValue − Value for imports (per piece,
	// summed): VolumeEffect + SubstitutionEffect + PriceEffect = ΔV.
	VolumeEffect       float64 // V (Q̂_M − 1), Q̂_M the import composite
	SubstitutionEffect float64 // V Q̂_M (S − 1), S = (π̂/P̂_M)^(−σ)
	PriceEffect        float64 // V q̂ (p̂ − 1)
	// DomesticEffect is the whole change NewValue − Value of a domestic
	// flow, which is not part of the imports' decomposition (0 for
	// imports).
	DomesticEffect float64
	// ProducerSurplus is ΔPS of this flow under bilateral supply, and of a
	// domestic flow under both (zero for imports under global supply,
	// where it is reported per producer).
	ProducerSurplus float64
	// Pieces is the detail of a flow split by exempt shares (nil for a
	// flow of one piece), in the order of breakpoints: the first piece
	// is the one exempt from most measures.
	Pieces []PieceResult
}

// PieceResult is the outcome for one piece of a flow split by exempt
// shares. Values are million USD; the flow's figures are their sums.
type PieceResult struct {
	Share            float64 // V_k / V
	Value            float64 // V_k
	NewTariff        float64 // t1_k
	ConsumerPriceHat float64 // π̂_k = p̂κτ_k
	QuantityHat      float64 // q̂_k
	NewValue         float64 // V_k p̂ q̂_k
	Revenue1         float64 // t1_k V_k p̂ q̂_k
	// The decomposition of the piece's NewValue − Value.
	VolumeEffect, SubstitutionEffect, PriceEffect float64
}

// MarketResult is the outcome for one market: one importer, one category.
type MarketResult struct {
	Importer, Category string
	// Elasticities are σ and η of this market, and σ_D and ε_D where it
	// has a domestic flow.
	Elasticities Elasticities
	// Expenditure0 is E0 = D + Σ V (1 + t0), D the domestic flow's value
	// (0 without one).
	Expenditure0   float64
	Value0, Value1 float64 // imports at world prices
	// HasDomestic tells whether the market has a domestic flow.
	HasDomestic bool
	// Domestic0 and Domestic1 are its value before and after (0 without
	// one); DomesticPriceHat is p̂_d (1 without one) and DomesticSurplus
	// its producers' ΔPS with ε_D.
	Domestic0, Domestic1 float64
	DomesticPriceHat     float64
	DomesticSurplus      float64
	// PriceIndexHat is P̂_m, the price index of the market (of its import
	// composite when it has no domestic flow).
	PriceIndexHat float64
	QuantityHat   float64 // Q̂_m = P̂_m^(−η)
	// ImportPriceIndexHat and ImportQuantityHat are P̂_M and Q̂_M of the
	// import composite; without a domestic flow they equal PriceIndexHat
	// and QuantityHat.
	ImportPriceIndexHat, ImportQuantityHat float64
	// ConsumerSurplus is ΔCS on P̂_m. Without a domestic flow it is the
	// area under the import-composite demand curve, which also holds the
	// import-competing producers' surplus; with one it is the buyers'
	// surplus, and the producers' is DomesticSurplus.
	ConsumerSurplus float64
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

// CountryResult sums a country's flows, markets and producers. Domestic
// flows are neither exports nor imports.
type CountryResult struct {
	Country            string
	Exports0, Exports1 float64 // at world prices
	Imports0, Imports1 float64
	Domestic0          float64 // Σ its domestic flows, before
	Domestic1          float64 // and after
	ConsumerSurplus    float64 // Σ ΔCS of its markets
	RevenueChange      float64 // Σ ΔR
	ProducerSurplus    float64 // Σ ΔPS of its exporters
	DomesticSurplus    float64 // Σ ΔPS of its domestic producers (ε_D)
	// Welfare is ΔCS + ΔR + ΔPS + domestic ΔPS.
	Welfare float64
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
	// Warnings say what a reader of the numbers must know: negative new
	// flows (which the linear form can give far from the baseline) and
	// import subsidies. Nil when there is nothing to say.
	Warnings []Warning

	filled filled // whose names the slices hold (see work.result)
}

// WarningKind names what a Warning is about.
type WarningKind int

const (
	// NegativeFlows: some new flows are negative (the linear form far
	// from the baseline); the run still reports them, as GSIM does.
	NegativeFlows WarningKind = iota
	// ImportSubsidy: some new tariffs are negative (t1 < 0).
	ImportSubsidy
	// ExtremePrices: some producer prices moved by a factor of more than
	// MaxPriceFactor. The equations were solved, but so far from the
	// baseline that the constant elasticities mean nothing; it is also
	// the sign of an ill-determined equilibrium (η = 0 with ε near 0
	// leaves the price level all but free).
	ExtremePrices
)

// MaxPriceFactor is how far a producer price may move (p̂ above it, or
// below its inverse) before a result warns of ExtremePrices. The largest
// tariff episodes of record (145% on China in April 2025) move prices by
// well under a factor of 2 in the model.
const MaxPriceFactor = 100

func (k WarningKind) String() string {
	switch k {
	case NegativeFlows:
		return "negative-flows"
	case ImportSubsidy:
		return "import-subsidy"
	case ExtremePrices:
		return "extreme-prices"
	}
	return fmt.Sprintf("WarningKind(%d)", int(k))
}

// Warning is one thing a result's reader must know.
type Warning struct {
	Kind WarningKind
	// Count is the number of flows concerned.
	Count int
	// Flow names the extreme one ("US←CN ict"): the most negative new
	// flow, or the flow with the largest subsidy.
	Flow string
	// Value is the extreme value: the new flow (million USD) or the
	// tariff (a fraction).
	Value float64
	// Message says it in a sentence.
	Message string
}

func (w Warning) String() string { return w.Message }
