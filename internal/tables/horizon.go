package tables

import "fmt"

// PathPoint is the focus country's trade in one month of the time path
// beside the no-tariff path of the same month, in $ million a month.
type PathPoint struct {
	Month                    int    // months since the path's start, from 1
	Label                    string // "2026-02"
	Imports, ImportsNoTariff float64
	Exports, ExportsNoTariff float64
	Short                    bool // the path ends before month 12: this is its last month
}

// horizonTitle names the horizon of the headline table.
func horizonTitle(h string) string {
	if h == "" {
		h = "long-run"
	}
	return h + " equilibrium"
}

// writeTwelveMonth writes the 12-month line of a scenario with a
// [timeline]: month 12 of the path against the no-tariff path, in percent
// and at an annual rate (12 × the month's difference) so that it reads
// beside the equilibrium's annual changes.
func writeTwelveMonth(p func(string, ...any), h Headline, pt *PathPoint, horizon string) {
	what := fmt.Sprintf("After 12 months (month 12 of the [timeline] path, %s, against the no-tariff path)", pt.Label)
	if pt.Short {
		what = fmt.Sprintf("After %d months (the [timeline] path ends before month 12: its last month, %s, against the no-tariff path)", pt.Month, pt.Label)
	}
	p("\n%s, beside the %s:\n", what, horizonTitle(horizon))
	g := &Grid{}
	g.Add("", "12 months", "%", "equilibrium", "%")
	if pt.Short {
		g = &Grid{}
		g.Add("", fmt.Sprintf("%d months", pt.Month), "%", "equilibrium", "%")
	}
	g.Add("Imports", Signed(12*(pt.Imports-pt.ImportsNoTariff)), pct(pt.ImportsNoTariff, pt.Imports),
		Signed(h.Imports1-h.Imports0), pct(h.Imports0, h.Imports1))
	g.Add("Exports", Signed(12*(pt.Exports-pt.ExportsNoTariff)), pct(pt.ExportsNoTariff, pt.Exports),
		Signed(h.Exports1-h.Exports0), pct(h.Exports0, h.Exports1))
	g.Write(pw{p})
	p("  (the path's month at an annual rate, 12 × its change; the equilibrium is where trade settles once adjustment is complete)\n")
}

// pw adapts a printf function to io.Writer for Grid.Write.
type pw struct{ p func(string, ...any) }

func (w pw) Write(b []byte) (int, error) { w.p("%s", b); return len(b), nil }
