package cli

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// observedCSV holds the observed first-half 2025 figures of seed 002, each
// with its source; nothing in it is computed.
//
//go:embed backtest_observed.csv
var observedCSV []byte

// backtestScenario is the shipped scenario the backtest runs.
const backtestScenario = "2025-as-it-happened"

type observation struct {
	measure, partner, category string
	value                      float64
	source                     string
}

func readObserved() ([]observation, error) {
	rows, err := csv.NewReader(bytes.NewReader(observedCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("backtest_observed.csv: %w", err)
	}
	var out []observation
	for i, r := range rows[1:] {
		if len(r) != 8 {
			return nil, fmt.Errorf("backtest_observed.csv:%d: %d fields, want 8", i+2, len(r))
		}
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			return nil, fmt.Errorf("backtest_observed.csv:%d: value %q: %w", i+2, r[4], err)
		}
		out = append(out, observation{r[0], r[1], r[2], v, r[7]})
	}
	return out, nil
}

type backtestOptions struct {
	baseline string
	format   choiceValue
}

func backtestCommand() *command {
	return &command{
		name:     "backtest",
		synopsis: "set the model's first half of 2025 beside what was observed",
		usage:    "[flags]",
		help: `
Runs the shipped scenario 2025-as-it-happened month by month and sets its
January–June 2025 results beside the observed figures of seed 002 (México,
¿cómo vamos?, from U.S. Census Bureau ATP data): US ICT imports from six
partners and their growth on a year earlier, the ATP deficit and the ICT
deficit. Observed H1 2024 comparators are derived by the only arithmetic the
source allows: ICT imports / (1 + YoY growth), and the ATP deficit / 1.70
(the source says the deficit rose 70%). The model's H1 2024 is half of the
2024 baseline, which has no months.

This is not a validation the model can pass: a partial-equilibrium tariff
model knows the tariffs and nothing else. The 2025 surge of ICT imports
(AI servers and computers from Taiwan, Mexico and Vietnam) came from demand
the model does not have, and the baseline's split by partner and group is
estimated (docs/DATA.md). The table shows how large the gap is; read the
model column as the tariffs' own contribution.

Examples:

	tariffsim backtest
	tariffsim backtest --format csv > backtest.csv`,
		flags: func(fs *flag.FlagSet) any {
			o := &backtestOptions{format: choiceValue{allowed: []string{"table", "csv"}, value: "table"}}
			fs.StringVar(&o.baseline, "baseline", "", "read the baseline flows from `FILE.csv` instead of the embedded ATP 2024 baseline")
			fs.Var(&o.format, "format", "`table` or csv")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*backtestOptions)
			if len(args) != 0 {
				return usagef("backtest takes no arguments (got %d)", len(args))
			}
			b, err := loadBaseline(o.baseline)
			if err != nil {
				return err
			}
			rows, err := backtest(ctx, b)
			if err != nil {
				return err
			}
			if o.format.value == "csv" {
				return writeBacktestCSV(e.stdout, rows)
			}
			return writeBacktestTable(e.stdout, rows)
		},
	}
}

// backtestRow is one comparison, in billion USD (percent for changes).
type backtestRow struct {
	what, partner, category string
	observed                float64
	observedYoY             float64 // percent; NaN when the source gives none
	observed2024            float64 // derived; NaN when it cannot be
	model2024, model        float64
	source                  string
}

// modelChange is the model's H1 2025 against its H1 2024 in percent, as
// the source states changes: for a deficit, +10% is a deficit 10% larger.
func (r backtestRow) modelChange() float64 {
	return 100 * (r.model/r.model2024 - 1)
}

