package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

// Limits chosen for a page on a laptop that a class may share over a LAN.
// Each is a field of Options so that tests can lower them.
const (
	// DefaultMaxSource caps a scenario's source: the largest shipped file
	// is under 8 KB, so 64 KiB leaves room for any hand-written scenario
	// while bounding parse time and the length of links that carry it.
	DefaultMaxSource = 64 << 10
	// DefaultMaxBody caps a POST body: the source plus multipart framing.
	DefaultMaxBody = DefaultMaxSource + 16<<10
	// DefaultMaxMeasures caps [[tariff]] plus [[retaliation]] tables; the
	// shipped scenarios have at most 8, and each one is a row of controls.
	DefaultMaxMeasures = 64
	// DefaultMaxDraws caps the Monte Carlo draws of the 90% intervals
	// (bands=on): 2,000 draws make a slider move take about half a second
	// on two cores, and keep a run's draws in memory (about 250 numbers
	// each) near 4 MB.
	DefaultMaxDraws = 2000
	// DefaultTimeout bounds a request's work; a solve takes about 10 ms.
	DefaultTimeout = 15 * time.Second
	// maxQuery caps the raw query string: an encoded source at the
	// DefaultMaxSource limit plus every edit fits easily.
	maxQuery = 128 << 10
	// maxParams caps a query's parameters: the page's own form sends
	// fewer than 300 for a scenario of DefaultMaxMeasures measures
	// (TestQueryLimits), and more would be refused as unknown or
	// repeated anyway; the cap makes that answer cheap.
	maxParams = 1000
)

// Options configure the handler. The zero value is usable.
type Options struct {
	Logger      *slog.Logger       // nil: discard
	Version     string             // stamped on charts and reports
	Baseline    *baseline.Baseline // nil: the embedded ATP 2024 baseline
	MaxSource   int                // bytes; 0: DefaultMaxSource
	MaxBody     int64              // bytes; 0: DefaultMaxBody
	MaxMeasures int                // 0: DefaultMaxMeasures
	MaxDraws    int                // Monte Carlo draws per request; 0: DefaultMaxDraws
	Timeout     time.Duration      // 0: DefaultTimeout
	// MaxSolves caps solves running at once; more requests wait for a
	// slot until their deadline. 0: 2 × GOMAXPROCS.
	MaxSolves int
	// Addr is the address the server listens on, as its
	// net.Listener's Addr gives it (a real port, not 0). Requests whose
	// Host header names anything else get 421 Misdirected Request, which
	// defeats DNS rebinding: for a loopback Addr, localhost, 127.0.0.1
	// (any loopback IP) and [::1] on its port; for a specific IP, that IP;
	// for all interfaces (0.0.0.0:8080, [::]:8080), any IP literal and
	// localhost on its port. "": localhost and loopback IPs on any port.
	Addr string
	// AllowHosts are further host names to answer, for deliberate
	// sharing under a name (mybox.local, or a reverse proxy's name):
	// "name" on any port, or "name:port" on that port only.
	AllowHosts []string
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type server struct {
	opt       Options
	hosts     *hostRule
	log       *slog.Logger
	b         *baseline.Baseline
	shipped   []scenarios.Info
	defName   string // the scenario shown when the URL names none
	font      []byte
	solveSlot chan struct{}
}

// New returns the web UI's handler: routes, limits and a recover backstop.
func New(opt Options) (http.Handler, error) {
	s, err := makeServer(opt)
	if err != nil {
		return nil, err
	}
	return s.handler()
}

// makeServer applies opt's defaults and loads what every request shares.
func makeServer(opt Options) (*server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Version == "" {
		opt.Version = "dev"
	}
	if opt.Baseline == nil {
		opt.Baseline = baseline.ATP2024()
	}
	if opt.MaxSource <= 0 {
		opt.MaxSource = DefaultMaxSource
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = int64(opt.MaxSource) + 16<<10
	}
	if opt.MaxMeasures <= 0 {
		opt.MaxMeasures = DefaultMaxMeasures
	}
	if opt.MaxDraws <= 0 {
		opt.MaxDraws = DefaultMaxDraws
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxSolves <= 0 {
		opt.MaxSolves = 2 * runtime.GOMAXPROCS(0)
	}
	hosts, err := newHostRule(opt.Addr, opt.AllowHosts)
	if err != nil {
		return nil, err
	}
	shipped, err := scenarios.List()
	if err != nil {
		return nil, fmt.Errorf("web: shipped scenarios: %w", err)
	}
	// The page solves with the PE engine on one baseline; GE scenarios
	// (engine = "ge", on the GE baseline) run from the command line.
	shipped = slices.DeleteFunc(shipped, func(i scenarios.Info) bool { return i.Engine == scenario.GE })
	if len(shipped) == 0 {
		return nil, errors.New("web: no shipped scenarios")
	}
	ttf, err := chart.FontTTF()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &server{opt: opt, hosts: hosts, log: opt.Logger, b: opt.Baseline, shipped: shipped, font: ttf,
		solveSlot: make(chan struct{}, opt.MaxSolves)}
	s.defName = shipped[0].Slug()
	for _, i := range shipped {
		if i.Slug() == "us-canada-mexico-25-retaliation" {
			s.defName = i.Slug()
		}
	}
	return s, nil
}

// handler is s's routes behind its limits and middleware.
func (s *server) handler() (http.Handler, error) {
	opt := s.opt
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	// Each route also answers its other methods with 405 and an Allow
	// header (a "GET" pattern also matches HEAD); only paths that are
	// no route get 404.
	get := func(pattern string, h http.Handler) {
		mux.Handle("GET "+pattern, h)
		mux.Handle(pattern, methodNotAllowed("GET, HEAD", "the page is at / and takes GET"))
	}
	get("/{$}", http.HandlerFunc(s.page))
	get("/results", http.HandlerFunc(s.results))
	mux.HandleFunc("POST /load", s.load)
	mux.Handle("/load", methodNotAllowed(http.MethodPost, "/load takes the paste form's POST; the page is at /"))
	get("/download/{file}", http.HandlerFunc(s.download))
	get("/download/chart/{file}", http.HandlerFunc(s.downloadChart))
	get("/healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	}))
	// Its other methods fall to "/static/" (a method-less pattern for
	// the font would conflict with "GET /static/").
	mux.HandleFunc("GET /static/"+fontFile, s.serveFont)
	get("/static/", http.StripPrefix("/static/", noDirs(http.FileServerFS(static))))
	mux.HandleFunc("/", s.notFound)

	// TimeoutHandler answers 503 when a request overruns and cancels its
	// context; recover sits outside it because TimeoutHandler re-panics a
	// handler's panic in the serving goroutine.
	h := http.TimeoutHandler(limitQuery(mux), opt.Timeout, "tariffsim: the request took too long; try again")
	return s.recoverer(s.logRequests(securityHeaders(guardOrigin(s.hosts, h)))), nil
}

// NewServer returns an http.Server with the timeouts a public-facing
// server needs, so that slow clients cannot hold connections open.
func NewServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxQuery + 32<<10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

const fontFile = "LiberationSans-Regular.ttf"

func (s *server) serveFont(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "font/ttf")
	// The font never changes within a build; let the browser keep it.
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeContent(w, r, fontFile, time.Time{}, bytes.NewReader(s.font))
}

// noDirs hides directory listings of the embedded static files.
func noDirs(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// methodNotAllowed answers 405 with the methods a route takes.
func methodNotAllowed(allow, msg string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		http.Error(w, fmt.Sprintf("tariffsim: %s is not allowed here: %s", clip(r.Method), msg), http.StatusMethodNotAllowed)
	})
}

// limitQuery refuses a query that is longer than maxQuery bytes (414),
// has more than maxParams parameters, or does not parse (400). Handlers
// read the query with URL.Query, which drops what does not parse and,
// past net/url's own cap of 10,000 parameters, everything: without this a
// broken or oversized link would silently show the default page.
func limitQuery(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.RawQuery
		if len(q) > maxQuery {
			http.Error(w, fmt.Sprintf("tariffsim: the link is too long (over %d KiB)", maxQuery>>10), http.StatusRequestURITooLong)
			return
		}
		if n := strings.Count(q, "&") + 1; q != "" && n > maxParams {
			http.Error(w, fmt.Sprintf("tariffsim: the link has %d parameters; at most %d are accepted", n, maxParams), http.StatusBadRequest)
			return
		}
		if _, err := url.ParseQuery(q); err != nil {
			http.Error(w, "tariffsim: the link's query is malformed: "+clip(err.Error()), http.StatusBadRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Content security policies. The page's forbids every external resource:
// the page is meant to work offline, and a policy makes a stray external
// link fail loudly in development instead of leaking requests. Inline
// style attributes are allowed because the SVG charts use them; scripts
// only from /static. Downloads are attachments, which a browser saves
// rather than shows, but should one be shown (an SVG opened in a tab) it
// runs no script, loads nothing and is sandboxed; report.html carries
// its own policy for when it is opened from disk (report.html.tmpl).
const (
	pageCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	downloadCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"
)

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		if strings.HasPrefix(r.URL.Path, "/download/") {
			hd.Set("Content-Security-Policy", downloadCSP)
		} else {
			hd.Set("Content-Security-Policy", pageCSP)
		}
		h.ServeHTTP(w, r)
	})
}

// statusWriter records the status for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(p)
}

