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
//	GET  /download/results.json   and flows.csv, markets.csv, producers.csv, countries.csv, report.html,
//	                              and percentiles.csv with bands=on
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
//	                   (from scenario.MinRate; not below the slider's minimum, 0 unless the
//	                   scenario writes a subsidy; up to scenario.MaxRate, widening the slider)
//	t0.exempt=38       its exempt share in percent
//	set=sigma&sigma=6  override σ for all categories; eta, eps, sigma_d (σ_D)
//	                   and eps_d (ε_D) likewise (σ_D and ε_D sliders show only
//	                   where the baseline has a domestic flow)
//	set=sigma.ict&sigma.ict=9   override σ for one category (slug or Census code)
//	bands=on           add 90% intervals from a Monte Carlo run (below)
//	draws=500          its number of draws, 1 to Options.MaxDraws (default 2000); default 500
//	seed=1             its seed, 0 to 2^64−1; default 1
//
// Measures are numbered from 0 in file order, and the page labels each
// panel with its key ("Tariff t0", "Retaliation r0"), so the label names
// the URL parameter; links made before the labels changed ("Tariff 1" was
// t0) keep working.
//
// Every view that differs from the scenario as written is marked: the
// page, every chart's subtitle, the report's title and the scenario.toml's
// name say "(edited: Canada 40%, σ = 6)" (present.DescribeEdits).
//
// A slider's value counts only when its name is also in a set parameter:
// the form sends every slider, and an unticked "set" box means "as the
// scenario says", which for an elasticity may differ by category and so
// has no single slider value. Likewise draws and seed count only with
// bands=on (the form sends them with its box unticked), but bad values are
// refused either way. A value without its set parameter that is not the
// slider's own (a link typed by hand, "/?sigma=6") gets a note on the page:
// "sigma=6 ignored: add set=sigma to change σ". The links the page makes are canonical: they carry
// only what differs from the scenario as written, in sorted order, and
// with bands=on always draws and seed, so that a link states everything
// its intervals depend on.
//
// # Monte Carlo intervals
//
// With bands=on, a request that solves (the page, /results, every
// download but scenario.toml) also runs internal/uncertainty on the edited
// scenario: draws elasticity sets from the distributions and presets its
// file gives (an elasticity set with a slider is a fixed number, not a
// distribution), with draw i seeded by (seed, i), so the same link gives
// the same intervals, byte for byte, whatever the machine's core count.
// The headline tables gain p5 and p95 columns (the 5th and 95th
// percentiles of each change), the charts whiskers and a headline chart,
// results.json the x_p5, x_p50, x_p95 siblings and an "uncertainty"
// section, and /download/percentiles.csv (tariffsim run's percentiles
// table) becomes available. A line says how many draws, the seed and how
// many failed (failed draws are left out of the percentiles). A scenario
// with no distributions gets no draws, and the page says there is nothing
// uncertain to draw and links the shipped us-canada-mexico-25-uncertain.
//
// The draws run on all cores (uncertainty's default) while the request
// holds one solve slot, and stop when the request's deadline passes or
// its client goes away (the script aborts a fetch that a newer slider
// move supersedes, and waits 300 ms rather than 150 ms for a pause while
// the box is ticked). On two cores, a slider move's fragment takes about
// 45 ms without intervals, 140 ms with 500 draws and 450 ms with 2,000
// (TestBandsLatency logs the 500-draw median).
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
// the server down. Queries over 128 KiB get 414, over 1,000 parameters or
// malformed (a bad %-escape, a ';') 400, rather than being read in part;
// a route's other methods 405 with an Allow header. Scenario source
// 64 KiB; POST body 80 KiB
// (http.MaxBytesReader); 64 measures; 2,000 Monte Carlo draws; 15 s per request
// (http.TimeoutHandler; 503 after); at most 2×GOMAXPROCS requests at work
// at once, others wait for a slot until their deadline. A request takes
// its slot before it reads the scenario and keeps it until its answer is
// rendered, and all its work (parsing, the solve, the draws, the monthly
// path, the charts) runs under its context, so a request that times out
// stops working too. A scenario the solver cannot solve with a link's
// settings gets 422 with the solver's message. Header read 5 s; headers
// and query 160 KiB. Values outside the accepted ranges (rates −100% to
// 1000%, exempt shares 0–100%, σ in (0, 100], η in [0, 100], ε in
// (0, 1000]) are refused with the range in the message. Unknown or
// repeated parameters are refused too, so that a mistyped link does not
// silently show something else.
//
// # Who may ask
//
// Options.Addr is the address served; a request whose Host header names
// anything else gets 421 Misdirected Request (not 403: the request is not
// forbidden, it reached a server that does not serve that name). That
// defeats DNS rebinding, where another site's name is re-pointed at
// 127.0.0.1 so that its scripts can read the answers. For a loopback Addr
// the Host may be localhost, any loopback IP or [::1], on Addr's port;
// for a specific IP, that IP; for 0.0.0.0 or [::], any IP literal (an IP
// cannot be rebound) or localhost. Options.AllowHosts (serve's
// --allow-host) adds names for deliberate sharing: "name" on any port (as
// behind a reverse proxy), "name:port" on that one. The zero Options
// allow localhost and loopback IPs on any port.
//
// A request that another site's page makes (an <img>, a fetch, a posted
// form: Sec-Fetch-Site cross-site or same-site, other than a top-level GET
// navigation) gets 403, so that a page elsewhere cannot make a user's
// browser run solves; following a link to the page works. For posts from
// browsers without Fetch Metadata, net/http's CrossOriginProtection
// compares Origin with Host. Clients that are not browsers send neither
// header and are served.
//
// Downloads carry a sandboxing Content-Security-Policy, and report.html
// its own in a meta element for when it is opened from disk.
//
// # Concurrency
//
// Each request parses its own scenario, solves it through
// internal/pipeline as the command line does (with its monthly path for a
// [timeline] scenario, and its draws with bands=on), and builds fresh charts
// (a gonum Plot must not be shared); the baseline is shared read-only. The
// chart package sets plot.DefaultFont once at init, never per request. A
// recover middleware turns a panic into a logged 500 as a backstop.
package web
