package chart

import (
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"io"
	"math"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// samplePath is a hand-made 18-month time path over the fixture's flows:
// imports fall by up to 30% from month 3 on, with markers for a measure
// that starts and one that ends.
func samplePath(t *testing.T) (*timepath.Path, []Marker) {
	t.Helper()
	res := charttest.Result(charttest.Options{Tariff: 1, Retaliation: true, Partners: 8, Categories: 3})
	tp := &timepath.Path{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Months: 18}
	for _, f := range res.Flows {
		tp.Flows = append(tp.Flows, f.Flow)
	}
	for τ := range tp.Months {
		k := 1.0
		if τ >= 3 {
			k = 1 - 0.3*min(1, float64(τ-2)/6)
		}
		var val, none, tar []float64
		for _, f := range res.Flows {
			none = append(none, f.Value/12)
			val = append(val, f.Value/12*k)
			tar = append(tar, f.NewTariff)
		}
		tp.Value, tp.NoTariff, tp.Tariff = append(tp.Value, val), append(tp.NoTariff, none), append(tp.Tariff, tar)
		tp.Results = append(tp.Results, res)
	}
	return tp, []Marker{
		{Date: time.Date(2025, 4, 5, 0, 0, 0, 0, time.UTC), ID: "T04", Label: "Reciprocal tariffs"},
		{Date: time.Date(2025, 4, 5, 0, 0, 0, 0, time.UTC), ID: "T05", Label: "Canada and Mexico 25%"},
		{Date: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), ID: "R02", Label: "China's retaliation", End: true},
	}
}

// everyKind returns at least one chart of every kind the package draws.
func everyKind(t *testing.T) []*Chart {
	t.Helper()
	_, _, m := build(t, charttest.Options{Tariff: 1, Retaliation: true}, true)
	var cs []*Chart
	for _, c := range m {
		cs = append(cs, c)
	}
	_, _, plain := build(t, charttest.Options{Tariff: 1, Retaliation: true}, false)
	cs = append(cs, plain["imports-by-partner"], plain["balance-by-partner"])
	// The source line of the report, with ranges and ∞.
	meta := testMeta()
	meta.Elasticities = "σ 5.0–8.8, η 0.76–2.0, ε ∞"
	ranged, err := Build(charttest.Result(charttest.Options{Tariff: 1}), nil, meta)
	if err != nil {
		t.Fatal(err)
	}
	ranged[0].Name += "-ranges"
	cs = append(cs, ranged[0])
	tp, mk := samplePath(t)
	ps, err := BuildPath(tp, mk, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	cs = append(cs, ps...)
	cs = append(cs, sampleLines(t), sampleTornado(t), sampleGrouped(t))
	// Monte Carlo whiskers and the headline interval chart, from a fake
	// run: ±10% around each change.
	res, _, ivm := build(t, charttest.Options{Partners: 15, Categories: 4, Tariff: 1}, false)
	get := func(k metric.Key) (float64, float64, float64, float64, bool) {
		if k.Group == metric.GroupHeadline {
			return 0, -1200, -1000, -800, true
		}
		if k.Group != metric.GroupImportsByPartner {
			return 0, 0, 0, 0, false
		}
		for _, r := range ivm["imports-by-partner"].Data.All {
			if r.Code == k.Code {
				b, d := r.Values[0], r.Values[2]
				return b, b + d - 0.1*math.Abs(d), b + d, b + d + 0.1*math.Abs(d), true
			}
		}
		return 0, 0, 0, 0, false
	}
	iv := ivm["imports-by-partner"]
	AddIntervals([]*Chart{iv}, 1000, get)
	iv.Name += "-intervals"
	cs = append(cs, iv, HeadlineIntervals(res, testMeta(), 1000, get))
	slices.SortStableFunc(cs, func(a, b *Chart) int { return strings.Compare(a.Name, b.Name) })
	return cs
}

// svgWords returns the words of every <text> element of an SVG.
func svgWords(t *testing.T, svg []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var words []string
	in := false
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
			in = tok.Name.Local == "text"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				words = append(words, strings.Fields(string(tok))...)
			}
		}
	}
	slices.Sort(words)
	return words
}

