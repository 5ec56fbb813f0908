package chart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
	"github.com/tariffsim/tariffsim/model"
)

func build(t *testing.T, o charttest.Options, split bool) (*model.Result, *model.Result, map[string]*Chart) {
	t.Helper()
	res := charttest.Result(o)
	var only *model.Result
	if split {
		o.Retaliation = false
		only = charttest.Result(o)
	}
	cs, err := Build(res, only, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*Chart{}
	for _, c := range cs {
		if m[c.Name] != nil {
			t.Fatalf("duplicate chart name %q", c.Name)
		}
		m[c.Name] = c
	}
	return res, only, m
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b)) }

// rowsByCode indexes t.All by code.
func rowsByCode(t *testing.T, tb Table) map[string]Row {
	t.Helper()
	m := map[string]Row{}
	for _, r := range tb.All {
		if _, dup := m[r.Code]; dup {
			t.Fatalf("row %q twice", r.Code)
		}
		m[r.Code] = r
	}
	return m
}

// checkFolded checks that every plotted row is a row of All or the sum of
// the rows it names, and that the plotted rows with any left-off ones make
// up the total.
func checkFolded(t *testing.T, name string, tb Table, sumCols ...int) {
	t.Helper()
	by := rowsByCode(t, tb)
	seen := map[string]bool{}
	for _, r := range tb.Rows {
		members := r.Members
		if r.Code != "" {
			members = []string{r.Code}
		}
		for _, j := range sumCols {
			s := 0.0
			for _, c := range members {
				s += by[c].Values[j]
			}
			if !near(s, r.Values[j]) {
				t.Errorf("%s row %q col %d: %v, members sum to %v", name, r.Label, j, r.Values[j], s)
			}
		}
		for _, c := range members {
			if seen[c] {
				t.Errorf("%s: %s plotted twice", name, c)
			}
			seen[c] = true
		}
	}
	if len(tb.Rows) > maxRows+1 {
		t.Errorf("%s: %d rows plotted", name, len(tb.Rows))
	}
}

func TestPartnerData(t *testing.T) {
	res, only, charts := build(t, charttest.Options{Tariff: 1, Retaliation: true}, true)
	for _, side := range []struct {
		chart string
		key   func(f model.FlowResult) string
	}{
		{"imports-by-partner", func(f model.FlowResult) string {
			if f.Importer == "US" {
				return f.Exporter
			}
			return ""
		}},
		{"exports-by-partner", func(f model.FlowResult) string {
			if f.Exporter == "US" {
				return f.Importer
			}
			return ""
		}},
	} {
		tb := charts[side.chart].Data
		v0, v1, o1 := map[string]float64{}, map[string]float64{}, map[string]float64{}
		var t0, t1 float64
		for i, f := range res.Flows {
			if k := side.key(f); k != "" {
				v0[k] += f.Value
				v1[k] += f.NewValue
				o1[k] += only.Flows[i].NewValue
				t0 += f.Value
				t1 += f.NewValue
			}
		}
		by := rowsByCode(t, tb)
		if len(by) != len(v0) {
			t.Errorf("%s: %d partners, want %d", side.chart, len(by), len(v0))
		}
		for k := range v0 {
			r := by[k]
			want := []float64{v0[k], v1[k], v1[k] - v0[k], 100 * (v1[k] - v0[k]) / v0[k], o1[k] - v0[k], v1[k] - o1[k]}
			for j, w := range want {
				if !near(r.Values[j], w) {
					t.Errorf("%s %s %s = %v, want %v", side.chart, k, tb.Columns[j].Name, r.Values[j], w)
				}
			}
		}
		if !near(tb.Total.Values[0], t0) || !near(tb.Total.Values[2], t1-t0) {
			t.Errorf("%s total %v, want %v → %v", side.chart, tb.Total.Values, t0, t1)
		}
		checkFolded(t, side.chart, tb, 0, 1, 2, 4, 5)
		for i := 1; i < len(tb.All); i++ {
			if math.Abs(tb.All[i].Values[2]) > math.Abs(tb.All[i-1].Values[2]) {
				t.Errorf("%s not sorted by size at %d", side.chart, i)
			}
		}
	}
	// 20 partners: 12 shown and "Other partners (8)".
	rows := charts["imports-by-partner"].Data.Rows
	if last := rows[len(rows)-1]; len(rows) != 13 || last.Code != "" || len(last.Members) != 8 {
		t.Errorf("imports: %d rows, last %q with %d members", len(rows), last.Label, len(last.Members))
	}
}

