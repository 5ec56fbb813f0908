package tables

import (
	"fmt"
	"io"
	"math"
	"strings"

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
	if sc.At != "" {
		p("In force:  on %s\n", sc.At)
	}
	for _, m := range sc.Measures {
		p("           %s\n", m)
	}
	if len(sc.Measures) == 0 {
		p("           no measure is in force: nothing changes\n")
	}

	h := r.Headline()
	p("\n%s ATP trade, $ million at world prices (%s)\n", h.Country, horizonTitle(sc.Horizon))
	g := &Grid{}
	g.Add("", "before", "after", "change", "%")
	row := func(name string, a, b float64) {
		g.Add(name, Money(a), Money(b), Signed(b-a), pct(a, b))
	}
	row("Imports", h.Imports0, h.Imports1)
	row("Exports", h.Exports0, h.Exports1)
	row("Balance", h.Exports0-h.Imports0, h.Exports1-h.Imports1)
	g.Write(ew)
	p("Import prices (tariff-inclusive index): %+.2f%%\n", 100*h.ImportPriceChange)
	p("Welfare: %s = consumer surplus %s + tariff revenue %s + producer surplus %s\n",
		Signed(h.Welfare), Signed(h.ConsumerSurplus), Signed(h.RevenueChange), Signed(h.ProducerSurplus))
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
			Money(e.Before), Signed(e.Change()), pct(e.Before, e.After), fmt.Sprintf("%+.2f%%", 100*(l.PriceIndexHat-1)))
	}
	g.Write(ew)

	p("\nWelfare by country, $ million (ΔCS + ΔR + ΔPS)\n")
	g = &Grid{}
	g.Add("", "consumer surplus", "tariff revenue", "producer surplus", "welfare")
	for _, c := range r.Result.Countries {
		if c.Welfare == 0 && c.ConsumerSurplus == 0 && c.RevenueChange == 0 && c.ProducerSurplus == 0 {
			continue
		}
		name := c.Country
		if r.Baseline != nil {
			name = r.Baseline.CountryName(c.Country)
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

// Signed is Money with an explicit sign; a value that rounds to zero but
// is not zero shows as +0 or -0 rather than as no change.
func Signed(v float64) string {
	r := math.Round(v)
	switch {
	case r > 0:
		return "+" + group(r)
	case r < 0:
		return group(r)
	}
	if v != 0 {
		// Rounds to zero but is not: say so rather than print a bare 0.
		if v > 0 {
			return "+0"
		}
		return "-0"
	}
	return "0"
}

func pct(a, b float64) string {
	if a == 0 {
		return ""
	}
	return fmt.Sprintf("%+.1f%%", 100*(b-a)/a)
}

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
