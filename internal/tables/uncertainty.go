package tables

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/uncertainty"
)

// Monte Carlo output. A run with Run.Uncertainty set reports, next to the
// plain run's figures (every distribution at its median):
//
//   - JSON: a number x of the headline or of a country gains the siblings
//     x_p5, x_p50 and x_p95 (imports1, exports1, balance1,
//     import_price_change_pct, dCS, dR, dPS, welfare); the document gains
//     "uncertainty" with the draws, seed, failed draws, the uncertain
//     parameters and the partner and category aggregates (value0, value1
//     and value1_p5/_p50/_p95; price_change_pct and its siblings for
//     imports by category).
//   - CSV: the "percentiles" table, one row per metric.
//   - Summary: a section with p5, p50 and p95 of each change.
//
// Percentiles are of levels after the scenario; a change's percentile is
// the level's minus the (fixed) baseline value.

// PercentilesDefinition says how percentiles are computed, for outputs.
const PercentilesDefinition = "Hyndman-Fan type 7 (linear interpolation between order statistics of the successful draws; R and NumPy default)"

// Bands maps a JSON field name x to the p5, p50 and p95 written as its
// siblings x_p5, x_p50, x_p95.
type Bands map[string][3]float64

// MarshalJSON writes h with the siblings of Bands.
func (h HeadlineJSON) MarshalJSON() ([]byte, error) {
	type plain HeadlineJSON
	return withBands(plain(h), h.Bands)
}

// MarshalJSON writes c with the siblings of Bands.
func (c CountryJSON) MarshalJSON() ([]byte, error) {
	type plain CountryJSON
	return withBands(plain(c), c.Bands)
}

