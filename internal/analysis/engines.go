package analysis

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/present"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// EngineComparison sets runs of the PE and the GE engine side by side
// (compare with at least one engine = "ge" scenario). The two engines run
// on different baselines (PE: US ATP trade in 2024, ten categories; GE:
// gegravity's 2006 sample, aggregate manufacturing, 30 countries), so only
// percentage changes with one meaning under both are comparable:
//
//   - the focus country's imports and exports, in total and with each
//     partner a measure of the scenarios names, % change at world prices;
//   - the sign of the focus country's welfare change and of what
//     retaliation adds to it.
//
// Levels are not: PE welfare is a surplus in US$ million of one year of
// ATP trade; GE welfare is the % change in real spending on all
// manufactures, domestic goods included. Terms of trade are GE's alone
// (PE with ε = ∞ keeps world prices fixed). Tariff revenue is shown in
// each baseline's own units. The table marks every row.
type EngineComparison struct {
	version string
	runs    []*present.Run
	names   []string
	rows    []engineRow
}

// engineRow is one metric across the runs; NaN where a run has none.
type engineRow struct {
	Metric     string    `json:"metric"`
	Name       string    `json:"name"`
	Unit       string    `json:"unit"` // "%", "$ million", "sign"
	Comparable bool      `json:"comparable"`
	Note       string    `json:"note,omitempty"`
	Values     []float64 `json:"-"`
}

// EngineRequest is one scenario of an engine comparison, with its own
// baseline (a GE scenario runs on the GE baseline).
type EngineRequest struct {
	Name    string // as given, for messages
	Request pipeline.Request
}

// HasGE reports whether any of scs uses the GE engine.
func HasGE(scs []*scenario.Scenario) bool {
	return slices.ContainsFunc(scs, func(s *scenario.Scenario) bool { return s.Model.Engine == scenario.GE })
}

// CompareEngines solves each request and sets the results side by side.
func CompareEngines(ctx context.Context, reqs []EngineRequest, version string) (*EngineComparison, error) {
	c := &EngineComparison{version: version}
	for _, q := range reqs {
		q.Request.NoPath = true
		r, err := present.Solve(ctx, q.Request, version)
		if pipeline.IsInputError(err) {
			return nil, inputf("%s: %w", q.Name, err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.Name, err)
		}
		c.runs = append(c.runs, r)
	}
	c.names = uniqueNames(c.runs)
	c.rows = c.collect()
	return c, nil
}

// engineFigures are one run's figures, by metric, and its partners by
// name (codes differ between the baselines: CA and CAN).
type engineFigures struct {
	engine  string
	focus   string
	values  map[string]float64
	imports map[string][2]float64 // partner name → before, after
	exports map[string][2]float64
	targets []string // partner names the focus country's measures name
}

