package cli

import (
	"github.com/tariffsim/tariffsim/internal/chart"
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
