package cli

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var svgTextRE = regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`)

// svgText is the text an SVG draws, one <text> per line.
func svgText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, m := range svgTextRE.FindAllStringSubmatch(string(b), -1) {
		lines = append(lines, html.UnescapeString(m[1]))
	}
	return strings.Join(lines, "\n")
}

// --title, --subtitle, --note and --size reach every chart file and the
// report, and the note is added to the source, never in its place.
func TestChartControls(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runCLI(t, "run", "-q", "--report", "--charts", "svg", "--out", dir,
		"--title", "Tariffs cut imports", "--subtitle", "Our analysis", "--note", "Chart: ACME Policy.",
		"--size", "social", "us-canada-mexico-25")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(files) < 5 {
		t.Fatalf("%d SVG files", len(files))
	}
	for _, f := range files {
		text := svgText(t, f)
		lines := strings.Split(text, "\n")
		if lines[0] != "Tariffs cut imports" || lines[1] != "Our analysis" {
			t.Errorf("%s: title and subtitle %q, %q", filepath.Base(f), lines[0], lines[1])
		}
		flat := strings.Join(lines, " ")
		src := strings.Index(flat, "Source: tariffsim ")
		note := strings.Index(flat, "Chart: ACME Policy.")
		if src < 0 || note < src {
			t.Errorf("%s: the note must follow the source note:\n%s", filepath.Base(f), text)
		}
		// The replaced subtitle moves into the note.
		if !strings.Contains(flat, "Scenario: US 25% on Canada and Mexico") {
			t.Errorf("%s: the scenario's name is gone:\n%s", filepath.Base(f), text)
		}
		b, _ := os.ReadFile(f)
		if !strings.Contains(string(b), `<svg width="480pt"`) {
			t.Errorf("%s: not the social size (480 pt)", filepath.Base(f))
		}
	}
	rep, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rep), "Chart: ACME Policy.") || !strings.Contains(string(rep), "Tariffs cut imports") {
		t.Error("report.html's charts lack the chart options")
	}
	// report takes them too; a bad size is refused before anything runs.
	_, stderr, code = runCLI(t, "report", "--size", "poster", "us-canada-mexico-25")
	if code != 2 || !strings.Contains(stderr, `unknown chart size "poster" (want print, slide, social)`) {
		t.Errorf("report --size poster: exit %d, %q", code, stderr)
	}
}

// -h prints the help and nothing else; a bad flag gets a pointer to it.
func TestHelpFlagHasNoPointer(t *testing.T) {
	stdout, stderr, code := runCLI(t, "run", "-h")
	if code != 0 || stderr != "" || strings.Contains(stdout, "for usage") {
		t.Errorf("run -h: exit %d, stderr %q, stdout ends %q", code, stderr, stdout[max(0, len(stdout)-80):])
	}
	_, stderr, code = runCLI(t, "run", "--bogus")
	if code != 2 || !strings.Contains(stderr, "Run 'tariffsim run -h' for usage.") {
		t.Errorf("run --bogus: exit %d, %q", code, stderr)
	}
}

// The compare legend names each scenario in full: two shipped scenarios
// whose names differ only at the end stay apart.
func TestCompareLegendInFull(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runCLI(t, "compare", "-q", "--charts", "svg", "--out", dir, "us-canada-mexico-25", "us-canada-mexico-25-retaliation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	text := svgText(t, filepath.Join(dir, "compare-balance-by-partner.svg"))
	for _, want := range []string{
		"A: US 25% on Canada and Mexico (USMCA goods exempt, claim shares of 2025)\n",
		"B: US 25% on Canada and Mexico (USMCA goods exempt, claim shares of 2025), with Canada's retaliation\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("legend lacks %q:\n%s", want, text)
		}
	}
}
