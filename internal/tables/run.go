package tables

import (
	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/uncertainty"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// Run is one solved scenario with what is needed to describe it.
type Run struct {
	Version  string
	Scenario Scenario
	Baseline *baseline.Baseline
	Result   *model.Result
	// TariffsOnly is the same scenario without its retaliation measures,
	// or nil when it has none; it splits the effects of the two.
	TariffsOnly *model.Result
	// Focus is the country the headline is about, normally "US".
	Focus string
	// Uncertainty is the Monte Carlo run of the same scenario, or nil: the
	// summary, JSON and percentiles CSV then report p5, p50 and p95 (see
	// uncertainty.go).
	Uncertainty *uncertainty.Result
	// GE is the general-equilibrium run of a scenario with engine = "ge";
	// Result, TariffsOnly and Uncertainty are then nil and the GE writers
	// of ge.go describe it.
	GE *gerun.Run
	// Exemption is the scenario's exemption rule, "split" or "average"
	// (see scenario.Exemption); "" when unknown.
	Exemption string
	// ScenarioWarnings are the scenario's warnings in words (see
	// scenario.(*Scenario).Warnings), shown with the result's own.
	ScenarioWarnings []string
	// Month12 is month 12 of the time path of a scenario with a
	// [timeline] (its last month if shorter), nil without a path: the
	// summary shows it beside the equilibrium.
	Month12 *PathPoint
}

// Scenario describes the scenario in words.
type Scenario struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	File        string   `json:"file,omitempty"`
	Sources     []string `json:"sources,omitempty"`
	At          string   `json:"at,omitempty"` // evaluation date, YYYY-MM-DD, if any
	Measures    []string `json:"measures"`     // the measures in force, in words
	Horizon     string   `json:"horizon,omitempty"`
}

// The focus country's sums: see package metric, the one aggregation.
type (
	Headline      = metric.Headline
	Line          = metric.Line
	Breakdown     = metric.Breakdown
	Decomposition = metric.Decomposition
)

// EffectiveRates are the focus country's effective tariff rates before,
// and pre- and post-substitution after (see metric.EffectiveRates).
func (r *Run) EffectiveRates() metric.EffectiveRates {
	return metric.EffectiveRatesOf(r.Result, r.Focus)
}

// Headline sums the focus country's results.
func (r *Run) Headline() Headline { return metric.HeadlineOf(r.Result, r.Focus) }

// Breakdown groups the focus country's flows.
func (r *Run) Breakdown() Breakdown {
	return metric.BreakdownOf(r.Result, r.TariffsOnly, r.Focus, r.Baseline)
}

// Decomposition sums the focus country's import flows.
func (r *Run) Decomposition() Decomposition { return metric.DecompositionOf(r.Result, r.Focus) }