func pctOf(a, b float64) float64 {
	if a == 0 {
		return math.NaN()
	}
	return 100 * (b/a - 1)
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func figuresOf(r *present.Run) engineFigures {
	f := engineFigures{values: map[string]float64{}, imports: map[string][2]float64{}, exports: map[string][2]float64{}}
	name := r.Baseline.CountryName
	f.focus = r.Focus
	for _, m := range r.Scenario.InForce(r.Options) {
		if m.By != r.Focus || m.Kind == scenario.TradeCost {
			continue
		}
		for _, on := range m.On {
			if n := name(on); on != "*" && !slices.Contains(f.targets, n) {
				f.targets = append(f.targets, n)
			}
		}
	}
	if g := r.GE; g != nil {
		f.engine = "GE"
		c := g.Result.Country(r.Focus)
		if c == nil {
			return f
		}
		for _, l := range tables.GEPartners(g.Result, r.Focus, true) {
			f.imports[name(l.Partner)] = [2]float64{l.Value0, l.Value1}
		}
		for _, l := range tables.GEPartners(g.Result, r.Focus, false) {
			f.exports[name(l.Partner)] = [2]float64{l.Value0, l.Value1}
		}
		f.values["imports"] = pctOf(c.Imports0, c.Imports1)
		f.values["exports"] = pctOf(c.Exports0, c.Exports1)
		f.values["welfare_sign"] = sign(c.WelfarePct)
		f.values["welfare_pct"] = c.WelfarePct
		f.values["tot_pct"] = 100 * (c.TermsOfTradeHat - 1)
		f.values["revenue"] = c.Revenue1 - c.Revenue0
		f.values["retaliation_sign"] = math.NaN()
		if t := g.TariffsOnly; t != nil {
			f.values["retaliation_sign"] = sign(c.WelfarePct - t.Country(r.Focus).WelfarePct)
		}
		return f
	}
	f.engine = "PE"
	h := metric.HeadlineOf(r.Result, r.Focus)
	b := metric.BreakdownOf(r.Result, r.TariffsOnly, r.Focus, r.Baseline)
	for _, l := range b.ImportsByPartner {
		f.imports[l.Name] = [2]float64{l.Before, l.After}
	}
	for _, l := range b.ExportsByPartner {
		f.exports[l.Name] = [2]float64{l.Before, l.After}
	}
	f.values["imports"] = pctOf(h.Imports0, h.Imports1)
	f.values["exports"] = pctOf(h.Exports0, h.Exports1)
	f.values["welfare_sign"] = sign(h.Welfare)
	f.values["welfare_usd"] = h.Welfare
	f.values["revenue"] = h.RevenueChange
	f.values["retaliation_sign"] = math.NaN()
	if r.TariffsOnly != nil {
		f.values["retaliation_sign"] = sign(h.Welfare - metric.HeadlineOf(r.TariffsOnly, r.Focus).Welfare)
	}
	return f
}

func (c *EngineComparison) collect() []engineRow {
	figs := make([]engineFigures, len(c.runs))
	var targets []string
	for i, r := range c.runs {
		figs[i] = figuresOf(r)
		for _, t := range figs[i].targets {
			if !slices.Contains(targets, t) {
				targets = append(targets, t)
			}
		}
	}
	focus := c.runs[0].FocusName()
	row := func(metric, name, unit string, comparable bool, note string, get func(f engineFigures) float64) engineRow {
		r := engineRow{Metric: metric, Name: name, Unit: unit, Comparable: comparable, Note: note}
		for _, f := range figs {
			r.Values = append(r.Values, get(f))
		}
		return r
	}
	val := func(k string) func(engineFigures) float64 {
		return func(f engineFigures) float64 {
			if v, ok := f.values[k]; ok {
				return v
			}
			return math.NaN()
		}
	}
	partner := func(side map[string][2]float64, n string) float64 {
		v, ok := side[n]
		if !ok {
			return math.NaN()
		}
		return pctOf(v[0], v[1])
	}
	rows := []engineRow{
		row("welfare_sign", focus+" welfare: gain (+1) or loss (−1)", "sign", true, "the sign only", val("welfare_sign")),
		row("retaliation_sign", "What retaliation does to "+focus+" welfare: +1 or −1", "sign", true,
			"the sign of welfare with − without retaliation; empty without retaliation", val("retaliation_sign")),
		row("imports", focus+" imports", "%", true, "world prices", val("imports")),
		row("exports", focus+" exports", "%", true, "world prices", val("exports")),
	}
	for _, t := range targets {
		rows = append(rows,
			row("imports_from:"+t, focus+" imports from "+t, "%", true, "world prices",
				func(f engineFigures) float64 { return partner(f.imports, t) }),
			row("exports_to:"+t, focus+" exports to "+t, "%", true, "world prices",
				func(f engineFigures) float64 { return partner(f.exports, t) }))
	}
	rows = append(rows,
		row("welfare_usd", focus+" welfare (PE: surplus)", "$ million", false, "PE only: ATP trade of one year", val("welfare_usd")),
		row("welfare_pct", focus+" welfare Ŵ (GE: real spending)", "%", false, "GE only: all manufactures, domestic goods included", val("welfare_pct")),
		row("tot_pct", focus+" terms of trade", "%", false, "GE only (PE keeps world prices fixed with ε = ∞)", val("tot_pct")),
		row("revenue", focus+" tariff revenue, change", "$ million", false, "each baseline's own year and coverage", val("revenue")),
	)
	return rows
}

func engineCell(v float64, unit string) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case unit == "sign":
		switch {
		case v > 0:
			return "+1 gain"
		case v < 0:
			return "−1 loss"
		}
		return "0 none"
	case unit == "%":
		return fmt.Sprintf("%+.2f%%", v)
	}
	return tables.Signed(v)
}

func (c *EngineComparison) label(i int) string {
	r := c.runs[i]
	engine := "PE"
	if r.GE != nil {
		engine = "GE"
	}
	return scenarioLabel(i) + " (" + engine + ")"
}

