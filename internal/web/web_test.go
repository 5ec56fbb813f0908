package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// atp is parsed once: every test server shares it read-only, as the real
// server does.
var atp = baseline.ATP2024()

func newHandler(t testing.TB, opt Options) http.Handler {
	t.Helper()
	if opt.Baseline == nil {
		opt.Baseline = atp
	}
	opt.Version = "test"
	h, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func newServer(t testing.TB, opt Options) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(newHandler(t, opt))
	t.Cleanup(srv.Close)
	return srv
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t testing.TB, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirect.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

const validTOML = `name = "Pasted test"
[[tariff]]
by = "US"
on = ["CN"]
rate = "20%"
`

// badTOML has an unknown country on line 4 and an unknown key on line 6.
const badTOML = `name = "Broken"
[[tariff]]
by = "US"
on = ["XX"]
rate = "20%"
rat = "3%"
`

func srcParam(src string) string { return "src=" + encodeSource([]byte(src)) }

func TestHandlers(t *testing.T) {
	srv := newServer(t, Options{})
	huge := strings.Repeat("a", maxQuery+1)
	for _, tc := range []struct {
		name, path string
		status     int
		ctype      string
		want       []string // substrings of the body
		not        []string
	}{
		{"default page", "/", 200, "text/html", []string{"<svg", "US imports", `aria-current="page"`, "USMCA", `<label for="m-t0-rate">`, "Download this chart: <a", "as written: 25%, 90% exempt"}, []string{"Problem:"}},
		{"shipped by name", "/?s=china-2025-04-peak", 200, "text/html", []string{"US–China at the April 2025 peak", "<svg", `name="s" value="china-2025-04-peak"`}, nil},
		{"edited rate", "/?t1.rate=60", 200, "text/html", []string{`value="60"`, `data-url="/?t1.rate=60"`}, nil},
		{"elasticity override", "/?set=sigma&sigma=3", 200, "text/html", []string{`id="e-sigma-set" name="set" value="sigma" checked`, "Model: exact CES Armington PE, bilateral supply; σ 3.0, η"}, nil},
		{"category override by alias", "/?set=sigma.04&sigma.04=9.5", 200, "text/html", []string{`data-url="/?set=sigma.ict&amp;sigma.ict=9.5"`, "<details open>"}, nil},
		{"date", "/?s=china-2025-04-peak&at=2025-04-09", 200, "text/html", []string{"Measures in force on 2025-04-09", "84%"}, nil},
		{"pasted", "/?" + srcParam(validTOML), 200, "text/html", []string{"Pasted test", "<svg", `name="src"`}, nil},
		{"unknown scenario", "/?s=nope", 404, "text/html", []string{"no shipped scenario &#34;nope&#34;"}, []string{"<svg"}},
		{"bad number", "/?t0.rate=abc", 400, "text/html", []string{"t0.rate = &#34;abc&#34; is not a percent"}, nil},
		{"rate out of range", "/?t0.rate=5000", 400, "text/html", []string{"want a percent from -100 to 1000"}, nil},
		{"exempt out of range", "/?t0.exempt=101", 400, "text/html", []string{"from 0 to 100"}, nil},
		{"no such measure", "/?t9.rate=5", 400, "text/html", []string{"the scenario has 7 tariff measure(s)"}, nil},
		{"no such retaliation", "/?s=us-canada-mexico-25&r0.rate=5", 400, "text/html", []string{"0 retaliation measure(s)"}, nil},
		{"unknown parameter", "/?bogus=1", 400, "text/html", []string{"unknown parameter &#34;bogus&#34;"}, nil},
		{"unknown category", "/?set=sigma.xx&sigma.xx=2", 400, "text/html", []string{"not an elasticity"}, nil},
		{"set without value", "/?set=sigma", 400, "text/html", []string{"no sigma value"}, nil},
		{"sigma zero", "/?set=sigma&sigma=0", 400, "text/html", []string{"σ must be &gt; 0"}, nil},
		{"NaN", "/?set=eta&eta=NaN", 400, "text/html", []string{"is not a number"}, nil},
		{"repeated", "/?s=a&s=b", 400, "text/html", []string{"given 2 times"}, nil},
		{"both s and src", "/?s=china-2025-04-peak&" + srcParam(validTOML), 400, "text/html", []string{"not both"}, nil},
		{"bad date", "/?at=2025-13-01", 400, "text/html", []string{"want a date"}, nil},
		{"bad src", "/?src=***", 400, "text/html", []string{"not a scenario link"}, nil},
		{"src not deflate", "/?src=aGVsbG8", 400, "text/html", []string{"not a scenario link"}, nil},
		{"invalid scenario", "/?" + srcParam(badTOML), 422, "text/html", []string{
			`<a href="#L4">line 4</a>`, `<tr id="L4" class="bad">`, "unknown country", `<tr id="L6" class="bad">`, `did you mean &#34;rate&#34;?`,
			"<textarea", "Broken"}, []string{"<svg"}},
		// The TOML parser reports this one on the line after the bracket, and
		// shows the lines before it with a caret.
		{"syntax error", "/?" + srcParam("name = \"x\"\n[[tariff]\n"), 422, "text/html", []string{`<tr id="L3" class="bad">`, "<pre>", "2 | [[tariff]"}, nil},
		{"fragment", "/results?t1.rate=60", 200, "text/html", []string{`<div class="results" data-url="/?t1.rate=60"`, "<svg", "/download/scenario.toml?t1.rate=60"}, []string{"<html", "<form"}},
		{"fragment error", "/results?s=nope", 404, "text/html", []string{`role="alert"`, "no shipped scenario"}, []string{"<html"}},
		{"health", "/healthz", 200, "text/plain", []string{"ok"}, nil},
		{"script", "/static/app.js", 200, "text/javascript", []string{"replaceState"}, nil},
		{"style", "/static/style.css", 200, "text/css", []string{"@font-face", "/static/LiberationSans-Regular.ttf"}, nil},
		{"font", "/static/LiberationSans-Regular.ttf", 200, "font/ttf", nil, nil},
		{"no listing", "/static/", 404, "text/plain", nil, []string{"app.js"}},
		{"no page", "/etc/passwd", 404, "text/plain", []string{"no such page"}, nil},
		// ServeMux cleans the path and redirects; /go.mod is then no page.
		{"traversal", "/static/../../go.mod", 307, "text/html", []string{`href="/go.mod"`}, []string{"module"}},
		{"traversal, cleaned", "/go.mod", 404, "text/plain", nil, []string{"module"}},
		{"download unknown", "/download/secrets.txt", 404, "text/plain", []string{"no download"}, nil},
		{"chart unknown", "/download/chart/nope.svg", 404, "text/plain", []string{"has no chart", "imports-by-partner"}, nil},
		{"chart bad ext", "/download/chart/imports-by-partner.gif", 404, "text/plain", []string{"want NAME.svg"}, nil},
		{"download bad input", "/download/results.json?t0.rate=x", 400, "text/plain", []string{"is not a percent"}, nil},
		{"query too long", "/?s=" + huge, 414, "text/plain", []string{"too long"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d; body:\n%.600s", resp.StatusCode, tc.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %s", ct, tc.ctype)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%.1500s", w, body)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("body has %q", n)
				}
			}
			if strings.HasPrefix(tc.ctype, "text/html") {
				if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
					t.Errorf("CSP %q", csp)
				}
				// Nothing may load from elsewhere: no attribute or CSS url
				// points off the server (scenario text may quote addresses).
				if m := externalRE.FindString(body); m != "" {
					t.Errorf("page loads an external resource: %s", m)
				}
			}
		})
	}
}

