package report

import (
	"bytes"
	"embed"
	"encoding/base64"
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/model"
)

// Scenario describes the scenario in words.
type Scenario struct {
	Name        string
	Description string
	Measures    []string // one sentence per measure, e.g. "US: 60% on China, all ATP goods"
	Sources     []string // where the measures come from
}

// Baseline describes the trade data the run starts from.
type Baseline struct {
	Name        string
	Description string
	// EstimatedShare is the share (0–1) of the baseline's value that was
	// estimated rather than published; NaN or negative if unknown.
	EstimatedShare float64
	Sources        []string
}

// Assumptions describe the model.
type Assumptions struct {
	Model        string // e.g. "exact CES Armington PE, bilateral supply"
	Elasticities string // e.g. "σ 5.0–8.8, η 0.94–2.01, ε ∞"
	Notes        []string
}

// Headline holds the focus country's headline figures in million USD at
// world prices.
type Headline struct {
	Focus                                  string // display name, e.g. "US"
	Imports0, Imports1, Exports0, Exports1 float64
	ConsumerSurplus, Revenue, Producer     float64 // changes
	Welfare                                float64 // net change
}

// HeadlineFrom takes the headline figures of country focus from res; name
// is its display name. The second result is false if res has no such
// country.
func HeadlineFrom(res *model.Result, focus, name string) (Headline, bool) {
	for _, c := range res.Countries {
		if c.Country == focus {
			return Headline{
				Focus: name, Imports0: c.Imports0, Imports1: c.Imports1, Exports0: c.Exports0, Exports1: c.Exports1,
				ConsumerSurplus: c.ConsumerSurplus, Revenue: c.RevenueChange, Producer: c.ProducerSurplus, Welfare: c.Welfare,
			}, true
		}
	}
	return Headline{Focus: name}, false
}

// Report is everything the HTML report shows.
type Report struct {
	Title       string // defaults to "Tariff scenario: " + Scenario.Name
	Version     string // tool version, e.g. "tariffsim 0.3.0"
	Generated   string // optional date or time; left to the caller so output can be reproducible
	Scenario    Scenario
	Baseline    Baseline
	Assumptions Assumptions
	Headline    Headline
	Charts      []*chart.Chart
}

//go:embed report.html.tmpl
var files embed.FS

var tmpl = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"money":  func(m float64) string { return chart.Money(m, false) },
	"change": func(m float64) string { return chart.Money(m, true) },
	"sub":    func(a, b float64) float64 { return a - b },
	"pctOf": func(d, base float64) string {
		if base == 0 {
			return ""
		}
		return chart.Pct(100*d/base, true)
	},
}).ParseFS(files, "report.html.tmpl"))

type figure struct {
	ID, Title, Subtitle, Explain, Note string
	SVG                                template.HTML
	Table                              *table
	SameAs                             string // title of the earlier figure whose table holds these numbers
}

type table struct {
	Head  []string
	Rows  [][]string
	Total []string
}

type page struct {
	Report
	Title     string
	FontFace  template.CSS
	Estimated string
	Figures   []figure
	Note      string
	Balance0  float64
	Balance1  float64
}

// Write renders r as one HTML page to w.
func Write(w io.Writer, r Report) error {
	p := page{Report: r, Title: r.Title}
	if p.Title == "" {
		p.Title = "Tariff scenario: " + r.Scenario.Name
	}
	ttf, err := chart.FontTTF()
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	// The font is our own bytes, base64 encoded: no character of it can
	// end the style element, so marking it safe CSS is sound.
	p.FontFace = template.CSS(fmt.Sprintf("@font-face{font-family:%q;src:url(data:font/ttf;base64,%s) format(\"truetype\");font-weight:normal;font-style:normal}",
		chart.FontFamily, base64.StdEncoding.EncodeToString(ttf)))
	if s := r.Baseline.EstimatedShare; s >= 0 && !math.IsNaN(s) {
		p.Estimated = chart.Pct(100*s, false)
	}
	p.Balance0 = r.Headline.Exports0 - r.Headline.Imports0
	p.Balance1 = r.Headline.Exports1 - r.Headline.Imports1
	seen := map[string]string{} // table signature → figure title
	for _, c := range r.Charts {
		var b bytes.Buffer
		if err := c.Render(&b, chart.FormatSVGNoFonts); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		f := figure{ID: c.Name, Title: c.Title, Subtitle: c.Subtitle, Explain: c.Explain, Note: c.Note,
			SVG: inlineSVG(b.String(), c.Title)}
		sig := signature(c.Data)
		if first, ok := seen[sig]; ok {
			f.SameAs = first
		} else {
			seen[sig] = c.Title
			f.Table = makeTable(c.Data)
		}
		if p.Note == "" {
			p.Note = c.Note
		}
		p.Figures = append(p.Figures, f)
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, p); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = out.WriteTo(w)
	return err
}

// inlineSVG drops the XML prolog (not allowed inside HTML) and labels the
// image for screen readers. The SVG comes from our own renderer, which
// escapes all text, so it is trusted markup.
func inlineSVG(svg, title string) template.HTML {
	if i := strings.Index(svg, "<svg"); i >= 0 {
		svg = svg[i:]
	}
	svg = strings.Replace(svg, "<svg", `<svg role="img" aria-label="`+html.EscapeString(title)+`"`, 1)
	return template.HTML(svg)
}

// signature identifies a table by its columns, rows and values, so a table shared
// by two charts (welfare and its split) is printed once.
func signature(t chart.Table) string {
	var b strings.Builder
	for _, c := range t.Columns {
		b.WriteString(c.Name + "|")
	}
	// Values too: imports and exports by partner have the same columns and,
	// in a no-change run, the same rows in the same order.
	for _, r := range t.All {
		fmt.Fprintf(&b, "%s%v|", r.Code, r.Values)
	}
	return b.String()
}

// makeTable formats every row of t (not just the plotted ones) and the
// total. Money is in US$ million with one decimal so that columns line up
// and sum visibly; percentages keep two significant digits.
func makeTable(t chart.Table) *table {
	if len(t.All) == 0 {
		return nil
	}
	tb := &table{Head: []string{""}}
	for _, c := range t.Columns {
		h := c.Name
		if c.Unit == chart.UnitMillionUSD {
			h += " ($M)"
		}
		tb.Head = append(tb.Head, h)
	}
	row := func(r chart.Row) []string {
		out := []string{r.Label}
		for j, v := range r.Values {
			out = append(out, cell(v, t.Columns[j].Unit))
		}
		return out
	}
	for _, r := range t.All {
		tb.Rows = append(tb.Rows, row(r))
	}
	if t.Total != nil {
		tb.Total = row(*t.Total)
	}
	return tb
}

func cell(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if unit == chart.UnitPercent {
		return chart.Pct(v, true)
	}
	return thousands(v)
}

// thousands formats million USD with one decimal and thin-space-free comma
// grouping, with a real minus sign: −12,345.6.
func thousands(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	out := b.String() + "." + frac
	if v < 0 && out != "0.0" {
		out = "−" + out
	}
	return out
}
