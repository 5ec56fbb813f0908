package present

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/internal/report"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/ge"
)

// maxGECountries bounds the rows of the GE welfare chart (the focus
// country is always shown); countries.csv has every country.
const maxGECountries = 14

// geNote is the source note of every GE chart: the tool, the model and,
// for the shipped baseline, how old and coarse it is.
func (r *Run) geNote() string {
	note := fmt.Sprintf("tariffsim %s · %s · baseline %s", r.Version, tables.GEModelLine(r.GE.Result), r.Baseline.Name)
	if r.Baseline.Name == gerun.BaselineName {
		note += " · " + gerun.Caveat
	}
	if len(r.GE.Exempted) > 0 {
		note += " · exempt shares averaged into the rates"
	}
	return note
}

// geCharts builds the charts of a GE run: welfare by country, and the
// change in the focus country's trade by partner.
func (r *Run) geCharts() ([]*chart.Chart, error) {
	g := r.GE
	res := g.Result
	name := r.Baseline.CountryName
	note := r.geNote()
	cs := slices.Clone(res.Countries)
	slices.SortStableFunc(cs, func(a, b ge.Country) int { return cmp.Compare(math.Abs(b.WelfarePct), math.Abs(a.WelfarePct)) })
	var keep []ge.Country
	for i, c := range cs {
		if i < maxGECountries || c.Code == r.Focus {
			keep = append(keep, c)
		}
	}
	series := []string{"Welfare"}
	if g.TariffsOnly != nil {
		series = []string{"With retaliation", "Without retaliation"}
	}
	var rows []chart.Row
	for _, c := range keep {
		row := chart.Row{Label: name(c.Code), Values: []float64{c.WelfarePct}}
		if g.TariffsOnly != nil {
			row.Values = append(row.Values, g.TariffsOnly.Country(c.Code).WelfarePct)
		}
		rows = append(rows, row)
	}
	welfare, err := chart.Grouped(chart.GroupSpec{
		Name: "welfare-by-country", Title: "Welfare by country (general equilibrium)", Subtitle: r.Run.Scenario.Name,
		Explain: fmt.Sprintf("Change in real spending Ŵ = (E′/E)/P̂, %%; > 0 is a gain. The %d largest changes; every country is in countries.csv.", maxGECountries),
		Note:    note, Rows: rows, Series: series, Percent: true, Axis: "% change in welfare (real spending)",
	})
	if err != nil {
		return nil, err
	}
	imp := tables.GEPartners(res, r.Focus, true)
	exp := map[string]tables.GEPartner{}
	for _, l := range tables.GEPartners(res, r.Focus, false) {
		exp[l.Partner] = l
	}
	pct := func(a, b float64) float64 {
		if a == 0 {
			return math.NaN()
		}
		return 100 * (b/a - 1)
	}
	var prows []chart.Row
	for i, l := range imp {
		if i >= maxGECountries {
			break
		}
		e := exp[l.Partner]
		prows = append(prows, chart.Row{Label: name(l.Partner), Values: []float64{pct(l.Value0, l.Value1), pct(e.Value0, e.Value1)}})
	}
	focus := r.FocusName()
	trade, err := chart.Grouped(chart.GroupSpec{
		Name: "trade-by-partner", Title: "Change in " + focus + " trade by partner (general equilibrium)", Subtitle: r.Run.Scenario.Name,
		Explain: fmt.Sprintf("Change in %s imports from and exports to each partner at world prices, %%: the %d partners whose imports change most.", focus, maxGECountries),
		Note:    note, Rows: prows, Series: []string{focus + " imports", focus + " exports"}, Percent: true,
		Axis: "% change from baseline, at world prices",
	})
	if err != nil {
		return nil, err
	}
	return []*chart.Chart{welfare, trade}, nil
}

// writeGEReport writes the HTML report of a GE run: the focus country's
// hats as the headline, the GE charts and the baseline's caveat.
func (r *Run) writeGEReport(w io.Writer) error {
	charts, err := r.geCharts()
	if err != nil {
		return err
	}
	g := r.GE
	info := r.Run.Scenario
	sc := report.Scenario{Name: info.Name, Description: info.Description, Measures: info.Measures, Sources: info.Sources, At: info.At}
	if info.At != "" {
		sc.Measures = append([]string{"Measures in force on " + info.At + ":"}, sc.Measures...)
	}
	notes := []string{
		"General equilibrium, one sector: every country's output price ŵ, price index P̂ and spending move; tariff revenue is rebated to the importer's spending; world output at baseline prices is the numeraire (docs/MODEL.md, \"General equilibrium\").",
		"θ = σ − 1 from the scenario's substitution elasticity; flows are at world prices in the baseline's unit.",
	}
	if r.Baseline.Name == gerun.BaselineName {
		notes = append(notes, gerun.Caveat+" (docs/DATA.md).")
	}
	if len(g.Exempted) > 0 {
		notes = append(notes, "Exempt shares are averaged into each measure's rate (t + (1 − x)·rate): the GE engine has one variety per country, whatever [model] exemption says.")
	}
	if g.TariffsOnly != nil {
		notes = append(notes, "Without retaliation: the same run without the retaliation measures; the difference is what retaliation costs each country.")
	}
	var rows []report.HeadRow
	if c := g.Result.Country(r.Focus); c != nil {
		hat := func(label string, x float64) report.HeadRow {
			return report.HeadRow{Label: label, Change: chart.Pct(100*(x-1), true)}
		}
		rows = []report.HeadRow{
			hat("Wage ŵ (price of output)", c.WageHat),
			hat("Price index P̂", c.PriceHat),
			hat("Real wage ŵ/P̂", c.RealWageHat),
			hat("Terms of trade", c.TermsOfTradeHat),
			{Label: "Imports (world prices)", Before: chart.Money(c.Imports0, false), After: chart.Money(c.Imports1, false),
				Change: chart.Money(c.Imports1-c.Imports0, true), Pct: chart.Pct(100*(c.Imports1/c.Imports0-1), true)},
			{Label: "Exports (world prices)", Before: chart.Money(c.Exports0, false), After: chart.Money(c.Exports1, false),
				Change: chart.Money(c.Exports1-c.Exports0, true), Pct: chart.Pct(100*(c.Exports1/c.Exports0-1), true)},
			{Label: "Tariff revenue", Before: chart.Money(c.Revenue0, false), After: chart.Money(c.Revenue1, false),
				Change: chart.Money(c.Revenue1-c.Revenue0, true)},
		}
		if t := g.TariffsOnly; t != nil {
			rows = append(rows, hat("Welfare Ŵ without the retaliation", t.Country(r.Focus).WelfareHat))
		}
		w := hat("Welfare Ŵ (real spending)", c.WelfareHat)
		w.Total = true
		rows = append(rows, w)
	}
	return report.Write(w, report.Report{
		Title:    "Tariff scenario (general equilibrium): " + info.Name,
		Version:  "tariffsim " + r.Version,
		Scenario: sc,
		Baseline: report.Baseline{Name: r.Baseline.Name, Description: r.Baseline.Description,
			EstimatedShare: r.Baseline.Provenance().EstimatedShare(), Sources: r.baselineSources()},
		Assumptions:     report.Assumptions{Model: tables.GEModelLine(g.Result), Notes: notes},
		Headline:        report.Headline{Focus: r.FocusName()},
		HeadlineRows:    rows,
		HeadlineCaption: r.FocusName() + ": changes from the baseline in % (world prices; money in the baseline's unit, million USD)",
		Charts:          charts,
	})
}
