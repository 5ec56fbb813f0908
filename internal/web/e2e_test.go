package web

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var screenshot = flag.String("screenshot", "", "write a screenshot of the page after the slider moved to `FILE.png` (TestBrowser)")

// findChromium returns Debian's chromium, or "" when none is installed.
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the page in headless Chromium: it loads the page,
// moves the second tariff's rate slider as a user would (focus, then arrow
// keys), and waits for the headline number, the chart and the address bar
// to change. It also checks that the page's font was loaded from the
// server and that nothing failed to load. .ci/run installs chromium so
// that this runs in CI; without it the test is skipped.
func TestBrowser(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("chromium not installed (apt-get install chromium)")
	}
	srv := newServer(t, Options{})

	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1400, 1000), chromedp.UserDataDir(t.TempDir()))
	// Deadlines: a fresh clone once hung here for ten minutes inside
	// chromedp (go test's own -timeout then killed the whole package). The
	// browser lives under one overall deadline, so every chromedp call
	// returns by then; it must start within startTimeout; and every step
	// after the start shares stepsTimeout. A watchdog catches a hang that
	// ignores contexts (such as waiting for the browser process to exit).
	const (
		budget       = 60 * time.Second
		startTimeout = 20 * time.Second
		stepsTimeout = 40 * time.Second
	)
	watchdog := time.AfterFunc(budget+30*time.Second, func() {
		panic(fmt.Sprintf("TestBrowser: chromedp did not return within %s of the start (hung browser %s?)", budget+30*time.Second, chrome))
	})
	defer watchdog.Stop()
	total, cancelTotal := context.WithTimeout(context.Background(), budget)
	defer cancelTotal()
	actx, cancel := chromedp.NewExecAllocator(total, opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first Run starts the browser. Its context must be ctx itself:
	// cancelling the context of that first call closes the browser, so it
	// cannot carry its own timeout; a timer cancels everything instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v", chrome, err)
		}
	case <-time.After(startTimeout):
		cancelTotal()
		t.Fatalf("%s did not start within %s", chrome, startTimeout)
	}
	tctx, cancel := context.WithTimeout(ctx, stepsTimeout)
	defer cancel()
	fail := func(what string, err error) {
		t.Helper()
		if tctx.Err() != nil {
			t.Fatalf("%s: %v (the browser steps have %s in all)", what, err, stepsTimeout)
		}
		t.Fatalf("%s: %v", what, err)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		fail("navigate", err)
	}

	const (
		imports = `document.querySelector('table.headline tbody tr td:nth-child(3)').textContent`
		chart   = `document.querySelector('#chart-imports-by-partner svg').outerHTML`
	)
	if err := chromedp.Do(tctx, chromedp.WaitVisible(`#chart-imports-by-partner svg`)); err != nil {
		fail("chart not visible", err)
	}
	before, err := chromedp.Run(tctx, chromedp.Evaluate[string](imports))
	if err != nil {
		t.Fatal(err)
	}
	svgBefore, err := chromedp.Run(tctx, chromedp.Evaluate[string](chart))
	if err != nil {
		t.Fatal(err)
	}

	// Keyboard: focus the slider and press → ten times (25% → 35%).
	err = chromedp.Do(tctx, chromedp.Focus(`#m-t1-rate`),
		chromedp.KeyEvent(strings.Repeat(kb.ArrowRight, 10)))
	if err != nil {
		t.Fatalf("move slider: %v", err)
	}
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`location.search === '?t1.rate=35' &&
		document.querySelector('output[for="m-t1-rate"]').value === '35%'`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		loc, _ := chromedp.Run(tctx, chromedp.Location())
		t.Fatalf("address bar did not follow the slider (at %s): %v", loc, err)
	}
	after, err := chromedp.Run(tctx, chromedp.Evaluate[string](imports))
	if err != nil {
		t.Fatal(err)
	}
	svgAfter, err := chromedp.Run(tctx, chromedp.Evaluate[string](chart))
	if err != nil {
		t.Fatal(err)
	}
	if after == before {
		t.Errorf("US imports after stayed %s when the slider moved", after)
	}
	if svgAfter == svgBefore {
		t.Error("the imports chart did not change when the slider moved")
	}
	t.Logf("US imports after: %s → %s", before, after)

	// The charts' font came from the server, and nothing else was fetched
	// from anywhere (the page's policy would block it).
	fontOK, err := chromedp.Run(tctx, chromedp.Evaluate[bool](
		`document.fonts.ready.then(() => [...document.fonts].some(f => f.family.includes('Liberation Sans') && f.status === 'loaded'))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !fontOK {
		t.Error("Liberation Sans was not loaded with @font-face")
	}
	external, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](
		`performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(external) > 0 {
		t.Errorf("page fetched from elsewhere: %v", external)
	}

	if *screenshot != "" {
		png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Monte Carlo intervals: on the scenario with distributions, tick the
	// box from the keyboard; the p5 and p95 columns, the line about the
	// draws and the intervals chart arrive, and the link keeps the bands.
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/?s=us-canada-mexico-25-uncertain"),
		chromedp.WaitVisible(`#bands`), chromedp.Focus(`#bands`), chromedp.KeyEvent(" ")); err != nil {
		t.Fatalf("tick the intervals box: %v", err)
	}
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`location.search.includes('bands=on&draws=500') &&
		(document.querySelector('.bands-note') || {textContent: ''}).textContent.includes('500 Monte Carlo draws') &&
		document.querySelector('#chart-uncertainty-headline svg') !== null &&
		[...document.querySelectorAll('table.headline thead th')].some(th => th.textContent === 'p95')`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		loc, _ := chromedp.Run(tctx, chromedp.Location())
		t.Fatalf("no intervals after ticking the box (at %s): %v", loc, err)
	}
}