var externalRE = regexp.MustCompile(`(?i)(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import`)

// headlineImportsAfter extracts the "after" figure of the imports row.
var importsRE = regexp.MustCompile(`<tr><th scope="row">US imports</th><td>([^<]+)</td><td>([^<]+)</td>`)

func importsAfter(t *testing.T, body string) string {
	t.Helper()
	m := importsRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no imports row in:\n%.2000s", body)
	}
	return m[2]
}

// TestEditsChangeResults checks that each kind of control moves the
// numbers, and in the direction economics says.
func TestEditsChangeResults(t *testing.T) {
	srv := newServer(t, Options{})
	_, base := get(t, srv, "/results")
	ref := importsAfter(t, base)
	parse := func(s string) float64 {
		s = strings.NewReplacer(",", "", "−", "-").Replace(s)
		var f float64
		if _, err := fmt.Sscan(s, &f); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return f
	}
	for _, tc := range []struct {
		query string
		lower bool // imports fall further than in the scenario as written
		// either: the direction depends on the elasticities. With exempt
		// shares as separate varieties a higher rate shrinks the paying
		// piece (imports fall) but moves spending to untaxed goods (imports
		// at world prices rise); which wins depends on σ against η.
		either bool
	}{
		{"t1.rate=60", false, true},
		{"t1.exempt=0", true, false},
		{"t1.rate=0&t3.rate=0", false, false},
		// Easier substitution lets buyers switch to untaxed suppliers, so
		// the import price index rises less and total imports fall less.
		{"set=sigma&sigma=12", false, false},
		{"set=sigma.ict&sigma.ict=15", false, false},
		{"set=eta&eta=3", true, false},
	} {
		_, body := get(t, srv, "/results?"+tc.query)
		got := importsAfter(t, body)
		if got == ref {
			t.Errorf("%s: imports after %s, unchanged", tc.query, got)
			continue
		}
		if lower := parse(got) < parse(ref); lower != tc.lower && !tc.either {
			t.Errorf("%s: imports after %s vs %s as written; want lower=%v", tc.query, got, ref, tc.lower)
		}
	}
}

