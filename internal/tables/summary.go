package tables

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model"
)

func orLongRun(h string) string {
	if h == "" {
		return "long-run"
	}
	return h
}

// maxPartners bounds the partner tables of the summary; the CSV and JSON
// outputs always have every row.
const maxPartners = 12

// WriteSummary writes the human-readable summary of r.
func WriteSummary(w io.Writer, r *Run) error {
	ew := NewErrWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	sc := r.Scenario
	p("%s\n", sc.Name)
	if sc.Description != "" {
		p("%s\n", Wrap(sc.Description, 78, ""))
	}
	p("\n")
	if r.Baseline != nil {
		pv := r.Baseline.Provenance()
		p("Baseline:  %s: %d flows, %.0f%% of value estimated\n", r.Baseline.Name, len(r.Baseline.Rows), 100*pv.EstimatedShare())
	}
	p("Model:     %s; %s horizon\n", ModelLine(r.Result), orLongRun(sc.Horizon))
	if e := ExemptionLine(r.Exemption); e != "" {
		p("Exemption: %s\n", e)
	}
	if sc.At != "" {
		p("In force:  on %s\n", sc.At)
	}
	for _, m := range sc.Measures {
		p("           %s\n", m)
	}
	if len(sc.Measures) == 0 {
		p("           no measure is in force: nothing changes\n")
	}
	for i, w := range r.Warnings() {
		lead := "Warning:   "
		if i > 0 {
			lead = "           "
		}
		p("%s%s\n", lead, Wrap(w, 78, "           "))
	}

	h := r.Headline()
	p("\n%s (%s)\n", headlineTitle(r, h.Country), horizonTitle(sc.Horizon))
	g := &Grid{}
	g.Add("", "before", "after", "change", "%")
	row := func(name string, a, b float64) {
		g.Add(name, Money(a), Money(b), Signed(b-a), pct(a, b))
	}
	row("Imports", h.Imports0, h.Imports1)
	row("Exports", h.Exports0, h.Exports1)
	row("Balance", h.Exports0-h.Imports0, h.Exports1-h.Imports1)
	g.Write(ew)
	p("Import prices (tariff-inclusive index): %s\n", Pct(100*h.ImportPriceChange, 2))
	if er := r.EffectiveRates(); !math.IsNaN(er.Before) {
		p("Effective tariff rate on imports: %s before; %s pre-substitution, %s post-substitution\n",
			rate(er.Before), rate(er.PreSubstitution), rate(er.PostSubstitution))
	}
	if h.DomesticSurplus != 0 {
		p("Welfare: %s = consumer surplus %s + tariff revenue %s + producer surplus %s\n  + domestic producers' surplus %s\n",
			Signed(h.Welfare), Signed(h.ConsumerSurplus), Signed(h.RevenueChange), Signed(h.ProducerSurplus), Signed(h.DomesticSurplus))
	} else {
		p("Welfare: %s = consumer surplus %s + tariff revenue %s + producer surplus %s\n",
			Signed(h.Welfare), Signed(h.ConsumerSurplus), Signed(h.RevenueChange), Signed(h.ProducerSurplus))
	}
	for _, n := range WelfareNotes(r.Coverage(), r.countryName, r.categoryName) {
		p("  %s\n", Wrap(n, 78, "    "))
	}
	if r.Month12 != nil {
		writeTwelveMonth(p, h, r.Month12, sc.Horizon)
	}
	if d := r.Decomposition(); d.Total() != 0 {
		p("Change in imports = volume %s + substitution %s + exporters' prices %s;\n", Signed(d.Volume), Signed(d.Substitution), Signed(d.Price))
		p("  trade diversion: imports from suppliers whose tariff did not change %s\n", Signed(d.Diverted))
	}

	b := r.Breakdown()
	split := r.TariffsOnly != nil
	partners := func(title string, ls []Line) {
		p("\n%s\n", title)
		g := &Grid{}
		if split {
			g.Add("", "before", "after", "change", "%", "of which retaliation")
		} else {
			g.Add("", "before", "after", "change", "%")
		}
		var rest Line
		for i, l := range ls {
			if i >= maxPartners {
				rest.Before += l.Before
				rest.After += l.After
				rest.TariffsOnly += l.TariffsOnly
				continue
			}
			partnerRow(g, l.Name, l, split)
		}
		if len(ls) > maxPartners {
			partnerRow(g, fmt.Sprintf("%d others", len(ls)-maxPartners), rest, split)
		}
		g.Write(ew)
	}
	partners(fmt.Sprintf("%s imports by partner (largest changes first)", h.Country), b.ImportsByPartner)
	partners(fmt.Sprintf("%s exports by partner (largest changes first)", h.Country), b.ExportsByPartner)

	p("\n%s trade by category\n", h.Country)
	g = &Grid{}
	g.Add("", "imports", "change", "%", "exports", "change", "%", "import prices")
	exports := map[string]Line{}
	for _, l := range b.ExportsByCategory {
		exports[l.Code] = l
	}
	for _, l := range b.ImportsByCategory {
		e := exports[l.Code]
		g.Add(l.Name, Money(l.Before), Signed(l.Change()), pct(l.Before, l.After),
			Money(e.Before), Signed(e.Change()), pct(e.Before, e.After), Pct(100*(l.PriceIndexHat-1), 2))
	}
	g.Write(ew)

	domestic := false
	for _, c := range r.Result.Countries {
		domestic = domestic || c.DomesticSurplus != 0
	}
	g = &Grid{}
	if domestic {
		p("\nWelfare by country, $ million (ΔCS + ΔR + ΔPS + domestic ΔPS)\n")
		g.Add("", "consumer surplus", "tariff revenue", "producer surplus", "domestic producers", "welfare")
	} else {
		p("\nWelfare by country, $ million (ΔCS + ΔR + ΔPS)\n")
		g.Add("", "consumer surplus", "tariff revenue", "producer surplus", "welfare")
	}
	for _, c := range r.Result.Countries {
		if c.Welfare == 0 && c.ConsumerSurplus == 0 && c.RevenueChange == 0 && c.ProducerSurplus == 0 && c.DomesticSurplus == 0 {
			continue
		}
		name := r.countryName(c.Country)
		if domestic {
			g.Add(name, Signed(c.ConsumerSurplus), Signed(c.RevenueChange), Signed(c.ProducerSurplus), Signed(c.DomesticSurplus), Signed(c.Welfare))
			continue
		}
		g.Add(name, Signed(c.ConsumerSurplus), Signed(c.RevenueChange), Signed(c.ProducerSurplus), Signed(c.Welfare))
	}
	g.Write(ew)
	if r.Uncertainty != nil {
		writeUncertainty(ew, r)
	}
	return ew.Err()
}

