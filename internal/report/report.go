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
	"time"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
)

// Scenario describes the scenario in words.
type Scenario struct {
	Name        string
	Description string
	Measures    []string // one sentence per measure, e.g. "US: 60% on China, all ATP goods"
	At          string   // optional: the date whose measures in force the headline and charts apply, "2025-11-10"
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
	// Domestic is the domestic producers' surplus (markets with a
	// domestic flow); a row of its own when not 0.
	Domestic float64
	Welfare  float64 // net change
	// Effective holds the average effective tariff rates on the focus
	// country's imports (metric.EffectiveRates), in percent; nil leaves
	// them out.
	Effective *metric.EffectiveRates
}

// HeadlineOf is the report's headline of the focus country's sums h
// (see metric.HeadlineOf); name is its display name.
func HeadlineOf(h metric.Headline, name string) Headline {
	return Headline{
		Focus: name, Imports0: h.Imports0, Imports1: h.Imports1, Exports0: h.Exports0, Exports1: h.Exports1,
		ConsumerSurplus: h.ConsumerSurplus, Revenue: h.RevenueChange, Producer: h.ProducerSurplus, Domestic: h.DomesticSurplus, Welfare: h.Welfare,
	}
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
	// Uncertainty, when not nil, adds the Monte Carlo percentiles to the
	// headline table.
	Uncertainty *Uncertainty
	// Path, when not nil, adds the scenario solved month by month.
	Path *Path
	// HeadlineRows and HeadlineCaption, when set, replace the headline
	// table built from Headline: a general-equilibrium run reports hats
	// (% changes) rather than PE's surplus in US$.
	HeadlineRows    []HeadRow
	HeadlineCaption string
}

// HeadRow is one row of the headline table: formatted cells.
type HeadRow = headRow

// Uncertainty is a Monte Carlo run's summary for the headline table.
type Uncertainty struct {
	Draws, Failed int // draws attempted; draws whose solve failed
	Seed          uint64
	FirstError    string // the first failure, e.g. "draw 12: …"; empty if none
	Definition    string // how percentiles are computed
	Drawn         string // what the draws drew, e.g. "σ, η and exempt shares"
	// The 5th and 95th percentiles of the headline changes, million USD;
	// nil leaves the cells empty.
	Imports, Exports, Balance, ConsumerSurplus, Revenue, Producer, Welfare *Interval
}

// Interval is the 5th and 95th percentile of a change, million USD.
type Interval struct{ P5, P95 float64 }

// Path is the scenario solved month by month.
type Path struct {
	Focus       string   // display name, e.g. "US"
	Assumptions []string // the timeline's rules in words
	Outside     []string // measures in force on no day of the path
	Measures    []string // the measures with their dates and notes, which name the charts' marker ids
	Months      []Month
	Charts      []*chart.Chart
}

// Month is the focus country's trade in one month on the path and on the
// no-tariff path, million USD in the month at world prices.
type Month struct {
	Month                    string // "2025-01"
	Imports, ImportsNoTariff float64
	Exports, ExportsNoTariff float64
	Revenue                  float64 // tariff revenue on the path
}

//go:embed report.html.tmpl
var files embed.FS

var tmpl = template.Must(template.New("report.html.tmpl").ParseFS(files, "report.html.tmpl"))

type figure struct {
	ID, Title, Subtitle, Explain, Note string
	Caption                            string // of the table
	SVG                                template.HTML
	Table                              *table
	SameAs                             string // title of the earlier figure whose table holds these numbers
}

// Table is a table of formatted cells, as the report shows it (and the
// web page shows the monthly path).
type Table = table

type table struct {
	Caption string
	Groups  []group // an optional header row above Head
	Head    []string
	Rows    [][]string
	Total   []string
}

type group struct {
	Label string
	Span  int
}

type headRow struct {
	Label, Before, After, Change, Pct, P5, P95 string
	Total                                      bool
}

type pathPage struct {
	*Path
	From, To string
	Table    *table
	Figures  []figure
}

type page struct {
	Report
	Title     string
	FontFace  template.CSS
	Estimated string
	Figures   []figure
	Note      string
	HeadRows  []headRow
	Draws     string // the Monte Carlo sentence, if any
	Effective string // the effective tariff rates in a sentence, if any
	PathPage  *pathPage
}

