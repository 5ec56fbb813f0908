package tables

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// Tables lists the CSV tables by name.
var Tables = []string{"flows", "pieces", "markets", "producers", "countries"}

// WriteCSV writes one table of r ("flows", "pieces", "markets",
// "producers" or "countries") as CSV. flows.csv ends with trade_cost (κ),
// domestic (true for a domestic flow: sales of the importer's own
// producers, neither import nor export) and pieces (the number of pieces
// of a flow split by exempt shares, 1 otherwise); pieces.csv has one row
// per piece of every split flow.
func WriteCSV(w io.Writer, r *Run, table string) error {
	cw := csv.NewWriter(w)
	num := func(v float64) string { return CSVNumber(v, 12) }
	res := r.Result
	switch table {
	case "flows":
		cw.Write([]string{"importer", "exporter", "category", "value0", "value1", "tariff0_pct", "tariff1_pct",
			"p_hat", "consumer_price_hat", "q_hat", "pass_through", "volume_effect", "substitution_effect", "price_effect",
			"revenue0", "revenue1", "dPS", "trade_cost", "domestic", "pieces"})
		for _, f := range res.Flows {
			cw.Write([]string{f.Importer, f.Exporter, f.Category, num(f.Value), num(f.NewValue), num(100 * f.Tariff), num(100 * f.NewTariff),
				num(f.PriceHat), num(f.ConsumerPriceHat), num(f.QuantityHat), num(f.PassThrough),
				num(f.VolumeEffect), num(f.SubstitutionEffect), num(f.PriceEffect), num(f.Revenue0), num(f.Revenue1), num(f.ProducerSurplus),
				num(f.TradeCost), strconv.FormatBool(f.Domestic), strconv.Itoa(max(1, len(f.Pieces)))})
		}
	case "pieces":
		cw.Write([]string{"importer", "exporter", "category", "piece", "share", "value0", "tariff1_pct", "consumer_price_hat", "q_hat",
			"value1", "revenue1", "volume_effect", "substitution_effect", "price_effect"})
		for _, f := range res.Flows {
			for k, pc := range f.Pieces {
				cw.Write([]string{f.Importer, f.Exporter, f.Category, strconv.Itoa(k + 1), num(pc.Share), num(pc.Value), num(100 * pc.NewTariff),
					num(pc.ConsumerPriceHat), num(pc.QuantityHat), num(pc.NewValue), num(pc.Revenue1),
					num(pc.VolumeEffect), num(pc.SubstitutionEffect), num(pc.PriceEffect)})
			}
		}
	case "markets":
		cw.Write([]string{"importer", "category", "sigma", "eta", "E0", "value0", "value1", "P_hat", "Q_hat", "dCS", "dCS_gsim", "revenue0", "revenue1", "dR",
			"sigma_d", "eps_d", "domestic0", "domestic1", "dPS_domestic"})
		for _, m := range res.Markets {
			sigD, epsD := "", ""
			if m.HasDomestic {
				sigD, epsD = num(m.Elasticities.DomesticSubstitution), num(m.Elasticities.DomesticSupply)
			}
			cw.Write([]string{m.Importer, m.Category, num(m.Elasticities.Substitution), num(m.Elasticities.ImportDemand), num(m.Expenditure0),
				num(m.Value0), num(m.Value1), num(m.PriceIndexHat), num(m.QuantityHat), num(m.ConsumerSurplus), num(m.ConsumerSurplusGSIM),
				num(m.Revenue0), num(m.Revenue1), num(m.RevenueChange), sigD, epsD, num(m.Domestic0), num(m.Domestic1), num(m.DomesticSurplus)})
		}
	case "producers":
		cw.Write([]string{"exporter", "category", "epsilon", "value0", "value1", "p_hat", "dPS"})
		for _, p := range res.Producers {
			cw.Write([]string{p.Exporter, p.Category, num(p.ExportSupply), num(p.Value0), num(p.Value1), num(p.PriceHat), num(p.ProducerSurplus)})
		}
	case "countries":
		cw.Write([]string{"country", "name", "exports0", "exports1", "imports0", "imports1", "balance0", "balance1", "dCS", "dR", "dPS", "welfare",
			"domestic0", "domestic1", "dPS_domestic"})
		for _, c := range res.Countries {
			name := c.Country
			if r.Baseline != nil {
				name = r.Baseline.CountryName(c.Country)
			}
			cw.Write([]string{c.Country, name, num(c.Exports0), num(c.Exports1), num(c.Imports0), num(c.Imports1),
				num(c.Balance0()), num(c.Balance1()), num(c.ConsumerSurplus), num(c.RevenueChange), num(c.ProducerSurplus), num(c.Welfare),
				num(c.Domestic0), num(c.Domestic1), num(c.DomesticSurplus)})
		}
	default:
		return fmt.Errorf("unknown table %q: want flows, pieces, markets, producers or countries", table)
	}
	cw.Flush()
	return cw.Error()
}