// TestPDFTextMatchesSVG renders every kind of chart to SVG and PDF and
// checks that pdftotext finds exactly the words the SVG shows: the same
// characters (− σ η ε ∞ –), none missing and none extra. pdftotext puts
// words in its own reading order, so the words are compared as sorted
// lists.
func TestPDFTextMatchesSVG(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils): PDF text is checked only by TestPDFFontIsUnicode")
	}
	seen := map[rune]bool{}
	charts := everyKind(t)
	names := map[string]bool{}
	for _, c := range charts {
		names[c.Name] = true
	}
	for _, n := range []string{"imports-by-partner", "exports-by-partner", "trade-by-category", "balance-by-partner",
		"welfare-by-country", "welfare-split", "import-prices-by-category", "pass-through-by-category",
		"path-trade", "path-imports-by-partner", "path-tariff-revenue", "sweep-trade", "tornado",
		"compare-imports-by-partner", "imports-by-partner-intervals", "uncertainty-headline"} {
		if !names[n] {
			t.Errorf("no %s chart among the kinds checked", n)
		}
	}
	for _, c := range charts {
		var svg, pdf bytes.Buffer
		if err := c.Render(&svg, FormatSVG); err != nil {
			t.Fatal(err)
		}
		if err := c.Render(&pdf, FormatPDF); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-q", "-", "-")
		cmd.Stdin = &pdf
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: pdftotext: %v", c.Name, err)
		}
		want := svgWords(t, svg.Bytes())
		got := strings.Fields(string(out))
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: PDF text differs from SVG text:\nonly in PDF: %q\nonly in SVG: %q", c.Name, wordsMinus(got, want), wordsMinus(want, got))
		}
		for _, r := range string(out) {
			seen[r] = true
		}
	}
	// The fixtures must exercise the characters WinAnsi cannot hold, or
	// this test would not test the fix.
	for _, r := range "−σηε–∞" {
		if !seen[r] {
			t.Errorf("no chart's PDF text has %q", r)
		}
	}
}

// wordsMinus returns the elements of a (sorted) not matched in b (sorted).
func wordsMinus(a, b []string) []string {
	var out []string
	i := 0
	for _, s := range a {
		for i < len(b) && b[i] < s {
			i++
		}
		if i < len(b) && b[i] == s {
			i++
			continue
		}
		out = append(out, s)
	}
	return out
}

var pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// TestPDFFontIsUnicode checks, without external tools, that a PDF chart
// embeds its font as a Unicode CID font with a ToUnicode map (so text
// extracts and searches correctly) and not in WinAnsi, and that the
// embedded program is a subset, not the whole 400 KB face.
func TestPDFFontIsUnicode(t *testing.T) {
	_, _, m := build(t, charttest.Options{Tariff: 1, Retaliation: true}, false)
	var b bytes.Buffer
	if err := m["imports-by-partner"].Render(&b, FormatPDF); err != nil {
		t.Fatal(err)
	}
	pdf := b.String()
	for _, want := range []string{"/Subtype /Type0", "/Encoding /Identity-H", "/ToUnicode", "/CIDFontType2", "/FontFile2"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("PDF has no %s", want)
		}
	}
	if strings.Contains(pdf, "WinAnsiEncoding") {
		t.Error("PDF still uses WinAnsiEncoding")
	}
	// Find the ToUnicode CMap among the (deflated) streams and check that
	// it maps codes to Unicode one to one, as fpdf's Identity-H codes are
	// Unicode code points.
	found := false
	for _, s := range pdfStream.FindAllStringSubmatch(pdf, -1) {
		data := []byte(s[1])
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if d, err := io.ReadAll(zr); err == nil {
				data = d
			}
		}
		if bytes.Contains(data, []byte("begincmap")) && bytes.Contains(data, []byte("<0000> <FFFF> <0000>")) {
			found = true
		}
	}
	if !found {
		t.Error("no identity ToUnicode CMap in the PDF")
	}
	if b.Len() > 60_000 {
		t.Errorf("PDF is %d bytes: the font is not subset", b.Len())
	}
	// The minus sign of a label is one two-byte code in the content
	// stream (Identity-H), not three WinAnsi bytes.
	if strings.Contains(pdf, "âˆ’") {
		t.Error("PDF content holds mojibake")
	}
}

// TestPDFWidthsMatchLayout checks that the PDF backend measures text as
// the layout does. Right-aligned labels are placed by the layout's width;
// when the PDF measured them wider (WinAnsi bytes of UTF-8), they ran into
// their bars.
func TestPDFWidthsMatchLayout(t *testing.T) {
	st := textStyle(labelSize, inkDark, 0, 0)
	for _, s := range []string{"−$337B (−71%)", "σ 5.0–8.8, η 0.76–2.0, ε ∞", "Information & Communications, σ", "+$21B (+8%)"} {
		cv := newPDFCanvas(100, 100)
		face := font.DefaultCache.Lookup(st.Font, st.Font.Size)
		cv.FillString(face, vg.Point{}, s) // registers the font
		got := cv.doc.GetStringWidth(s)
		want := st.Width(s).Points()
		if d := got - want; d > 0.5+0.02*want || d < -0.5-0.02*want {
			t.Errorf("%q: PDF width %.2f pt, layout %.2f pt", s, got, want)
		}
	}
}
