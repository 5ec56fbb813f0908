// Package web is the local web page of 'tariffsim serve': pick a shipped
// scenario or paste one, move its tariff rates, exempt shares and
// elasticities, and see the headline table and the charts change.
//
// # Stack
//
// net/http's ServeMux with Go 1.22 patterns, html/template, and embedded
// templates and static files: no framework, nothing loaded from the
// internet (a Content-Security-Policy of 'self' makes a stray external
// reference fail loudly), and one small script, static/app.js. The charts
// are the CLI's, inlined into the page as SVG without fonts; the page
// serves their Liberation Sans face once, with @font-face, so their text
// lays out as the server measured it on machines without that font (an
// SVG in an <img> could not use the page's fonts, and embedding the font
// in every chart costs 0.5 MB each).
//
// # Routes
//
//	GET  /                        the page (all of it, server-rendered)
//	GET  /results                 the fragment that changes: headline table, charts, download links
//	POST /load                    a pasted or uploaded scenario; answers 303 to /?src=…
//	GET  /download/scenario.toml  the edited scenario, written with Scenario.WriteTOML
//	GET  /download/results.json   and flows.csv, markets.csv, producers.csv, countries.csv, report.html
//	GET  /download/chart/NAME.svg standalone SVG (font embedded) or NAME.png
//	GET  /static/…, /healthz
//
// Every GET route takes the same query, so each download is of exactly
// what the page shows.
//
// # State in the URL
//
// A page's state is its query string, so a link reproduces what someone
// saw and the browser's history works:
//
//	s=NAME             a shipped scenario (default: us-canada-mexico-25-retaliation)
//	src=…              a pasted scenario: its TOML, raw DEFLATE, base64url without padding
//	at=YYYY-MM-DD      the date whose measures apply (default: the scenario's)
//	t0.rate=25         the first [[tariff]]'s rate in percent; t1.…, and r0.… for [[retaliation]]
//	t0.exempt=38       its exempt share in percent
//	set=sigma&sigma=6  override σ for all categories; eta and eps likewise
//	set=sigma.ict&sigma.ict=9   override σ for one category (slug or Census code)
//
// A slider's value counts only when its name is also in a set parameter:
// the form sends every slider, and an unticked "set" box means "as the
// scenario says", which for an elasticity may differ by category and so
// has no single slider value. The links the page makes are canonical: they
// carry only what differs from the scenario as written, in sorted order.
//
// A pasted scenario is carried in the URL rather than stored on the
// server, so the server keeps no state and reads no files but its own
// embedded ones: pasting posts the form to /load, which redirects to
// /?src=…. Compression makes a shipped-size scenario (7 KB) a 3 KB
// parameter. Sources are capped at 64 KiB after inflation (a small link
// cannot inflate into a huge scenario) and queries at 128 KiB.
//
// # Limits
//
// Every limit answers with a clear message and a 4xx status; none takes
// the server down. Scenario source 64 KiB; POST body 80 KiB
// (http.MaxBytesReader); 64 measures; 15 s per request
// (http.TimeoutHandler; 503 after); at most 2×GOMAXPROCS solves at once,
// others wait for a slot until their deadline; header read 5 s; headers
// and query 160 KiB. Values outside the accepted ranges (rates −100% to
// 1000%, exempt shares 0–100%, σ in (0, 100], η in [0, 100], ε in
// (0, 1000]) are refused with the range in the message. Unknown or
// repeated parameters are refused too, so that a mistyped link does not
// silently show something else.
//
// # Concurrency
//
// Each request parses its own scenario, solves it and builds fresh charts
// (a gonum Plot must not be shared); the baseline is shared read-only. The
// chart package sets plot.DefaultFont once at init, never per request. A
// recover middleware turns a panic into a logged 500 as a backstop.
package web