const tableCaption = "Numbers behind the chart, every row (the chart folds small ones into “Other”); money in US$ million at world prices"

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
	p.HeadRows, p.Draws = headline(r.Headline, r.Uncertainty)
	if r.HeadlineRows != nil {
		p.HeadRows = r.HeadlineRows
	}
	p.Effective = EffectiveSentence(r.Headline.Focus, r.Headline.Effective)
	seen := map[string]string{} // table signature → figure title
	figs, err := figures(r.Charts, seen, tableCaption)
	if err != nil {
		return err
	}
	p.Figures = figs
	if r.Path != nil {
		pp := &pathPage{Path: r.Path, Table: monthTable(r.Path)}
		if n := len(r.Path.Months); n > 0 {
			pp.From, pp.To = monthName(r.Path.Months[0].Month), monthName(r.Path.Months[n-1].Month)
		}
		if pp.Figures, err = figures(r.Path.Charts, seen, ""); err != nil {
			return err
		}
		p.PathPage = pp
		figs = append(figs, pp.Figures...)
	}
	for _, f := range figs {
		if p.Note == "" {
			p.Note = f.Note
		}
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, p); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = out.WriteTo(w)
	return err
}

// figures renders charts as inline SVG figures with the tables behind
// them; a table already printed (its signature in seen) is referred to.
// caption is the tables' caption; empty uses each chart's explanation.
func figures(charts []*chart.Chart, seen map[string]string, caption string) ([]figure, error) {
	var out []figure
	for _, c := range charts {
		var b bytes.Buffer
		if err := c.Render(&b, chart.FormatSVGNoFonts); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		f := figure{ID: c.Name, Title: c.Title, Subtitle: c.Subtitle, Explain: c.Explain, Note: c.Note,
			SVG: inlineSVG(b.String(), c.Title)}
		sig := signature(c.Data)
		if first, ok := seen[sig]; ok {
			f.SameAs = first
		} else {
			seen[sig] = c.Title
			f.Table = makeTable(c.Data)
			if f.Table != nil {
				f.Table.Caption = caption
				if caption == "" {
					f.Table.Caption = "Numbers behind the chart, by month"
				}
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// EffectiveSentence puts the effective tariff rates in words, as the
// report and the web page show them; "" when e is nil or there are no
// imports.
func EffectiveSentence(focus string, e *metric.EffectiveRates) string {
	if e == nil || math.IsNaN(e.Before) {
		return ""
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }
	return fmt.Sprintf("Average effective tariff rate on %s imports (duties ÷ value of imports): %s before; %s pre-substitution (the new tariffs on the baseline's imports); %s post-substitution (on the imports once buyers have switched suppliers), as The Budget Lab at Yale defines them.",
		focus, f(e.Before), f(e.PreSubstitution), f(e.PostSubstitution))
}

// headline lays out the headline table's rows and, for a Monte Carlo
// run, the sentence that says how its p5 and p95 columns were made.
func headline(h Headline, u *Uncertainty) ([]headRow, string) {
	iv := func(i *Interval) (string, string) {
		if i == nil {
			return "", ""
		}
		return chart.Money(i.P5, true), chart.Money(i.P95, true)
	}
	pick := func(f func(*Uncertainty) *Interval) *Interval {
		if u == nil {
			return nil
		}
		return f(u)
	}
	level := func(label string, b, a float64, i *Interval) headRow {
		r := headRow{Label: label, Before: chart.Money(b, false), After: chart.Money(a, false), Change: chart.Money(a-b, true)}
		if b != 0 {
			r.Pct = chart.Pct(metric.PctChange(b, a), true)
		}
		r.P5, r.P95 = iv(i)
		return r
	}
	change := func(label string, d float64, i *Interval) headRow {
		r := headRow{Label: label, Change: chart.Money(d, true)}
		r.P5, r.P95 = iv(i)
		return r
	}
	rows := []headRow{
		level(h.Focus+" imports", h.Imports0, h.Imports1, pick(func(u *Uncertainty) *Interval { return u.Imports })),
		level(h.Focus+" exports", h.Exports0, h.Exports1, pick(func(u *Uncertainty) *Interval { return u.Exports })),
		level(h.Focus+" trade balance", h.Exports0-h.Imports0, h.Exports1-h.Imports1, pick(func(u *Uncertainty) *Interval { return u.Balance })),
		change("Consumer surplus", h.ConsumerSurplus, pick(func(u *Uncertainty) *Interval { return u.ConsumerSurplus })),
		change("Tariff revenue", h.Revenue, pick(func(u *Uncertainty) *Interval { return u.Revenue })),
		change("Producer surplus", h.Producer, pick(func(u *Uncertainty) *Interval { return u.Producer })),
	}
	if h.Domestic != 0 {
		rows = append(rows, change("Domestic producers' surplus", h.Domestic, nil))
	}
	rows = append(rows, change("Net welfare", h.Welfare, pick(func(u *Uncertainty) *Interval { return u.Welfare })))
	rows[len(rows)-1].Total = true
	if u == nil {
		return rows, ""
	}
	drawn := u.Drawn
	if drawn == "" {
		drawn = "the uncertain elasticities"
	}
	s := fmt.Sprintf("Monte Carlo: %s draws over %s, seed %d; %s failed", group3(u.Draws), drawn, u.Seed, group3(u.Failed))
	if u.Failed > 0 {
		s += " and are left out of the percentiles"
		if u.FirstError != "" {
			s += " (first: " + u.FirstError + ")"
		}
	}
	s += ". p5 and p95 are the 5th and 95th percentiles of each change over the successful draws (a 90% interval); the other columns are the run with every distribution at its median. The band covers only what was drawn."
	if u.Definition != "" {
		s += " Percentiles: " + u.Definition + "."
	}
	return rows, s
}

// MonthTable is the path's headline: the focus country's trade by month
// against the no-tariff path, and tariff revenue, with the total; nil
// without months.
func MonthTable(p *Path) *Table { return monthTable(p) }

func monthTable(p *Path) *table {
	if len(p.Months) == 0 {
		return nil
	}
	t := &table{
		Caption: p.Focus + " ATP trade by month against the no-tariff path, and tariff revenue; US$ million in the month at world prices (the levels of both paths are in the table under the first chart)",
		Groups:  []group{{"", 1}, {"Imports", 2}, {"Exports", 2}, {"Balance", 1}, {"Tariff revenue", 2}},
		Head:    []string{"Month", "change", "%", "change", "%", "change", "$M", "avg tariff"},
	}
	row := func(label string, m Month) []string {
		bal, balN := m.Exports-m.Imports, m.ExportsNoTariff-m.ImportsNoTariff
		avg := "–"
		if m.Imports > 0 {
			avg = strconv.FormatFloat(100*m.Revenue/m.Imports, 'f', 1, 64) + "%"
		}
		return []string{label,
			signedThousands(m.Imports - m.ImportsNoTariff), pctChange(m.Imports, m.ImportsNoTariff),
			signedThousands(m.Exports - m.ExportsNoTariff), pctChange(m.Exports, m.ExportsNoTariff),
			signedThousands(bal - balN),
			thousands(m.Revenue), avg}
	}
	var sum Month
	for _, m := range p.Months {
		t.Rows = append(t.Rows, row(monthName(m.Month), m))
		sum.Imports += m.Imports
		sum.ImportsNoTariff += m.ImportsNoTariff
		sum.Exports += m.Exports
		sum.ExportsNoTariff += m.ExportsNoTariff
		sum.Revenue += m.Revenue
	}
	t.Total = row("Total", sum)
	return t
}

// monthName turns "2025-01" into "Jan 2025"; anything else is returned
// as it is.
func monthName(s string) string {
	if d, err := time.Parse("2006-01", s); err == nil {
		return d.Format("Jan 2006")
	}
	return s
}

func pctChange(v, ref float64) string {
	if ref == 0 {
		return "–"
	}
	return chart.Pct(100*(v-ref)/ref, true)
}

// signedThousands is thousands with a "+" on positive amounts.
func signedThousands(v float64) string {
	s := thousands(v)
	if v > 0 && s != "0.0" {
		s = "+" + s
	}
	return s
}

// group3 writes n with comma grouping: 10,000.
func group3(n int) string {
	s := thousands(float64(n))
	return strings.TrimSuffix(s, ".0")
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
		out = chart.Minus + out
	}
	return out
}
