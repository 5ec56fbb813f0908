package analysis

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// observedCSV holds the observed first-half 2025 figures of seed 002, each
// with its source; nothing in it is computed.
//
//go:embed backtest_observed.csv
var observedCSV []byte

// BacktestScenario is the shipped scenario the backtest runs.
const BacktestScenario = "2025-as-it-happened"

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

// backtestRow is one comparison, in billion USD (percent for changes).
type backtestRow struct {
	what, partner, category string
	observed                float64
	observedYoY             float64 // percent; NaN when the source gives none
	observed2024            float64 // derived; NaN when it cannot be
	model2024, model        float64
	source                  string
}

// modelChange is the model's H1 2025 against its H1 2024 in percent, in
// tariffsim's one convention (metric.PctChange): change ÷ |before|, so a
// balance whose deficit grows has a negative change.
func (r backtestRow) modelChange() float64 {
	return metric.PctChange(r.model2024, r.model)
}

// observedChange is the observed year-on-year change in the same
// convention. The source states a balance's change as the change of the
// deficit's size (+70% for a deficit 70% larger); for a deficit that is
// −70% here.
func (r backtestRow) observedChange() float64 {
	if math.IsNaN(r.observedYoY) || math.IsNaN(r.observed2024) {
		return r.observedYoY
	}
	return metric.PctChange(r.observed2024, r.observed)
}

// Backtest is the model's first half of 2025 beside what was observed.
type Backtest struct {
	b    *baseline.Baseline
	rows []backtestRow
}

// RunBacktest solves sc (the shipped BacktestScenario) on b month by
// month and sums January–June 2025 for the observed rows.
func RunBacktest(ctx context.Context, sc *scenario.Scenario, b *baseline.Baseline) (*Backtest, error) {
	if sc.Timeline == nil {
		return nil, inputf("backtest: %s has no [timeline]", sc.Name)
	}
	r, err := pipeline.Solve(ctx, pipeline.Request{Scenario: sc, Baseline: b})
	if err != nil {
		return nil, err
	}
	tp := r.Path
	var h1 []int
	for τ := range tp.Months {
		if l := tp.Label(τ); l >= "2025-01" && l <= "2025-06" {
			h1 = append(h1, τ)
		}
	}
	if len(h1) != 6 {
		return nil, fmt.Errorf("%s: the path covers %d of the six months January–June 2025", BacktestScenario, len(h1))
	}
	// sum adds, in billion USD, the US imports (sign −1 for imports in a
	// balance) matching partner and category; "*" matches all.
	sum := func(balance bool, partner, category string) (base, model float64) {
		for f, fl := range tp.Flows {
			if category != "*" && fl.Category != category || metric.DomesticPair(fl.Exporter, fl.Importer) {
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
		row := backtestRow{what: o.measure, partner: o.partner, category: o.category, observed: o.value,
			observedYoY: math.NaN(), observed2024: math.NaN(), source: o.source}
		row.model2024, row.model = sum(o.measure == "balance", o.partner, o.category)
		if y, ok := find(o.measure+"_yoy", o.partner, o.category); ok {
			row.observedYoY = y.value
			// The only derivation the source allows: last year's value
			// from this year's and the growth rate.
			row.observed2024 = o.value / (1 + y.value/100)
		}
		out = append(out, row)
	}
	return &Backtest{b: b, rows: out}, nil
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

func pctStr(v float64) string { return tables.Pct(v, 0) }

// WriteTable writes the comparison as a table with a verdict in words;
// countries are named as the baseline names them.
func (bt *Backtest) WriteTable(w io.Writer) error {
	b, rows := bt.b, bt.rows
	ew := &bytes.Buffer{}
	fmt.Fprintf(ew, "Backtest: the model's January–June 2025 (scenario %s) beside what was observed\n", BacktestScenario)
	fmt.Fprintf(ew, "US trade, $ billion, first half of the year. Observed: seed 002 (México, ¿cómo vamos?, U.S. Census Bureau ATP data).\n")
	fmt.Fprintf(ew, "Observed H1 2024 is derived (H1 2025 / (1 + YoY)); the model's H1 2024 is half of its 2024 baseline.\n\n")
	g := &tables.Grid{}
	g.Add("", "observed", "YoY", "H1 2024 (derived)", "model H1 2024", "model H1 2025", "model change")
	for _, r := range rows {
		g.Add(r.label(b.CountryName), bn(r.observed), pctStr(r.observedChange()), bn(r.observed2024), bn(r.model2024), bn(r.model), pctStr(r.modelChange()))
	}
	g.Write(ew)
	fmt.Fprintf(ew, "Changes are change ÷ |before|, as everywhere in tariffsim: for a balance, -70%% is a deficit 70%% larger\n(the source states it as +70%%).\n")
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

// WriteCSV writes one row per observed figure.
func (bt *Backtest) WriteCSV(w io.Writer) error {
	rows := bt.rows
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
		cw.Write([]string{r.what, r.partner, r.category, "2025-01/2025-06", f(r.observed), f(r.observedChange()),
			f(r.observed2024), f(r.model2024), f(r.model), f(r.modelChange()), r.source})
	}
	cw.Flush()
	return cw.Error()
}
