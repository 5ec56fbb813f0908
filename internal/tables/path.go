package tables

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// Path is a scenario solved month by month (a scenario with a [timeline]).
type Path struct {
	Version  string
	Scenario string
	Baseline *baseline.Baseline
	Path     *timepath.Path
	Focus    string // the country the totals are about, normally "US"
	// Assumptions describes the half-lives, growth and elasticity regimes
	// in words, one line each.
	Assumptions []string
	// Outside lists, in words, the measures in force on no day of the path.
	Outside []string
}

// PathTotals is the focus country's trade in one month: million USD in
// the month at world prices, on the path and on the no-tariff path.
type PathTotals struct {
	Month                     string  `json:"month"` // "2006-01"
	Imports                   Number  `json:"imports"`
	ImportsNoTariff           Number  `json:"imports_no_tariff"`
	Exports                   Number  `json:"exports"`
	ExportsNoTariff           Number  `json:"exports_no_tariff"`
	Balance                   Number  `json:"balance"`
	BalanceNoTariff           Number  `json:"balance_no_tariff"`
	TariffRevenue             Number  `json:"tariff_revenue"`
	TariffRevenueNoTariff     Number  `json:"tariff_revenue_no_tariff"`
	ImportTariffPct           Number  `json:"import_tariff_pct"` // revenue / imports, in percent
	importsF, importsNT       float64 // unexported copies for arithmetic
	exportsF, exportsNT, revF float64
}

// Totals returns the focus country's totals per month.
func (p *Path) Totals() []PathTotals {
	ms := metric.PathTotalsOf(p.Path, p.Focus)
	out := make([]PathTotals, len(ms))
	for τ, m := range ms {
		im, imN, ex, exN, rev := m.Imports, m.ImportsNoTariff, m.Exports, m.ExportsNoTariff, m.TariffRevenue
		t := PathTotals{Month: m.Month, Imports: Number(im), ImportsNoTariff: Number(imN),
			Exports: Number(ex), ExportsNoTariff: Number(exN), Balance: Number(ex - im), BalanceNoTariff: Number(exN - imN),
			TariffRevenue: Number(rev), TariffRevenueNoTariff: Number(m.TariffRevenueNoTariff),
			importsF: im, importsNT: imN, exportsF: ex, exportsNT: exN, revF: rev}
		if im > 0 {
			t.ImportTariffPct = Number(100 * rev / im)
		}
		out[τ] = t
	}
	return out
}

// WritePathSummary writes the monthly section of the summary: the focus
// country's imports, exports, balance and tariff revenue by month against
// the no-tariff path.
func WritePathSummary(w io.Writer, p *Path) error {
	ew := NewErrWriter(w)
	pr := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	tp := p.Path
	pr("\nMonthly path, %s to %s (%d months, %d equilibria solved)\n", tp.Label(0), tp.Label(tp.Months-1), tp.Months, tp.Solves)
	for _, a := range p.Assumptions {
		pr("  %s\n", a)
	}
	for i, o := range p.Outside {
		if i == 0 {
			pr("  Outside the path, no effect:\n")
		}
		pr("    %s\n", o)
	}
	pr("%s ATP trade, $ million in the month at world prices; change against the no-tariff path\n", p.Focus)
	g := &Grid{}
	g.Add("month", "imports", "change", "%", "exports", "change", "%", "balance", "change", "tariff revenue", "avg tariff")
	var sum PathTotals
	for _, t := range p.Totals() {
		g.Add(t.Month, Money(t.importsF), Signed(t.importsF-t.importsNT), pct(t.importsNT, t.importsF),
			Money(t.exportsF), Signed(t.exportsF-t.exportsNT), pct(t.exportsNT, t.exportsF),
			Money(t.exportsF-t.importsF), Signed((t.exportsF-t.importsF)-(t.exportsNT-t.importsNT)),
			Money(t.revF), fmt.Sprintf("%.1f%%", float64(t.ImportTariffPct)))
		sum.importsF += t.importsF
		sum.importsNT += t.importsNT
		sum.exportsF += t.exportsF
		sum.exportsNT += t.exportsNT
		sum.revF += t.revF
	}
	g.Add("total", Money(sum.importsF), Signed(sum.importsF-sum.importsNT), pct(sum.importsNT, sum.importsF),
		Money(sum.exportsF), Signed(sum.exportsF-sum.exportsNT), pct(sum.exportsNT, sum.exportsF),
		Money(sum.exportsF-sum.importsF), Signed((sum.exportsF-sum.importsF)-(sum.exportsNT-sum.importsNT)),
		Money(sum.revF), "")
	g.Write(ew)
	return ew.Err()
}