func (s *server) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		// The query can hold a whole scenario: log its length only.
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query_bytes", len(r.URL.RawQuery),
			"status", sw.status, "ms", float64(time.Since(t0).Microseconds())/1000)
	})
}

// recoverer is the backstop: a bug in a handler costs one request a 500,
// never the server. http.ErrAbortHandler is the one panic to pass on, as
// net/http uses it to drop a connection on purpose.
func (s *server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "tariffsim: internal error; the server log has the details", http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// acquire waits for one of the MaxSolves slots until ctx ends. A handler
// takes it before any costly work of a request (parsing the scenario
// included) and calls release when done; release may be called more than
// once (a deferred release after an early one), freeing the slot once.
// When ctx ends first, the error is a 503 inputError.
func (s *server) acquire(ctx context.Context) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		// select picks at random among ready cases: without this, a
		// request whose deadline has passed could still take a slot.
		return nil, &inputError{Status: http.StatusServiceUnavailable, Msg: "the server is busy; try again in a moment"}
	}
	select {
	case s.solveSlot <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-s.solveSlot }) }, nil
	case <-ctx.Done():
		return nil, &inputError{Status: http.StatusServiceUnavailable, Msg: "the server is busy; try again in a moment"}
	}
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "tariffsim: no such page: "+clip(r.URL.Path)+" (the page is at /)", http.StatusNotFound)
}

// attachment sets the headers of a download.
func attachment(w http.ResponseWriter, name, ctype string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
}

var csvTables = []string{"flows", "markets", "producers", "countries"}

func isCSVTable(t string) bool { return slices.Contains(csvTables, t) }

var templates = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))