// formValues reads the controls form of a page as a browser would submit
// it with JavaScript off: every hidden, date, number and range input, the
// ticked checkboxes, and each select's selected option.
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	start := strings.Index(page, `<form id="controls"`)
	end := strings.Index(page[start:], "</form>")
	if start < 0 || end < 0 {
		t.Fatal("no controls form")
	}
	form := page[start : start+end]
	q := url.Values{}
	attr := func(tag, name string) string {
		m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return ""
		}
		return strings.ReplaceAll(m[1], "&amp;", "&")
	}
	for _, tag := range regexp.MustCompile(`<input [^>]*>`).FindAllString(form, -1) {
		typ := attr(tag, "type")
		if typ == "checkbox" && !strings.Contains(tag, " checked") {
			continue
		}
		q.Add(attr(tag, "name"), attr(tag, "value"))
	}
	for _, m := range regexp.MustCompile(`(?s)<select [^>]*name="([^"]*)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		opts := regexp.MustCompile(`<option [^>]*>`).FindAllString(m[2], -1)
		if len(opts) == 0 {
			continue
		}
		pick := opts[0] // a browser sends the first option when none is selected
		for _, o := range opts {
			if strings.Contains(o, " selected") {
				pick = o
			}
		}
		q.Add(m[1], attr(pick, "value"))
	}
	return q
}

// TestFormWithoutJavaScript submits the page's own form as a browser with
// scripts off would: untouched, it must show the same state (no slider
// snaps a value), and with one slider moved, that change.
func TestFormWithoutJavaScript(t *testing.T) {
	srv := newServer(t, Options{})
	for _, start := range []string{"/", "/?s=china-2025-04-peak", "/?s=reciprocal-2025-08", "/?set=eps&eps=2", "/?" + srcParam(validTOML)} {
		_, page := get(t, srv, start)
		q := formValues(t, page)
		resp, again := get(t, srv, "/?"+q.Encode())
		if resp.StatusCode != 200 {
			t.Fatalf("%s: resubmitted form: %d\n%.800s", start, resp.StatusCode, again)
		}
		if a, b := importsAfter(t, page), importsAfter(t, again); a != b {
			t.Errorf("%s: untouched form changed imports from %s to %s (query %s)", start, a, b, q.Encode())
		}
		wantURL := regexp.MustCompile(`data-url="([^"]*)"`).FindStringSubmatch(page)[1]
		gotURL := regexp.MustCompile(`data-url="([^"]*)"`).FindStringSubmatch(again)[1]
		if gotURL != wantURL {
			t.Errorf("%s: canonical link %s after resubmitting, want %s", start, gotURL, wantURL)
		}
	}
	_, page := get(t, srv, "/")
	q := formValues(t, page)
	q.Set("t1.rate", "90")
	_, moved := get(t, srv, "/?"+q.Encode())
	if importsAfter(t, moved) == importsAfter(t, page) {
		t.Error("moving t1.rate to 90 did not change imports")
	}
	if !strings.Contains(moved, `data-url="/?t1.rate=90"`) {
		t.Error("canonical link does not carry exactly the change")
	}
}

