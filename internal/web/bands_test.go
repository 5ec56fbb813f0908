package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// uncertainQ is the shipped scenario with distributions, bands on. Few
// draws keep the tests quick under the race detector.
const uncertainQ = "s=us-canada-mexico-25-uncertain&bands=on&draws=100"

// distTOML has one elasticity that is a distribution.
const distTOML = validTOML + `[elasticities]
substitution = { dist = "lognormal", median = 5, p95 = 10 }
`

func TestBands(t *testing.T) {
	srv := newServer(t, Options{})
	noBands := []string{"Monte Carlo draws", `title="5th percentile`, "percentiles.csv", "chart-uncertainty-headline"}
	for _, tc := range []struct {
		name, path string
		status     int
		want, not  []string
	}{
		{"on", "/results?" + uncertainQ, 200, []string{
			"<strong>100 Monte Carlo draws</strong>, seed 1; <strong>0 failed</strong>",
			`<th scope="col"><abbr title="5th percentile of the change over the draws">p5</abbr></th>`,
			// The canonical link keeps the bands, with draws and seed.
			`data-url="/?bands=on&amp;draws=100&amp;s=us-canada-mexico-25-uncertain&amp;seed=1"`,
			`id="chart-uncertainty-headline"`, "What is drawn (22 parameters)",
			"/download/percentiles.csv?bands=on&amp;draws=100", "90% interval of the imports change",
		}, []string{"No intervals"}},
		{"defaults", "/results?s=us-canada-mexico-25-uncertain&bands=on", 200, []string{
			"<strong>500 Monte Carlo draws</strong>, seed 1", `data-url="/?bands=on&amp;draws=500&amp;s=us-canada-mexico-25-uncertain&amp;seed=1"`}, nil},
		{"seed", "/results?" + uncertainQ + "&seed=42", 200, []string{"seed 42;", "seed=42"}, nil},
		{"off", "/results?s=us-canada-mexico-25-uncertain", 200, nil, append(noBands, "No intervals", "bands=on")},
		// The form sends draws and seed with its box unticked: ignored.
		{"unticked", "/results?s=us-canada-mexico-25-uncertain&draws=500&seed=3", 200, []string{`data-url="/?s=us-canada-mexico-25-uncertain"`}, noBands},
		{"page control", "/?" + uncertainQ + "&seed=7", 200, []string{
			`<input type="checkbox" id="bands" name="bands" value="on" checked`, `<label for="bands">Show 90% intervals (Monte Carlo)</label>`,
			`<option value="100" selected>100</option>`, `<label for="draws">Draws</label>`, `<label for="seed">Seed</label>`,
			`id="seed" name="seed" min="0" step="1" inputmode="numeric" value="7"`}, nil},
		{"page control off", "/", 200, []string{`<input type="checkbox" id="bands" name="bands" value="on" aria-describedby`,
			`<option value="500" selected>500</option>`}, []string{`name="bands" value="on" checked`}},
		{"draws off the menu", "/?" + strings.Replace(uncertainQ, "draws=100", "draws=321", 1), 200, []string{`<option value="321" selected>321</option>`, "321 Monte Carlo draws"}, nil},
		{"no distributions", "/results?bands=on", 200, []string{
			"No intervals", "nothing uncertain to draw",
			`<a href="/?bands=on&amp;draws=500&amp;s=us-canada-mexico-25-uncertain&amp;seed=1">`,
			`data-url="/?bands=on&amp;draws=500&amp;seed=1"`, "<svg"}, noBands},
		{"pasted with a distribution", "/results?bands=on&draws=50&" + srcParam(distTOML), 200, []string{"50 Monte Carlo draws", "What is drawn (1 parameters)", "elasticities.substitution"}, nil},
		{"distribution fixed by a slider", "/results?bands=on&draws=50&set=sigma&sigma=4&" + srcParam(distTOML), 200, []string{
			"No intervals", "replace every distribution", "Untick"}, noBands},
		{"draws zero", "/results?bands=on&draws=0", 400, []string{"draws = 0: want 1 to 2000 draws"}, nil},
		{"draws negative", "/results?bands=on&draws=-5", 400, []string{"draws = -5: want 1 to 2000"}, nil},
		{"draws over the cap", "/results?bands=on&draws=2001", 400, []string{"at most 2000 draws on this page", "tariffsim run --draws"}, nil},
		{"draws huge", "/results?bands=on&draws=99999999999999999999999", 400, []string{"at most 2000 draws"}, nil},
		{"draws not a number", "/results?bands=on&draws=lots", 400, []string{"draws = &#34;lots&#34; is not a whole number"}, nil},
		{"draws fraction", "/results?bands=on&draws=1.5", 400, []string{"is not a whole number"}, nil},
		{"draws exponent", "/results?bands=on&draws=1e3", 400, []string{"is not a whole number"}, nil},
		{"bad draws without bands", "/results?draws=lots", 400, []string{"is not a whole number"}, nil},
		{"draws twice", "/results?bands=on&draws=100&draws=200", 400, []string{"draws is given 2 times"}, nil},
		{"seed negative", "/results?bands=on&seed=-1", 400, []string{"seed = &#34;-1&#34;: want a whole number from 0 to 18446744073709551615"}, nil},
		{"seed too big", "/results?bands=on&seed=18446744073709551616", 400, []string{"want a whole number"}, nil},
		{"bands yes", "/results?bands=yes", 400, []string{"bands = &#34;yes&#34;: want bands=on"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d; body:\n%.800s", resp.StatusCode, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%.2500s", w, body)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("body has %q", n)
				}
			}
		})
	}
	t.Run("lower cap", func(t *testing.T) {
		srv := newServer(t, Options{MaxDraws: 300})
		resp, body := get(t, srv, "/results?bands=on&draws=301")
		if resp.StatusCode != 400 || !strings.Contains(body, "at most 300 draws") {
			t.Errorf("%d %.300s", resp.StatusCode, body)
		}
		_, page := get(t, srv, "/?"+uncertainQ)
		if strings.Contains(page, `<option value="500"`) || !strings.Contains(page, "at most 300 draws here") {
			t.Error("the draws menu offers more than the cap")
		}
	})
}

