package tables

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/model/ge"
)

// The writers of a general-equilibrium run (Run.GE). GE results are not
// the PE engine's (no consumer or producer surplus, no categories, every
// price relative to a world numeraire), so they have their own tables
// rather than an adapter that would fill PE fields with look-alikes.

// GETables lists the CSV tables of a GE run by name.
var GETables = []string{"countries", "flows"}

// GEModelLine describes the GE model of res in one line.
func GEModelLine(res *ge.Result) string {
	return fmt.Sprintf("one-sector structural gravity GE (model/ge), θ = %s (σ − 1), %s imbalances, tariff revenue rebated to spending",
		trimFloat(res.Theta), res.Imbalance)
}

func trimFloat(v float64) string { return fmt.Sprintf("%.4g", v) }

// hatPct is 100 (x − 1) with a sign and two decimals.
func hatPct(x float64) string { return fmt.Sprintf("%+.2f%%", 100*(x-1)) }

// WriteGESummary writes the human-readable summary of a GE run.
func WriteGESummary(w io.Writer, r *Run) error {
	g := r.GE
	res := g.Result
	ew := NewErrWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	sc := r.Scenario
	p("%s\n", sc.Name)
	if sc.Description != "" {
		p("%s\n", Wrap(sc.Description, 78, ""))
	}
	p("\n")
	if r.Baseline != nil {
		p("Baseline:  %s: %d flows (domestic sales included), %d countries\n", r.Baseline.Name, len(r.Baseline.Rows), len(res.Countries))
		if r.Baseline.Name == gerun.BaselineName {
			p("           %s\n", gerun.Caveat)
		}
	}
	p("Model:     %s\n", Wrap(GEModelLine(res), 78, "           "))
	if sc.At != "" {
		p("In force:  on %s\n", sc.At)
	}
	for _, m := range sc.Measures {
		p("           %s\n", m)
	}
	if len(sc.Measures) == 0 {
		p("           no measure is in force: nothing changes\n")
	}
	if len(g.Exempted) > 0 {
		p("%s\n", Wrap("Exemptions: the GE engine has one variety per country, so each exempt share is averaged into its measure's rate "+
			"(t + (1 − x)·rate), whatever [model] exemption says.", 78, "           "))
	}

	focus := res.Country(r.Focus)
	name := func(code string) string {
		if r.Baseline != nil {
			return r.Baseline.CountryName(code)
		}
		return code
	}
	if focus != nil {
		p("\n%s, change from the baseline (> 0 is a gain)\n", name(r.Focus))
		gr := &Grid{}
		gr.Add("  Welfare", hatPct(focus.WelfareHat), "Ŵ = (E′/E)/P̂, real spending")
		gr.Add("  Wage", hatPct(focus.WageHat), "ŵ, price of its output (numeraire: world output)")
		gr.Add("  Price index", hatPct(focus.PriceHat), "P̂, consumer prices, tariffs included")
		gr.Add("  Real wage", hatPct(focus.RealWageHat), "ŵ/P̂")
		gr.Add("  Terms of trade", hatPct(focus.TermsOfTradeHat), "export over import prices, at world prices")
		gr.Add("  Tariff revenue", Signed(focus.Revenue1-focus.Revenue0), fmt.Sprintf("$ million: %s before, %s after", Money(focus.Revenue0), Money(focus.Revenue1)))
		gr.Write(ew)
		if u := g.Uncertainty; u != nil {
			if c := u.Country(r.Focus); c != nil {
				p("  Welfare over %d draws: p5 %+.2f%%, p50 %+.2f%%, p95 %+.2f%% (θ p5 %s, p50 %s, p95 %s)\n",
					u.Draws-u.Failed, c.WelfarePct.P5, c.WelfarePct.P50, c.WelfarePct.P95,
					trimFloat(u.Theta.P5), trimFloat(u.Theta.P50), trimFloat(u.Theta.P95))
			}
		}
		if g.TariffsOnly != nil {
			if t := g.TariffsOnly.Country(r.Focus); t != nil {
				p("  Without the retaliation: welfare %s; the retaliation changes it by %+.2f points\n",
					hatPct(t.WelfareHat), focus.WelfarePct-t.WelfarePct)
			}
		}
	}

	// Every country, largest welfare changes first.
	cs := slices.Clone(res.Countries)
	slices.SortStableFunc(cs, func(a, b ge.Country) int { return cmp.Compare(math.Abs(b.WelfarePct), math.Abs(a.WelfarePct)) })
	p("\nCountries (largest welfare changes first), %% change\n")
	gr := &Grid{}
	head := []string{"", "welfare", "wage", "prices", "real wage", "ToT", "revenue before", "after"}
	if g.TariffsOnly != nil {
		head = append(head, "welfare w/o retaliation")
	}
	if g.Uncertainty != nil {
		head = append(head, "welfare p5", "p95")
	}
	gr.Add(head...)
	shown := 0
	for i, c := range cs {
		if i >= maxPartners && c.Code != r.Focus {
			continue
		}
		shown++
		row := []string{"  " + name(c.Code), hatPct(c.WelfareHat), hatPct(c.WageHat), hatPct(c.PriceHat),
			hatPct(c.RealWageHat), hatPct(c.TermsOfTradeHat), Money(c.Revenue0), Money(c.Revenue1)}
		if g.TariffsOnly != nil {
			row = append(row, hatPct(g.TariffsOnly.Country(c.Code).WelfareHat))
		}
		if u := g.Uncertainty; u != nil {
			q := u.Country(c.Code)
			row = append(row, fmt.Sprintf("%+.2f%%", q.WelfarePct.P5), fmt.Sprintf("%+.2f%%", q.WelfarePct.P95))
		}
		gr.Add(row...)
	}
	gr.Write(ew)
	if n := len(cs) - shown; n > 0 {
		p("  and %d other countries (every country is in countries.csv)\n", n)
	}

	for _, side := range []string{"imports", "exports"} {
		ls := GEPartners(res, r.Focus, side == "imports")
		if len(ls) == 0 {
			continue
		}
		p("\n%s %s by partner, $ million at world prices (largest changes first)\n", name(r.Focus), side)
		gr := &Grid{}
		gr.Add("", "before", "after", "change", "%")
		for i, l := range ls {
			if i >= maxPartners {
				break
			}
			gr.Add("  "+name(l.Partner), Money(l.Value0), Money(l.Value1), Signed(l.Value1-l.Value0), pct(l.Value0, l.Value1))
		}
		gr.Write(ew)
	}
	p("\nGE results: %d Newton steps, residual %.1e; every flow in flows.csv (value1).\n", res.Iterations, res.Residual)
	return ew.Err()
}

