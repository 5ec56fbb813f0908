package cli

import (
	"context"
	"io"
	"path/filepath"
	"testing"
)

// benchRun runs "tariffsim run us-canada-mexico-25" with extra flags into
// a fresh folder per iteration (a rerun into the same folder would also
// time the swap with the previous run).
func benchRun(b *testing.B, extra ...string) {
	b.Helper()
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(dir, "run", string(rune('a'+i%26)), itoa(i))
		args := append([]string{"run", "us-canada-mexico-25", "-q", "--out", out}, extra...)
		if code := Run(context.Background(), args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

func itoa(i int) string {
	var buf [20]byte
	n := len(buf)
	for {
		n--
		buf[n] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			return string(buf[n:])
		}
	}
}

// BenchmarkRunNoCharts is issue 16's row "run of a shipped scenario
// without charts, in-process": every file of the run folder (summary,
// JSON, workbook, CSV tables, resolved scenario), synced and committed.
func BenchmarkRunNoCharts(b *testing.B) { benchRun(b, "--no-charts") }

// BenchmarkRunCharts is the same run with its default charts, PNG and SVG.
func BenchmarkRunCharts(b *testing.B) { benchRun(b, "--charts", "png,svg") }
