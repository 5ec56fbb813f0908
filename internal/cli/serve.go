package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/internal/web"
)

type serveOptions struct {
	addr       string
	allowHosts hostList
	quiet      bool
}

// hostList is --allow-host: repeatable, each value a comma-separated list.
type hostList []string

func (l *hostList) String() string { return strings.Join(*l, ",") }

func (l *hostList) Set(s string) error {
	for _, h := range strings.Split(s, ",") {
		if h = strings.TrimSpace(h); h != "" {
			*l = append(*l, h)
		}
	}
	return nil
}

func serveCommand() *command {
	return &command{
		name:     "serve",
		synopsis: "open a local web page to explore scenarios",
		usage:    "[--addr HOST:PORT] [--allow-host NAME]",
		help: `
Serves a web page for exploring scenarios without a terminal: pick a shipped
scenario or paste your own TOML (its problems are shown beside the lines
they are on), move each measure's rate and exempt share and the
elasticities σ, η and ε with sliders, and see the headline table and the
charts change. Download the edited scenario (TOML), the results (CSV,
JSON), the charts (SVG, PNG) and the HTML report.

The page's state lives in its URL, so a link reproduces what you saw. It
loads nothing from the internet and works with JavaScript off (the form
then reloads the page).

By default the server listens on 127.0.0.1 only: nobody else can reach it.
To share it on a network, give another address (e.g. --addr 0.0.0.0:8080);
it prints a warning, as anyone who can reach the port can use it.

The server answers only requests addressed to it by the address it listens
on: for a loopback address, http://localhost:PORT/, http://127.0.0.1:PORT/
or http://[::1]:PORT/; for 0.0.0.0 or [::], any of the machine's IP
addresses. A request naming any other host gets 421 Misdirected Request:
this stops other web sites from reaching the page through a DNS name
pointed at your machine (DNS rebinding). To share the page under a name
(mybox.local, or the name of a reverse proxy in front of it), allow it with
--allow-host mybox.local (any port) or --allow-host mybox.local:8080; the
flag may be repeated or given a comma-separated list. Requests that another
site's page makes (an image, a script, a posted form) get 403; following a
link to the page from elsewhere works.

Requests
are limited in size (scenarios up to 64 KiB, 64 measures) and time (15 s).
Ctrl-C stops the server after the requests in progress finish.

Examples:

	tariffsim serve                       # then open http://127.0.0.1:8080/
	tariffsim serve --addr 127.0.0.1:0    # any free port; the URL is printed`,
		flags: func(fs *flag.FlagSet) any {
			o := &serveOptions{}
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free one)")
			fs.Var(&o.allowHosts, "allow-host", "also answer requests for host `NAME` or NAME:PORT (repeatable; comma-separated)")
			fs.BoolVar(&o.quiet, "q", false, "do not log each request")
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*serveOptions)
			if len(args) > 0 {
				return usagef("serve takes no arguments (got %q); see 'tariffsim serve -h'", args[0])
			}
			return serve(ctx, e, o)
		},
		endsOnSignal: true,
	}
}

func serve(ctx context.Context, e *env, o *serveOptions) error {
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usagef("--addr %q: want HOST:PORT, such as 127.0.0.1:8080", o.addr)
	}
	level := slog.LevelInfo
	if o.quiet {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// The handler needs the port actually listened on (--addr may say 0)
	// for its Host rule; a name given to --addr is a name users type.
	allow := []string(o.allowHosts)
	if host != "" && net.ParseIP(host) == nil && !loopback(host) {
		allow = append(allow, host)
	}
	h, err := web.New(web.Options{Logger: log, Version: versionString(), Addr: ln.Addr().String(), AllowHosts: allow})
	if err != nil {
		ln.Close()
		return usagef("%v", err)
	}
	if !loopback(host) {
		fmt.Fprintf(e.stderr, "warning: listening on %s, not loopback: anyone who can reach this port can use the page\n", ln.Addr())
	}
	fmt.Fprintf(e.stderr, "tariffsim: serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())

	srv := web.NewServer(h, log)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Let requests in flight finish, but not forever.
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stderr, "tariffsim: server stopped")
	return nil
}

// loopback reports whether host names only this machine. An empty host
// (":8080") means every interface, so it is not loopback.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
