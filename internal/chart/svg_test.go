package chart

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"testing"
)

// TestSVGTextLengths checks that every string's textLength is the width
// the layout measured for it (title, subtitle and source note at their
// sizes), so that a fallback font is squeezed to the layout, not to some
// other width.
func TestSVGTextLengths(t *testing.T) {
	c := sampleGrouped(t)
	var b bytes.Buffer
	if err := c.Render(&b, FormatSVG); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		c.Title:    textStyle(titleSize, inkDark, 0, 0).Width(c.Title).Points(),
		c.Subtitle: textStyle(subSize, inkDark, 0, 0).Width(c.Subtitle).Points(),
		c.Note:     textStyle(noteSize, inkDark, 0, 0).Width(c.Note).Points(),
	}
	d := xml.NewDecoder(&b)
	var length float64
	found := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				length = math.NaN()
				for _, a := range tok.Attr {
					if a.Name.Local == "textLength" {
						length, _ = strconv.ParseFloat(a.Value, 64)
					}
				}
			}
		case xml.CharData:
			if w, ok := want[string(tok)]; ok {
				found++
				if math.Abs(length-w) > 0.006 {
					t.Errorf("%q: textLength %v, layout width %.3f", tok, length, w)
				}
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of %d strings", found, len(want))
	}
}