// GEPartner is one partner's trade with the focus country in a GE run.
type GEPartner struct {
	Partner        string
	Value0, Value1 float64
}

// GEPartners lists the focus country's imports (or exports) by partner,
// largest absolute changes first; domestic sales are neither.
func GEPartners(res *ge.Result, focus string, imports bool) []GEPartner {
	var out []GEPartner
	for _, f := range res.Flows {
		if f.Importer == f.Exporter {
			continue
		}
		switch {
		case imports && f.Importer == focus:
			out = append(out, GEPartner{f.Exporter, f.Value0, f.Value1})
		case !imports && f.Exporter == focus:
			out = append(out, GEPartner{f.Importer, f.Value0, f.Value1})
		}
	}
	slices.SortStableFunc(out, func(a, b GEPartner) int {
		return cmp.Compare(math.Abs(b.Value1-b.Value0), math.Abs(a.Value1-a.Value0))
	})
	return out
}

// WriteGECSV writes one table of a GE run ("countries" or "flows").
func WriteGECSV(w io.Writer, r *Run, table string) error {
	res := r.GE.Result
	cw := csv.NewWriter(w)
	num := func(v float64) string { return CSVNumber(v, 12) }
	switch table {
	case "countries":
		head := []string{"country", "name", "w_hat", "p_hat", "welfare_hat", "welfare_pct", "real_wage_hat", "tot_hat",
			"output0", "output1", "spending0", "spending1", "revenue0", "revenue1", "deficit0", "deficit1",
			"exports0", "exports1", "imports0", "imports1", "domestic_share0", "domestic_share1"}
		if r.GE.TariffsOnly != nil {
			head = append(head, "welfare_hat_tariffs_only")
		}
		cw.Write(head)
		for _, c := range res.Countries {
			name := c.Code
			if r.Baseline != nil {
				name = r.Baseline.CountryName(c.Code)
			}
			row := []string{c.Code, name, num(c.WageHat), num(c.PriceHat), num(c.WelfareHat), num(c.WelfarePct), num(c.RealWageHat),
				num(c.TermsOfTradeHat), num(c.Output0), num(c.Output1), num(c.Spending0), num(c.Spending1), num(c.Revenue0),
				num(c.Revenue1), num(c.Deficit0), num(c.Deficit1), num(c.Exports0), num(c.Exports1), num(c.Imports0),
				num(c.Imports1), num(c.DomesticShare0), num(c.DomesticShare1)}
			if t := r.GE.TariffsOnly; t != nil {
				row = append(row, num(t.Country(c.Code).WelfareHat))
			}
			cw.Write(row)
		}
	case "flows":
		cw.Write([]string{"importer", "exporter", "domestic", "value0", "value1", "change_pct", "tariff0_pct", "tariff1_pct",
			"trade_cost", "revenue0", "revenue1"})
		for _, f := range res.Flows {
			cw.Write([]string{f.Importer, f.Exporter, fmt.Sprint(f.Importer == f.Exporter), num(f.Value0), num(f.Value1),
				num(f.ChangePct()), num(100 * f.Tariff0), num(100 * f.Tariff1), num(f.TradeCost), num(f.Revenue0), num(f.Revenue1)})
		}
	default:
		return fmt.Errorf("unknown table %q: a GE run has countries and flows", table)
	}
	cw.Flush()
	return cw.Error()
}

