package chart

import (
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// wrapGreedy is the word-by-word rule wrap must reproduce: add words to a
// line while it fits; a word wider than the line goes alone.
func wrapGreedy(s text.Style, txt string, w vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(txt, "\n") {
		cur := ""
		for _, wd := range strings.Fields(para) {
			try := wd
			if cur != "" {
				try = cur + " " + wd
			}
			if cur != "" && s.Width(try) > w {
				lines = append(lines, cur)
				cur = wd
			} else {
				cur = try
			}
		}
		if cur != "" {
			lines = append(lines, cur)
		}
	}
	return lines
}

func TestWrapMatchesGreedy(t *testing.T) {
	st := textStyle(explainSize, inkLight, 0, 0)
	vocab := strings.Fields("US: Consumer surplus: buyers' surplus on the import composite (also holds import-competing producers' surplus: no domestic producers in these markets). Producer surplus 0 by assumption (ε = ∞): exporters' sales -1,070 (-0.2%). Retaliation Supercalifragilisticexpialidocious-word-that-is-wider-than-a-narrow-line")
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		var b strings.Builder
		for i := range rng.IntN(80) {
			if i > 0 {
				b.WriteString([]string{" ", " ", "  ", "\n"}[rng.IntN(4)])
			}
			b.WriteString(vocab[rng.IntN(len(vocab))])
		}
		w := vg.Length(20 + rng.Float64()*600)
		got, want := wrap(st, b.String(), w), wrapGreedy(st, b.String(), w)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("trial %d, width %v:\ngot  %q\nwant %q", trial, w, got, want)
		}
	}
}

func BenchmarkWrapLong(b *testing.B) {
	st := textStyle(explainSize, inkLight, 0, 0)
	txt := strings.Repeat("Consumer surplus: buyers' surplus on the import composite (also holds import-competing producers' surplus). ", 6)
	for b.Loop() {
		wrap(st, txt, 900)
	}
}