// WriteTable writes the comparison as text.
func (c *EngineComparison) WriteTable(w io.Writer) error {
	ew := tables.NewErrWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	p("PE and GE side by side\n")
	for i, r := range c.runs {
		var engine string
		if r.GE != nil {
			engine = "GE: " + tables.GEModelLine(r.GE.Result)
		} else {
			engine = "PE: " + chart.ModelName(r.Result)
		}
		p("  %s %s\n     baseline %s; %s\n", c.label(i), r.Run.Scenario.Name, r.Baseline.Name, engine)
		if r.GE != nil && r.Baseline.Name == gerun.BaselineName {
			p("     %s\n", gerun.Caveat)
		}
	}
	p("%s\n\n", tables.Wrap("Comparable rows (yes) have one meaning under both engines: % changes at world prices, and signs. "+
		"The others are each engine's own measure on its own baseline (PE: US ATP trade 2024; GE: manufacturing 2006) "+
		"and are not comparable across engines.", 78, ""))
	g := &tables.Grid{}
	head := []string{"", "comparable"}
	for i := range c.runs {
		head = append(head, c.label(i))
	}
	g.Add(head...)
	for _, r := range c.rows {
		cells := []string{"  " + r.Name, map[bool]string{true: "yes", false: "no"}[r.Comparable]}
		for _, v := range r.Values {
			cells = append(cells, engineCell(v, r.Unit))
		}
		g.Add(cells...)
	}
	g.Write(ew)
	return ew.Err()
}

// WriteCSV writes one row per metric: metric, name, unit, comparable,
// then one column per scenario.
func (c *EngineComparison) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"metric", "name", "unit", "comparable"}
	for i, n := range c.names {
		head = append(head, c.label(i)+" "+n)
	}
	cw.Write(head)
	for _, r := range c.rows {
		rec := []string{r.Metric, r.Name, r.Unit, fmt.Sprint(r.Comparable)}
		for _, v := range r.Values {
			rec = append(rec, tables.CSVNumber(v, 12))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the comparison as JSON: scenarios[] (name, engine,
// baseline) and rows[] with values[] in the scenarios' order (null where
// a run has no such figure).
func (c *EngineComparison) WriteJSON(w io.Writer) error {
	type scen struct {
		Name     string `json:"name"`
		Engine   string `json:"engine"`
		Baseline string `json:"baseline"`
		Caveat   string `json:"caveat,omitempty"`
	}
	type row struct {
		engineRow
		Values []tables.Number `json:"values"`
	}
	doc := struct {
		Tool      string `json:"tool"`
		Version   string `json:"version"`
		Scenarios []scen `json:"scenarios"`
		Rows      []row  `json:"rows"`
	}{Tool: "tariffsim", Version: c.version}
	for i, r := range c.runs {
		s := scen{Name: c.names[i], Engine: "pe", Baseline: r.Baseline.Name}
		if r.GE != nil {
			s.Engine = "ge"
			if r.Baseline.Name == gerun.BaselineName {
				s.Caveat = gerun.Caveat
			}
		}
		doc.Scenarios = append(doc.Scenarios, s)
	}
	for _, r := range c.rows {
		doc.Rows = append(doc.Rows, row{engineRow: r, Values: jsonNumbers(r.Values)})
	}
	return writeJSON(w, doc)
}

// Charts draws the comparable % rows, one bar per run.
func (c *EngineComparison) Charts() ([]*chart.Chart, error) {
	var rows []chart.Row
	for _, r := range c.rows {
		if r.Comparable && r.Unit == "%" {
			rows = append(rows, chart.Row{Label: r.Name, Values: r.Values})
		}
	}
	var series []string
	for i, n := range c.names {
		series = append(series, c.label(i)+" "+n)
	}
	note := "tariffsim " + c.version + " · PE: US ATP trade 2024; GE: " + gerun.Caveat
	ch, err := chart.Grouped(chart.GroupSpec{
		Name: "compare-engines", Title: "PE and GE: change in trade", Subtitle: strings.Join(c.names, " vs "),
		Explain: "% changes at world prices, the figures both engines define alike; levels (welfare, revenue) are not comparable across the two baselines.",
		Note:    note, Rows: rows, Series: series, Percent: true,
	})
	if err != nil {
		return nil, err
	}
	return []*chart.Chart{ch}, nil
}

// Scenarios is the number of runs.
func (c *EngineComparison) Scenarios() int { return len(c.runs) }

// Slug names the output folder: compare-<scenario slugs>.
func (c *EngineComparison) Slug() string {
	var parts []string
	for _, r := range c.runs {
		parts = append(parts, r.Scenario.Slug())
	}
	s := "compare-" + strings.Join(parts, "-vs-")
	if len(s) > 80 {
		s = fmt.Sprintf("compare-%d-scenarios", len(c.runs))
	}
	return s
}
