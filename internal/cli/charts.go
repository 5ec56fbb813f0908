package cli

import (
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/tables"
)

// chartMeta describes the run for chart titles and source notes.
func (s *solved) chartMeta() chart.Meta {
	r := s.run
	return chart.Meta{
		Scenario:       r.Scenario.Name,
		Version:        "tariffsim " + Version,
		Baseline:       r.Baseline.Name,
		EstimatedShare: r.Baseline.Provenance().EstimatedShare(),
		Focus:          r.Focus,
		FocusName:      focusName(r),
		CountryName:    r.Baseline.CountryName,
		CategoryName:   r.Baseline.CategoryName,
	}
}

// writeCharts draws the run's charts into dir in the given formats.
func (s *solved) writeCharts(dir string, formats []string) ([]string, error) {
	charts, err := chart.Build(s.run.Result, s.run.TariffsOnly, s.chartMeta())
	if err != nil {
		return nil, err
	}
	return chart.WriteFiles(dir, charts, formats)
}

// focusName is how titles name the focus country: its code for the US
// ("US imports"), its name otherwise.
func focusName(r *tables.Run) string {
	if r.Focus == "US" {
		return "US"
	}
	return r.Baseline.CountryName(r.Focus)
}