func TestDownloads(t *testing.T) {
	srv := newServer(t, Options{})
	const q = "?t1.rate=60&set=sigma&sigma=7"
	for _, tc := range []struct {
		path, ctype, file string
		check             func(t *testing.T, body string)
	}{
		{"/download/scenario.toml", "application/toml", "us-canada-mexico-25-retaliation-edited.toml", func(t *testing.T, body string) {
			sc, err := scenario.Validate([]byte(body), "download.toml", atp)
			if err != nil {
				t.Fatalf("downloaded TOML does not validate: %v\n%s", err, body)
			}
			if sc.Tariffs[1].Rate != 60 || sc.Tariffs[0].Rate != 25 {
				t.Errorf("rates %v, %v; want 25, 60", sc.Tariffs[0].Rate, sc.Tariffs[1].Rate)
			}
			if e := sc.Elasticities.Default.Substitution; !e.IsSet() || e.Value() != 7 {
				t.Errorf("σ %v, want 7", e)
			}
		}},
		{"/download/results.json", "application/json", "us-canada-mexico-25-retaliation-edited-results.json", func(t *testing.T, body string) {
			var doc map[string]any
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc) == 0 {
				t.Error("empty JSON document")
			}
		}},
		{"/download/flows.csv", "text/csv", "us-canada-mexico-25-retaliation-edited-flows.csv", func(t *testing.T, body string) {
			if !strings.HasPrefix(body, "importer,exporter,category,") || strings.Count(body, "\n") < 100 {
				t.Errorf("flows.csv: %.200s", body)
			}
		}},
		{"/download/countries.csv", "text/csv", "", func(t *testing.T, body string) {
			if !strings.HasPrefix(body, "country,name,") {
				t.Errorf("countries.csv: %.200s", body)
			}
		}},
		{"/download/report.html", "text/html", "us-canada-mexico-25-retaliation-edited-report.html", func(t *testing.T, body string) {
			if !strings.Contains(body, "<!DOCTYPE html>") || !strings.Contains(body, "<svg") {
				t.Errorf("report: %.200s", body)
			}
		}},
		{"/download/chart/imports-by-partner.svg", "image/svg+xml", "us-canada-mexico-25-retaliation-imports-by-partner.svg", func(t *testing.T, body string) {
			if !strings.Contains(body, "<svg") || !strings.Contains(body, "@font-face") {
				t.Errorf("standalone SVG should embed its font: %.200s", body)
			}
		}},
		{"/download/chart/imports-by-partner.png", "image/png", "", func(t *testing.T, body string) {
			if !strings.HasPrefix(body, "\x89PNG\r\n") {
				t.Error("not a PNG")
			}
		}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := get(t, srv, tc.path+q)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %s", ct, tc.ctype)
			}
			cd := resp.Header.Get("Content-Disposition")
			if !strings.HasPrefix(cd, "attachment") || (tc.file != "" && !strings.Contains(cd, tc.file)) {
				t.Errorf("Content-Disposition %q, want attachment %s", cd, tc.file)
			}
			tc.check(t, body)
		})
	}
}

