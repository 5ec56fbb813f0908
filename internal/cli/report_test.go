package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readReport reads a report and checks that it loads nothing from the
// network.
func readReport(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	for _, bad := range []string{`src="http`, "<link", "<script", "@import", "url(http"} {
		if strings.Contains(html, bad) {
			t.Errorf("report has %q: it must open with no network", bad)
		}
	}
	return html
}

// A scenario with a [timeline]: 'report' and 'run --report' both add the
// month-by-month section, with the three time-path charts inline, the
// tables behind them and the monthly headline table.
func TestReport2025Path(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.html")
	if stdout, stderr, code := runCLI(t, "report", "--out", path, "2025-as-it-happened"); code != 0 {
		t.Fatalf("report: exit %d: %s %s", code, stdout, stderr)
	}
	runDir := filepath.Join(dir, "run")
	if _, stderr, code := runCLI(t, "run", "--report", "--no-charts", "-q", "--out", runDir, "2025-as-it-happened"); code != 0 {
		t.Fatalf("run --report: exit %d: %s", code, stderr)
	}
	for _, p := range []string{path, filepath.Join(runDir, "report.html")} {
		html := readReport(t, p)
		for _, want := range []string{
			`<section id="path">`, "Month by month, Jan 2025 to Dec 2026", `href="#path"`,
			`<figure id="path-trade">`, `<figure id="path-imports-by-partner">`, `<figure id="path-tariff-revenue">`,
			`aria-label="US ATP trade by month, against the no-tariff path"`,
			"US ATP trade by month against the no-tariff path, and tariff revenue",
			"Imports, no tariffs ($M)", "China %", "Adjustment: half-life 12 months",
			"T13: reciprocal 125%", "measures in force on 2025-11-10",
		} {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
		// The monthly table: 24 months and a total, each month also in
		// the three chart tables.
		if n := strings.Count(html, "<tr><td>Jan 2025</td>"); n != 4 {
			t.Errorf("%s: Jan 2025 in %d table rows, want 4 (monthly table and three charts)", p, n)
		}
		if n := strings.Count(html, "<tr><td>Dec 2026</td>"); n != 4 {
			t.Errorf("%s: Dec 2026 in %d table rows, want 4", p, n)
		}
		if !regexp.MustCompile(`<tr class="total"><td>Total</td><td>−[0-9,]+\.[0-9]</td>`).MatchString(html) {
			t.Errorf("%s: no total row with an imports change in the monthly table", p)
		}
		// The path charts are inline SVG without their own fonts.
		i := strings.Index(html, `<figure id="path-trade">`)
		if i < 0 || !strings.Contains(html[i:i+2000], "<svg ") || strings.Contains(html[i:], "@font-face") {
			t.Errorf("%s: path chart not inlined as SVG without fonts", p)
		}
	}
}

// A scenario without a timeline has no monthly section.
func TestReportNoPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.html")
	if _, stderr, code := runCLI(t, "report", "--out", path, "us-canada-mexico-25"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	html := readReport(t, path)
	for _, bad := range []string{`id="path"`, "path-trade", "Change p5", "Monte Carlo"} {
		if strings.Contains(html, bad) {
			t.Errorf("report has %q", bad)
		}
	}
}

// run --draws N --report: the headline table has p5 and p95 columns on
// every row, and a sentence gives draws, seed and failed draws.
func TestReportDraws(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "run", "--draws", "30", "--seed", "7", "--report", "--no-charts", "-q", "--out", dir, "us-canada-mexico-25-uncertain"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	html := readReport(t, filepath.Join(dir, "report.html"))
	i, j := strings.Index(html, `<table class="headline">`), strings.Index(html, `<section id="scenario">`)
	if i < 0 || j < i {
		t.Fatal("no headline table")
	}
	head := html[i:j]
	for _, want := range []string{`<th scope="col">Change p5</th><th scope="col">Change p95</th>`,
		"Monte Carlo: 30 draws over σ, η, exempt shares and the baseline split (correlation 0.8 within each kind), seed 7; 0 failed.", "5th and 95th percentiles", "Hyndman-Fan"} {
		if !strings.Contains(head, want) {
			t.Errorf("headline lacks %q", want)
		}
	}
	// Every row has seven cells, p5 and p95 filled with money.
	rows := regexp.MustCompile(`(?s)<tr(?: class="total")?><td>([^<]*)</td>(.*?)</tr>`).FindAllStringSubmatch(head, -1)
	// Seven rows, and one more for the domestic producers' surplus where
	// the baseline has domestic sales (no percentiles of its own: its
	// cells stay empty).
	if len(rows) != 8 || rows[6][1] != "Domestic producers&#39; surplus" {
		t.Fatalf("%d headline rows, want 8 with the domestic producers' surplus 7th", len(rows))
	}
	rows = append(rows[:6], rows[7])
	money := regexp.MustCompile(`^(&#43;|−)?\$[0-9.]+[KMBT]?$`) // html/template writes + as &#43;
	for _, r := range rows {
		cells := regexp.MustCompile(`<td>([^<]*)</td>`).FindAllStringSubmatch(r[2], -1)
		if len(cells) != 6 {
			t.Errorf("row %q: %d cells after the label, want 6", r[1], len(cells))
			continue
		}
		for _, c := range cells[4:] {
			if !money.MatchString(c[1]) {
				t.Errorf("row %q: p5/p95 cell %q", r[1], c[1])
			}
		}
	}
}
