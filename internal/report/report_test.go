package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/chart/charttest"
	"github.com/tariffsim/tariffsim/internal/metric"
)

func sample(t testing.TB, o charttest.Options) (Report, []*chart.Chart) {
	res := charttest.Result(o)
	o.Retaliation = false
	only := charttest.Result(o)
	meta := chart.Meta{
		Scenario: "China 60% <& others 20%>", Version: "tariffsim 0.1.0", Baseline: "US ATP trade 2024",
		EstimatedShare: 0.37, Focus: "US", FocusName: "US",
		CountryName: charttest.CountryName, CategoryName: charttest.CategoryName,
	}
	charts, err := chart.Build(res, only, meta)
	if err != nil {
		t.Fatal(err)
	}
	h := HeadlineOf(metric.HeadlineOf(res, "US"), "US")
	if h.Imports0 == 0 {
		t.Fatal("no US imports in the result")
	}
	return Report{
		Version: "tariffsim 0.1.0",
		Scenario: Scenario{Name: meta.Scenario, Description: "US tariffs on advanced-technology goods and retaliation.",
			Measures: []string{"US: 60% on China", "China, EU, Canada: 25% on US exports"}, Sources: []string{"Federal Register 2025-1234"}},
		Baseline: Baseline{Name: "US ATP trade 2024", Description: "Census ATP by partner", EstimatedShare: 0.37,
			Sources: []string{"US Census Bureau, FT-900 exhibit 16"}},
		Assumptions: Assumptions{Model: chart.ModelName(res), Elasticities: chart.ElasticityRanges(res)},
		Headline:    h,
		Charts:      charts,
	}, charts
}

func TestWrite(t *testing.T) {
	r, charts := sample(t, charttest.Options{Tariff: 1, Retaliation: true})
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if dir := os.Getenv("REPORT_PREVIEW_DIR"); dir != "" {
		_ = os.WriteFile(dir+"/report.html", b.Bytes(), 0o644)
	}
	if !strings.HasPrefix(out, "<!DOCTYPE html>") {
		t.Error("no doctype")
	}
	for _, c := range charts {
		if !strings.Contains(out, `<figure id="`+c.Name+`">`) {
			t.Errorf("chart %s missing", c.Name)
		}
	}
	if n := strings.Count(out, "<svg "); n != len(charts) {
		t.Errorf("%d inline SVGs, want %d", n, len(charts))
	}
	if strings.Contains(out, "<?xml") {
		t.Error("XML prolog inside HTML")
	}
	for _, want := range []string{
		"37% of value estimated", "Source: tariffsim 0.1.0; baseline: US ATP trade 2024",
		"@font-face{font-family:\"Liberation Sans\";src:url(data:font/ttf;base64,",
		"China 60% &lt;&amp; others 20%&gt;", // escaped
		"FT-900 exhibit 16", "Net welfare", "60% on China",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// No network: nothing is loaded from elsewhere. (SVG namespace URIs
	// are names, not fetches.)
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|url\((["']?)(https?:)?//|@import`).FindString(out); m != "" {
		t.Errorf("external reference %q", m)
	}
	if strings.Contains(out, "<script") || strings.Contains(out, "<link") {
		t.Error("script or link element")
	}
	checkHTML(t, out)

	// Each table row count matches the chart's data.
	if got, want := strings.Count(out, "<tr class=\"total\">"), 1; got < want {
		t.Errorf("%d total rows", got)
	}
}

// checkHTML tokenises the page leniently and checks that the main
// elements open and close in order.
func checkHTML(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(s, "<!DOCTYPE html>")))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var stack []string
	tracked := map[string]bool{"html": true, "head": true, "body": true, "section": true, "figure": true,
		"table": true, "thead": true, "tbody": true, "svg": true, "header": true, "footer": true, "ul": true}
	count := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("HTML does not tokenise: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if tracked[e.Name.Local] {
				stack = append(stack, e.Name.Local)
				count[e.Name.Local]++
			}
		case xml.EndElement:
			if tracked[e.Name.Local] {
				if len(stack) == 0 || stack[len(stack)-1] != e.Name.Local {
					t.Fatalf("</%s> closes %v", e.Name.Local, stack)
				}
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed: %v", stack)
	}
	if count["html"] != 1 || count["body"] != 1 || count["section"] < 5 || count["table"] < 7-strings.Count(s, "no pass-through") {
		t.Errorf("element counts %v", count)
	}
}

func TestWriteNoChange(t *testing.T) {
	r, _ := sample(t, charttest.Options{Tariff: 0, Retaliation: true})
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, b.String())
	if !strings.Contains(b.String(), "No change") {
		t.Error("no-change charts missing their message")
	}
}

func TestThousands(t *testing.T) {
	for v, want := range map[float64]string{1234567.89: "1,234,567.9", -12.34: "−12.3", 0: "0.0", -0.01: "0.0", 999.96: "1,000.0"} {
		if got := thousands(v); got != want {
			t.Errorf("thousands(%v) = %q, want %q", v, got, want)
		}
	}
}

// A Monte Carlo run adds p5 and p95 columns to the headline and says how
// many draws, which seed and how many failed; a path adds the monthly
// section with its headline table.
func TestWriteUncertaintyAndPath(t *testing.T) {
	r, _ := sample(t, charttest.Options{Tariff: 1, Retaliation: true})
	r.Uncertainty = &Uncertainty{Draws: 12000, Failed: 3, Seed: 42, FirstError: "draw 17: no convergence",
		Imports: &Interval{-1500, -500}, Welfare: &Interval{-20, 4}}
	r.Path = &Path{Focus: "US", Assumptions: []string{"Adjustment: half-life 6 months"}, Measures: []string{"From 2025-02-04 — T01: 10% on China"},
		Months: []Month{
			{Month: "2025-01", Imports: 100, ImportsNoTariff: 100, Exports: 50, ExportsNoTariff: 50, Revenue: 2},
			{Month: "2025-02", Imports: 90, ImportsNoTariff: 100, Exports: 49, ExportsNoTariff: 50, Revenue: 9},
		}}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkHTML(t, out)
	for _, want := range []string{
		`<th scope="col">Change p5</th><th scope="col">Change p95</th>`,
		"<td>−$1.5B</td><td>−$500M</td>", "<td>−$20M</td><td>&#43;$4M</td>",
		"Monte Carlo: 12,000 draws over the uncertain elasticities, seed 42; 3 failed and are left out of the percentiles (first: draw 17: no convergence).",
		`<section id="path">`, "Month by month, Jan 2025 to Feb 2025", "half-life 6 months", "T01: 10% on China",
		`<th colspan="2" scope="colgroup">Imports</th>`,
		"<tr><td>Feb 2025</td><td>−10.0</td><td>−10%</td><td>−1.0</td><td>−2%</td><td>&#43;9.0</td><td>9.0</td><td>10.0%</td></tr>",
		`<tr class="total"><td>Total</td><td>−10.0</td><td>−5%</td>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Rows without an interval leave the cells empty.
	if !regexp.MustCompile(`<tr><td>Producer surplus</td><td></td><td></td><td>[^<]+</td><td></td><td></td><td></td></tr>`).MatchString(out) {
		t.Error("producer surplus row without interval")
	}
	if strings.Contains(out, "<script") || strings.Contains(out, "<link") || strings.Contains(out, `src="http`) {
		t.Error("script, link or external source")
	}
}