// backtest solves the scenario's path and sums January–June 2025.
func backtest(ctx context.Context, b *baseline.Baseline) ([]backtestRow, error) {
	sc, err := loadScenario(backtestScenario, b)
	if err != nil {
		return nil, err
	}
	p, err := sc.TimePath(b, scenario.Options{})
	if err != nil {
		return nil, usageError{err}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tp, err := timepath.Solve(p)
	if err != nil {
		return nil, err
	}
	var h1 []int
	for τ := range tp.Months {
		if l := tp.Label(τ); l >= "2025-01" && l <= "2025-06" {
			h1 = append(h1, τ)
		}
	}
	if len(h1) != 6 {
		return nil, fmt.Errorf("%s: the path covers %d of the six months January–June 2025", backtestScenario, len(h1))
	}
	// sum adds, in billion USD, the US imports (sign −1 for imports in a
	// balance) matching partner and category; "*" matches all.
	sum := func(balance bool, partner, category string) (base, model float64) {
		for f, fl := range tp.Flows {
			if category != "*" && fl.Category != category {
				continue
			}
			sign := 0.0
			switch {
			case fl.Importer == "US" && (partner == "*" || fl.Exporter == partner):
				sign = 1
				if balance {
					sign = -1
				}
			case balance && fl.Exporter == "US" && (partner == "*" || fl.Importer == partner):
				sign = 1
			}
			if sign == 0 {
				continue
			}
			base += sign * fl.Value / 2 / 1000
			for _, τ := range h1 {
				model += sign * tp.Value[τ][f] / 1000
			}
		}
		return base, model
	}
	obs, err := readObserved()
	if err != nil {
		return nil, err
	}
	find := func(measure, partner, category string) (observation, bool) {
		for _, o := range obs {
			if o.measure == measure && o.partner == partner && o.category == category {
				return o, true
			}
		}
		return observation{}, false
	}
	var out []backtestRow
	for _, o := range obs {
		if o.measure != "imports" && o.measure != "balance" {
			continue
		}
		if _, ok := b.Category(o.category); o.category != "*" && !ok {
			return nil, fmt.Errorf("backtest: baseline %s has no category %q", b.Name, o.category)
		}
		r := backtestRow{what: o.measure, partner: o.partner, category: o.category, observed: o.value,
			observedYoY: math.NaN(), observed2024: math.NaN(), source: o.source}
		r.model2024, r.model = sum(o.measure == "balance", o.partner, o.category)
		if y, ok := find(o.measure+"_yoy", o.partner, o.category); ok {
			r.observedYoY = y.value
			// The only derivation the source allows: last year's value
			// from this year's and the growth rate.
			r.observed2024 = o.value / (1 + y.value/100)
		}
		out = append(out, r)
	}
	return out, nil
}

func (r backtestRow) label(name func(string) string) string {
	p := "all partners"
	if r.partner != "*" {
		p = name(r.partner)
	}
	c := "ATP"
	if r.category == "ict" {
		c = "ICT"
	}
	return fmt.Sprintf("%s %s, %s", c, r.what, p)
}

func bn(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func pctStr(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	if math.Abs(v) < 0.5 {
		return "0%" // not "-0%"
	}
	return fmt.Sprintf("%+.0f%%", v)
}

func writeBacktestTable(w io.Writer, rows []backtestRow) error {
	b := baseline.ATP2024()
	ew := &bytes.Buffer{}
	fmt.Fprintf(ew, "Backtest: the model's January–June 2025 (scenario %s) beside what was observed\n", backtestScenario)
	fmt.Fprintf(ew, "US trade, $ billion, first half of the year. Observed: seed 002 (México, ¿cómo vamos?, U.S. Census Bureau ATP data).\n")
	fmt.Fprintf(ew, "Observed H1 2024 is derived (H1 2025 / (1 + YoY)); the model's H1 2024 is half of its 2024 baseline.\n\n")
	g := &tables.Grid{}
	g.Add("", "observed", "YoY", "H1 2024 (derived)", "model H1 2024", "model H1 2025", "model change")
	for _, r := range rows {
		g.Add(r.label(b.CountryName), bn(r.observed), pctStr(r.observedYoY), bn(r.observed2024), bn(r.model2024), bn(r.model), pctStr(r.modelChange()))
	}
	g.Write(ew)
	fmt.Fprintf(ew, "Changes of a balance are of its size, as the source states them: +70%% is a deficit 70%% larger.\n")
	fmt.Fprintf(ew, "\n%s\n", backtestVerdict(rows, b.CountryName))
	_, err := w.Write(ew.Bytes())
	return err
}

// backtestVerdict says in words where and why the model and the data
// differ, from the numbers of rows.
func backtestVerdict(rows []backtestRow, name func(string) string) string {
	var up, upModel []string
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		if r.what == "imports" && r.observedYoY > 50 {
			up = append(up, name(r.partner))
			lo, hi = min(lo, r.observedYoY), max(hi, r.observedYoY)
			upModel = append(upModel, pctStr(r.modelChange()))
		}
	}
	var cnObs, cnModel, atpObs, atpModel, atp24 float64
	for _, r := range rows {
		if r.what == "imports" && r.partner == "CN" {
			cnObs, cnModel = r.observedYoY, r.modelChange()
		}
		if r.what == "balance" && r.partner == "*" && r.category == "*" {
			atpObs, atpModel, atp24 = r.observed, r.model, r.observed2024
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Where they differ, and why:\n")
	fmt.Fprintf(&sb, "- Observed ICT imports from %s rose %.0f%% to %.0f%% on a year earlier;\n  the model has %s.\n",
		strings.Join(up, ", "), lo, hi, strings.Join(upModel, ", "))
	fmt.Fprintf(&sb, "  A partial-equilibrium tariff model only moves trade through tariffs: it does not know about the\n")
	fmt.Fprintf(&sb, "  AI-server and computer boom (US demand for ICT grew, whatever the tariffs), it has no timing\n")
	fmt.Fprintf(&sb, "  of purchases around tariff dates, and its no-tariff path here is the 2024 baseline held flat.\n")
	fmt.Fprintf(&sb, "- China is where the two agree in direction: observed %s, model %s. Tariffs on China and the\n", pctStr(cnObs), pctStr(cnModel))
	fmt.Fprintf(&sb, "  diversion toward other suppliers are what the model captures; with a 12-month half-life it\n")
	fmt.Fprintf(&sb, "  moves slowly, and what else moved sourcing away from China is not in it.\n")
	fmt.Fprintf(&sb, "- The ATP deficit was %s billion in H1 2025 (derived H1 2024: %s); the model has %s: the\n", bn(atpObs), bn(atp24), bn(atpModel))
	fmt.Fprintf(&sb, "  tariffs alone barely move it, so nearly all of the observed widening is demand, not tariffs.\n")
	fmt.Fprintf(&sb, "- The baseline's split by partner and group is estimated (docs/DATA.md), so partner rows differ\n")
	fmt.Fprintf(&sb, "  already in H1 2024; compare the changes, not the levels.")
	return sb.String()
}

func writeBacktestCSV(w io.Writer, rows []backtestRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"measure", "partner", "category", "period", "observed_busd", "observed_yoy_pct",
		"observed_h1_2024_busd_derived", "model_h1_2024_busd", "model_h1_2025_busd", "model_change_pct", "observed_source"})
	f := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', 4, 64)
	}
	for _, r := range rows {
		cw.Write([]string{r.what, r.partner, r.category, "2025-01/2025-06", f(r.observed), f(r.observedYoY),
			f(r.observed2024), f(r.model2024), f(r.model), f(r.modelChange()), r.source})
	}
	cw.Flush()
	return cw.Error()
}
