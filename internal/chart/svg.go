package chart

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// FontStack is the CSS font-family list SVG text names: Liberation Sans,
// then faces with the same advance widths (Arimo is Liberation Sans's
// upstream; Liberation Sans was drawn to match Arial's metrics, and Arial
// Helvetica's), then any sans serif.
const FontStack = `'Liberation Sans',Arimo,Arial,Helvetica,sans-serif`

// svgCanvas is gonum's SVG canvas, not embedding fonts, that remembers the
// width the layout gave each string it draws.
//
// Why not vgsvg.EmbedFonts: it embeds the whole TrueType file, about
// 400 KB (550 KB in base64) per chart, for a few dozen distinct
// characters. Instead each <text> names FontStack and carries textLength,
// the width the layout measured with Liberation Sans, with
// lengthAdjust="spacingAndGlyphs": a viewer that has none of the
// metric-compatible faces still fits every string into the space the
// layout gave it, so labels cannot run into bars or off the canvas.
// Browsers and Inkscape honour textLength; with Liberation Sans, Arimo or
// Arial installed (as on nearly every desktop) it changes nothing.
type svgCanvas struct {
	*vgsvg.Canvas
	widths []vg.Length
}

func newSVGCanvas(w, h vg.Length) *svgCanvas {
	return &svgCanvas{Canvas: vgsvg.NewWith(vgsvg.UseWH(w, h))}
}

func (c *svgCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.widths = append(c.widths, f.Width(s))
	c.Canvas.FillString(f, pt, s)
}

var (
	svgFamily = []byte("font-family:Liberation Sans;")
	svgText   = []byte("<text ")
)

// WriteTo writes the SVG with the font stack and text lengths filled in.
func (c *svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	src := bytes.ReplaceAll(buf.Bytes(), svgFamily, []byte("font-family:"+FontStack+";"))
	if n := bytes.Count(src, svgText); n != len(c.widths) {
		// vgsvg writes one <text> per FillString; anything else means its
		// output changed and the lengths would go to the wrong strings.
		return 0, fmt.Errorf("svg: %d text elements for %d strings drawn", n, len(c.widths))
	}
	out := make([]byte, 0, len(src)+len(c.widths)*48)
	for i := 0; ; i++ {
		j := bytes.Index(src, svgText)
		if j < 0 {
			out = append(out, src...)
			break
		}
		out = append(out, src[:j+len(svgText)]...)
		src = src[j+len(svgText):]
		if wd := c.widths[i].Points(); wd > 0 {
			out = append(out, `textLength="`...)
			out = strconv.AppendFloat(out, wd, 'f', 2, 64)
			out = append(out, `" lengthAdjust="spacingAndGlyphs" `...)
		}
	}
	n, err := w.Write(out)
	return int64(n), err
}