// withBands marshals v, an object, and inserts x_p5, x_p50, x_p95 right
// after each key x of bands, keeping the order of the other keys.
func withBands(v any, bands Bands) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(bands) == 0 {
		return b, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteByte('{')
	put := func(k string, raw []byte) {
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		out.Write(kb)
		out.WriteByte(':')
		out.Write(raw)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		put(k, raw)
		if q, ok := bands[k]; ok {
			for i, suf := range [...]string{"_p5", "_p50", "_p95"} {
				nb, _ := Number(q[i]).MarshalJSON()
				put(k+suf, nb)
			}
		}
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// UncertaintyJSON is the Monte Carlo part of the JSON document.
type UncertaintyJSON struct {
	Draws  int    `json:"draws"`
	Seed   uint64 `json:"seed"`
	Failed int    `json:"failed"`
	// FailedExamples are the first failures, "draw N: error".
	FailedExamples []string `json:"failed_examples,omitempty"`
	Percentiles    string   `json:"percentiles"`
	// Drawn says what the draws drew: "σ, η, exempt shares and the
	// baseline split".
	Drawn             string               `json:"drawn"`
	Correlation       float64              `json:"correlation"`
	BaselineDrawn     bool                 `json:"baseline_drawn"`
	Parameters        []UncertainParamJSON `json:"parameters"`
	ImportsByPartner  []BandLineJSON       `json:"imports_by_partner"`
	ExportsByPartner  []BandLineJSON       `json:"exports_by_partner"`
	ImportsByCategory []BandLineJSON       `json:"imports_by_category"`
	ExportsByCategory []BandLineJSON       `json:"exports_by_category"`
}

// UncertainParamJSON is one elasticity drawn from a distribution.
type UncertainParamJSON struct {
	Path         string `json:"path"`
	Distribution string `json:"distribution"`
	Median       Number `json:"median"`
	P5           Number `json:"p5"`
	P95          Number `json:"p95"`
}

// BandLineJSON is a partner's or category's trade in the plain run with
// the percentiles of value1 (and of price_change_pct for imports by
// category) as siblings.
type BandLineJSON struct {
	Code           string  `json:"code"`
	Name           string  `json:"name"`
	Value0         Number  `json:"value0"`
	Value1         Number  `json:"value1"`
	PriceChangePct *Number `json:"price_change_pct,omitempty"`
	Bands          Bands   `json:"-"`
}

// MarshalJSON writes l with the siblings of Bands.
func (l BandLineJSON) MarshalJSON() ([]byte, error) {
	type plain BandLineJSON
	return withBands(plain(l), l.Bands)
}

func bandsOf(u *uncertainty.Result, group, code string, names ...string) Bands {
	b := Bands{}
	for _, n := range names {
		if m, ok := u.Get(metric.Key{Group: metric.Group(group), Code: code, Name: metric.Name(n)}); ok {
			b[n] = [3]float64{m.P5, m.P50, m.P95}
		}
	}
	return b
}

var bandNames = []string{"imports1", "exports1", "balance1", "import_price_change_pct", "dCS", "dR", "dPS", "welfare"}

func addUncertainty(d *Document, r *Run) {
	u := r.Uncertainty
	d.Headline.Bands = bandsOf(u, "headline", "", bandNames...)
	for i := range d.Countries {
		d.Countries[i].Bands = bandsOf(u, "country", d.Countries[i].Country, bandNames...)
	}
	uj := &UncertaintyJSON{Draws: u.Draws, Seed: u.Seed, Failed: u.Failed, Percentiles: PercentilesDefinition,
		Drawn: u.Drawn(), Correlation: u.Correlation, BaselineDrawn: u.BaselineDrawn,
		Parameters: []UncertainParamJSON{}}
	for _, e := range u.Errors {
		uj.FailedExamples = append(uj.FailedExamples, fmt.Sprintf("draw %d: %v", e.Draw, e.Err))
	}
	for _, p := range u.Params {
		uj.Parameters = append(uj.Parameters, UncertainParamJSON{Path: p.Path, Distribution: p.Dist.String(),
			Median: Number(p.Dist.Quantile(0.5)), P5: Number(p.Dist.Quantile(0.05)), P95: Number(p.Dist.Quantile(0.95))})
	}
	b := r.Breakdown()
	lines := func(group string, ls []Line, price bool) []BandLineJSON {
		out := []BandLineJSON{}
		for _, l := range ls {
			j := BandLineJSON{Code: l.Code, Name: l.Name, Value0: Number(l.Before), Value1: Number(l.After)}
			j.Bands = bandsOf(u, group, l.Code, "value1")
			if price {
				if m, ok := u.Get(metric.Key{Group: metric.Group(group), Code: l.Code, Name: metric.Name("price_change_pct")}); ok {
					v := Number(m.Plain)
					j.PriceChangePct = &v
					j.Bands["price_change_pct"] = [3]float64{m.P5, m.P50, m.P95}
				}
			}
			out = append(out, j)
		}
		return out
	}
	uj.ImportsByPartner = lines("imports_by_partner", b.ImportsByPartner, false)
	uj.ExportsByPartner = lines("exports_by_partner", b.ExportsByPartner, false)
	uj.ImportsByCategory = lines("imports_by_category", b.ImportsByCategory, true)
	uj.ExportsByCategory = lines("exports_by_category", b.ExportsByCategory, false)
	d.Uncertainty = uj
}

// WritePercentilesCSV writes the percentiles of every metric of r's Monte
// Carlo run: group, code, name (the place and the quantity, as in
// results.json), before (the baseline, empty for changes such as welfare),
// plain (every distribution at its median), p5, p50, p95.
func WritePercentilesCSV(w io.Writer, r *Run) error {
	u := r.Uncertainty
	if u == nil {
		return fmt.Errorf("no Monte Carlo run: the percentiles table needs --draws")
	}
	cw := csv.NewWriter(w)
	num := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 12, 64)
	}
	cw.Write([]string{"group", "code", "name", "label", "before", "plain", "p5", "p50", "p95"})
	for _, m := range u.Metrics {
		label := m.Code
		if r.Baseline != nil && m.Code != "" {
			if strings.HasSuffix(string(m.Group), "_category") {
				label = r.Baseline.CategoryName(m.Code)
			} else {
				label = r.Baseline.CountryName(m.Code)
			}
		}
		cw.Write([]string{string(m.Group), m.Code, string(m.Name), label, num(m.Before), num(m.Plain), num(m.P5), num(m.P50), num(m.P95)})
	}
	cw.Flush()
	return cw.Error()
}

