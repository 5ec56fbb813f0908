package cli

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/simulation"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

type compareOptions struct {
	baseline string
	format   choiceValue
	out      string
	at       string
	focus    string
	charts   listValue
	noCharts bool
	quiet    bool
}

func compareCommand() *command {
	return &command{
		name:     "compare",
		synopsis: "compare the results of several scenarios side by side",
		usage:    "[flags] SCENARIO.toml SCENARIO.toml...",
		help: `
Solves each scenario on the same baseline and prints their headline results
side by side: the focus country's ATP imports, exports and balance, import
prices, tariff revenue, consumer and producer surplus and welfare, then the
change in imports and exports by partner and welfare by country. Every
figure is a change from the baseline, million USD at world prices (import
prices in %). It also writes, into output/compare-<scenarios>/ (see --out):

	compare.txt compare.csv compare.json   the comparison in each format
	compare-*.png compare-*.svg            grouped-bar charts, one bar per scenario
	                                       (up to 6 scenarios)

Scenarios can be compared when they run on the same baseline (one --baseline
for all) and are about the same focus country: every code a scenario names
must exist in the baseline, and each file is checked as 'validate' does.
Scenarios may use different models (supply, form, horizon), elasticities or
evaluation dates; the header lists them, and says so when they differ,
because part of the difference then comes from the assumptions rather than
the tariffs. --at applies one date to every scenario.

The CSV has one row per metric, named as 'sweep' and 'sensitivity' name
them (us_imports, imports_from:CN, welfare:CA, ...), a baseline column and
one column per scenario.

Examples:

	tariffsim compare us-canada-mexico-25 us-canada-mexico-25-retaliation
	tariffsim compare --format csv china-2025-04-peak china-2025-05-geneva > china.csv
	tariffsim compare --at 2025-04-10 --out cmp/ a.toml b.toml c.toml`,
		flags: func(fs *flag.FlagSet) any {
			o := &compareOptions{
				format: choiceValue{allowed: []string{"table", "csv", "json"}, value: "table"},
				charts: listValue{allowed: []string{"png", "svg", "pdf"}, values: []string{"png", "svg"}},
			}
			fs.StringVar(&o.baseline, "baseline", "", "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline")
			fs.Var(&o.format, "format", "what to print on stdout: `table`, csv or json")
			fs.StringVar(&o.out, "out", "", "write the files to `DIR` (default output/compare-<scenarios>)")
			fs.StringVar(&o.at, "at", "", "evaluate every scenario on `DATE` (YYYY-MM-DD); default: each scenario's own date")
			fs.StringVar(&o.focus, "focus", "", "the `country` the comparison is about (default US, or the scenarios' common imposer)")
			fs.Var(&o.charts, "charts", "chart `formats` to write: any of png,svg,pdf")
			fs.BoolVar(&o.noCharts, "no-charts", false, "do not draw charts")
			fs.BoolVar(&o.quiet, "q", false, "do not list the files written")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*compareOptions)
			if len(args) < 2 {
				return usagef("compare takes two or more scenario files (got %d); see 'tariffsim compare -h'", len(args))
			}
			c, err := solveComparison(ctx, o, args)
			if err != nil {
				return err
			}
			return c.output(e, o)
		},
	}
}

