package analysis

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/present"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// Comparison is several scenarios solved on one baseline.
type Comparison struct {
	b       *baseline.Baseline
	version string
	focus   string
	runs    []*present.Run
	labels  []string // "A", "B", ...
	names   []string // scenario names, made unique for CSV headers
	notes   []string // differences in assumptions worth a warning
	rows    []compareRow
}

// compareRow is one metric across the scenarios.
type compareRow struct {
	section  string // "headline", "imports", "exports", "welfare"
	metric   string // as sensitivity and sweep name it
	name     string
	percent  bool
	baseline float64 // the baseline level; NaN when a level means nothing (a change of welfare)
	values   []float64
}

// Compare solves each scenario of scs on b with opt, about focus ("" for
// the scenarios' common default); names (as given, for messages) go with
// scs. Scenarios about different focus countries cannot be compared.
func Compare(ctx context.Context, b *baseline.Baseline, scs []*scenario.Scenario, names []string, opt scenario.Options, focus, version string) (*Comparison, error) {
	if HasGE(scs) {
		return nil, inputf("cannot compare: a scenario uses engine = \"ge\"; CompareEngines sets PE and GE runs side by side")
	}
	c := &Comparison{b: b, version: version}
	for i, sc := range scs {
		f := focus
		if f == "" {
			f = pipeline.DefaultFocus(sc, b)
		}
		if c.focus == "" {
			c.focus = f
		} else if f != c.focus {
			return nil, inputf("cannot compare: %s is about %s and %s about %s; pass --focus CODE to compare both from one country",
				names[0], b.CountryName(c.focus), names[i], b.CountryName(f))
		}
		r, err := present.Solve(ctx, pipeline.Request{Scenario: sc, Baseline: b, Options: opt, Focus: f, NoPath: true}, version)
		if pipeline.IsInputError(err) {
			return nil, inputf("%s: %w", names[i], err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", names[i], err)
		}
		c.runs = append(c.runs, r)
		c.labels = append(c.labels, scenarioLabel(i))
	}
	c.names = uniqueNames(c.runs)
	c.notes = c.differences()
	c.rows = c.collect()
	return c, nil
}

// scenarioLabel is A, B, ..., Z, AA, AB, ...
func scenarioLabel(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// uniqueNames returns the scenarios' names, with " (2)", " (3)" added to
// repeats so that CSV columns and legend entries stay distinct.
func uniqueNames(runs []*present.Run) []string {
	seen := map[string]int{}
	out := make([]string, len(runs))
	for i, r := range runs {
		n := r.Run.Scenario.Name
		if n == "" {
			n = r.Scenario.Slug()
		}
		seen[n]++
		if seen[n] > 1 {
			n = fmt.Sprintf("%s (%d)", n, seen[n])
		}
		out[i] = n
	}
	return out
}

// modelOf describes a run's model variant without its elasticities.
func modelOf(r *present.Run) string {
	s := chart.ModelName(r.Result)
	if r.Scenario.Model.Horizon != scenario.LongRun {
		s += ", " + r.Scenario.Model.Horizon.String() + " elasticities"
	}
	return s
}

// differences lists the assumptions in which the scenarios differ.
func (c *Comparison) differences() []string {
	var notes []string
	differ := func(what string, f func(r *present.Run) string, why string) {
		vals := make([]string, len(c.runs))
		for i, r := range c.runs {
			vals[i] = f(r)
		}
		if slices.ContainsFunc(vals, func(v string) bool { return v != vals[0] }) {
			var parts []string
			for i, v := range vals {
				if v == "" {
					v = "none"
				}
				parts = append(parts, c.labels[i]+" "+v)
			}
			notes = append(notes, fmt.Sprintf("The scenarios use different %s (%s): %s", what, strings.Join(parts, "; "), why))
		}
	}
	differ("models", modelOf, "part of the difference comes from the model, not the tariffs.")
	differ("elasticities", func(r *present.Run) string { return chart.ElasticityRanges(r.Result) },
		"part of the difference comes from the elasticities, not the tariffs.")
	differ("evaluation dates", func(r *present.Run) string { return r.Run.Scenario.At },
		"each applies the measures in force on its own date (--at sets one for all).")
	return notes
}

// collect builds the rows of the comparison.
func (c *Comparison) collect() []compareRow {
	n := len(c.runs)
	h0 := c.runs[0].Headline()
	bds := make([]tables.Breakdown, n)
	for i, r := range c.runs {
		bds[i] = r.Breakdown()
	}
	nan := math.NaN()
	// The headline rows are the metrics sweep and sensitivity name the
	// same way, with the baseline level where there is one.
	labels := []string{"Imports", "Exports", "Balance", "Import prices, %", "Tariff revenue", "Consumer surplus", "Producer surplus", "Welfare"}
	bases := []float64{h0.Imports0, h0.Exports0, h0.Exports0 - h0.Imports0, nan, nan, nan, nan, nan}
	var rows []compareRow
	for k, m := range metric.Headlines(c.focus, pipeline.FocusName(c.b, c.focus)) {
		r := compareRow{section: "headline", metric: m.Name, name: labels[k], percent: m.Percent, baseline: bases[k], values: make([]float64, n)}
		for i, run := range c.runs {
			r.values[i] = m.Eval(run.Result, c.focus)
		}
		rows = append(rows, r)
	}
	partners := func(section, prefix string, pick func(tables.Breakdown) []tables.Line) []compareRow {
		idx := map[string]int{}
		var out []compareRow
		for i := range c.runs {
			for _, l := range pick(bds[i]) {
				j, ok := idx[l.Code]
				if !ok {
					j = len(out)
					idx[l.Code] = j
					out = append(out, compareRow{section: section, metric: prefix + l.Code, name: l.Name, baseline: l.Before, values: make([]float64, n)})
				}
				out[j].values[i] = l.Change()
			}
		}
		return sortRows(out)
	}
	rows = append(rows, partners("imports", "imports_from:", func(b tables.Breakdown) []tables.Line { return b.ImportsByPartner })...)
	rows = append(rows, partners("exports", "exports_to:", func(b tables.Breakdown) []tables.Line { return b.ExportsByPartner })...)
	var wel []compareRow
	for _, code := range c.b.CountryCodes() {
		r := compareRow{section: "welfare", metric: "welfare:" + code, name: c.b.CountryName(code), baseline: nan, values: make([]float64, n)}
		any := false
		for i, run := range c.runs {
			for _, cr := range run.Result.Countries {
				if cr.Country == code {
					r.values[i] = cr.Welfare
					any = any || cr.Welfare != 0 || cr.ConsumerSurplus != 0 || cr.RevenueChange != 0 || cr.ProducerSurplus != 0
				}
			}
		}
		if any {
			wel = append(wel, r)
		}
	}
	return append(rows, sortRows(wel)...)
}

// sortRows orders rows by their largest change in any scenario, then by
// baseline size and code, so that the rows that matter come first.
func sortRows(rs []compareRow) []compareRow {
	big := func(r compareRow) float64 {
		m := 0.0
		for _, v := range r.values {
			m = max(m, math.Abs(v))
		}
		return m
	}
	slices.SortStableFunc(rs, func(a, b compareRow) int {
		return cmp.Or(cmp.Compare(big(b), big(a)), cmp.Compare(b.baseline, a.baseline), cmp.Compare(a.metric, b.metric))
	})
	return rs
}

func (c *Comparison) section(s string) []compareRow {
	var out []compareRow
	for _, r := range c.rows {
		if r.section == s {
			out = append(out, r)
		}
	}
	return out
}

// Slug names the output folder after the scenarios.
func (c *Comparison) Slug() string {
	var scs []*scenario.Scenario
	for _, r := range c.runs {
		scs = append(scs, r.Scenario)
	}
	return CompareSlug(scs)
}

// CompareSlug is the Slug of a comparison of scs, known before it is
// solved (so that a command can check its output folder first).
func CompareSlug(scs []*scenario.Scenario) string {
	var parts []string
	for _, sc := range scs {
		parts = append(parts, sc.Slug())
	}
	s := "compare-" + strings.Join(parts, "-vs-")
	if len(s) > 80 {
		s = fmt.Sprintf("compare-%d-scenarios", len(scs))
	}
	return s
}

// maxCompareRows bounds the partner tables of the text output; CSV and
// JSON have every row.
const maxCompareRows = 12

// WriteTable writes the comparison as text tables.
func (c *Comparison) WriteTable(w io.Writer) error {
	ew := tables.NewErrWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	pv := c.b.Provenance()
	p("Comparing %d scenarios\nBaseline: %s: %d flows, %.0f%% of value estimated\nFocus:    %s\n\n",
		len(c.runs), c.b.Name, len(c.b.Rows), 100*pv.EstimatedShare(), c.b.CountryName(c.focus))
	for i, r := range c.runs {
		p("%s  %s\n", c.labels[i], r.Run.Scenario.Name)
		if f := r.Run.Scenario.File; f != "" {
			p("   File:     %s\n", f)
		}
		p("   Model:    %s; exemption %s\n", tables.ModelLine(r.Result), r.Exemption)
		if r.Scenario.Model.Horizon != scenario.LongRun {
			p("             %s elasticities\n", r.Scenario.Model.Horizon)
		}
		at := r.Run.Scenario.At
		if at == "" {
			at = "no dates: every measure applies"
		} else {
			at = "on " + at
		}
		p("   In force: %s, %d measure%s\n", at, len(r.Run.Scenario.Measures), plural(len(r.Run.Scenario.Measures)))
		for _, m := range r.Run.Scenario.Measures {
			p("             %s\n", m)
		}
	}
	for _, n := range c.notes {
		p("\nNote: %s\n", tables.Wrap(n, 78, "      "))
	}
	fn := pipeline.FocusName(c.b, c.focus)
	table := func(title string, rows []compareRow, withBase bool) {
		p("\n%s\n", title)
		g := &tables.Grid{}
		head := []string{""}
		if withBase {
			head = append(head, "baseline")
		}
		g.Add(append(head, c.labels...)...)
		var rest compareRow
		rest.values = make([]float64, len(c.runs))
		for i, r := range rows {
			if i >= maxCompareRows && len(rows) > maxCompareRows+1 {
				rest.baseline += r.baseline
				for j, v := range r.values {
					rest.values[j] += v
				}
				continue
			}
			g.Add(c.cells(r, withBase)...)
		}
		if len(rows) > maxCompareRows+1 {
			rest.name = fmt.Sprintf("%d others", len(rows)-maxCompareRows)
			g.Add(c.cells(rest, withBase)...)
		}
		g.Write(ew)
	}
	table(fmt.Sprintf("%s ATP trade, change from baseline, $ million at world prices", fn), c.section("headline"), true)
	table(fmt.Sprintf("%s imports by partner, change, $ million (largest first)", fn), c.section("imports"), true)
	table(fmt.Sprintf("%s exports by partner, change, $ million (largest first)", fn), c.section("exports"), true)
	if ws := c.section("welfare"); len(ws) > 0 {
		table("Welfare by country, change, $ million (ΔCS + ΔR + ΔPS)", ws, false)
	}
	return ew.Err()
}

func (c *Comparison) cells(r compareRow, withBase bool) []string {
	cells := []string{r.name}
	if withBase {
		if math.IsNaN(r.baseline) {
			cells = append(cells, "")
		} else {
			cells = append(cells, tables.Money(r.baseline))
		}
	}
	for _, v := range r.values {
		if r.percent {
			cells = append(cells, fmt.Sprintf("%+.2f%%", v))
		} else {
			cells = append(cells, tables.Signed(v))
		}
	}
	return cells
}

// WriteCSV writes one row per metric, a baseline column and one column
// per scenario.
func (c *Comparison) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{"metric", "name", "unit", "baseline"}, c.names...))
	for _, r := range c.rows {
		unit := "USD million"
		if r.percent {
			unit = "percent"
		}
		rec := []string{r.metric, r.name, unit, csvNumber(r.baseline)}
		for _, v := range r.values {
			rec = append(rec, csvNumber(v))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// compareJSON is the JSON form of a comparison.
type compareJSON struct {
	Tool      string                `json:"tool"`
	Baseline  tables.BaselineInfo   `json:"baseline"`
	Focus     string                `json:"focus"`
	Scenarios []compareScenarioJSON `json:"scenarios"`
	Notes     []string              `json:"notes"`
	Rows      []compareRowJSON      `json:"rows"`
}

type compareScenarioJSON struct {
	Label string `json:"label"`
	tables.Scenario
	Model        string `json:"model"`
	Elasticities string `json:"elasticities"`
}

type compareRowJSON struct {
	Metric   string          `json:"metric"`
	Name     string          `json:"name"`
	Unit     string          `json:"unit"`
	Baseline *tables.Number  `json:"baseline,omitempty"`
	Values   []tables.Number `json:"values"`
}

// WriteJSON writes the comparison as one JSON document.
func (c *Comparison) WriteJSON(w io.Writer) error {
	doc := compareJSON{
		Tool:     "tariffsim " + c.version,
		Baseline: tables.BaselineInfoOf(c.b),
		Focus:    c.focus,
		Notes:    c.notes,
	}
	if doc.Notes == nil {
		doc.Notes = []string{}
	}
	for i, r := range c.runs {
		sc := r.Run.Scenario
		sc.Name = c.names[i]
		doc.Scenarios = append(doc.Scenarios, compareScenarioJSON{Label: c.labels[i], Scenario: sc,
			Model: modelOf(r), Elasticities: chart.ElasticityRanges(r.Result)})
	}
	for _, r := range c.rows {
		j := compareRowJSON{Metric: r.metric, Name: r.name, Unit: "USD million"}
		if r.percent {
			j.Unit = "percent"
		}
		if !math.IsNaN(r.baseline) {
			b := tables.Number(r.baseline)
			j.Baseline = &b
		}
		j.Values = jsonNumbers(r.values)
		doc.Rows = append(doc.Rows, j)
	}
	return writeJSON(w, doc)
}

// charts draws the grouped-bar charts of the comparison.
// Charts are the grouped-bar charts, one bar per scenario; see
// chart.MaxGroupSeries for how many scenarios they can show.
func (c *Comparison) Charts() ([]*chart.Chart, error) {
	fn := pipeline.FocusName(c.b, c.focus)
	r0 := c.runs[0]
	meta := r0.ChartMeta()
	if len(c.notes) > 0 {
		// The first scenario's model and elasticities would misdescribe
		// the others.
		models, els := map[string]bool{}, map[string]bool{}
		for _, r := range c.runs {
			models[chart.ModelName(r.Result)] = true
			els[chart.ElasticityRanges(r.Result)] = true
		}
		if len(models) > 1 {
			meta.Model = "Armington PE, model differs by scenario (see compare.txt)"
		}
		if len(els) > 1 {
			meta.Elasticities = "elasticities differ by scenario"
		}
	}
	for _, r := range c.runs[1:] {
		if r.Exemption != meta.Exemption {
			meta.Exemption = "differs by scenario"
		}
	}
	note := chart.SourceNote(r0.Result, meta)
	series := make([]string, len(c.runs))
	for i, n := range c.names {
		// In full: the legend wraps a long name onto its own row, and
		// names that differ only at the end ("…, with Canada's
		// retaliation") must stay apart.
		series[i] = c.labels[i] + ": " + n
	}
	sub := fmt.Sprintf("%d scenarios compared", len(c.runs))
	if d := r0.Run.Scenario.At; d != "" && !slices.ContainsFunc(c.notes, func(n string) bool { return strings.Contains(n, "evaluation dates") }) {
		sub += ", measures in force on " + d
	}
	toRows := func(rs []compareRow, limit int) []chart.Row {
		var out []chart.Row
		for _, r := range rs {
			big := 0.0
			for _, v := range r.values {
				big = max(big, math.Abs(v))
			}
			if big < 0.5 || len(out) == limit {
				continue // below half a million USD, nothing a bar could show
			}
			code := r.metric[strings.Index(r.metric, ":")+1:]
			out = append(out, chart.Row{Code: code, Label: r.name, Values: slices.Clone(r.values)})
		}
		return out
	}
	const limit = 10
	var head []chart.Row
	for _, r := range c.section("headline") {
		if !r.percent {
			head = append(head, chart.Row{Code: r.metric, Label: r.name, Values: slices.Clone(r.values)})
		}
	}
	// The balance by partner is exports minus imports per partner.
	bal := map[string]*compareRow{}
	var balRows []compareRow
	add := func(rs []compareRow, sign float64) {
		for _, r := range rs {
			code := r.metric[strings.Index(r.metric, ":")+1:]
			b, ok := bal[code]
			if !ok {
				balRows = append(balRows, compareRow{metric: "balance:" + code, name: r.name, values: make([]float64, len(c.runs))})
				b = &balRows[len(balRows)-1]
				bal[code] = b
			}
			for i, v := range r.values {
				b.values[i] += sign * v
			}
		}
	}
	// balRows must not grow while bal holds pointers into it.
	balRows = make([]compareRow, 0, len(c.section("imports"))+len(c.section("exports")))
	add(c.section("exports"), 1)
	add(c.section("imports"), -1)
	specs := []chart.GroupSpec{
		{Name: "compare-headline", Title: fmt.Sprintf("%s ATP trade and welfare, by scenario", fn),
			Explain: fmt.Sprintf("Change from the baseline in %s imports, exports and the trade balance (world prices), and in tariff revenue, consumer and producer surplus and welfare.", fn),
			Rows:    head},
		{Name: "compare-imports-by-partner", Title: fmt.Sprintf("Change in %s imports by partner, by scenario", fn),
			Explain: fmt.Sprintf("%s imports from each partner, change from the baseline at world prices; the %d partners with the largest changes.", fn, limit),
			Rows:    toRows(c.section("imports"), limit)},
		{Name: "compare-exports-by-partner", Title: fmt.Sprintf("Change in %s exports by partner, by scenario", fn),
			Explain: fmt.Sprintf("%s exports to each partner, change from the baseline at world prices; the %d partners with the largest changes.", fn, limit),
			Rows:    toRows(c.section("exports"), limit)},
		{Name: "compare-balance-by-partner", Title: fmt.Sprintf("Change in the %s trade balance by partner, by scenario", fn),
			Explain: fmt.Sprintf("Change in the %s balance (exports − imports, world prices) with each partner; the %d partners with the largest changes.", fn, limit),
			Rows:    toRows(sortRows(balRows), limit)},
		{Name: "compare-welfare-by-country", Title: "Welfare by country, by scenario",
			Explain: "Change in each country's welfare (consumer surplus + tariff revenue + producer surplus).",
			Rows:    toRows(c.section("welfare"), limit)},
	}
	var out []*chart.Chart
	for _, s := range specs {
		s.Subtitle, s.Note, s.Series = sub, note, series
		ch, err := chart.Grouped(s)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// Scenarios is how many scenarios c compares.
func (c *Comparison) Scenarios() int { return len(c.runs) }

// csvNumber is a CSV cell of the comparison: empty for no value.
func csvNumber(v float64) string { return tables.CSVNumber(v, 12) }

// jsonNumbers converts vs for a JSON document, where tables.Number writes
// what JSON cannot (NaN, ±Inf) as null; no values stay nil (null).
func jsonNumbers(vs []float64) []tables.Number {
	var ns []tables.Number
	for _, v := range vs {
		ns = append(ns, tables.Number(v))
	}
	return ns
}

// writeJSON writes doc as one indented JSON document, as the tool's other
// JSON outputs are.
func writeJSON(w io.Writer, doc any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
