package web

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var svgTextRE = regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`)

func svgWords(svg string) string {
	var out []string
	for _, m := range svgTextRE.FindAllStringSubmatch(svg, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return strings.Join(out, "\n")
}

// The link: a view with σ = 6 and Canada at 40% says so in its
// charts, page, report and scenario file.
func TestEditedViewIsMarked(t *testing.T) {
	srv := newServer(t, Options{})
	const edits = "set=sigma&sigma=6&t1.rate=40"
	const mark = "(edited: Canada 40%, σ = 6)"
	resp, body := get(t, srv, "/download/chart/imports-by-partner.svg?"+edits)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	text := svgWords(body)
	if lines := strings.Split(text, "\n"); len(lines) < 2 || !strings.HasSuffix(lines[1], mark) {
		t.Errorf("chart subtitle does not end %q:\n%s", mark, text)
	}
	resp, body = get(t, srv, "/download/chart/imports-by-partner.png?"+edits)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "\x89PNG") {
		t.Errorf("PNG: status %d", resp.StatusCode)
	}
	_, body = get(t, srv, "/download/report.html?"+edits)
	if m := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(body); m == nil || !strings.Contains(html.UnescapeString(m[1]), mark) {
		t.Errorf("report title %q lacks %q", m, mark)
	}
	_, body = get(t, srv, "/download/scenario.toml?"+edits)
	for _, want := range []string{`name = "US 25% on Canada and Mexico`, mark + `"`, `description = "Edited from the scenario as written: Canada 40%, σ = 6.`} {
		if !strings.Contains(body, want) {
			t.Errorf("scenario.toml lacks %q:\n%s", want, body[:min(len(body), 600)])
		}
	}
	_, body = get(t, srv, "/?"+edits)
	if !strings.Contains(body, "<strong>Edited:</strong> Canada 40%, σ = 6.") {
		t.Error("the page does not say it is edited")
	}
	// The panel t1.rate edits is labelled t1.
	if !regexp.MustCompile(`Tariff t1:`).MatchString(body) || strings.Contains(body, "Tariff 2") {
		t.Error(`the panel of t1 is not labelled "Tariff t1"`)
	}
	// The scenario as written is not marked, nor is a slider left at its
	// value.
	_, body = get(t, srv, "/download/chart/imports-by-partner.svg?t1.rate=25")
	if strings.Contains(body, "edited") {
		t.Errorf("an unchanged view is marked edited:\n%s", svgWords(body))
	}
}

// Input that would be ignored or out of the slider's range is not
// silent: an elasticity without its "set" box gets a note, a rate below
// the slider's minimum is refused, and one above its top widens it.
func TestIgnoredInputIsNoted(t *testing.T) {
	srv := newServer(t, Options{})
	const note = "sigma=6 ignored: add set=sigma to change σ"
	resp, body := get(t, srv, "/?sigma=6")
	if resp.StatusCode != 200 || !strings.Contains(body, note) {
		t.Errorf("/?sigma=6: status %d, no note %q", resp.StatusCode, note)
	}
	if _, body := get(t, srv, "/?set=sigma&sigma=6"); strings.Contains(body, "ignored") {
		t.Error("a set elasticity is noted as ignored")
	}
	// A form sends every slider at its value: no note then.
	_, page := get(t, srv, "/")
	m := regexp.MustCompile(`name="sigma" min="[^"]*" max="[^"]*" step="[^"]*" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no sigma slider on the page")
	}
	if _, body := get(t, srv, "/?sigma="+m[1]); strings.Contains(body, "ignored") {
		t.Errorf("the slider's own value %s is noted as ignored", m[1])
	}
	resp, body = get(t, srv, "/?t1.rate=-5")
	if resp.StatusCode != 400 || !strings.Contains(body, "t1.rate = -5%: below the slider&#39;s minimum, 0%") {
		t.Errorf("/?t1.rate=-5: status %d", resp.StatusCode)
	}
	resp, body = get(t, srv, "/download/scenario.toml?t1.rate=-5")
	if resp.StatusCode != 400 {
		t.Errorf("download with t1.rate=-5: status %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, srv, "/?t1.rate=450")
	if resp.StatusCode != 200 || !regexp.MustCompile(`name="t1.rate" min="0" max="450"`).MatchString(body) {
		t.Errorf("/?t1.rate=450: status %d, slider not widened", resp.StatusCode)
	}
	if resp, _ := get(t, srv, "/?t1.rate=1001"); resp.StatusCode != 400 {
		t.Errorf("/?t1.rate=1001 (above scenario.MaxRate): status %d", resp.StatusCode)
	}
}

// A date on which nothing is in force is noted on the page.
func TestPageShowsScenarioWarnings(t *testing.T) {
	srv := newServer(t, Options{})
	src := "name = \"Early\"\nat = 2024-01-01\n[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"20%\"\nstart = 2025-02-01\n"
	resp, body := get(t, srv, "/?"+srcParam(src))
	want := "at 2024-01-01 is before every measure&#39;s start (the first starts 2025-02-01): nothing is in force"
	if resp.StatusCode != 200 || !strings.Contains(body, want) {
		t.Errorf("status %d; the page lacks %q", resp.StatusCode, want)
	}
}

// The page gives the effective tariff rates and the balance's change in
// the one sign convention (+ for a deficit that shrinks).
func TestPageEffectiveRates(t *testing.T) {
	srv := newServer(t, Options{})
	_, body := get(t, srv, "/?s=us-canada-mexico-25")
	for _, want := range []string{
		`<p class="effective" id="effective-rate">Average effective tariff rate on US imports (duties ÷ value of imports): 1.7% before; 2.3% pre-substitution`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`US trade balance</th>(?:<td>[^<]*</td>){3}<td>([^<]*)</td>`).FindStringSubmatch(body); m == nil || m[1] != "&#43;1.05%" {
		t.Errorf("balance change %v, want +1.05%%", m)
	}
}

// results.xlsx is a download like the others, of the view as edited.
func TestDownloadWorkbook(t *testing.T) {
	srv := newServer(t, Options{})
	resp, body := get(t, srv, "/download/results.xlsx?set=sigma&sigma=6&t1.rate=40")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") ||
		resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "-edited-results.xlsx") {
		t.Fatalf("status %d, %q, %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Provenance", "B3"); !strings.HasSuffix(v, "(edited: Canada 40%, σ = 6)") {
		t.Errorf("Provenance scenario %q is not marked edited", v)
	}
	_, page := get(t, srv, "/")
	if !strings.Contains(page, `/download/results.xlsx`) {
		t.Error("the page does not offer results.xlsx")
	}
}
