package chart

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
)

var update = flag.Bool("update", false, "rewrite the chart package's testdata/*.golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", t.Name(), path, got, want)
	}
}

// TestOptionsText records, as a golden file, the title, subtitle and
// source note a chart shows under each kind of option, and the wrapped
// lines the layout draws for them.
func TestOptionsText(t *testing.T) {
	_, _, m := build(t, charttestLarge(), false)
	base := m["imports-by-partner"]
	var b strings.Builder
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"none", Options{}},
		{"title", Options{Title: "Tariffs cut US imports from China by a third"}},
		{"subtitle", Options{Subtitle: "Our estimate, July 2026"}},
		{"note", Options{Note: "Chart: Fair Trade Watch."}},
		{"edited", Options{Edited: "σ = 6, Canada 40%"}},
		{"all", Options{Title: "T", Subtitle: "S", Note: "N", Edited: "σ = 6"}},
		{"blank strings change nothing", Options{Title: "  ", Note: " ", Edited: ""}},
	} {
		d := base.With(c.o)
		l := d.layout()
		fmt.Fprintf(&b, "== %s\ntitle:    %s\nsubtitle: %s\nnote:     %s\nnote lines: %d\n", c.name, d.Title, d.Subtitle, d.Note, len(l.note))
		if !strings.HasPrefix(d.Note, base.Note) {
			t.Errorf("%s: the source note was replaced: %q", c.name, d.Note)
		}
	}
	if base.Title != "Change in US imports by partner" || strings.Contains(base.Subtitle, "edited") {
		t.Errorf("With changed the original: %q, %q", base.Title, base.Subtitle)
	}
	golden(t, "options.golden", b.String())
}

func charttestLarge() charttest.Options { return charttest.Options{Tariff: 1, Retaliation: true} }

// TestSizes renders every preset to PNG, SVG and PDF and checks the pixel
// and point sizes and the recorded resolution.
func TestSizes(t *testing.T) {
	_, _, m := build(t, charttestLarge(), true)
	for _, name := range []string{"", "default", "print", "slide", "social", "Print"} {
		s, err := SizeByName(name)
		if err != nil {
			t.Fatal(err)
		}
		wantW := map[string]int{"default": 1800, "print": 1950, "slide": 1920, "social": 1200}[s.Name]
		if s.Pixels() != wantW {
			t.Errorf("%s: %d px wide, want %d", s.Name, s.Pixels(), wantW)
		}
		for _, base := range []*Chart{m["imports-by-partner"], m["welfare-split"], sampleLines(t), sampleTornado(t)} {
			c := base.With(Options{Size: s})
			w, h := c.Size()
			var b bytes.Buffer
			if err := c.Render(&b, FormatPNG); err != nil {
				t.Fatal(err)
			}
			_, data := pngChunks(t, b.Bytes())
			cfg, err := png.DecodeConfig(&b)
			if err != nil {
				t.Fatal(err)
			}
			wantH := float64(h) / 72 * s.DPI
			if cfg.Width != wantW || math.Abs(float64(cfg.Height)-wantH) > 1e-6 || w != s.Width {
				t.Errorf("%s %s: PNG %d×%d for %v×%v pt, want %d×%v", s.Name, c.Name, cfg.Width, cfg.Height, w, h, wantW, wantH)
			}
			if ppm := binary.BigEndian.Uint32(data["pHYs"]); ppm != uint32(math.Round(s.DPI/0.0254)) {
				t.Errorf("%s %s: %d px/m", s.Name, c.Name, ppm)
			}
			b.Reset()
			if err := c.Render(&b, FormatSVG); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf(`<svg width="%gpt"`, float64(s.Width)); !strings.Contains(b.String(), want) {
				t.Errorf("%s %s: SVG has no %s", s.Name, c.Name, want)
			}
			b.Reset()
			if err := c.Render(&b, FormatPDF); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("/MediaBox [0 0 %.2f %.2f]", float64(w), float64(h)); !strings.Contains(b.String(), want) {
				t.Errorf("%s %s: PDF has no %s", s.Name, c.Name, want)
			}
		}
	}
	if _, err := SizeByName("poster"); err == nil || !strings.Contains(err.Error(), `"poster" (want print, slide, social)`) {
		t.Errorf("unknown size: %v", err)
	}
}