func TestCategoryBalanceWelfarePriceData(t *testing.T) {
	res, only, charts := build(t, charttest.Options{Tariff: 1, Retaliation: true}, true)
	us := res.Countries[0]
	for _, c := range res.Countries {
		if c.Country == "US" {
			us = c
		}
	}

	cat := charts["trade-by-category"].Data
	im, ex := map[string]float64{}, map[string]float64{}
	for _, f := range res.Flows {
		if f.Importer == "US" {
			im[f.Category] += f.NewValue - f.Value
		}
		if f.Exporter == "US" {
			ex[f.Category] += f.NewValue - f.Value
		}
	}
	for k, r := range rowsByCode(t, cat) {
		if !near(r.Values[2], im[k]) || !near(r.Values[6], ex[k]) {
			t.Errorf("category %s: %v %v, want %v %v", k, r.Values[2], r.Values[6], im[k], ex[k])
		}
	}
	if !near(cat.Total.Values[2], us.Imports1-us.Imports0) || !near(cat.Total.Values[6], us.Exports1-us.Exports0) {
		t.Errorf("category totals %v", cat.Total.Values)
	}
	checkFolded(t, "category", cat, 0, 1, 2, 4, 5, 6)

	bal := charts["balance-by-partner"].Data
	if !near(bal.Total.Values[0], us.Balance0()) || !near(bal.Total.Values[1], us.Balance1()) {
		t.Errorf("balance total %v, want %v → %v", bal.Total.Values, us.Balance0(), us.Balance1())
	}
	checkFolded(t, "balance", bal, 0, 1, 2)
	// The waterfall's total bar is the whole change.
	wf := charts["balance-by-partner"].bars.series[0]
	if got := wf.hi[len(wf.hi)-1] / charts["balance-by-partner"].bars.unit.perM; !near(got, us.Balance1()-us.Balance0()) {
		t.Errorf("waterfall total %v", got)
	}

	wel := charts["welfare-by-country"].Data
	onlyW := map[string]float64{}
	for _, c := range only.Countries {
		onlyW[c.Country] = c.Welfare
	}
	by := rowsByCode(t, wel)
	for _, c := range res.Countries {
		r := by[c.Country]
		want := []float64{c.ConsumerSurplus, c.RevenueChange, c.ProducerSurplus, c.Welfare, onlyW[c.Country], c.Welfare - onlyW[c.Country]}
		for j, w := range want {
			if !near(r.Values[j], w) {
				t.Errorf("welfare %s %s = %v, want %v", c.Country, wel.Columns[j].Name, r.Values[j], w)
			}
		}
	}
	if wel.Rows[0].Code != "US" {
		t.Errorf("focus country not first: %q", wel.Rows[0].Code)
	}
	checkFolded(t, "welfare", wel, 0, 1, 2, 3, 4, 5)

	pr := rowsByCode(t, charts["import-prices-by-category"].Data)
	for _, m := range res.Markets {
		if m.Importer == "US" && !near(pr[m.Category].Values[0], 100*(m.PriceIndexHat-1)) {
			t.Errorf("price %s = %v", m.Category, pr[m.Category].Values[0])
		}
	}
}

