package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestUnsolvableIs422: a scenario the solver cannot solve with the
// settings of a link is the user's to fix, so the page, /results and
// every download answer 422 with the solver's message, never 500
// "internal error".
func TestUnsolvableIs422(t *testing.T) {
	srv := newServer(t, Options{})
	// η = 0 with ε → 0 (the issue's /?set=eta&eta=0&set=eps&eps=0.0001)
	// on a scenario where the solver finds no equilibrium.
	const q = "?s=china-2025-04-peak&set=eta&eta=0&set=eps&eps=0.0001"
	for _, path := range []string{"/", "/results", "/download/flows.csv", "/download/results.json",
		"/download/report.html", "/download/chart/imports-by-partner.svg"} {
		resp, body := get(t, srv, path+q)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422: %.300s", path, resp.StatusCode, body)
			continue
		}
		for _, want := range []string{"cannot be solved with these settings", "did not converge", "Newton iterations"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the answer lacks the solver's message %q: %.500s", path, want, body)
			}
		}
		if strings.Contains(body, "internal error") {
			t.Errorf("%s: says internal error", path)
		}
	}
	// The issue's own link, on the default scenario, is never a 500
	// either. (Since the domestic nest it solves: with η = 0 and ε near
	// 0 the price level is all but indeterminate, see the report.)
	for _, path := range []string{"/", "/results", "/download/flows.csv"} {
		resp, body := get(t, srv, path+"?set=eta&eta=0&set=eps&eps=0.0001")
		if resp.StatusCode == http.StatusInternalServerError || strings.Contains(body, "internal error") {
			t.Errorf("%s of the issue's link: %d %.300s", path, resp.StatusCode, body)
		}
	}
}

// deepInline is a scenario whose one value nests n inline tables (or
// arrays): before the nesting limit, 1,500 inline levels (6 KB) cost
// seconds of parsing, and 16,000 arrays (32 KB) 2.6 GB of memory.
func deepInline(n int) string {
	return "name = \"deep\"\nx = " + strings.Repeat("{a = ", n) + "1" + strings.Repeat("}", n) + "\n"
}

func deepArrays(n int) string {
	return "name = \"deep\"\nx = " + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + "\n"
}

// TestDeepLinkRefusedQuickly: a link carrying a deeply nested scenario
// is refused with the line of the problem, at once.
func TestDeepLinkRefusedQuickly(t *testing.T) {
	srv := newServer(t, Options{})
	for _, src := range []string{deepInline(1500), deepInline(10000), deepArrays(16000)} {
		t0 := time.Now()
		resp, body := get(t, srv, "/?"+srcParam(src))
		took := time.Since(t0)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "nesting deeper than") ||
			!strings.Contains(body, `<span class="ln">2</span>`) && !strings.Contains(body, "line 2") && !strings.Contains(body, ":2:") {
			t.Errorf("%d bytes: %d %.300s", len(src), resp.StatusCode, body)
		}
		if took > time.Second {
			t.Errorf("%d bytes: refused after %v, want well under a second", len(src), took)
		}
	}
}

// TestParseInsideTheSlot: the scenario is read only once the request holds
// a solve slot, so that parsing, like solving, is bounded by MaxSolves.
// With the only slot taken, even a scenario that fails to parse waits for
// the slot and gets 503 at its deadline; the 422 would mean that it was
// parsed outside the limit.
func TestParseInsideTheSlot(t *testing.T) {
	s, err := makeServer(Options{Baseline: atp, MaxSolves: 1, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.handler()
	if err != nil {
		t.Fatal(err)
	}
	release, err := s.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/results", "/download/scenario.toml", "/download/flows.csv", "/download/chart/x.svg"} {
		w := serveOnce(t, h, "GET", "http://127.0.0.1"+path+"?"+srcParam(badTOML), nil)
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("%s with the slot taken: %d, want 503 (parsed outside the limit?): %.200s", path, w.Code, w.Body.String())
		}
	}
	release()
	if w := serveOnce(t, h, "GET", "http://127.0.0.1/?"+srcParam(badTOML), nil); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("with the slot free: %d, want 422", w.Code)
	}
}

// TestTimeoutStopsTheWork: a request that times out gets its 503 at the
// deadline, and its work stops there too: the slot is free and no
// goroutine of it is left solving soon after, where 50,000 draws run for
// about 25 s on two cores. Covered: the Monte Carlo draws, a long
// monthly path, and the downloads that render.
func TestTimeoutStopsTheWork(t *testing.T) {
	s, err := makeServer(Options{Baseline: atp, MaxSolves: 1, MaxDraws: 50000, Timeout: 150 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, path := range []string{
		"/results?s=us-canada-mexico-25-uncertain&bands=on&draws=50000",
		"/download/report.html?s=us-canada-mexico-25-uncertain&bands=on&draws=50000",
		"/?" + srcParam(longPath),
	} {
		get(t, srv, "/healthz") // the connection's goroutines exist before we count
		before := runtime.NumGoroutine()
		t0 := time.Now()
		resp, body := get(t, srv, path)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%.60s: %d, want 503: %.200s", path, resp.StatusCode, body)
		}
		if d := time.Since(t0); d > 3*time.Second {
			t.Errorf("%.60s: answered after %v", path, d)
		}
		// The handler's goroutine returns once the work notices its
		// context: the slot comes back and the goroutines with it.
		answered := time.Now()
		deadline := answered.Add(2 * time.Second)
		defer func() {
			t.Logf("%.60s: answered in %v; work over %v later", path, answered.Sub(t0), time.Since(answered))
		}()
		for len(s.solveSlot) != 0 || runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				t.Fatalf("%.60s: 2 s after the 503 the work goes on (slot held %d, goroutines %d, before %d)",
					path, len(s.solveSlot), runtime.NumGoroutine(), before)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// longPath is a scenario with a 100-year timeline whose 60 measures start
// one after another, so that its monthly path has over a hundred distinct
// months to solve.
var longPath = func() string {
	var b strings.Builder
	b.WriteString("name = \"long path\"\n[timeline]\nstart = 2025-01-01\nmonths = 1200\nhalf_life_months = 6\n")
	partners := []string{"CN", "MX", "CA", "DE", "JP", "KR", "TW", "VN", "IN", "GB"}
	for i := range 60 {
		y, m := 2025+i/12*8, i%12+1
		b.WriteString("[[tariff]]\nby = \"US\"\non = [\"" + partners[i%len(partners)] + "\"]\nrate = \"" +
			strings.Repeat("1", 1+i%2) + "0%\"\nstart = " + date(y, m) + "\n")
	}
	return b.String()
}()

func date(y, m int) string {
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
