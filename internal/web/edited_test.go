package web

import (
	"html"
	"regexp"
	"strings"
	"testing"
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
	// The scenario as written is not marked, nor is a slider left at its
	// value.
	_, body = get(t, srv, "/download/chart/imports-by-partner.svg?t1.rate=25")
	if strings.Contains(body, "edited") {
		t.Errorf("an unchanged view is marked edited:\n%s", svgWords(body))
	}
}
