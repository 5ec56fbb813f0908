package chart

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"

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
//
// With embed set, the SVG also carries a subset of each face it uses
// (subsetTTF: only the characters drawn, about 20 KB) in an @font-face
// rule, so that browsers draw exactly the font the layout measured.
type svgCanvas struct {
	*vgsvg.Canvas
	widths []vg.Length
	embed  bool
	faces  map[string]*usedFace // by face name
}

// usedFace is a face an SVG draws with and the characters it draws.
type usedFace struct {
	face  font.Face
	runes map[rune]bool
}

func newSVGCanvas(w, h vg.Length, embed bool) *svgCanvas {
	return &svgCanvas{Canvas: vgsvg.NewWith(vgsvg.UseWH(w, h)), embed: embed, faces: map[string]*usedFace{}}
}

func (c *svgCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.widths = append(c.widths, f.Width(s))
	if c.embed {
		u := c.faces[f.Name()]
		if u == nil {
			u = &usedFace{face: f, runes: map[rune]bool{}}
			c.faces[f.Name()] = u
		}
		for _, r := range s {
			u.runes[r] = true
		}
	}
	c.Canvas.FillString(f, pt, s)
}

// fontFaces returns a <defs> element with an @font-face rule for the
// subset of every face drawn with.
func (c *svgCanvas) fontFaces() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("<defs>\n<style type=\"text/css\"><![CDATA[\n")
	for _, name := range slices.Sorted(maps.Keys(c.faces)) {
		u := c.faces[name]
		var raw bytes.Buffer
		if _, err := u.face.Face.WriteSourceTo(nil, &raw); err != nil {
			return nil, fmt.Errorf("svg: font %s: %w", name, err)
		}
		sub, err := subsetTTF(raw.Bytes(), slices.Sorted(maps.Keys(u.runes)))
		if err != nil {
			return nil, fmt.Errorf("svg: font %s: %w", name, err)
		}
		var nb sfnt.Buffer
		family, err := u.face.Face.Name(&nb, sfnt.NameIDFamily)
		if err != nil {
			return nil, fmt.Errorf("svg: font %s: %w", name, err)
		}
		weight, style := "normal", "normal"
		if u.face.Font.Weight >= xfont.WeightBold {
			weight = "bold"
		}
		if u.face.Font.Style == xfont.StyleItalic {
			style = "italic"
		}
		fmt.Fprintf(&b, "@font-face{font-family:%q;font-weight:%s;font-style:%s;src:url(data:font/ttf;base64,%s) format(\"truetype\");}\n",
			family, weight, style, base64.StdEncoding.EncodeToString(sub))
	}
	b.WriteString("]]></style>\n</defs>\n")
	return b.Bytes(), nil
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
	out := make([]byte, 0, len(src)+len(c.widths)*48+40_000)
	if c.embed && len(c.faces) > 0 {
		// The fonts go right after the <svg …> start tag.
		i := bytes.Index(src, []byte("<svg "))
		j := bytes.IndexByte(src[max(i, 0):], '>')
		if i < 0 || j < 0 {
			return 0, errors.New("svg: no <svg> start tag")
		}
		defs, err := c.fontFaces()
		if err != nil {
			return 0, err
		}
		out = append(out, src[:i+j+1]...)
		out = append(out, '\n')
		out = append(out, defs...)
		src = src[i+j+1:]
	}
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