// comparison is several scenarios solved on one baseline.
type comparison struct {
	b      *baseline.Baseline
	focus  string
	runs   []*simulation.Run
	labels []string // "A", "B", ...
	names  []string // scenario names, made unique for CSV headers
	notes  []string // differences in assumptions worth a warning
	rows   []compareRow
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

func solveComparison(ctx context.Context, o *compareOptions, args []string) (*comparison, error) {
	at, err := parseDate(o.at)
	if err != nil {
		return nil, err
	}
	b, err := loadBaseline(o.baseline)
	if err != nil {
		return nil, err
	}
	if err := checkFocus(o.focus, b); err != nil {
		return nil, err
	}
	c := &comparison{b: b}
	for i, arg := range args {
		sc, err := loadScenario(arg, b)
		if err != nil {
			return nil, usagef("cannot compare: scenario %d (%s) does not fit baseline %s:\n%w", i+1, arg, b.Name, err)
		}
		focus := o.focus
		if focus == "" {
			focus = pipeline.DefaultFocus(sc, b)
		}
		if c.focus == "" {
			c.focus = focus
		} else if focus != c.focus {
			return nil, usagef("cannot compare: %s is about %s and %s about %s; pass --focus CODE to compare both from one country",
				args[0], b.CountryName(c.focus), arg, b.CountryName(focus))
		}
		r, err := simulation.Solve(ctx, pipeline.Request{Scenario: sc, Baseline: b, Options: scenario.Options{At: at}, Focus: focus, NoPath: true}, versionString())
		if pipeline.IsInputError(err) {
			return nil, usagef("%s: %w", arg, err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
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
func uniqueNames(runs []*simulation.Run) []string {
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
func modelOf(r *simulation.Run) string {
	s := chart.ModelName(r.Result)
	if r.Scenario.Model.Horizon != scenario.LongRun {
		s += ", " + r.Scenario.Model.Horizon.String() + " elasticities"
	}
	return s
}

// differences lists the assumptions in which the scenarios differ.
func (c *comparison) differences() []string {
	var notes []string
	differ := func(what string, f func(r *simulation.Run) string, why string) {
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
	differ("elasticities", func(r *simulation.Run) string { return chart.ElasticityRanges(r.Result) },
		"part of the difference comes from the elasticities, not the tariffs.")
	differ("evaluation dates", func(r *simulation.Run) string { return r.Run.Scenario.At },
		"each applies the measures in force on its own date (--at sets one for all).")
	return notes
}

// collect builds the rows of the comparison.
func (c *comparison) collect() []compareRow {
	n := len(c.runs)
	heads := make([]tables.Headline, n)
	bds := make([]tables.Breakdown, n)
	for i, r := range c.runs {
		heads[i], bds[i] = r.Headline(), r.Breakdown()
	}
	h0 := heads[0]
	nan := math.NaN()
	row := func(metric, name string, percent bool, base float64, f func(h tables.Headline) float64) compareRow {
		r := compareRow{section: "headline", metric: metric, name: name, percent: percent, baseline: base, values: make([]float64, n)}
		for i, h := range heads {
			r.values[i] = f(h)
		}
		return r
	}
	rows := []compareRow{
		row("us_imports", "Imports", false, h0.Imports0, func(h tables.Headline) float64 { return h.Imports1 - h.Imports0 }),
		row("us_exports", "Exports", false, h0.Exports0, func(h tables.Headline) float64 { return h.Exports1 - h.Exports0 }),
		row("us_balance", "Balance", false, h0.Exports0-h0.Imports0, func(h tables.Headline) float64 {
			return (h.Exports1 - h.Imports1) - (h.Exports0 - h.Imports0)
		}),
		row("import_prices", "Import prices, %", true, nan, func(h tables.Headline) float64 { return 100 * h.ImportPriceChange }),
		row("us_revenue", "Tariff revenue", false, nan, func(h tables.Headline) float64 { return h.RevenueChange }),
		row("us_consumer_surplus", "Consumer surplus", false, nan, func(h tables.Headline) float64 { return h.ConsumerSurplus }),
		row("us_producer_surplus", "Producer surplus", false, nan, func(h tables.Headline) float64 { return h.ProducerSurplus }),
		row("us_welfare", "Welfare", false, nan, func(h tables.Headline) float64 { return h.Welfare }),
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

func (c *comparison) section(s string) []compareRow {
	var out []compareRow
	for _, r := range c.rows {
		if r.section == s {
			out = append(out, r)
		}
	}
	return out
}

func (c *comparison) output(e *env, o *compareOptions) error {
	var err error
	switch o.format.value {
	case "table":
		err = c.writeTable(e.stdout)
	case "csv":
		err = c.writeCSV(e.stdout)
	case "json":
		err = c.writeJSON(e.stdout)
	}
	if err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("output", c.slug())
	}
	var written []string
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{{"compare.txt", c.writeTable}, {"compare.csv", c.writeCSV}, {"compare.json", c.writeJSON}} {
		path := filepath.Join(dir, f.name)
		if err := atomicfile.Write(path, f.write); err != nil {
			return err
		}
		written = append(written, path)
	}
	if !o.noCharts && len(o.charts.values) > 0 {
		if len(c.runs) > chart.MaxGroupSeries {
			fmt.Fprintf(e.stderr, "no charts: they show up to %d scenarios, and there are %d (the tables have them all)\n", chart.MaxGroupSeries, len(c.runs))
		} else {
			charts, err := c.charts()
			if err != nil {
				return err
			}
			paths, err := chart.WriteFiles(dir, charts, o.charts.values)
			written = append(written, paths...)
			if err != nil {
				return err
			}
		}
	}
	if !o.quiet {
		fmt.Fprintf(e.stderr, "wrote %d files to %s\n", len(written), dir)
	}
	return nil
}

// slug names the output folder after the scenarios.
func (c *comparison) slug() string {
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

// maxCompareRows bounds the partner tables of the text output; CSV and
// JSON have every row.
const maxCompareRows = 12

func (c *comparison) writeTable(w io.Writer) error {
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
		p("   Model:    %s\n", tables.ModelLine(r.Result))
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
		p("\nNote: %s\n", wrapText(n, 78, "      "))
	}
	fn := focusName(c.b, c.focus)
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

func (c *comparison) cells(r compareRow, withBase bool) []string {
	cells := []string{r.name}
	if withBase {
		if math.IsNaN(r.baseline) {
			cells = append(cells, "")
		} else {
			cells = append(cells, plainMoney(r.baseline))
		}
	}
	for _, v := range r.values {
		if r.percent {
			cells = append(cells, fmt.Sprintf("%+.2f%%", v))
		} else {
			cells = append(cells, signedMoney(v))
		}
	}
	return cells
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// wrapText wraps s at width, indenting continuation lines.
func wrapText(s string, width int, indent string) string {
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

func csvNum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 12, 64)
}

func (c *comparison) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{"metric", "name", "unit", "baseline"}, c.names...))
	for _, r := range c.rows {
		unit := "USD million"
		if r.percent {
			unit = "percent"
		}
		rec := []string{r.metric, r.name, unit, csvNum(r.baseline)}
		for _, v := range r.values {
			rec = append(rec, csvNum(v))
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

func (c *comparison) writeJSON(w io.Writer) error {
	doc := compareJSON{
		Tool:     "tariffsim " + versionString(),
		Baseline: baselineInfo(c.b),
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
		for _, v := range r.values {
			j.Values = append(j.Values, tables.Number(v))
		}
		doc.Rows = append(doc.Rows, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// charts draws the grouped-bar charts of the comparison.
func (c *comparison) charts() ([]*chart.Chart, error) {
	fn := focusName(c.b, c.focus)
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
	note := chart.SourceNote(r0.Result, meta)
	series := make([]string, len(c.runs))
	for i, n := range c.names {
		if len([]rune(n)) > 60 {
			n = string([]rune(n)[:59]) + "…"
		}
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