// GEDocument is results.json of a GE run.
type GEDocument struct {
	Tool     string       `json:"tool"`
	Version  string       `json:"version"`
	Engine   string       `json:"engine"` // "ge"
	Scenario Scenario     `json:"scenario"`
	Baseline BaselineInfo `json:"baseline"`
	// Caveat says what the shipped GE baseline is (empty for others).
	Caveat string `json:"caveat,omitempty"`
	// ExemptionsAveraged is true when a measure in force has an exempt
	// share, which the GE engine averages into the rate.
	ExemptionsAveraged bool   `json:"exemptions_averaged"`
	Focus              string `json:"focus"`
	// Theta, Imbalance, Countries and Flows are model/ge's result, at the
	// top level as in a PE results.json: countries[] with welfare_hat,
	// welfare_pct, w_hat, p_hat, real_wage_hat, tot_hat, revenue…;
	// flows[] with value0, value1, tariff0, tariff1, trade_cost.
	Theta      float64         `json:"theta"`
	Imbalance  ge.Imbalance    `json:"imbalance"`
	Countries  []ge.Country    `json:"countries"`
	Flows      []ge.FlowResult `json:"flows"`
	Iterations int             `json:"iterations"`
	Residual   float64         `json:"residual"`
	// TariffsOnly is the run without retaliation, when any is in force.
	TariffsOnly *ge.Result         `json:"tariffs_only,omitempty"`
	Uncertainty *GEUncertaintyJSON `json:"uncertainty,omitempty"`
}

// GEUncertaintyJSON is the Monte Carlo section of a GE results.json.
type GEUncertaintyJSON struct {
	Draws     int                        `json:"draws"`
	Failed    int                        `json:"failed"`
	Seed      uint64                     `json:"seed"`
	Params    []string                   `json:"params"`
	Theta     gerun.Percentiles          `json:"theta"`
	Countries []gerun.CountryPercentiles `json:"countries"`
}

// WriteGEJSON writes results.json of a GE run.
func WriteGEJSON(w io.Writer, r *Run) error {
	d := GEDocument{Tool: "tariffsim", Version: r.Version, Engine: "ge", Scenario: r.Scenario, Focus: r.Focus,
		ExemptionsAveraged: len(r.GE.Exempted) > 0, TariffsOnly: r.GE.TariffsOnly}
	res := r.GE.Result
	d.Theta, d.Imbalance, d.Countries, d.Flows, d.Iterations, d.Residual = res.Theta, res.Imbalance, res.Countries, res.Flows, res.Iterations, res.Residual
	if r.Baseline != nil {
		d.Baseline = BaselineInfoOf(r.Baseline)
		if r.Baseline.Name == gerun.BaselineName {
			d.Caveat = gerun.Caveat
		}
	}
	if u := r.GE.Uncertainty; u != nil {
		d.Uncertainty = &GEUncertaintyJSON{Draws: u.Draws, Failed: u.Failed, Seed: u.Seed, Params: u.Params, Theta: u.Theta, Countries: u.Countries}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}
