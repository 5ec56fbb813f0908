package tables

import (
	"fmt"
	"math"
	"strings"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
)

// Coverage describes what the focus country's welfare figures cover (see
// metric.Coverage).
func (r *Run) Coverage() metric.Coverage {
	return metric.CoverageOf(r.Result, r.TariffsOnly, r.Focus)
}

// ExemptionLine says in words which exemption rule a run used: "split"
// (the default) or "average" (see scenario.Exemption); "" says nothing.
func ExemptionLine(rule string) string {
	switch rule {
	case "split":
		return "split: the exempt goods of a flow are a separate variety that pays 0%"
	case "average":
		return "average: the exempt share is averaged into one tariff per flow"
	}
	return ""
}

// WelfareNotes says, for the focus country of r, what each welfare
// figure covers (docs/MODEL.md, "What the welfare figures cover"): one
// sentence per figure, for the summary, the report and the welfare
// charts. name names categories and countries (nil: codes).
func WelfareNotes(c metric.Coverage, country, category func(string) string) []string {
	if country == nil {
		country = func(s string) string { return s }
	}
	if category == nil {
		category = func(s string) string { return s }
	}
	who := country(c.Country)
	if c.Country == "US" {
		who = "US"
	}
	var out []string
	const composite = "buyers' surplus on the import composite (also holds import-competing producers' surplus: no domestic producers in these markets)"
	switch {
	case c.Markets == 0:
	case c.WithDomestic == 0:
		out = append(out, "Consumer surplus: "+composite+".")
	case c.WithDomestic == c.Markets:
		out = append(out, "Consumer surplus: buyers' surplus (domestic producers are in every market).")
	default:
		cats := make([]string, len(c.DomesticCategories))
		for i, k := range c.DomesticCategories {
			cats[i] = category(k)
		}
		out = append(out, fmt.Sprintf("Consumer surplus: buyers' surplus in %s (with domestic producers); in the other %d markets, %s.",
			strings.Join(cats, ", "), c.Markets-c.WithDomestic, composite))
	}
	sales := fmt.Sprintf("%s exporters' sales %s (%s)", who, Signed(c.ExportsChange()), pctOf(c.ExportsPct()))
	if c.ExportsInfinite {
		out = append(out, "Producer surplus 0 by assumption (ε = ∞): "+sales+".")
	} else {
		out = append(out, "Producer surplus of "+who+" exporters (finite ε): "+sales+".")
	}
	if c.Domestic0 > 0 {
		out = append(out, fmt.Sprintf("Domestic producers' surplus %s: their sales at home %s (%s).",
			Signed(c.DomesticSurplus), Signed(c.Domestic1-c.Domestic0), pctOf(100*(c.Domestic1-c.Domestic0)/c.Domestic0)))
	}
	if c.Retaliated {
		s := fmt.Sprintf("Retaliation: %s exporters' sales %s (%s) because of it", who, Signed(c.RetaliationExports), pctOf(c.RetaliationExportsPct()))
		if c.ExportsInfinite {
			s += fmt.Sprintf("; with ε = ∞ this costs %s welfare nothing by assumption, not as a finding (docs/MODEL.md, \"What the PE model can and cannot say about retaliation\").", who)
		} else {
			s += fmt.Sprintf("; %s welfare %s.", who, Signed(c.RetaliationWelfare))
		}
		out = append(out, s)
	}
	return out
}

func pctOf(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%+.1f%%", v)
}

// WarningJSON is one entry of results.json's warnings[]: a warning of the
// solved result (kind "negative-flows", "import-subsidy") or of the
// scenario (kind "scenario").
type WarningJSON struct {
	Kind    string  `json:"kind"`
	Message string  `json:"message"`
	Count   int     `json:"count,omitempty"`
	Flow    string  `json:"flow,omitempty"`
	Value   *Number `json:"value,omitempty"`
}

// Warnings lists r's warnings in words: the scenario's first, then the
// result's (model.Result.Warnings).
func (r *Run) Warnings() []string {
	var out []string
	for _, w := range r.warnings() {
		out = append(out, w.Message)
	}
	return out
}

func (r *Run) warnings() []WarningJSON {
	var out []WarningJSON
	for _, s := range r.ScenarioWarnings {
		out = append(out, WarningJSON{Kind: "scenario", Message: s})
	}
	if r.Result != nil {
		out = append(out, resultWarnings(r.Result.Warnings)...)
	}
	return out
}

func resultWarnings(ws []model.Warning) []WarningJSON {
	var out []WarningJSON
	for _, w := range ws {
		v := Number(w.Value)
		out = append(out, WarningJSON{Kind: w.Kind.String(), Message: w.Message, Count: w.Count, Flow: w.Flow, Value: &v})
	}
	return out
}