// TestDownloadedScenarioReproduces: the edited TOML, loaded back as a
// pasted scenario, gives the numbers the page showed.
func TestDownloadedScenarioReproduces(t *testing.T) {
	srv := newServer(t, Options{})
	const q = "?t1.rate=60&t3.exempt=10&set=eta&eta=2&set=sigma.ict&sigma.ict=11"
	_, page := get(t, srv, "/"+q)
	_, toml := get(t, srv, "/download/scenario.toml"+q)
	resp, err := noRedirect.PostForm(srv.URL+"/load", url.Values{"toml": {toml}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /load: %s", resp.Status)
	}
	_, again := get(t, srv, resp.Header.Get("Location"))
	if a, b := importsAfter(t, page), importsAfter(t, again); a != b {
		t.Errorf("edited page shows imports %s, its downloaded scenario %s", a, b)
	}
}

func TestLoad(t *testing.T) {
	srv := newServer(t, Options{MaxSource: 4 << 10})
	multipartBody := func(field, filename, content string) (*bytes.Buffer, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		if filename != "" {
			fw, _ := mw.CreateFormFile(field, filename)
			fw.Write([]byte(content))
		} else {
			mw.WriteField(field, content)
		}
		mw.Close()
		return &b, mw.FormDataContentType()
	}
	post := func(body io.Reader, ctype string) (*http.Response, string) {
		resp, err := noRedirect.Post(srv.URL+"/load", ctype, body)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, tc := range []struct {
		name   string
		body   func() (io.Reader, string)
		status int
		want   string
	}{
		{"pasted", func() (io.Reader, string) {
			return strings.NewReader(url.Values{"toml": {validTOML}}.Encode()), "application/x-www-form-urlencoded"
		}, 303, "/?src="},
		{"uploaded", func() (io.Reader, string) { return multipartBody("file", "my.toml", validTOML) }, 303, "/?src="},
		{"textarea in multipart", func() (io.Reader, string) { return multipartBody("toml", "", validTOML) }, 303, "/?src="},
		{"empty", func() (io.Reader, string) {
			return strings.NewReader("toml=++"), "application/x-www-form-urlencoded"
		}, 400, "paste a scenario"},
		{"over the source limit", func() (io.Reader, string) {
			return multipartBody("file", "big.toml", validTOML+"# "+strings.Repeat("x", 5<<10)+"\n")
		}, 413, "too large"},
		{"over the body limit", func() (io.Reader, string) {
			return strings.NewReader("toml=" + strings.Repeat("x", 64<<10)), "application/x-www-form-urlencoded"
		}, 413, "too large"},
		{"garbage multipart", func() (io.Reader, string) {
			return strings.NewReader("--x\r\nnonsense"), "multipart/form-data; boundary=x"
		}, 400, "could not read the form"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := post(tc.body())
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %.500s", resp.StatusCode, tc.status, body)
			}
			if tc.status == 303 {
				loc := resp.Header.Get("Location")
				if !strings.HasPrefix(loc, tc.want) {
					t.Fatalf("Location %q", loc)
				}
				r2, page := get(t, srv, loc)
				if r2.StatusCode != 200 || !strings.Contains(page, "Pasted test") {
					t.Errorf("following the redirect: %d %.300s", r2.StatusCode, page)
				}
			} else if !strings.Contains(body, tc.want) {
				t.Errorf("body lacks %q: %.800s", tc.want, body)
			}
		})
	}
	resp, _ := get(t, srv, "/load")
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /load: %d, want 405", resp.StatusCode)
	}
}