// writeUncertainty is the Monte Carlo section of the summary.
func writeUncertainty(w io.Writer, r *Run) {
	u := r.Uncertainty
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("\nUncertainty: %s draws, seed %d; %d failed", group(float64(u.Draws)), u.Seed, u.Failed)
	if u.Failed > 0 {
		p(" (left out of the percentiles; first: draw %d: %v)", u.Errors[0].Draw, u.Errors[0].Err)
	}
	p("\n  Drawn: %s.\n", u.DrawnSentence())
	if len(u.Params) == 0 {
		p("  No elasticity of the scenario is a distribution: every draw is the run above.\n")
	}
	for _, q := range u.Params {
		p("  %s = %s: 90%% between %.3g and %.3g\n", q.Path, q.Dist, q.Dist.Quantile(0.05), q.Dist.Quantile(0.95))
	}
	if u.BaselineDrawn {
		p("  Baseline: each draw also draws the estimated partner × group split (perturbed prior, refitted to the published margins).\n")
	}
	p("Changes, $ million: the run above (every distribution at its median) and the\n")
	p("5th, 50th and 95th percentiles over the draws (90%% interval p5 to p95)\n")
	h := r.Headline()
	g := &Grid{}
	g.Add("", "run", "p5", "p50", "p95")
	ch := func(label, group, code, name string) {
		m, ok := u.Get(metric.Key{Group: metric.Group(group), Code: code, Name: metric.Name(name)})
		if !ok {
			return
		}
		b := m.Before
		if math.IsNaN(b) {
			b = 0
		}
		g.Add(label, Signed(m.Plain-b), Signed(m.P5-b), Signed(m.P50-b), Signed(m.P95-b))
	}
	pc := func(label, group, code, name string) {
		if m, ok := u.Get(metric.Key{Group: metric.Group(group), Code: code, Name: metric.Name(name)}); ok {
			f := func(v float64) string { return Pct(v, 2) }
			g.Add(label, f(m.Plain), f(m.P5), f(m.P50), f(m.P95))
		}
	}
	ch("Imports", "headline", "", "imports1")
	ch("Exports", "headline", "", "exports1")
	ch("Balance", "headline", "", "balance1")
	pc("Import prices", "headline", "", "import_price_change_pct")
	ch("Consumer surplus", "headline", "", "dCS")
	ch("Tariff revenue", "headline", "", "dR")
	ch("Producer surplus", "headline", "", "dPS")
	ch("Welfare", "headline", "", "welfare")
	g.Write(w)

	b := r.Breakdown()
	partners := func(title, group string, ls []Line) {
		p("\n%s\n", title)
		g = &Grid{}
		g.Add("", "run", "p5", "p50", "p95")
		for i, l := range ls {
			if i >= maxPartners {
				break
			}
			ch(l.Name, group, l.Code, "value1")
		}
		g.Write(w)
	}
	partners(fmt.Sprintf("%s imports by partner, change (largest first; CSV and JSON have all)", h.Country), "imports_by_partner", b.ImportsByPartner)
	partners(fmt.Sprintf("%s exports by partner, change (largest first; CSV and JSON have all)", h.Country), "exports_by_partner", b.ExportsByPartner)

	p("\n%s trade by category, change: imports, exports (p5 p50 p95) and import prices (p50 [p5, p95])\n", h.Country)
	g = &Grid{}
	g.Add("", "imports p5", "p50", "p95", "exports p5", "p50", "p95", "import prices")
	for _, l := range b.ImportsByCategory {
		row := []string{l.Name}
		for _, grp := range []string{"imports_by_category", "exports_by_category"} {
			m, ok := u.Get(metric.Key{Group: metric.Group(grp), Code: l.Code, Name: metric.Name("value1")})
			if !ok {
				row = append(row, "", "", "")
				continue
			}
			row = append(row, Signed(m.P5-m.Before), Signed(m.P50-m.Before), Signed(m.P95-m.Before))
		}
		if m, ok := u.Get(metric.Key{Group: metric.Group("imports_by_category"), Code: l.Code, Name: metric.Name("price_change_pct")}); ok {
			row = append(row, fmt.Sprintf("%s [%s, %s]", Pct(m.P50, 2), strings.TrimSuffix(Pct(m.P5, 2), "%"), strings.TrimSuffix(Pct(m.P95, 2), "%")))
		}
		g.Add(row...)
	}
	g.Write(w)

	p("\nWelfare by country, $ million: p50 [p5, p95]\n")
	g = &Grid{}
	g.Add("", "consumer surplus", "tariff revenue", "producer surplus", "welfare")
	cell := func(code, name string) string {
		m, _ := u.Get(metric.Key{Group: metric.Group("country"), Code: code, Name: metric.Name(name)})
		return fmt.Sprintf("%s [%s, %s]", Signed(m.P50), Signed(m.P5), Signed(m.P95))
	}
	for _, c := range r.Result.Countries {
		if c.Welfare == 0 && c.ConsumerSurplus == 0 && c.RevenueChange == 0 && c.ProducerSurplus == 0 {
			continue
		}
		name := c.Country
		if r.Baseline != nil {
			name = r.Baseline.CountryName(c.Country)
		}
		g.Add(name, cell(c.Country, "dCS"), cell(c.Country, "dR"), cell(c.Country, "dPS"), cell(c.Country, "welfare"))
	}
	g.Write(w)
}