// bandCells reads the p5 and p95 cells of the imports row.
var bandCellsRE = regexp.MustCompile(`<tr><th scope="row">US imports</th>(?:<td>[^<]*</td>){4}<td>([^<]+)</td><td>([^<]+)</td></tr>`)

func TestBandsNumbers(t *testing.T) {
	srv := newServer(t, Options{})
	_, body := get(t, srv, "/results?"+uncertainQ)
	m := bandCellsRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no p5, p95 cells in the imports row:\n%.2500s", body)
	}
	num := func(s string) float64 {
		var f float64
		fmt.Sscan(strings.NewReplacer(",", "", "−", "-", "+", "").Replace(s), &f)
		return f
	}
	p5, p95 := num(m[1]), num(m[2])
	change := num(regexp.MustCompile(`<tr><th scope="row">US imports</th><td>[^<]*</td><td>[^<]*</td><td>([^<]+)</td>`).FindStringSubmatch(body)[1])
	// The run with every distribution at its median lies inside the
	// interval, which is a fall in imports of some width.
	if !(p5 < change && change < p95 && p95 < 0) {
		t.Errorf("imports change %v, 90%% interval %v to %v", change, p5, p95)
	}
}

// The net welfare row carries the welfare interval, and the domestic
// producers' row (which has no percentiles of its own) does not borrow it.
func TestBandsWelfareRow(t *testing.T) {
	srv := newServer(t, Options{})
	_, body := get(t, srv, "/results?"+uncertainQ)
	cells := func(label string) []string {
		m := regexp.MustCompile(`<tr><th scope="row">` + regexp.QuoteMeta(label) + `</th>((?:<td>[^<]*</td>)+)</tr>`).FindStringSubmatch(body)
		if m == nil {
			return nil
		}
		return regexp.MustCompile(`<td>([^<]*)</td>`).FindAllString(m[1], -1)
	}
	net := cells("Welfare, net")
	if len(net) < 3 || strings.Contains(net[len(net)-1], "n/a") || strings.Contains(net[len(net)-2], "n/a") {
		t.Errorf("net welfare row %q: want its p5 and p95", net)
	}
	if dom := cells("Domestic producers&#39; surplus"); dom != nil && !strings.Contains(strings.Join(dom, ""), "n/a") {
		t.Errorf("domestic producers' row %q borrows an interval", dom)
	}
}