func TestPassThroughSkipsUnchangedTariffs(t *testing.T) {
	res := charttest.Result(charttest.Options{Tariff: 1, Partners: 4, Categories: 2})
	// Make one flow's pass-through undefined and make sure it is skipped,
	// and give one category no tariff change at all.
	for i := range res.Flows {
		f := &res.Flows[i]
		if f.Importer == "US" && f.Category == "life" {
			f.Tau, f.NewTariff, f.PassThrough = 1, f.Tariff, math.NaN()
		}
	}
	cs, err := Build(res, nil, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	var pt *Chart
	for _, c := range cs {
		if c.Name == "pass-through-by-category" {
			pt = c
		}
	}
	ws, w := 0.0, 0.0
	for _, f := range res.Flows {
		if f.Importer == "US" && f.Category == "bio" && f.Tau != 1 {
			ws += f.Value * f.PassThrough
			w += f.Value
		}
	}
	if len(pt.Data.Rows) != 1 || pt.Data.Rows[0].Code != "bio" {
		t.Fatalf("rows %+v, want bio only", pt.Data.Rows)
	}
	if got := pt.Data.Rows[0].Values[0]; !near(got, 100*ws/w) || math.IsNaN(got) {
		t.Errorf("pass-through %v, want %v", got, 100*ws/w)
	}
}

// renderAll renders c in every format and checks each output.
func checkRender(t *testing.T, c *Chart) {
	t.Helper()
	_, hpt := c.Size()
	for _, f := range []string{FormatPNG, FormatSVG, FormatSVGNoFonts, FormatPDF} {
		var b bytes.Buffer
		if err := c.Render(&b, f); err != nil {
			t.Fatalf("%s %s: %v", c.Name, f, err)
		}
		switch f {
		case FormatPNG:
			cfg, err := png.DecodeConfig(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			if _, err := png.Decode(bytes.NewReader(b.Bytes())); err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			wantH := int(math.Round(float64(hpt) / 72 * PNGDPI))
			if cfg.Width != 1800 || cfg.Width < 1600 || cfg.Height != wantH {
				t.Errorf("%s: PNG %d×%d, want 1800×%d", c.Name, cfg.Width, cfg.Height, wantH)
			}
		case FormatSVG, FormatSVGNoFonts:
			d := xml.NewDecoder(&b)
			texts := 0
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s %s: not well-formed XML: %v", c.Name, f, err)
				}
				if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "text" {
					texts++
				}
			}
			if texts < 4 {
				t.Errorf("%s %s: only %d text elements", c.Name, f, texts)
			}
		case FormatPDF:
			if !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) || b.Len() < 1000 {
				t.Errorf("%s: PDF of %d bytes starting %q", c.Name, b.Len(), b.Bytes()[:min(8, b.Len())])
			}
			if bytes.Contains(b.Bytes(), []byte("Bold")) {
				t.Errorf("%s: PDF uses a bold face", c.Name)
			}
		}
		if f == FormatSVG {
			// b was consumed by the decoder; render again to look.
			var b2 bytes.Buffer
			_ = c.Render(&b2, f)
			checkSVGFonts(t, c.Name, b2.Bytes())
		}
	}
}

func TestRenderFormats(t *testing.T) {
	for _, o := range []charttest.Options{
		{Tariff: 1, Retaliation: true},
		{Tariff: 1e-4, Retaliation: true},
		{Tariff: 0.5, Partners: 2, Categories: 1},
	} {
		_, _, charts := build(t, o, true)
		if len(charts) != 8 {
			t.Errorf("%d charts", len(charts))
		}
		for _, c := range charts {
			if !strings.Contains(c.Note, "37% of value estimated") || !strings.Contains(c.Note, "σ 6.0") {
				t.Errorf("%s note %q", c.Name, c.Note)
			}
			checkRender(t, c)
		}
	}
}

func TestNoChange(t *testing.T) {
	_, _, charts := build(t, charttest.Options{Tariff: 0, Retaliation: true}, true)
	for _, c := range charts {
		if c.bars.empty == "" || !strings.HasPrefix(c.bars.empty, "No ") {
			t.Errorf("%s: no-change run not flagged (%q)", c.Name, c.bars.empty)
		}
		checkRender(t, c)
	}
}

