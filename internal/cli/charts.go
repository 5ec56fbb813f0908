package cli

import (
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/simulation"
)

// writeCharts draws the run's charts into dir in the given formats.
func writeCharts(r *simulation.Run, dir string, formats []string) ([]string, error) {
	charts, err := r.Charts()
	if err != nil {
		return nil, err
	}
	return chart.WriteFiles(dir, charts, formats)
}