// PathFlowJSON is one flow in one month.
type PathFlowJSON struct {
	Month            string `json:"month"`
	Importer         string `json:"importer"`
	Exporter         string `json:"exporter"`
	Category         string `json:"category"`
	TariffPct        Number `json:"tariff_pct"`
	Value            Number `json:"value"`
	ValueNoTariff    Number `json:"value_no_tariff"`
	ValueEquilibrium Number `json:"value_equilibrium"`
	TariffRevenue    Number `json:"tariff_revenue"`
}

// PathDocument is the JSON form of a path.
type PathDocument struct {
	Tool        string         `json:"tool"`
	Scenario    string         `json:"scenario"`
	Focus       string         `json:"focus"`
	Start       string         `json:"start"`
	Months      int            `json:"months"`
	Units       string         `json:"units"`
	Assumptions []string       `json:"assumptions"`
	Outside     []string       `json:"outside_horizon,omitempty"`
	Solves      int            `json:"equilibria_solved"`
	Totals      []PathTotals   `json:"totals"`
	Path        []PathFlowJSON `json:"path"`
}

func (p *Path) flowRows(f func(PathFlowJSON) error) error {
	tp := p.Path
	for τ := range tp.Months {
		for i, fl := range tp.Flows {
			if err := f(PathFlowJSON{
				Month: tp.Label(τ), Importer: fl.Importer, Exporter: fl.Exporter, Category: fl.Category,
				TariffPct: Number(100 * tp.Tariff[τ][i]), Value: Number(tp.Value[τ][i]),
				ValueNoTariff: Number(tp.NoTariff[τ][i]), ValueEquilibrium: Number(tp.Equilibrium[τ][i]),
				TariffRevenue: Number(tp.Revenue(τ, i)),
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// WritePathJSON writes the path: the focus country's totals per month and
// every flow in every month (path[]).
func WritePathJSON(w io.Writer, p *Path) error {
	doc := PathDocument{
		Tool: "tariffsim " + p.Version, Scenario: p.Scenario, Focus: p.Focus,
		Start: p.Path.Label(0), Months: p.Path.Months,
		Units:       "million USD in the month, at world prices; tariffs in percent, day-weighted",
		Assumptions: p.Assumptions, Outside: p.Outside, Solves: p.Path.Solves, Totals: p.Totals(),
		Path: make([]PathFlowJSON, 0, p.Path.Months*len(p.Path.Flows)),
	}
	_ = p.flowRows(func(r PathFlowJSON) error { doc.Path = append(doc.Path, r); return nil })
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

func num(v Number) string { return strconv.FormatFloat(float64(v), 'g', 10, 64) }

// WritePathCSV writes every flow in every month, one row each.
func WritePathCSV(w io.Writer, p *Path) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"month", "importer", "exporter", "category", "tariff_pct", "value", "value_no_tariff", "value_equilibrium", "tariff_revenue"})
	_ = p.flowRows(func(r PathFlowJSON) error {
		return cw.Write([]string{r.Month, r.Importer, r.Exporter, r.Category, num(r.TariffPct), num(r.Value),
			num(r.ValueNoTariff), num(r.ValueEquilibrium), num(r.TariffRevenue)})
	})
	cw.Flush()
	return cw.Error()
}

// WritePathTotalsCSV writes the focus country's totals per month.
func WritePathTotalsCSV(w io.Writer, p *Path) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"month", "country", "imports", "imports_no_tariff", "exports", "exports_no_tariff",
		"balance", "balance_no_tariff", "tariff_revenue", "tariff_revenue_no_tariff", "import_tariff_pct"})
	for _, t := range p.Totals() {
		cw.Write([]string{t.Month, p.Focus, num(t.Imports), num(t.ImportsNoTariff), num(t.Exports), num(t.ExportsNoTariff),
			num(t.Balance), num(t.BalanceNoTariff), num(t.TariffRevenue), num(t.TariffRevenueNoTariff), num(t.ImportTariffPct)})
	}
	cw.Flush()
	return cw.Error()
}
