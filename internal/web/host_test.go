package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/scenario"
)

func TestHostRule(t *testing.T) {
	for _, tc := range []struct {
		addr  string
		allow []string
		host  string
		want  bool
	}{
		// Loopback listen address: the loopback names on its port.
		{"127.0.0.1:8080", nil, "127.0.0.1:8080", true},
		{"127.0.0.1:8080", nil, "localhost:8080", true},
		{"127.0.0.1:8080", nil, "LOCALHOST:8080", true},
		{"127.0.0.1:8080", nil, "[::1]:8080", true},
		{"127.0.0.1:8080", nil, "127.0.0.2:8080", true},
		{"127.0.0.1:8080", nil, "evil.example:8080", false}, // DNS rebinding
		{"127.0.0.1:8080", nil, "localhost.evil.example:8080", false},
		{"127.0.0.1:8080", nil, "localhost.:8080", false},
		{"127.0.0.1:8080", nil, "127.0.0.1:9090", false},
		{"127.0.0.1:8080", nil, "127.0.0.1", false}, // port 80
		{"127.0.0.1:8080", nil, "192.168.1.5:8080", false},
		{"127.0.0.1:8080", nil, "", false},
		{"127.0.0.1:8080", nil, "::1:8080", false},
		{"127.0.0.1:80", nil, "localhost", true},
		{"[::1]:8080", nil, "[::1]:8080", true},
		{"[::1]:8080", nil, "localhost:8080", true},
		{"localhost:8080", nil, "127.0.0.1:8080", true},
		// A specific address: that address.
		{"192.168.1.5:8080", nil, "192.168.1.5:8080", true},
		{"192.168.1.5:8080", nil, "127.0.0.1:8080", false},
		{"192.168.1.5:8080", nil, "mybox.local:8080", false},
		// All interfaces: any IP literal and localhost, no names.
		{"0.0.0.0:8080", nil, "10.0.0.7:8080", true},
		{"[::]:8080", nil, "[fe80::1]:8080", true},
		{"[::]:8080", nil, "localhost:8080", true},
		{"0.0.0.0:8080", nil, "mybox.local:8080", false},
		{"0.0.0.0:8080", nil, "10.0.0.7:8081", false},
		// Deliberate sharing.
		{"0.0.0.0:8080", []string{"mybox.local"}, "mybox.local:8080", true},
		{"0.0.0.0:8080", []string{"MyBox.Local"}, "mybox.local:8080", true},
		{"0.0.0.0:8080", []string{"sim.example.org"}, "sim.example.org", true}, // a proxy on 80/443
		{"0.0.0.0:8080", []string{"mybox.local:8080"}, "mybox.local:9000", false},
		{"0.0.0.0:8080", []string{"mybox.local"}, "other.local:8080", false},
		{"mybox.lan:8080", nil, "mybox.lan:8080", true},
		// Unknown address (the zero Options): loopback names, any port.
		{"", nil, "127.0.0.1:43210", true},
		{"", nil, "localhost", true},
		{"", nil, "example.com", false},
	} {
		r, err := newHostRule(tc.addr, tc.allow)
		if err != nil {
			t.Fatalf("%q %q: %v", tc.addr, tc.allow, err)
		}
		if got := r.allows(tc.host); got != tc.want {
			t.Errorf("listening on %q, allowing %q: Host %q allowed = %v, want %v", tc.addr, tc.allow, tc.host, got, tc.want)
		}
	}
	for _, tc := range []struct {
		addr  string
		allow []string
	}{
		{"127.0.0.1", nil}, {"127.0.0.1:0", nil}, {"127.0.0.1:8080", []string{""}},
		{"127.0.0.1:8080", []string{"http://mybox.local"}}, {"127.0.0.1:8080", []string{"*"}},
		{"127.0.0.1:8080", []string{"mybox.local/"}}, {"127.0.0.1:8080", []string{"mybox.local:"}},
	} {
		if _, err := newHostRule(tc.addr, tc.allow); err == nil {
			t.Errorf("newHostRule(%q, %q) accepted", tc.addr, tc.allow)
		}
	}
}

