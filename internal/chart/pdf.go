package chart

// The PDF canvas below is adapted from gonum.org/v1/plot/vg/vgpdf
// (Copyright ©2015 The Gonum Authors; BSD-style licence). It differs in one
// thing that matters: fonts are embedded as Unicode.
//
// Why not vgpdf itself: in v0.17.0 it converts every TrueType font with
// fpdf.MakeFont and a fixed cp1252 (WinAnsi) code page, and it keeps its
// fpdf document unexported, so nothing outside it can choose another
// encoding. WinAnsi has no − (U+2212), σ, η, ε, ∞ or the en dash, so every
// label holding them came out as mojibake ("âˆ’$57B"), both on the page
// and in extracted text; and because fpdf measured those strings as two or
// three WinAnsi glyphs per character, right-aligned labels ran into the
// bars they belong to. fpdf's own UTF-8 mode (AddUTF8FontFromBytes) embeds
// a subset of the TrueType font as a CIDFontType2 with Identity-H encoding
// and a ToUnicode map, which draws and extracts every character the charts
// use. Bold faces are registered under the style fpdf is asked for, which
// also removes vgpdf's "undefined font: liberationsans-bold B" failure.

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"time"

	pdf "codeberg.org/go-pdf/fpdf"
	xfont "golang.org/x/image/font"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pdfEpoch is the creation date written into every PDF, so that the same
// chart gives the same bytes (fpdf would otherwise write the current time).
var pdfEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// pdfCanvas implements vg.Canvas on an fpdf document, one page.
type pdfCanvas struct {
	doc       *pdf.Fpdf
	w, h      vg.Length
	stack     []pdfContext
	fonts     map[font.Font]bool
	numImages int
}

type pdfContext struct{ width vg.Length }

// newPDFCanvas returns a one-page canvas of w × h points.
func newPDFCanvas(w, h vg.Length) *pdfCanvas {
	doc := pdf.NewCustom(&pdf.InitType{UnitStr: "pt", Size: pdf.SizeType{Wd: w.Points(), Ht: h.Points()}})
	doc.SetCreationDate(pdfEpoch)
	doc.SetModificationDate(pdfEpoch)
	doc.SetProducer("tariffsim (gonum/plot, go-pdf/fpdf)", true)
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.AddPage()
	c := &pdfCanvas{doc: doc, w: w, h: h, stack: make([]pdfContext, 1), fonts: map[font.Font]bool{}}
	// PDF's origin is the top left; vg's the bottom left.
	c.Push()
	c.Translate(vg.Point{X: 0, Y: h})
	c.Scale(1, -1)
	vg.Initialize(c)
	return c
}

func (c *pdfCanvas) Size() (w, h vg.Length) { return c.w, c.h }

func (c *pdfCanvas) ctx() *pdfContext { return &c.stack[len(c.stack)-1] }

func (c *pdfCanvas) SetLineWidth(w vg.Length) {
	c.ctx().width = w
	c.doc.SetLineWidth(w.Points())
}

func (c *pdfCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	ds := make([]float64, len(dashes))
	for i, d := range dashes {
		ds[i] = d.Points()
	}
	c.doc.SetDashPattern(ds, offs.Points())
}

func (c *pdfCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	r, g, b, a := clr.RGBA()
	ri, gi, bi := int(r>>8), int(g>>8), int(b>>8)
	c.doc.SetFillColor(ri, gi, bi)
	c.doc.SetDrawColor(ri, gi, bi)
	c.doc.SetTextColor(ri, gi, bi)
	c.doc.SetAlpha(float64(a)/math.MaxUint16, "Normal")
}

func (c *pdfCanvas) Rotate(r float64) { c.doc.TransformRotate(-r*180/math.Pi, 0, 0) }

func (c *pdfCanvas) Translate(pt vg.Point) {
	c.doc.TransformTranslate(pt.X.Points(), pt.Y.Points())
}

func (c *pdfCanvas) Scale(x, y float64) { c.doc.TransformScale(x*100, y*100, 0, 0) }

func (c *pdfCanvas) Push() {
	c.stack = append(c.stack, *c.ctx())
	c.doc.TransformBegin()
}

func (c *pdfCanvas) Pop() {
	c.doc.TransformEnd()
	c.stack = c.stack[:len(c.stack)-1]
}

func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.ctx().width > 0 {
		c.path(p, "D")
	}
}

func (c *pdfCanvas) Fill(p vg.Path) { c.path(p, "F") }

