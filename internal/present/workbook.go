package present

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/internal/xlsx"
)

// columnUnits are the units of the CSV tables' columns, for the
// workbook's headers ("value0 (million USD)"). A column not listed has
// none (codes and names).
var columnUnits = map[string]string{
	"value0": "million USD", "value1": "million USD", "revenue0": "million USD", "revenue1": "million USD",
	"volume_effect": "million USD", "substitution_effect": "million USD", "price_effect": "million USD",
	"dPS": "million USD", "dCS": "million USD", "dCS_gsim": "million USD", "dR": "million USD", "E0": "million USD",
	"exports0": "million USD", "exports1": "million USD", "imports0": "million USD", "imports1": "million USD",
	"balance0": "million USD", "balance1": "million USD", "welfare": "million USD",
	"tariff0_pct": "%", "tariff1_pct": "%",
	"p_hat": "new/old", "consumer_price_hat": "new/old", "q_hat": "new/old", "P_hat": "new/old", "Q_hat": "new/old",
	"pass_through": "share", "sigma": "elasticity", "eta": "elasticity", "epsilon": "elasticity",
}

// Workbook is the run as an Excel workbook (results.xlsx): the headline,
// one sheet per CSV table (the same columns, with units in the header),
// the monthly totals with a [timeline], and a Provenance sheet with the
// scenario, baseline, sources, version and commit, exemption rule and
// elasticities. The sheets are made from the CSV writers, so the two
// cannot disagree.
func (r *Run) Workbook() (xlsx.Workbook, error) {
	wb := xlsx.Workbook{Title: r.Run.Scenario.Name}
	wb.Sheets = append(wb.Sheets, r.headlineSheet())
	for _, t := range tables.Tables {
		s, err := csvSheet(t, func(w io.Writer) error { return tables.WriteCSV(w, r.Run, t) })
		if err != nil {
			return wb, err
		}
		wb.Sheets = append(wb.Sheets, s)
	}
	if r.Path != nil {
		s, err := csvSheet("path totals", func(w io.Writer) error { return tables.WritePathTotalsCSV(w, r.Path) })
		if err != nil {
			return wb, err
		}
		wb.Sheets = append(wb.Sheets, s)
	}
	wb.Provenance = r.provenance()
	return wb, nil
}

// WriteWorkbook writes Workbook to w.
func (r *Run) WriteWorkbook(w io.Writer) error {
	wb, err := r.Workbook()
	if err != nil {
		return err
	}
	_, err = wb.WriteTo(w)
	return err
}

func (r *Run) headlineSheet() xlsx.Sheet {
	h, er := r.Headline(), r.EffectiveRates()
	s := xlsx.Sheet{Title: "headline", Columns: []xlsx.Column{
		{Name: "figure"}, {Name: "before", Unit: "million USD or %", Format: xlsx.FormatDecimal1},
		{Name: "after", Unit: "million USD or %", Format: xlsx.FormatDecimal1}, {Name: "change", Unit: "million USD or %", Format: xlsx.FormatDecimal1},
	}}
	level := func(name string, a, b float64) {
		s.Rows = append(s.Rows, []xlsx.Value{xlsx.Text(name), xlsx.Number(a), xlsx.Number(b), xlsx.Number(b - a)})
	}
	change := func(name string, d float64) {
		s.Rows = append(s.Rows, []xlsx.Value{xlsx.Text(name), xlsx.Blank(), xlsx.Blank(), xlsx.Number(d)})
	}
	focus := r.FocusName()
	level(focus+" imports (million USD)", h.Imports0, h.Imports1)
	level(focus+" exports (million USD)", h.Exports0, h.Exports1)
	level(focus+" trade balance (million USD)", h.Balance0(), h.Balance1())
	change("Import prices, tariff-inclusive index (%)", 100*h.ImportPriceChange)
	level("Effective tariff rate, pre-substitution (%)", er.Before, er.PreSubstitution)
	level("Effective tariff rate, post-substitution (%)", er.Before, er.PostSubstitution)
	change("Consumer surplus (million USD)", h.ConsumerSurplus)
	change("Tariff revenue (million USD)", h.RevenueChange)
	change("Producer surplus (million USD)", h.ProducerSurplus)
	change("Welfare, net (million USD)", h.Welfare)
	return s
}

// csvSheet reads a CSV table back into a sheet: numbers as numbers,
// "inf" and codes as text, empty cells blank.
func csvSheet(title string, write func(io.Writer) error) (xlsx.Sheet, error) {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return xlsx.Sheet{}, err
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) == 0 {
		return xlsx.Sheet{}, fmt.Errorf("results.xlsx: sheet %s: %v", title, err)
	}
	s := xlsx.Sheet{Title: title}
	for _, name := range recs[0] {
		unit := columnUnits[name]
		switch {
		case strings.HasSuffix(name, "_pct"):
			unit = "%"
		case unit == "" && strings.HasSuffix(name, "_musd"):
			unit = "million USD"
		}
		c := xlsx.Column{Name: name, Unit: unit}
		if unit != "" {
			c.Format = xlsx.FormatGeneral
		}
		s.Columns = append(s.Columns, c)
	}
	for _, rec := range recs[1:] {
		row := make([]xlsx.Value, len(rec))
		for i, v := range rec {
			f, err := strconv.ParseFloat(v, 64)
			switch {
			case v == "":
				row[i] = xlsx.Blank()
			case err == nil && !math.IsInf(f, 0) && s.Columns[i].Unit != "":
				row[i] = xlsx.Number(f)
			default:
				row[i] = xlsx.Text(v) // codes, names, "inf"
			}
		}
		s.Rows = append(s.Rows, row)
	}
	return s, nil
}

// provenance is what the numbers rest on, for the Provenance sheet.
func (r *Run) provenance() []xlsx.Pair {
	info := r.Run.Scenario
	ps := []xlsx.Pair{
		{Key: "Tool", Value: "tariffsim " + r.Version},
		{Key: "Scenario", Value: info.Name},
	}
	add := func(k, v string) {
		if v != "" {
			ps = append(ps, xlsx.Pair{Key: k, Value: v})
		}
	}
	add("Scenario file", info.File)
	add("Description", info.Description)
	add("Evaluated on", info.At)
	for _, m := range info.Measures {
		add("Measure in force", m)
	}
	for _, s := range info.Sources {
		add("Source of the measures", s)
	}
	add("Focus country", r.FocusName())
	add("Horizon", info.Horizon)
	add("Exemption rule", r.Scenario.Model.Exemption.String()+" (docs/MODEL.md, \"From a scenario to new tariffs\")")
	add("Model", tables.ModelLine(r.Result))
	pv := r.Baseline.Provenance()
	add("Baseline", r.Baseline.Name)
	add("Baseline description", r.Baseline.Description)
	add("Baseline value estimated", strconv.FormatFloat(100*pv.EstimatedShare(), 'f', 0, 64)+"% (docs/DATA.md)")
	for _, s := range r.baselineSources() {
		add("Baseline source", s)
	}
	add("Money", "million USD at world prices; percent changes are change ÷ |before| (docs/MODEL.md)")
	return ps
}
