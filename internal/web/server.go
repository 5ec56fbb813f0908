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
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/model/baseline"
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
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type server struct {
	opt       Options
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
	shipped, err := scenarios.List()
	if err != nil {
		return nil, fmt.Errorf("web: shipped scenarios: %w", err)
	}
	if len(shipped) == 0 {
		return nil, errors.New("web: no shipped scenarios")
	}
	ttf, err := chart.FontTTF()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &server{opt: opt, log: opt.Logger, b: opt.Baseline, shipped: shipped, font: ttf,
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
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /results", s.results)
	mux.HandleFunc("POST /load", s.load)
	mux.HandleFunc("/load", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "tariffsim: /load takes the paste form's POST; the page is at /", http.StatusMethodNotAllowed)
	})
	mux.HandleFunc("GET /download/{file}", s.download)
	mux.HandleFunc("GET /download/chart/{file}", s.downloadChart)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /static/"+fontFile, s.serveFont)
	mux.Handle("GET /static/", http.StripPrefix("/static/", noDirs(http.FileServerFS(static))))
	mux.HandleFunc("/", s.notFound)

	// TimeoutHandler answers 503 when a request overruns and cancels its
	// context; recover sits outside it because TimeoutHandler re-panics a
	// handler's panic in the serving goroutine.
	h := http.TimeoutHandler(limitQuery(mux), opt.Timeout, "tariffsim: the request took too long; try again")
	return s.recoverer(s.logRequests(securityHeaders(h))), nil
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

func limitQuery(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.RawQuery) > maxQuery {
			http.Error(w, fmt.Sprintf("tariffsim: the link is too long (over %d KiB)", maxQuery>>10), http.StatusRequestURITooLong)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// securityHeaders forbids every external resource: the page is meant to
// work offline, and a policy makes a stray external link fail loudly in
// development instead of leaking requests. Inline style attributes are
// allowed because the SVG charts use them; scripts only from /static.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		if !strings.HasPrefix(r.URL.Path, "/download/") {
			hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
				"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
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

// acquire waits for a solve slot until ctx ends.
func (s *server) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s.solveSlot <- struct{}{}:
		return func() { <-s.solveSlot }, nil
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
