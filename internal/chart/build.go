package chart

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
)

// Meta describes a run for the titles and the source note of its charts.
type Meta struct {
	Scenario string // scenario name, shown under every title
	// Drawn says what a Monte Carlo run drew, for the interval charts'
	// titles: "σ, η, exempt shares and the baseline split".
	Drawn    string
	Subtitle string // optional, appended to the scenario name
	Version  string // tool version, e.g. "tariffsim 0.3.0"
	Baseline string // baseline name, e.g. "US ATP trade 2024"
	// EstimatedShare is the share (0–1) of the baseline's value that was
	// estimated rather than published; NaN or negative if unknown.
	EstimatedShare float64
	// Model and Elasticities describe the model for the source note; when
	// empty they are derived from the Result (see [ModelName] and
	// [ElasticityRanges]).
	Model        string
	Elasticities string
	Focus        string // the country the charts are about; "US" if empty
	// FocusName is the focus country's name in titles ("US imports by
	// partner"); CountryName(Focus) if empty.
	FocusName string
	// CountryName and CategoryName give long names for codes; nil or an
	// empty answer means the code is shown as is.
	CountryName, CategoryName func(code string) string
	// Exemption is the scenario's exemption rule in words ("split",
	// "average"): every source note names it. Empty says nothing.
	Exemption string
	// WelfareNotes say what the focus country's welfare figures cover
	// (buyers' surplus on the import composite or with domestic
	// producers, producer surplus 0 by assumption with the exporters'
	// lost sales beside it, retaliation's effect on its exporters); the
	// welfare charts add them to their explanation.
	WelfareNotes []string
}

// Chart is one chart of a run: what it shows and the numbers behind it.
// A Chart is immutable once built, so it may be rendered from several
// goroutines at once.
type Chart struct {
	Name     string // file stem, e.g. "imports-by-partner"
	Title    string
	Subtitle string // the scenario line
	Explain  string // what the chart shows and in which units
	Note     string // the source note drawn at the bottom
	// Data holds the numbers behind the chart in model units (million USD
	// or percent); Data.Rows are the plotted rows, top to bottom.
	Data Table

	bars  *bars
	lines *lines     // a line chart instead of bars (see Lines)
	path  *pathLines // a time-path chart (see BuildPath)
	size  Size       // the canvas; zero for SizeDefault (see With)
}

// Okabe–Ito colours (Okabe and Ito 2008), safe for the common colour-vision
// deficiencies.
var (
	oiOrange    = color.RGBA{0xE6, 0x9F, 0x00, 0xFF}
	oiSkyBlue   = color.RGBA{0x56, 0xB4, 0xE9, 0xFF}
	oiGreen     = color.RGBA{0x00, 0x9E, 0x73, 0xFF}
	oiBlue      = color.RGBA{0x00, 0x72, 0xB2, 0xFF}
	oiVermilion = color.RGBA{0xD5, 0x5E, 0x00, 0xFF}
	oiGrey      = color.RGBA{0x59, 0x59, 0x59, 0xFF}
)

// signColour colours a change: blue for a rise, vermilion for a fall, in
// every chart whose bars are coloured by sign (the single-series partner,
// balance and price charts), and each such chart says so in its legend.
// The rule is about the quantity plotted: a fall in imports from Mexico is
// vermilion in the imports chart and, because it raises the balance, blue
// in the balance chart. The label's sign says the same, so colour is never
// the only cue.
func signColour(v float64) color.Color {
	if v < 0 {
		return oiVermilion
	}
	return oiBlue
}

// signLegend explains signColour for a chart of what: "Rise in imports",
// "Fall in imports".
func signLegend(what string) []legendItem {
	return []legendItem{{name: "Rise in " + what, colour: oiBlue}, {name: "Fall in " + what, colour: oiVermilion}}
}

// ModelName describes the model variant of res for the source note, e.g.
// "exact CES Armington PE, bilateral supply".
func ModelName(res *model.Result) string {
	form := "exact CES"
	if res.Form == model.Linear {
		form = "linearised (GSIM)"
	}
	return fmt.Sprintf("%s Armington PE, %s supply", form, res.Supply)
}