// TestBandsDeterministic: the same link gives the same fragment, byte for
// byte, however often and however many requests run at once; another seed
// gives other intervals.
func TestBandsDeterministic(t *testing.T) {
	srv := newServer(t, Options{})
	path := "/results?" + uncertainQ + "&t1.rate=40"
	_, a := get(t, srv, path)
	_, b := get(t, srv, path)
	if a != b {
		t.Fatal("the same link gave two different fragments")
	}
	_, c := get(t, srv, path+"&seed=2")
	if bandCellsRE.FindString(a) == bandCellsRE.FindString(c) {
		t.Error("seeds 1 and 2 gave the same intervals")
	}
	// At once, and mixed with other requests (go test -race checks them).
	const n = 8
	var wg sync.WaitGroup
	bodies := make([]string, n)
	for i := range n {
		wg.Go(func() {
			p := path
			if i%2 == 1 {
				p = fmt.Sprintf("/results?t1.rate=%d", 30+i)
			}
			resp, err := http.Get(srv.URL + p)
			if err != nil {
				t.Error(err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			bodies[i] = string(body)
		})
	}
	wg.Wait()
	for i := 0; i < n; i += 2 {
		if bodies[i] != a {
			t.Errorf("request %d, run concurrently, gave a different fragment", i)
		}
	}
}

// TestBandsDownloads: every download is of the state with its bands.
func TestBandsDownloads(t *testing.T) {
	srv := newServer(t, Options{})
	_, body := get(t, srv, "/download/results.json?"+uncertainQ)
	var doc struct {
		Headline    map[string]any `json:"headline"`
		Uncertainty *struct {
			Draws  int    `json:"draws"`
			Seed   uint64 `json:"seed"`
			Failed int    `json:"failed"`
		} `json:"uncertainty"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%v: %.300s", err, body)
	}
	for _, k := range []string{"imports1", "imports1_p5", "imports1_p50", "imports1_p95", "welfare_p5"} {
		if _, ok := doc.Headline[k]; !ok {
			t.Errorf("results.json headline lacks %s: %v", k, doc.Headline)
		}
	}
	if u := doc.Uncertainty; u == nil || u.Draws != 100 || u.Seed != 1 {
		t.Errorf("results.json uncertainty %+v, want 100 draws, seed 1", u)
	}
	_, plain := get(t, srv, "/download/results.json?s=us-canada-mexico-25-uncertain")
	if strings.Contains(plain, "_p5") || strings.Contains(plain, `"uncertainty"`) {
		t.Error("results.json without bands has percentiles")
	}

	resp, csv := get(t, srv, "/download/percentiles.csv?"+uncertainQ)
	if resp.StatusCode != 200 || !strings.HasPrefix(csv, "group,code,name,label,before,plain,p5,p50,p95") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "us-canada-mexico-25-uncertain-percentiles.csv") {
		t.Errorf("percentiles.csv: %d %q %.200s", resp.StatusCode, resp.Header.Get("Content-Disposition"), csv)
	}
	for _, q := range []string{"s=us-canada-mexico-25-uncertain", "bands=on"} {
		resp, body := get(t, srv, "/download/percentiles.csv?"+q)
		if resp.StatusCode != 400 || !strings.Contains(body, "add bands=on") {
			t.Errorf("percentiles.csv?%s: %d %.200s", q, resp.StatusCode, body)
		}
	}

	resp, svg := get(t, srv, "/download/chart/uncertainty-headline.svg?"+uncertainQ)
	if resp.StatusCode != 200 || !strings.Contains(svg, "<svg") {
		t.Errorf("uncertainty chart: %d", resp.StatusCode)
	}
	if resp, _ := get(t, srv, "/download/chart/uncertainty-headline.svg?s=us-canada-mexico-25-uncertain"); resp.StatusCode != 404 {
		t.Errorf("uncertainty chart without bands: %d, want 404", resp.StatusCode)
	}
	_, report := get(t, srv, "/download/report.html?"+uncertainQ)
	if !strings.Contains(report, "The US headline: 90% band over σ, η and exempt shares") {
		t.Error("the report lacks the intervals chart")
	}
	// The TOML is the scenario, which bands do not change.
	_, a := get(t, srv, "/download/scenario.toml?"+uncertainQ)
	_, b := get(t, srv, "/download/scenario.toml?s=us-canada-mexico-25-uncertain")
	if a != b {
		t.Error("bands changed the downloaded scenario")
	}
}

// TestBandsForm submits the form as a browser with scripts off would:
// untouched, it keeps the bands, draws and seed; ticking the box turns
// them on.
func TestBandsForm(t *testing.T) {
	srv := newServer(t, Options{})
	start := "/?" + uncertainQ + "&seed=7"
	_, page := get(t, srv, start)
	q := formValues(t, page)
	if q.Get("bands") != "on" || q.Get("draws") != "100" || q.Get("seed") != "7" {
		t.Fatalf("form sends %v", q)
	}
	_, again := get(t, srv, "/?"+q.Encode())
	if a, b := bandCellsRE.FindString(page), bandCellsRE.FindString(again); a == "" || a != b {
		t.Errorf("resubmitted form: imports row %q, want %q", b, a)
	}
	if !strings.Contains(again, `data-url="/?bands=on&amp;draws=100&amp;s=us-canada-mexico-25-uncertain&amp;seed=7"`) {
		t.Error("resubmitted form lost the canonical link")
	}

	_, page = get(t, srv, "/?s=us-canada-mexico-25-uncertain")
	q = formValues(t, page)
	if q.Has("bands") {
		t.Fatalf("unticked box sent: %v", q)
	}
	q.Set("bands", "on")
	_, ticked := get(t, srv, "/?"+q.Encode())
	if !strings.Contains(ticked, "<strong>500 Monte Carlo draws</strong>, seed 1") {
		t.Errorf("ticking the box: %.1500s", ticked)
	}
}

// TestBandsDeadline: the draws stop when the request's context ends,
// rather than running on for nobody.
func TestBandsDeadline(t *testing.T) {
	s, err := makeServer(Options{Baseline: atp, MaxDraws: 50000})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	q, _ := url.ParseQuery("s=us-canada-mexico-25-uncertain&bands=on&draws=50000")
	t0 := time.Now()
	p, err := s.prepare(ctx, q, true)
	took := time.Since(t0)
	if status(err) != http.StatusServiceUnavailable {
		t.Fatalf("err %v (status %d), want 503", err, status(err))
	}
	if p.run != nil && p.run.Uncertainty != nil {
		t.Error("a cancelled run has intervals")
	}
	// 50,000 draws take about 25 s on two cores; a run that stops at the
	// deadline returns at once.
	if limit := 3 * time.Second; took > limit {
		t.Errorf("cancelled run returned after %v, want < %v", took, limit)
	}
	if len(s.solveSlot) != 0 {
		t.Error("the solve slot was not released")
	}
}

// TestBandsLatency measures a slider move with bands on: the fragment for
// a changed rate with 500 draws, over loopback. The goal is well under a
// second; the bound is loose for busy machines, and the race detector is
// exempt.
func TestBandsLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("latency measurement")
	}
	srv := newServer(t, Options{})
	var durs []time.Duration
	for i := range 15 {
		t0 := time.Now()
		resp, body := get(t, srv, fmt.Sprintf("/results?s=us-canada-mexico-25-uncertain&bands=on&draws=500&t0.rate=%d", 20+i))
		durs = append(durs, time.Since(t0))
		if resp.StatusCode != 200 || !strings.Contains(body, "500 Monte Carlo draws") {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	slices.Sort(durs)
	med := durs[len(durs)/2]
	t.Logf("fragment latency with 500 draws over %d slider moves: median %v, p90 %v, max %v", len(durs),
		med.Round(time.Millisecond), durs[len(durs)*9/10].Round(time.Millisecond), durs[len(durs)-1].Round(time.Millisecond))
	if !raceEnabled && med > 2*time.Second {
		t.Errorf("median fragment latency with 500 draws %v, want well under a second (bound 2 s)", med)
	}
}