func TestSourceInLinkLimits(t *testing.T) {
	srv := newServer(t, Options{MaxSource: 4 << 10})
	// A link that inflates beyond the limit is refused, however small.
	bomb := encodeSource(bytes.Repeat([]byte("#"), 1<<20))
	if len(bomb) > 4<<10 {
		t.Fatalf("test bomb is %d bytes, want a small link", len(bomb))
	}
	resp, body := get(t, srv, "/?src="+bomb)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "limit") {
		t.Errorf("inflating link: %d %.300s", resp.StatusCode, body)
	}
	// Too many measures.
	var b strings.Builder
	b.WriteString("name = \"many\"\n")
	for range 65 {
		b.WriteString("[[tariff]]\nby = \"US\"\non = \"CN\"\nrate = \"1%\"\n")
	}
	srv2 := newServer(t, Options{})
	resp, body = get(t, srv2, "/?"+srcParam(b.String()))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at most 64") {
		t.Errorf("65 measures: %d %.300s", resp.StatusCode, body)
	}
}

func TestSourceRoundTrip(t *testing.T) {
	for _, s := range []string{"", "x", validTOML, strings.Repeat("é≠\x00", 1000)} {
		got, err := decodeSource(encodeSource([]byte(s)), 1<<20)
		if err != nil || string(got) != s {
			t.Errorf("round trip of %d bytes: %v", len(s), err)
		}
	}
}

// TestAnnotateLongSource: a long file shows only lines near its problems.
func TestAnnotateLongSource(t *testing.T) {
	src := strings.Repeat("# filler\n", 1000) + "bad\n" + strings.Repeat("# filler\n", 1000)
	sv := annotate([]byte(src), []*scenario.Error{{Line: 1001, Msg: "boom"}, {Line: 0, Msg: "global"}, {Line: 99999, Msg: "beyond"}})
	if len(sv.Lines) != 7 || sv.Lines[0].N != 998 || !sv.Lines[0].Gap || len(sv.Lines[3].Errs) != 1 {
		t.Errorf("lines %+v", sv.Lines)
	}
	if len(sv.Errors) != 3 || sv.Errors[2].Line != 0 {
		t.Errorf("errors %+v", sv.Errors)
	}
}

// TestRecover: a panicking handler costs its request a 500, logged, and
// the next request is served.
func TestRecover(t *testing.T) {
	var logBuf bytes.Buffer
	s := &server{log: slog.New(slog.NewTextHandler(&logBuf, nil))}
	calls := 0
	h := s.recoverer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			panic("boom")
		}
		io.WriteString(w, "fine")
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	for i, want := range []int{500, 200} {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("request %d: %d, want %d", i, resp.StatusCode, want)
		}
	}
	if !strings.Contains(logBuf.String(), "boom") {
		t.Errorf("panic not logged: %s", logBuf.String())
	}
}

// TestTimeout: a request that overruns gets 503 with a message.
func TestTimeout(t *testing.T) {
	srv := newServer(t, Options{Timeout: 1})
	resp, body := get(t, srv, "/")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "too long") {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
}

func testLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// A [timeline] scenario shows its monthly path: the three path charts,
// each downloadable, and the table of months.
func TestTimelinePath(t *testing.T) {
	srv := newServer(t, Options{})
	body := getOK(t, srv, "/results?s=2025-as-it-happened")
	for _, want := range []string{`id="path-h"`, `<table class="months">`, "Jan 2025", "Total",
		`id="chart-path-trade"`, `id="chart-path-imports-by-partner"`, `id="chart-path-tariff-revenue"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the results lack %q", want)
		}
	}
	if svg := getOK(t, srv, "/download/chart/path-trade.svg?s=2025-as-it-happened"); !strings.Contains(svg, "<svg") {
		t.Errorf("path chart download: %.200s", svg)
	}
	// A scenario without a timeline has none.
	if body := getOK(t, srv, "/results?s=us-canada-mexico-25"); strings.Contains(body, `id="path-h"`) {
		t.Error("a scenario without [timeline] shows a path")
	}
}

func getOK(t *testing.T, srv *httptest.Server, path string) string {
	t.Helper()
	resp, body := get(t, srv, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", path, resp.StatusCode, body)
	}
	return body
}