func TestConcurrentRender(t *testing.T) {
	_, _, charts := build(t, charttest.Options{Tariff: 1, Retaliation: true, Partners: 8, Categories: 4}, true)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			f := []string{FormatPNG, FormatSVG}[g%2]
			for _, c := range charts {
				if err := c.Render(io.Discard, f); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestWriteFiles(t *testing.T) {
	charts, err := Build(charttest.Result(charttest.Options{Tariff: 1, Partners: 5, Categories: 3}), nil, testMeta())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths, err := WriteFiles(dir, charts, []string{FormatPNG, FormatSVG, FormatPDF})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3*len(charts) {
		t.Errorf("%d paths", len(paths))
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "imports-by-partner.pdf")); err != nil || fi.Size() == 0 {
		t.Errorf("pdf: %v", err)
	}
	// A failing format leaves no file and no temporary.
	dir2 := t.TempDir()
	_, err = WriteFiles(dir2, charts[:1], []string{"gif"})
	if err == nil {
		t.Fatal("no error for an unknown format")
	}
	if ents, _ := os.ReadDir(dir2); len(ents) != 0 {
		t.Errorf("files left after a failure: %v", ents)
	}
}

func TestFormatting(t *testing.T) {
	for _, c := range []struct {
		m    float64
		plus bool
		want string
	}{
		{1234.5, false, "$1.2B"}, {-42, true, "−$42M"}, {0.25, false, "$250K"}, {12345, true, "+$12B"},
		{999.7, false, "$1B"}, {-337000, false, "−$337B"}, {2.5e6, false, "$2.5T"}, {0, true, "$0"},
	} {
		if got := Money(c.m, c.plus); got != c.want {
			t.Errorf("Money(%v) = %q, want %q", c.m, got, c.want)
		}
	}
	for _, c := range []struct {
		p    float64
		want string
	}{{3.42, "+3.4%"}, {-0.0523, "−0.052%"}, {12.3, "+12%"}, {0, "0%"}, {1e-9, "≈0%"}, {math.NaN(), "n/a"}} {
		if got := Pct(c.p, true); got != c.want {
			t.Errorf("Pct(%v) = %q, want %q", c.p, got, c.want)
		}
	}
	for _, r := range [][2]float64{{1.2e3, 1.5e3}, {-480, 62}, {0, 3e7}, {-0.004, 0.0011}, {0, 100}, {-97.3, 0}} {
		ts := moneyTicker(unitB).Ticks(r[0], r[1])
		if len(ts) < 4 || len(ts) > 8 {
			t.Errorf("%v: %d ticks", r, len(ts))
		}
		seen := map[string]bool{}
		for _, tk := range ts {
			if strings.ContainsAny(tk.Label, "e-") || seen[tk.Label] || tk.Value < r[0] || tk.Value > r[1] {
				t.Errorf("%v: bad tick %+v", r, tk)
			}
			seen[tk.Label] = true
		}
	}
}

// checkSVGFonts checks that an SVG chart is small, embeds no font, names
// the font with its fallbacks and fixes every string's width.
func checkSVGFonts(t *testing.T, name string, svg []byte) {
	t.Helper()
	if len(svg) > 100_000 {
		t.Errorf("%s: SVG is %d bytes", name, len(svg))
	}
	if bytes.Count(svg, []byte("@font-face{font-family:\"Liberation Sans\";")) != 1 {
		t.Errorf("%s: SVG does not embed its font subset once", name)
	}
	texts := bytes.Count(svg, []byte("<text "))
	if n := bytes.Count(svg, []byte("font-family:"+FontStack+";")); n != texts {
		t.Errorf("%s: %d of %d text elements name the font stack", name, n, texts)
	}
	if n := bytes.Count(svg, []byte(`" lengthAdjust="spacingAndGlyphs" `)); n != texts {
		t.Errorf("%s: %d of %d text elements have a textLength", name, n, texts)
	}
}
