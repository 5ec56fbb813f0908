package chart

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot/vg"
)

// Size is the canvas width and PNG resolution of a chart. The height
// follows the content: rows and text have fixed sizes in points, so a
// chart with more rows is taller, whatever the preset.
type Size struct {
	Name  string
	Width vg.Length // canvas width in points (1/72 in)
	DPI   float64   // PNG pixels per inch; PDF and SVG are vector
}

// Pixels is the PNG width in pixels.
func (s Size) Pixels() int { return int(math.Round(float64(s.Width) / 72 * s.DPI)) }

// Size presets. Text keeps its point size, so a narrower canvas shows it
// larger relative to the chart.
var (
	// SizeDefault is 10 in at 180 dpi (1800 px): the width a chart has
	// without options.
	SizeDefault = Size{Name: "default", Width: 10 * vg.Inch, DPI: PNGDPI}
	// SizePrint is 6.5 in at 300 dpi (1950 px): the text width of a US
	// Letter or A4 page with 1 in margins, at the resolution printers ask
	// for, so the chart is placed at 100% with 7.5–17 pt text.
	SizePrint = Size{Name: "print", Width: 6.5 * vg.Inch, DPI: 300}
	// SizeSlide is 10 in at 192 dpi (1920 px, a full-HD screen's width).
	// Placed across a 16:9 slide (13.33 in) it scales by 4/3, giving
	// 23 pt titles and 11 pt labels, readable from the back of a room.
	SizeSlide = Size{Name: "slide", Width: 10 * vg.Inch, DPI: 192}
	// SizeSocial is 6.67 in at 180 dpi (1200 px), the width social sites
	// show an image at without downscaling; text is half as large again
	// relative to the chart as at SizeDefault, for reading on a phone.
	SizeSocial = Size{Name: "social", Width: 480, DPI: 180}
)

// Sizes lists the named presets, for a command line flag's help.
var Sizes = []Size{SizePrint, SizeSlide, SizeSocial}

// SizeByName returns the preset called name ("print", "slide", "social";
// "default" or "" for SizeDefault).
func SizeByName(name string) (Size, error) {
	if name == "" || name == SizeDefault.Name {
		return SizeDefault, nil
	}
	var names []string
	for _, s := range Sizes {
		if strings.EqualFold(s.Name, name) {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Size{}, fmt.Errorf("unknown chart size %q (want %s)", name, strings.Join(names, ", "))
}

// Options are a reader's changes to a chart as published: their own
// title, subtitle and note, a mark that the scenario was edited, and a
// size preset. The zero Options change nothing.
type Options struct {
	// Title replaces the chart's title when not empty.
	Title string
	// Subtitle replaces the subtitle (the scenario's name) when not
	// empty. The scenario's name then moves into the source note, so
	// that the chart still says what it shows.
	Subtitle string
	// Note is appended to the source note. It never replaces the note:
	// a chart cannot be shared without its provenance.
	Note string
	// Edited says what the reader changed from the named scenario, e.g.
	// "σ = 6, Canada 40%"; it is appended to the subtitle as
	// "(edited: σ = 6, Canada 40%)", so an edited view cannot pass for
	// the original.
	Edited string
	// Size is the canvas; the zero Size is SizeDefault.
	Size Size
}

// With returns a copy of c with o applied; c itself is unchanged (a Chart
// is immutable, so it may be rendered concurrently).
func (c *Chart) With(o Options) *Chart {
	d := *c
	if t := strings.TrimSpace(o.Title); t != "" {
		d.Title = t
	}
	if s := strings.TrimSpace(o.Subtitle); s != "" {
		if c.Subtitle != "" && c.Subtitle != s {
			d.Note = appendSentence(d.Note, endSentence("Scenario: "+c.Subtitle))
		}
		d.Subtitle = s
	}
	if e := strings.TrimSpace(o.Edited); e != "" {
		mark := "(edited: " + e + ")"
		if d.Subtitle == "" {
			d.Subtitle = mark
		} else {
			d.Subtitle += " " + mark
		}
	}
	if n := strings.TrimSpace(o.Note); n != "" {
		d.Note = appendSentence(d.Note, n)
	}
	if o.Size != (Size{}) {
		d.size = o.Size
	}
	return &d
}

// appendSentence appends s to text as a new sentence.
func appendSentence(text, s string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return s
	}
	return endSentence(text) + " " + s
}

// endSentence ends s with a full stop unless it ends with punctuation.
func endSentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// sizeOrDefault is the chart's size preset.
func (c *Chart) sizeOrDefault() Size {
	if c.size.Width <= 0 || c.size.DPI <= 0 {
		return SizeDefault
	}
	return c.size
}