// serveOnce answers one request built by mod through a handler with opt.
func serveOnce(t *testing.T, h http.Handler, method, target string, mod func(*http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	if mod != nil {
		mod(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHostGuard(t *testing.T) {
	h := newHandler(t, Options{Addr: "127.0.0.1:8080", AllowHosts: []string{"mybox.local"}})
	header := func(kv ...string) func(*http.Request) {
		return func(r *http.Request) {
			for i := 0; i < len(kv); i += 2 {
				r.Header.Set(kv[i], kv[i+1])
			}
		}
	}
	for _, tc := range []struct {
		name, method, target string
		mod                  func(*http.Request)
		want                 int
	}{
		{"own address", "GET", "http://127.0.0.1:8080/healthz", nil, 200},
		{"localhost", "GET", "http://localhost:8080/healthz", nil, 200},
		{"allowed name", "GET", "http://mybox.local:8080/healthz", nil, 200},
		{"rebound name", "GET", "http://evil.example:8080/healthz", nil, 421},
		{"rebound name, the page", "GET", "http://evil.example:8080/", nil, 421},
		{"other port", "GET", "http://127.0.0.1:9999/healthz", nil, 421},
		{"same-origin fetch", "GET", "http://127.0.0.1:8080/healthz", header("Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"), 200},
		{"typed URL", "GET", "http://127.0.0.1:8080/healthz", header("Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"), 200},
		{"link followed from elsewhere", "GET", "http://127.0.0.1:8080/healthz", header("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"), 200},
		{"<img> on another site", "GET", "http://127.0.0.1:8080/?t0.rate=999", header("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image"), 403},
		{"fetch() from another local server", "GET", "http://127.0.0.1:8080/results", header("Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"), 403},
		{"<iframe> on another site", "GET", "http://127.0.0.1:8080/", header("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "iframe"), 403},
		{"form posted from another site", "POST", "http://127.0.0.1:8080/load", header("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"), 403},
		{"form posted from an old browser elsewhere", "POST", "http://127.0.0.1:8080/load", header("Origin", "http://evil.example"), 403},
	} {
		w := serveOnce(t, h, tc.method, tc.target, tc.mod)
		if w.Code != tc.want {
			t.Errorf("%s: %d, want %d: %s", tc.name, w.Code, tc.want, w.Body)
		}
		if w.Code == 421 && !strings.Contains(w.Body.String(), "--allow-host") {
			t.Errorf("%s: the 421 does not say how to share: %s", tc.name, w.Body)
		}
	}
	// The zero Options answer loopback names only, as httptest servers
	// (127.0.0.1:random) use.
	h = newHandler(t, Options{})
	if w := serveOnce(t, h, "GET", "http://example.com/healthz", nil); w.Code != 421 {
		t.Errorf("zero Options, Host example.com: %d, want 421", w.Code)
	}
	if w := serveOnce(t, h, "GET", "http://127.0.0.1:41234/healthz", nil); w.Code != 200 {
		t.Errorf("zero Options, Host 127.0.0.1: %d, want 200", w.Code)
	}
	if _, err := New(Options{Addr: "127.0.0.1:8080", AllowHosts: []string{"http://x"}}); err == nil {
		t.Error("New accepted a URL as an allowed host")
	}
}

func TestMethods(t *testing.T) {
	h := newHandler(t, Options{})
	for _, tc := range []struct {
		method, path string
		want         int
		allow        string
	}{
		{"POST", "/", 405, "GET, HEAD"},
		{"PUT", "/results", 405, "GET, HEAD"},
		{"DELETE", "/download/report.html", 405, "GET, HEAD"},
		{"POST", "/download/chart/x.svg", 405, "GET, HEAD"},
		{"POST", "/static/app.js", 405, "GET, HEAD"},
		{"POST", "/static/" + fontFile, 405, "GET, HEAD"},
		{"OPTIONS", "/healthz", 405, "GET, HEAD"},
		{"GET", "/load", 405, "POST"},
		{"POST", "/nope", 404, ""},
		{"HEAD", "/healthz", 200, ""},
		{"GET", "/static/app.js", 200, ""},
	} {
		w := serveOnce(t, h, tc.method, "http://127.0.0.1"+tc.path, nil)
		if w.Code != tc.want || w.Header().Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want %d Allow %q", tc.method, tc.path, w.Code, w.Header().Get("Allow"), tc.want, tc.allow)
		}
	}
}

func TestQueryLimits(t *testing.T) {
	h := newHandler(t, Options{})
	many := func(n int) string {
		return strings.Repeat("x=1&", n-1) + "x=1"
	}
	for _, tc := range []struct {
		name, query string
		want        int
		msg         string
	}{
		{"over maxParams", many(maxParams + 1), 400, "parameters"},
		{"over net/url's own cap", many(10001), 400, "parameters"},
		{"bad escape", "s=us-canada-mexico-25&t0.rate=%zz", 400, "malformed"},
		{"semicolon", "s=us-canada-mexico-25;t0.rate=5", 400, "malformed"},
		{"too long", "src=" + strings.Repeat("A", maxQuery), 414, "too long"},
	} {
		w := serveOnce(t, h, "GET", "http://127.0.0.1/?"+tc.query, nil)
		if w.Code != tc.want || !strings.Contains(w.Body.String(), tc.msg) {
			t.Errorf("%s: %d %.200q, want %d with %q", tc.name, w.Code, w.Body, tc.want, tc.msg)
		}
	}
	// The page's own form never comes near the cap: a scenario with the
	// most measures the page takes, every box ticked.
	var src strings.Builder
	src.WriteString("name = \"Many measures\"\n")
	for i := range DefaultMaxMeasures {
		fmt.Fprintf(&src, "[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"%d%%\"\n", i%50)
	}
	w := serveOnce(t, h, "GET", "http://127.0.0.1/?"+srcParam(src.String()), nil)
	if w.Code != 200 {
		t.Fatalf("the %d-measure page: %d %.300s", DefaultMaxMeasures, w.Code, w.Body)
	}
	page := w.Body.String()
	start := strings.Index(page, `<form id="controls"`)
	end := strings.Index(page[start:], "</form>")
	if start < 0 || end < 0 {
		t.Fatal("no controls form")
	}
	n := len(regexp.MustCompile(`<(input|select) [^>]*name=`).FindAllString(page[start:start+end], -1))
	if n < 2*DefaultMaxMeasures || n > maxParams/3 {
		t.Errorf("the form of a %d-measure scenario has %d fields; want it well under maxParams = %d (and at least 2 per measure)", DefaultMaxMeasures, n, maxParams)
	}
	t.Logf("%d-measure form: %d fields", DefaultMaxMeasures, n)
}

func TestDownloadCSP(t *testing.T) {
	h := newHandler(t, Options{})
	w := serveOnce(t, h, "GET", "http://127.0.0.1/download/scenario.toml", nil)
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if got := w.Header().Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'none'") || !strings.Contains(got, "sandbox") {
		t.Errorf("download CSP %q", got)
	}
}

func TestAcquire(t *testing.T) {
	s, err := makeServer(Options{Baseline: atp, MaxSolves: 1})
	if err != nil {
		t.Fatal(err)
	}
	release, err := s.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The slot is taken: a request waits until its deadline, then 503.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	if _, err := s.acquire(ctx); err == nil {
		t.Fatal("a second slot was given out")
	} else if code, _ := errorStatus(err); code != 503 {
		t.Errorf("busy: status %d, want 503", code)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("acquire ignored its deadline for %v", d)
	}
	// A second release must not free a slot someone else holds.
	release()
	release()
	r2, err := s.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel2()
	if _, err := s.acquire(ctx2); err == nil {
		t.Error("a double release freed two slots")
	}
	r2()
	// A request whose deadline has passed takes no slot, even a free one.
	done, cancel3 := context.WithCancel(context.Background())
	cancel3()
	for range 20 {
		if r, err := s.acquire(done); err == nil {
			r()
			t.Fatal("an expired request took a slot")
		}
	}
}

func TestErrorStatus(t *testing.T) {
	// A real non-convergence, the issue's /?set=eta&eta=0&set=eps&eps=0.0001.
	sc, err := scenario.Validate([]byte(`name = "No convergence"
[elasticities]
import_demand = 0
export_supply = 0.0001
[[tariff]]
by = "US"
on = ["CA", "MX"]
rate = "25%"
[[retaliation]]
by = "CA"
on = ["US"]
rate = "25%"
`), "nc.toml", atp)
	if err != nil {
		t.Fatal(err)
	}
	_, solveErr := pipeline.Solve(context.Background(), pipeline.Request{Scenario: sc, Baseline: atp})
	if solveErr == nil {
		t.Fatal("the scenario converged; pick elasticities that do not")
	}
	_, parseErr := scenario.Validate([]byte("name = 1\n"), "bad.toml", atp)
	if parseErr == nil {
		t.Fatal("a bad scenario validated")
	}
	deadline, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-deadline.Done()
	for _, tc := range []struct {
		name string
		err  error
		code int
		msg  string
	}{
		{"nil", nil, 200, ""},
		{"input error", badRequest("at = %q: want a date", "x"), 400, `at = "x"`},
		{"source error", &sourceError{errs: []*scenario.Error{{Msg: "x"}}}, 422, "problem"},
		{"scenario errors", parseErr, 422, "bad.toml:1"},
		{"one scenario.Error, wrapped", fmt.Errorf("load: %w", &scenario.Error{Line: 3, Msg: "unknown key"}), 422, "line 3: unknown key"},
		{"no convergence", solveErr, 422, "did not converge"},
		{"convergence, wrapped twice", fmt.Errorf("a: %w", fmt.Errorf("b: %w", &model.ConvergenceError{Market: "US/ict", Reason: "r"})), 422, "US/ict"},
		{"simulation input error", &pipeline.InputError{Err: errors.New("no flows for XX")}, 422, "no flows for XX"},
		{"body too large", fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 10}), 413, "too large"},
		{"deadline", fmt.Errorf("solve: %w", deadline.Err()), 503, "too long"},
		{"cancelled", context.Canceled, 503, "cancelled"},
		{"bug", errors.New("index out of range in /home/dev/x.go"), 500, "internal error"},
	} {
		code, msg := errorStatus(tc.err)
		if code != tc.code || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: %d %q, want %d with %q", tc.name, code, msg, tc.code, tc.msg)
		}
		if code == 500 && strings.Contains(msg, "/home") {
			t.Errorf("%s: a 500 shows the error's text: %q", tc.name, msg)
		}
	}
}

// FuzzHostRule: any Host header is judged without a panic, and a
// loopback server with no allowed names accepts only loopback hosts on its
// port.
func FuzzHostRule(f *testing.F) {
	for _, s := range []string{"127.0.0.1:8080", "localhost:8080", "[::1]:8080", "evil.example:8080", "[", "[::1", ":8080", "a:b:c", "LOCALHOST", "[fe80::1%25eth0]:8080", ""} {
		f.Add(s)
	}
	r, err := newHostRule("127.0.0.1:8080", nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, host string) {
		if !r.allows(host) {
			return
		}
		h, port, err := net.SplitHostPort(host)
		if err != nil || port != "8080" {
			t.Fatalf("allowed %q: not on port 8080", host)
		}
		if ip := net.ParseIP(h); !strings.EqualFold(h, "localhost") && (ip == nil || !ip.IsLoopback()) {
			t.Fatalf("allowed %q: not a loopback host", host)
		}
	})
}
