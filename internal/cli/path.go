package cli

import (
	"io"
	"path/filepath"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/simulation"
	"github.com/tariffsim/tariffsim/internal/tables"
)

// writeSummary writes the run's summary and, with a path, its monthly
// section.
func writeSummary(w io.Writer, s *simulation.Run, path *tables.Path) error {
	if err := tables.WriteSummary(w, s.Run); err != nil {
		return err
	}
	if path == nil {
		return nil
	}
	return tables.WritePathSummary(w, path)
}

// writePathFiles writes the monthly path: every flow (path.csv), the
// focus country's totals (path-totals.csv), both in path.json, and the
// time-path charts.
func writePathFiles(s *simulation.Run, path *tables.Path, dir string, o *runOptions) ([]string, error) {
	var written []string
	for _, f := range []struct {
		name  string
		write func(io.Writer, *tables.Path) error
	}{
		{"path.csv", tables.WritePathCSV},
		{"path-totals.csv", tables.WritePathTotalsCSV},
		{"path.json", tables.WritePathJSON},
	} {
		name := filepath.Join(dir, f.name)
		if err := atomicfile.Write(name, func(w io.Writer) error { return f.write(w, path) }); err != nil {
			return written, err
		}
		written = append(written, name)
	}
	if o.noCharts || len(o.charts.values) == 0 {
		return written, nil
	}
	charts, err := s.PathCharts(path)
	if err != nil {
		return written, err
	}
	paths, err := chart.WriteFiles(dir, charts, o.charts.values)
	return append(written, paths...), err
}