// fontStyle is fpdf's style string for a face.
func fontStyle(f font.Font) string {
	s := ""
	if f.Weight >= xfont.WeightBold {
		s += "B"
	}
	if f.Style == xfont.StyleItalic {
		s += "I"
	}
	return s
}

func (c *pdfCanvas) FillString(fnt font.Face, pt vg.Point, str string) {
	if fnt.Font.Size == 0 {
		return
	}
	name, style := fnt.Name(), fontStyle(fnt.Font)
	key := fnt.Font
	key.Size = 0
	if !c.fonts[key] {
		var raw bytes.Buffer
		if _, err := fnt.Face.WriteSourceTo(nil, &raw); err != nil {
			panic(fmt.Errorf("pdf: font %q: %w", name, err))
		}
		c.doc.AddUTF8FontFromBytes(name, style, raw.Bytes())
		c.fonts[key] = true
	}
	c.doc.SetFont(name, style, fnt.Font.Size.Points())

	c.Push()
	defer c.Pop()
	c.Translate(pt)
	c.Scale(1, -1) // text is drawn the right way up in PDF space
	_, h := c.doc.GetFontSize()
	top := 0.81 * h
	if d := c.doc.GetFontDesc(name, style); d.Ascent != 0 {
		top = -float64(d.Ascent) * h / float64(d.Ascent-d.Descent)
	}
	c.doc.MoveTo(-c.doc.GetCellMargin(), top)
	c.doc.CellFormat(c.doc.GetStringWidth(str), h, str, "", 0, "BL", false, 0, "")
}

func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	opts := pdf.ImageOptions{ImageType: "png", ReadDpi: true}
	c.numImages++
	name := fmt.Sprintf("image_%03d.png", c.numImages)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(fmt.Errorf("pdf: encoding image: %w", err))
	}
	c.doc.RegisterImageOptionsReader(name, opts, &buf)
	sz := rect.Size()
	c.doc.ImageOptions(name, rect.Min.X.Points(), rect.Min.Y.Points(), sz.X.Points(), sz.Y.Points(), false, opts, 0, "")
}

func (c *pdfCanvas) path(p vg.Path, style string) {
	var x0, y0 float64
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			x0, y0 = comp.Pos.X.Points(), comp.Pos.Y.Points()
			c.doc.MoveTo(x0, y0)
		case vg.LineComp:
			c.doc.LineTo(comp.Pos.X.Points(), comp.Pos.Y.Points())
		case vg.ArcComp:
			c.arc(comp, style)
		case vg.CurveComp:
			px, py := comp.Pos.X.Points(), comp.Pos.Y.Points()
			switch len(comp.Control) {
			case 1:
				c.doc.CurveTo(comp.Control[0].X.Points(), comp.Control[0].Y.Points(), px, py)
			case 2:
				c.doc.CurveBezierCubicTo(comp.Control[0].X.Points(), comp.Control[0].Y.Points(),
					comp.Control[1].X.Points(), comp.Control[1].Y.Points(), px, py)
			default:
				panic("pdf: invalid number of control points")
			}
		case vg.CloseComp:
			c.doc.LineTo(x0, y0)
			c.doc.ClosePath()
		default:
			panic(fmt.Sprintf("pdf: unknown path component type %d", comp.Type))
		}
	}
	c.doc.DrawPath(style)
}

func (c *pdfCanvas) arc(comp vg.PathComp, style string) {
	x0 := comp.Pos.X + comp.Radius*vg.Length(math.Cos(comp.Start))
	y0 := comp.Pos.Y + comp.Radius*vg.Length(math.Sin(comp.Start))
	c.doc.LineTo(x0.Points(), y0.Points())
	r := comp.Radius.Points()
	const deg = 180 / math.Pi
	beg := comp.Start * deg
	c.doc.Arc(comp.Pos.X.Points(), comp.Pos.Y.Points(), r, r, comp.Angle*deg, beg, beg+comp.Angle*deg, style)
	x1 := comp.Pos.X + comp.Radius*vg.Length(math.Cos(comp.Start+comp.Angle))
	y1 := comp.Pos.Y + comp.Radius*vg.Length(math.Sin(comp.Start+comp.Angle))
	c.doc.MoveTo(x1.Points(), y1.Points())
}

// WriteTo finishes the document and writes it to w. The canvas cannot be
// drawn on afterwards.
func (c *pdfCanvas) WriteTo(w io.Writer) (int64, error) {
	c.Pop()
	c.doc.Close()
	cw := &countWriter{w: w}
	err := c.doc.Output(cw)
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