func partnerRow(g *Grid, name string, l Line, split bool) {
	if split {
		g.Add(name, Money(l.Before), Money(l.After), Signed(l.Change()), pct(l.Before, l.After), Signed(l.After-l.TariffsOnly))
		return
	}
	g.Add(name, Money(l.Before), Money(l.After), Signed(l.Change()), pct(l.Before, l.After))
}

// modelLine is ModelLine with the run's exemption rule.
func modelLine(r *Run) string {
	s := ModelLine(r.Result)
	if e := ExemptionLine(r.Exemption); e != "" {
		s += "; " + e
	}
	return s
}

func (r *Run) countryName(c string) string {
	if r.Baseline == nil {
		return c
	}
	return r.Baseline.CountryName(c)
}

func (r *Run) categoryName(c string) string {
	if r.Baseline == nil {
		return c
	}
	return r.Baseline.CategoryName(c)
}

// ModelLine describes the model variant and the range of elasticities used.
func ModelLine(res *model.Result) string {
	form := "exact CES"
	if res.Form == model.Linear {
		form = "linearised (GSIM)"
	}
	sig, eta := span{}, span{}
	for _, m := range res.Markets {
		sig.add(m.Elasticities.Substitution)
		eta.add(m.Elasticities.ImportDemand)
	}
	eps := span{}
	for _, p := range res.Producers {
		eps.add(p.ExportSupply)
	}
	return fmt.Sprintf("%s Armington PE, %s supply; σ %s, η %s, ε %s", form, res.Supply, sig, eta, eps)
}

type span struct {
	lo, hi float64
	n      int
}

func (s *span) add(v float64) {
	if s.n == 0 || v < s.lo {
		s.lo = v
	}
	if s.n == 0 || v > s.hi {
		s.hi = v
	}
	s.n++
}

func (s span) String() string {
	f := func(v float64) string {
		if math.IsInf(v, 1) {
			return "∞"
		}
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
	}
	if s.n == 0 {
		return "n/a"
	}
	if s.lo == s.hi {
		return f(s.lo)
	}
	return f(s.lo) + "–" + f(s.hi)
}

// Money formats million USD rounded, with thousands separators: the one
// money format of every text table and the command line.
func Money(v float64) string {
	return group(math.Round(v))
}

// Signed is Money with an explicit sign. A value that rounds to zero is
// "0", whatever its sign: "-0" and "+0" read as a change where the table
// shows none.
func Signed(v float64) string {
	r := math.Round(v)
	switch {
	case r > 0:
		return "+" + group(r)
	case r < 0:
		return group(r)
	}
	return "0"
}

// Pct formats a percentage (such as metric.PctChange gives) with an
// explicit sign and the given decimals: "+3.4%", "-12.0%". A value that
// rounds to zero at that precision is "0.0%", never "-0.0%" or "+0.0%";
// NaN (a change from zero) is "". It is the one percent format of every
// text table and the command line.
func Pct(p float64, decimals int) string {
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return ""
	}
	s := strconv.FormatFloat(math.Abs(p), 'f', decimals, 64)
	if strings.Trim(s, "0.") == "" {
		return s + "%"
	}
	if p < 0 {
		return "-" + s + "%"
	}
	return "+" + s + "%"
}

// rate formats an effective tariff rate, "9.4%".
func rate(p float64) string {
	if math.IsNaN(p) {
		return "n/a"
	}
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}

// pct is the percent change from a to b (see metric.PctChange) as the
// tables show it.
func pct(a, b float64) string { return Pct(metric.PctChange(a, b), 1) }

func group(v float64) string {
	s := fmt.Sprintf("%.0f", math.Abs(v))
	var out []byte
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if v < 0 {
		return "-" + string(out)
	}
	return string(out)
}

// Wrap wraps s at width, indenting continuation lines with indent.
func Wrap(s string, width int, indent string) string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > width-len(indent) {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return strings.Join(lines, "\n"+indent)
}

// ErrWriter keeps the first write error so that a long text output need
// not check every Fprintf; Err returns it.
type ErrWriter struct {
	w   io.Writer
	err error
}

// NewErrWriter wraps w.
func NewErrWriter(w io.Writer) *ErrWriter { return &ErrWriter{w: w} }

// Err is the first write error, if any.
func (e *ErrWriter) Err() error { return e.err }

func (e *ErrWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