// Number is a float64 that encodes NaN as null and +Inf as "inf", which
// JSON numbers cannot hold.
type Number float64

// MarshalJSON implements json.Marshaler.
func (n Number) MarshalJSON() ([]byte, error) {
	v := float64(n)
	switch {
	case math.IsNaN(v):
		return []byte("null"), nil
	case math.IsInf(v, 1):
		return []byte(`"inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// Document is the JSON form of a run.
type Document struct {
	Tool     string       `json:"tool"`
	Scenario Scenario     `json:"scenario"`
	Model    ModelInfo    `json:"model"`
	Baseline BaselineInfo `json:"baseline"`
	Headline HeadlineJSON `json:"headline"`
	// Retaliation is the part of the headline due to retaliation
	// (the full run minus the run without retaliation), when split.
	Retaliation *HeadlineJSON  `json:"retaliation,omitempty"`
	Flows       []FlowJSON     `json:"flows"`
	Markets     []MarketJSON   `json:"markets"`
	Producers   []ProducerJSON `json:"producers"`
	Countries   []CountryJSON  `json:"countries"`
	// Warnings are the scenario's and the result's warnings (negative
	// flows of the linear form, import subsidies); empty when none.
	Warnings []WarningJSON `json:"warnings"`
	// Uncertainty is the Monte Carlo run, when there is one.
	Uncertainty *UncertaintyJSON `json:"uncertainty,omitempty"`
}

// ModelInfo describes the model variant and the solve.
type ModelInfo struct {
	Supply      string `json:"supply"`
	Form        string `json:"form"`
	Description string `json:"description"`
	// Exemption is the exemption rule, "split" or "average".
	Exemption  string  `json:"exemption,omitempty"`
	Iterations int     `json:"iterations"`
	Residual   float64 `json:"residual"`
}

// BaselineInfo describes the baseline and its provenance.
type BaselineInfo struct {
	Name           string  `json:"name"`
	Flows          int     `json:"flows"`
	Total          float64 `json:"total_musd"`
	EstimatedShare float64 `json:"estimated_share"`
	PublishedShare float64 `json:"published_share"`
	DerivedShare   float64 `json:"derived_share"`
}

// HeadlineJSON is the focus country's aggregate change.
type HeadlineJSON struct {
	Country           string `json:"country"`
	Imports0          Number `json:"imports0"`
	Imports1          Number `json:"imports1"`
	Exports0          Number `json:"exports0"`
	Exports1          Number `json:"exports1"`
	Balance0          Number `json:"balance0"`
	Balance1          Number `json:"balance1"`
	ImportPriceChange Number `json:"import_price_change_pct"`
	DCS               Number `json:"dCS"`
	DR                Number `json:"dR"`
	DPS               Number `json:"dPS"`
	// DPSDomestic is the domestic producers' ΔPS; Welfare includes it.
	DPSDomestic Number `json:"dPS_domestic"`
	Welfare     Number `json:"welfare"`
	// The average effective tariff rates on the focus country's imports
	// (metric.EffectiveRates), in percent.
	EffectiveTariff0    Number `json:"effective_tariff0_pct"`
	EffectiveTariffPre  Number `json:"effective_tariff1_pre_substitution_pct"`
	EffectiveTariffPost Number `json:"effective_tariff1_post_substitution_pct"`
	// Bands adds x_p5, x_p50, x_p95 after each field x it lists.
	Bands Bands `json:"-"`
}

// FlowJSON is one flow's result.
type FlowJSON struct {
	Importer         string `json:"importer"`
	Exporter         string `json:"exporter"`
	Category         string `json:"category"`
	Value0           Number `json:"value0"`
	Value1           Number `json:"value1"`
	Tariff0Pct       Number `json:"tariff0_pct"`
	Tariff1Pct       Number `json:"tariff1_pct"`
	PHat             Number `json:"p_hat"`
	ConsumerPriceHat Number `json:"consumer_price_hat"`
	QHat             Number `json:"q_hat"`
	PassThrough      Number `json:"pass_through"`
	Volume           Number `json:"volume_effect"`
	Substitution     Number `json:"substitution_effect"`
	Price            Number `json:"price_effect"`
	Revenue0         Number `json:"revenue0"`
	Revenue1         Number `json:"revenue1"`
	DPS              Number `json:"dPS"`
	TradeCost        Number `json:"trade_cost"`
	// Domestic marks a domestic flow (exporter = importer): sales of the
	// importer's own producers, neither import nor export.
	Domestic bool `json:"domestic"`
	// Pieces is the detail of a flow split by exempt shares (absent for
	// a flow of one piece); the flow's figures are their sums.
	Pieces []PieceJSON `json:"pieces,omitempty"`
}

// PieceJSON is one piece of a split flow: a share of its baseline value
// with its own tariff (docs/MODEL.md, "Exempt shares are separate
// varieties").
type PieceJSON struct {
	Share            Number `json:"share"`
	Value0           Number `json:"value0"`
	Tariff1Pct       Number `json:"tariff1_pct"`
	ConsumerPriceHat Number `json:"consumer_price_hat"`
	QHat             Number `json:"q_hat"`
	Value1           Number `json:"value1"`
	Revenue1         Number `json:"revenue1"`
}

// MarketJSON is one market's result.
type MarketJSON struct {
	Importer string `json:"importer"`
	Category string `json:"category"`
	Sigma    Number `json:"sigma"`
	Eta      Number `json:"eta"`
	E0       Number `json:"E0"`
	Value0   Number `json:"value0"`
	Value1   Number `json:"value1"`
	PHat     Number `json:"P_hat"`
	QHat     Number `json:"Q_hat"`
	DCS      Number `json:"dCS"`
	DCSGSIM  Number `json:"dCS_gsim"`
	DR       Number `json:"dR"`
	// HasDomestic marks a market with a domestic flow; SigmaD and EpsD
	// are then its σ_D and ε_D, Domestic0/1 its domestic sales and
	// DPSDomestic their producers' ΔPS.
	HasDomestic bool    `json:"has_domestic"`
	SigmaD      *Number `json:"sigma_d,omitempty"`
	EpsD        *Number `json:"eps_d,omitempty"`
	Domestic0   Number  `json:"domestic0"`
	Domestic1   Number  `json:"domestic1"`
	DPSDomestic Number  `json:"dPS_domestic"`
}

// ProducerJSON is one exporter's result in one category.
type ProducerJSON struct {
	Exporter string `json:"exporter"`
	Category string `json:"category"`
	Epsilon  Number `json:"epsilon"`
	Value0   Number `json:"value0"`
	Value1   Number `json:"value1"`
	PHat     Number `json:"p_hat"`
	DPS      Number `json:"dPS"`
}

// CountryJSON is one country's result.
type CountryJSON struct {
	Country  string `json:"country"`
	Name     string `json:"name"`
	Exports0 Number `json:"exports0"`
	Exports1 Number `json:"exports1"`
	Imports0 Number `json:"imports0"`
	Imports1 Number `json:"imports1"`
	Balance0 Number `json:"balance0"`
	Balance1 Number `json:"balance1"`
	DCS      Number `json:"dCS"`
	DR       Number `json:"dR"`
	DPS      Number `json:"dPS"`
	Welfare  Number `json:"welfare"`
	// Domestic0/1 are its domestic producers' sales at home, and
	// DPSDomestic their ΔPS (included in Welfare).
	Domestic0   Number `json:"domestic0"`
	Domestic1   Number `json:"domestic1"`
	DPSDomestic Number `json:"dPS_domestic"`
	// Bands adds x_p5, x_p50, x_p95 after each field x it lists.
	Bands Bands `json:"-"`
}

func headlineJSON(h Headline) HeadlineJSON {
	return HeadlineJSON{Country: h.Country, Imports0: Number(h.Imports0), Imports1: Number(h.Imports1),
		Exports0: Number(h.Exports0), Exports1: Number(h.Exports1),
		Balance0: Number(h.Exports0 - h.Imports0), Balance1: Number(h.Exports1 - h.Imports1),
		ImportPriceChange: Number(100 * h.ImportPriceChange),
		DCS:               Number(h.ConsumerSurplus), DR: Number(h.RevenueChange), DPS: Number(h.ProducerSurplus), DPSDomestic: Number(h.DomesticSurplus), Welfare: Number(h.Welfare)}
}

// NewDocument builds the JSON document of r.
func NewDocument(r *Run) *Document {
	res := r.Result
	d := &Document{
		Tool:     "tariffsim " + r.Version,
		Scenario: r.Scenario,
		Model: ModelInfo{Supply: res.Supply.String(), Form: res.Form.String(), Description: modelLine(r),
			Exemption: r.Exemption, Iterations: res.Iterations, Residual: res.Residual},
		Warnings: r.warnings(),
		Headline: headlineJSON(r.Headline()),
	}
	if d.Warnings == nil {
		d.Warnings = []WarningJSON{}
	}
	er := r.EffectiveRates()
	d.Headline.EffectiveTariff0, d.Headline.EffectiveTariffPre, d.Headline.EffectiveTariffPost =
		Number(er.Before), Number(er.PreSubstitution), Number(er.PostSubstitution)
	if d.Scenario.Measures == nil {
		d.Scenario.Measures = []string{}
	}
	if r.Baseline != nil {
		d.Baseline = BaselineInfoOf(r.Baseline)
	}
	if r.TariffsOnly != nil {
		full, only := r.Headline(), metric.HeadlineOf(r.TariffsOnly, r.Focus)
		diff := Headline{Country: full.Country,
			Imports0: full.Imports0, Imports1: full.Imports1 - only.Imports1 + full.Imports0,
			Exports0: full.Exports0, Exports1: full.Exports1 - only.Exports1 + full.Exports0,
			RevenueChange: full.RevenueChange - only.RevenueChange, ConsumerSurplus: full.ConsumerSurplus - only.ConsumerSurplus,
			ProducerSurplus: full.ProducerSurplus - only.ProducerSurplus, Welfare: full.Welfare - only.Welfare,
			DomesticSurplus:   full.DomesticSurplus - only.DomesticSurplus,
			ImportPriceChange: full.ImportPriceChange - only.ImportPriceChange}
		h := headlineJSON(diff)
		d.Retaliation = &h
	}
	for _, f := range res.Flows {
		fj := FlowJSON{f.Importer, f.Exporter, f.Category, Number(f.Value), Number(f.NewValue),
			Number(100 * f.Tariff), Number(100 * f.NewTariff), Number(f.PriceHat), Number(f.ConsumerPriceHat), Number(f.QuantityHat),
			Number(f.PassThrough), Number(f.VolumeEffect), Number(f.SubstitutionEffect), Number(f.PriceEffect),
			Number(f.Revenue0), Number(f.Revenue1), Number(f.ProducerSurplus), Number(f.TradeCost), f.Domestic, nil}
		for _, pc := range f.Pieces {
			fj.Pieces = append(fj.Pieces, PieceJSON{Number(pc.Share), Number(pc.Value), Number(100 * pc.NewTariff),
				Number(pc.ConsumerPriceHat), Number(pc.QuantityHat), Number(pc.NewValue), Number(pc.Revenue1)})
		}
		d.Flows = append(d.Flows, fj)
	}
	for _, m := range res.Markets {
		mj := MarketJSON{m.Importer, m.Category, Number(m.Elasticities.Substitution), Number(m.Elasticities.ImportDemand),
			Number(m.Expenditure0), Number(m.Value0), Number(m.Value1), Number(m.PriceIndexHat), Number(m.QuantityHat),
			Number(m.ConsumerSurplus), Number(m.ConsumerSurplusGSIM), Number(m.RevenueChange),
			m.HasDomestic, nil, nil, Number(m.Domestic0), Number(m.Domestic1), Number(m.DomesticSurplus)}
		if m.HasDomestic {
			sd, ed := Number(m.Elasticities.DomesticSubstitution), Number(m.Elasticities.DomesticSupply)
			mj.SigmaD, mj.EpsD = &sd, &ed
		}
		d.Markets = append(d.Markets, mj)
	}
	for _, p := range res.Producers {
		d.Producers = append(d.Producers, ProducerJSON{p.Exporter, p.Category, Number(p.ExportSupply), Number(p.Value0), Number(p.Value1),
			Number(p.PriceHat), Number(p.ProducerSurplus)})
	}
	for _, c := range res.Countries {
		name := c.Country
		if r.Baseline != nil {
			name = r.Baseline.CountryName(c.Country)
		}
		d.Countries = append(d.Countries, CountryJSON{c.Country, name, Number(c.Exports0), Number(c.Exports1), Number(c.Imports0), Number(c.Imports1),
			Number(c.Balance0()), Number(c.Balance1()), Number(c.ConsumerSurplus), Number(c.RevenueChange), Number(c.ProducerSurplus), Number(c.Welfare),
			Number(c.Domestic0), Number(c.Domestic1), Number(c.DomesticSurplus), nil})
	}
	if r.Uncertainty != nil {
		addUncertainty(d, r)
	}
	return d
}

// WriteJSON writes r as one indented JSON document.
func WriteJSON(w io.Writer, r *Run) error {
	return writeDocument(w, NewDocument(r))
}

// BaselineInfoOf describes b for JSON outputs, as run's results.json does.
func BaselineInfoOf(b *baseline.Baseline) BaselineInfo {
	pv := b.Provenance()
	bi := BaselineInfo{Name: b.Name, Flows: len(b.Rows), Total: pv.Total, EstimatedShare: pv.EstimatedShare()}
	if pv.Total > 0 {
		bi.PublishedShare, bi.DerivedShare = pv.Published/pv.Total, pv.Derived/pv.Total
	}
	return bi
}

// CSVNumber formats v for a CSV cell with digits significant digits:
// empty for NaN (no value), "inf" for +∞ (as scenario files write ε).
func CSVNumber(v float64, digits int) string {
	switch {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 1):
		return "inf"
	}
	return strconv.FormatFloat(v, 'g', digits, 64)
}