// ElasticityRanges summarises the elasticities used in res, e.g.
// "σ 5.0–8.8, η 0.94–2.01, ε ∞", from the markets' σ and η and the
// producers' ε.
func ElasticityRanges(res *model.Result) string {
	rng := func(sym string, vals []float64) string {
		if len(vals) == 0 {
			return ""
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range vals {
			lo, hi = min(lo, v), max(hi, v)
		}
		f := func(v float64) string {
			if math.IsInf(v, 1) {
				return "∞"
			}
			return fmt.Sprintf("%.*f", max(1, sigDecimals(v)), v)
		}
		if f(lo) == f(hi) {
			return sym + " " + f(lo)
		}
		return sym + " " + f(lo) + "–" + f(hi)
	}
	var sig, eta, eps []float64
	for _, m := range res.Markets {
		sig = append(sig, m.Elasticities.Substitution)
		eta = append(eta, m.Elasticities.ImportDemand)
	}
	for _, p := range res.Producers {
		eps = append(eps, p.ExportSupply)
	}
	var parts []string
	for _, s := range []string{rng("σ", sig), rng("η", eta), rng("ε", eps)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// sourceNote is the provenance line drawn on every chart.
func sourceNote(res *model.Result, m Meta) string {
	var b strings.Builder
	b.WriteString("Source: ")
	if m.Version != "" {
		b.WriteString(m.Version)
	} else {
		b.WriteString("tariffsim")
	}
	if m.Baseline != "" {
		b.WriteString("; baseline: " + m.Baseline)
		if s := m.EstimatedShare; s >= 0 && !math.IsNaN(s) {
			fmt.Fprintf(&b, ", %s of value estimated", Pct(100*s, false))
		}
	}
	mod, el := m.Model, m.Elasticities
	if mod == "" {
		mod = ModelName(res)
	}
	if el == "" {
		el = ElasticityRanges(res)
	}
	b.WriteString(". Model: " + mod)
	if el != "" {
		b.WriteString("; " + el)
	}
	if m.Exemption != "" {
		b.WriteString("; exempt shares: " + m.Exemption)
	}
	b.WriteString(".")
	return b.String()
}

// Build computes every chart of a run for m.Focus. tariffsOnly, if not nil,
// is the same scenario solved with the focus country's tariffs only (no
// retaliation) on the same flows; the partner and welfare charts then split
// the effect of the focus country's tariffs from that of retaliation.
func Build(res, tariffsOnly *model.Result, m Meta) ([]*Chart, error) {
	if res == nil {
		return nil, errors.New("chart: nil result")
	}
	if tariffsOnly != nil && len(tariffsOnly.Flows) != len(res.Flows) {
		return nil, fmt.Errorf("chart: tariffs-only result has %d flows, the full result %d; they must solve the same baseline",
			len(tariffsOnly.Flows), len(res.Flows))
	}
	if m.Focus == "" {
		m.Focus = "US"
	}
	b := builder{res: res, only: tariffsOnly, m: m, tol: zeroTol(res),
		focus: m.FocusName, note: sourceNote(res, m)}
	if b.focus == "" {
		b.focus = name(m.CountryName, m.Focus)
	}
	b.scenario = m.Scenario
	if m.Subtitle != "" {
		if b.scenario != "" {
			b.scenario += " — "
		}
		b.scenario += m.Subtitle
	}
	charts := []*Chart{
		b.partners(sideImports),
		b.partners(sideExports),
		b.categories(),
		b.balance(),
		b.welfare(),
	}
	if tariffsOnly != nil {
		charts = append(charts, b.welfareSplit())
	}
	charts = append(charts, b.prices(), b.passThrough())
	return charts, nil
}

type builder struct {
	res, only *model.Result
	m         Meta
	tol       float64 // million USD under which a change is zero
	focus     string  // long name of the focus country
	scenario  string
	note      string
}

func (b *builder) chart(name, title, explain string, t Table, s *bars) *Chart {
	if s.empty != "" {
		explain = "" // it would describe bars and labels that are not drawn
	}
	return &Chart{Name: name, Title: title, Subtitle: b.scenario, Explain: explain, Note: b.note, Data: t, bars: s}
}

// moneyBars finishes a money chart: it picks the display unit from the
// largest magnitude plotted and scales every value to it.
func moneyBars(s *bars) {
	big := 0.0
	for _, se := range s.series {
		for i := range se.hi {
			big = max(big, math.Abs(se.lo[i]), math.Abs(se.hi[i]))
		}
	}
	for _, v := range s.marks {
		big = max(big, math.Abs(v))
	}
	s.money = true
	s.unit = unitFor(big)
	k := s.unit.perM
	for _, se := range s.series {
		for i := range se.hi {
			se.lo[i] *= k
			se.hi[i] *= k
		}
	}
	for i := range s.marks {
		s.marks[i] *= k
	}
	if s.axis == "" {
		s.axis = s.unit.words + ", change from baseline, at world prices"
	}
}

// stack turns the series of s, all drawn from zero, into stacked bars:
// in each row, positive parts stack rightwards from zero and negative parts
// leftwards, so the bars of a row end where their sum would if they all
// had one sign, and the marker shows the net.
func stack(s *bars) {
	s.stacked = true
	n := len(s.rows)
	pos, neg := make([]float64, n), make([]float64, n)
	for _, se := range s.series {
		for i := range se.hi {
			v := se.hi[i] - se.lo[i]
			if v >= 0 {
				se.lo[i], se.hi[i] = pos[i], pos[i]+v
				pos[i] += v
			} else {
				se.lo[i], se.hi[i] = neg[i], neg[i]+v
				neg[i] += v
			}
			se.labels[i] = ""
		}
	}
}

// maxAbsCol is the largest magnitude in column name of t.All.
func maxAbsCol(t Table, name string) float64 {
	j, m := t.Col(name), 0.0
	if j < 0 {
		return 0
	}
	for _, r := range t.All {
		m = max(m, math.Abs(r.Values[j]))
	}
	return m
}

// rowLabels returns the labels of t.Rows.
func rowLabels(t Table) []string {
	ls := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		ls[i] = r.Label
	}
	return ls
}

// newSeries makes a series of n bars from zero.
func newSeries(name string, n int, c color.Color) *series {
	s := &series{name: name, lo: make([]float64, n), hi: make([]float64, n),
		colors: make([]color.Color, n), labels: make([]string, n)}
	for i := range s.colors {
		s.colors[i] = c
	}
	return s
}

// changeLabel is "−$1.2B (−3.4%)", or the money part alone when the
// percentage is undefined.
func changeLabel(d, p float64) string {
	if math.IsNaN(p) {
		return Money(d, true)
	}
	return Money(d, true) + " (" + Pct(p, true) + ")"
}

func (b *builder) partners(side metric.Side) *Chart {
	t := partnerTable(b.res, b.only, b.m.Focus, side, b.m.CountryName)
	n := len(t.Rows)
	s := &bars{rows: rowLabels(t)}
	var name, title, what, verb string
	if side == sideImports {
		name, title, what, verb = "imports-by-partner", "Change in "+b.focus+" imports by partner", "imports from", "imports"
	} else {
		name, title, what, verb = "exports-by-partner", "Change in "+b.focus+" exports by partner", "exports to", "exports"
	}
	explain := fmt.Sprintf("%s %s each partner, at world prices; labels give the change and its share of baseline %s.",
		b.focus, what, verb)
	split := b.only != nil
	if split {
		// A split with one empty side only adds a blank legend entry:
		// e.g. retaliation against US exports leaves US imports unchanged
		// under bilateral supply.
		own, ret := maxAbsCol(t, ColOwnTariffs), maxAbsCol(t, ColRetaliation)
		switch {
		case ret <= negligible*own:
			split = false
			explain = strings.TrimSuffix(explain, ".") + "; retaliation does not change them."
		case own <= negligible*ret:
			split = false
			explain = strings.TrimSuffix(explain, ".") + "; all of the change comes from retaliation."
		}
	}
	if !split {
		se := newSeries("Change", n, nil)
		for i, r := range t.Rows {
			se.hi[i] = r.Values[2]
			se.colors[i] = signColour(r.Values[2])
			se.labels[i] = changeLabel(r.Values[2], r.Values[3])
		}
		s.series = []*series{se}
		s.legendItems = signLegend(verb)
	} else {
		own := newSeries(b.focus+" tariffs", n, oiBlue)
		ret := newSeries("Retaliation", n, oiOrange)
		s.marks = make([]float64, n)
		s.markLabels = make([]string, n)
		s.markName = "Total change"
		for i, r := range t.Rows {
			own.hi[i], ret.hi[i] = r.Values[4], r.Values[5]
			s.marks[i] = r.Values[2]
			s.markLabels[i] = changeLabel(r.Values[2], r.Values[3])
		}
		s.series = []*series{own, ret}
		stack(s)
		s.legend = true
		explain = fmt.Sprintf("%s %s each partner, at world prices: the effect of %s tariffs alone and the further effect of retaliation; the diamond and label give the total.",
			b.focus, what, b.focus)
	}
	if b.allZero(t, ColChange, ColOwnTariffs, ColRetaliation) {
		s.empty = fmt.Sprintf("No change: this scenario leaves %s %s unchanged for every partner.", b.focus, verb)
	}
	moneyBars(s)
	return b.chart(name, title, explain, t, s)
}

// allZero reports whether every value of the named money columns is below
// the zero tolerance.
func (b *builder) allZero(t Table, cols ...string) bool {
	for _, c := range cols {
		j := t.Col(c)
		if j < 0 {
			continue
		}
		for _, r := range t.All {
			if math.Abs(r.Values[j]) > b.tol {
				return false
			}
		}
	}
	return true
}

func (b *builder) categories() *Chart {
	t := categoryTable(b.res, b.m.Focus, b.m.CategoryName)
	n := len(t.Rows)
	s := &bars{rows: rowLabels(t), legend: true}
	im := newSeries("Imports", n, oiBlue)
	ex := newSeries("Exports", n, oiOrange)
	for i, r := range t.Rows {
		im.hi[i], ex.hi[i] = r.Values[2], r.Values[6]
		im.labels[i] = changeLabel(r.Values[2], r.Values[3])
		ex.labels[i] = changeLabel(r.Values[6], r.Values[7])
		if r.Values[0] == 0 {
			im.labels[i] = "no imports"
		}
		if r.Values[4] == 0 {
			ex.labels[i] = "no exports"
		}
	}
	s.series = []*series{im, ex}
	if b.allZero(t, ColImportsChange, ColExportsChange) {
		s.empty = fmt.Sprintf("No change: this scenario leaves %s imports and exports unchanged in every category.", b.focus)
	}
	moneyBars(s)
	return b.chart("trade-by-category", "Change in "+b.focus+" trade by category", b.focus+
		" imports and exports by product category, at world prices; labels give the change and its share of baseline trade.", t, s)
}

func (b *builder) balance() *Chart {
	t := balanceTable(b.res, b.m.Focus, b.m.CountryName)
	n := len(t.Rows)
	s := &bars{rows: append(rowLabels(t), "Total change"), waterfall: true, legend: true}
	se := newSeries("", n+1, nil)
	cum := 0.0
	for i, r := range t.Rows {
		d := r.Values[2]
		se.lo[i], se.hi[i] = cum, cum+d
		cum += d
		se.colors[i] = signColour(d)
		se.labels[i] = Money(d, true)
	}
	// The total is the sum over all partners, including any negligible
	// ones left off, so it matches the headline figures exactly.
	tot := t.Total.Values[2]
	se.hi[n] = tot
	se.colors[n] = oiGrey
	se.labels[n] = Money(tot, true)
	s.series = []*series{se}
	s.legendItems = append(signLegend("the balance"), legendItem{name: "Total change", colour: oiGrey})
	s.legendItems[0].name += " (exports up or imports down)"
	explain := fmt.Sprintf("Contribution of each partner to the change in the %s trade balance (exports − imports, world prices): %s before, %s after.",
		b.focus, Money(t.Total.Values[0], false), Money(t.Total.Values[1], false))
	if b.allZero(t, ColBalanceChange) {
		s.empty = fmt.Sprintf("No change: this scenario leaves the %s trade balance with every partner unchanged.", b.focus)
	}
	moneyBars(s)
	return b.chart("balance-by-partner", "Change in the "+b.focus+" trade balance by partner", explain, t, s)
}

func (b *builder) welfare() *Chart {
	t := welfareTable(b.res, b.only, b.m.Focus, b.m.CountryName)
	n := len(t.Rows)
	s := &bars{rows: rowLabels(t), legend: true}
	cs := newSeries("Consumer surplus", n, oiSkyBlue)
	rv := newSeries("Tariff revenue", n, oiOrange)
	ps := newSeries("Producer surplus", n, oiGreen)
	// The net is a bar of its own rather than a marker: a marker sits on
	// top of the component bars and its label cannot go next to it.
	net := newSeries("Net welfare", n, oiGrey)
	for i, r := range t.Rows {
		cs.hi[i], rv.hi[i], ps.hi[i], net.hi[i] = r.Values[0], r.Values[1], r.Values[2], r.Values[3]
		net.labels[i] = "net " + Money(r.Values[3], true)
	}
	s.series = []*series{cs, rv, ps, net}
	if b.allZero(t, ColConsumer, ColRevenue, ColProducer, ColNet) {
		s.empty = "No change: this scenario changes no country's welfare."
	}
	moneyBars(s)
	s.axis = s.unit.words + ", change in welfare"
	return b.chart("welfare-by-country", "Welfare effects by country", b.welfareExplain("Change in consumer surplus, tariff revenue and producer surplus "+
		"(exporters' and, where the baseline has domestic sales, domestic producers'); the grey bar and its label give the net welfare change."), t, s)
}

func (b *builder) welfareSplit() *Chart {
	t := welfareTable(b.res, b.only, b.m.Focus, b.m.CountryName)
	n := len(t.Rows)
	s := &bars{rows: rowLabels(t), legend: true, markName: "Net welfare, with retaliation"}
	own := newSeries(b.focus+" tariffs alone", n, oiBlue)
	ret := newSeries("Change due to retaliation", n, oiOrange)
	s.marks = make([]float64, n)
	s.markLabels = make([]string, n)
	for i, r := range t.Rows {
		own.hi[i], ret.hi[i], s.marks[i] = r.Values[4], r.Values[5], r.Values[3]
		s.markLabels[i] = "net " + Money(r.Values[3], true)
	}
	s.series = []*series{own, ret}
	stack(s)
	if b.allZero(t, ColNet, ColNetOwn, ColNetRetaliate) {
		s.empty = "No change: this scenario changes no country's net welfare."
	}
	moneyBars(s)
	s.axis = s.unit.words + ", change in net welfare"
	return b.chart("welfare-split", "Net welfare: "+b.focus+" tariffs and retaliation",
		b.welfareExplain("Net welfare change with "+b.focus+" tariffs alone, and the further change that retaliation brings; the diamond gives the total."), t, s)
}

// welfareExplain adds the meta's welfare notes to a welfare chart's
// explanation, prefixed with the focus country's name.
func (b *builder) welfareExplain(s string) string {
	if len(b.m.WelfareNotes) == 0 {
		return s
	}
	return s + " " + b.focus + ": " + strings.Join(b.m.WelfareNotes, " ")
}

func (b *builder) prices() *Chart {
	t := priceTable(b.res, b.m.Focus, b.m.CategoryName)
	n := len(t.Rows)
	s := &bars{rows: rowLabels(t), axis: "Change in the import price index, %"}
	se := newSeries("", n, nil)
	zero := true
	for i, r := range t.Rows {
		se.hi[i] = r.Values[0]
		se.colors[i] = signColour(r.Values[0])
		se.labels[i] = Pct(r.Values[0], true)
		if math.Abs(r.Values[0]) > 1e-7 {
			zero = false
		}
	}
	s.series = []*series{se}
	s.legendItems = signLegend("prices")
	if zero {
		s.empty = fmt.Sprintf("No change: this scenario leaves %s import prices unchanged in every category.", b.focus)
	}
	return b.chart("import-prices-by-category", b.focus+" import prices by category",
		"Change in the price "+b.focus+" buyers pay for imports of each category, tariffs included (CES price index).", t, s)
}

func (b *builder) passThrough() *Chart {
	t := passThroughTable(b.res, b.m.Focus, b.m.CategoryName)
	n := len(t.Rows)
	s := &bars{rows: rowLabels(t), axis: "Share of the tariff change paid by " + b.focus + " buyers, %", domain: [2]float64{0, 100}}
	se := newSeries("", n, oiBlue)
	for i, r := range t.Rows {
		se.hi[i] = r.Values[0]
		se.labels[i] = Pct(r.Values[0], false)
	}
	s.series = []*series{se}
	explain := "Share of the tariff change passed on to " + b.focus + " buyers' prices (the rest is absorbed by exporters), weighted by baseline imports; categories without a tariff change are left out."
	if t.Total != nil {
		explain += " All tariffed imports: " + Pct(t.Total.Values[0], false) + "."
	}
	if n == 0 {
		s.empty = fmt.Sprintf("No tariff on %s imports changes in this scenario, so there is no pass-through to show.", b.focus)
	}
	return b.chart("pass-through-by-category", "Who pays the "+b.focus+" tariffs", explain, t, s)
}
