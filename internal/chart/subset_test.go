package chart

import (
	"bytes"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
)

// TestSubsetTTF checks that the subset is a valid font (golang.org/x/image
// parses it) holding every requested character with the original's
// advance width and outline, renumbered, and little else.
func TestSubsetTTF(t *testing.T) {
	face := font.DefaultCache.Lookup(font.From(plot.DefaultFont, 10), 10)
	var raw bytes.Buffer
	if _, err := face.Face.WriteSourceTo(nil, &raw); err != nil {
		t.Fatal(err)
	}
	orig := face.Face
	// Accented letters are composite glyphs in Liberation Sans (a base and
	// a mark), so their components must come along and be renumbered.
	text := "−$337B (−71%) σ 5.0–8.8, η 0.76–2.0, ε ∞ Côte d'Ivoire, Türkiye, Curaçao"
	runes := []rune(text)
	sub, err := subsetTTF(raw.Bytes(), runes)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > 40_000 || len(sub)*10 > raw.Len() {
		t.Errorf("subset is %d bytes of %d", len(sub), raw.Len())
	}
	f, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if f.NumGlyphs() > len(runes)+20 {
		t.Errorf("%d glyphs for %d runes", f.NumGlyphs(), len(runes))
	}
	var b1, b2 sfnt.Buffer
	ppem := fixed.I(1000)
	for _, r := range runes {
		g0, _ := orig.GlyphIndex(&b1, r)
		g1, err := f.GlyphIndex(&b2, r)
		if err != nil || g1 == 0 {
			t.Errorf("%q missing from the subset (%v)", r, err)
			continue
		}
		a0, _ := orig.GlyphAdvance(&b1, g0, ppem, 0)
		a1, _ := f.GlyphAdvance(&b2, g1, ppem, 0)
		if a0 != a1 {
			t.Errorf("%q: advance %v, original %v", r, a1, a0)
		}
		s0, err0 := orig.LoadGlyph(&b1, g0, ppem, nil)
		s1, err1 := f.LoadGlyph(&b2, g1, ppem, nil)
		if err0 != nil || err1 != nil || len(s0) != len(s1) {
			t.Errorf("%q: outline of %d segments (%v), original %d (%v)", r, len(s1), err1, len(s0), err0)
			continue
		}
		for i := range s0 {
			if s0[i] != s1[i] {
				t.Errorf("%q: outline differs at segment %d", r, i)
				break
			}
		}
	}
	if g, _ := f.GlyphIndex(&b2, 'Q'); g != 0 {
		t.Error("the subset maps a character it was not asked for")
	}
	if n, err := f.Name(&b2, sfnt.NameIDFamily); err != nil || n != "Liberation Sans" {
		t.Errorf("family %q, %v", n, err)
	}
	if ttfChecksum(sub) != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", ttfChecksum(sub))
	}
	if _, err := subsetTTF(raw.Bytes()[:100], runes); err == nil {
		t.Error("no error for a truncated font")
	}
}
