package census

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// DefaultBase is the root of the Census international trade API.
const DefaultBase = "https://api.census.gov/data/timeseries/intltrade"

// Timeout bounds each request when the context has no deadline of its own.
const Timeout = 90 * time.Second

// maxBody bounds a response; a full hitech year is well under 1 MB.
const maxBody = 64 << 20

// ErrUnreachable is wrapped by Fetch errors that come from not reaching the
// server at all (no DNS, no route, connection refused), so that callers
// can tell an offline machine from an API error with errors.Is.
var ErrUnreachable = errors.New("server unreachable")

// getFields are the columns requested, as in public code pulling these
// endpoints (pull_trade_atp): year-to-date values, so that December gives
// the annual total in one request.
func getFields(d Direction) string {
	return "CTY_CODE,CTY_NAME,HITECH,HITECH_DESC," + d.ValueColumn()
}

// URLs returns the exports and imports request URLs for year on the
// public API, without an API key.
func URLs(year int) (exports, imports string) {
	return RequestURLs(DefaultBase, year, "")
}

// RequestURLs returns the exports and imports request URLs for year under
// base (DefaultBase when empty), with key as the optional "key" parameter.
func RequestURLs(base string, year int, key string) (exports, imports string) {
	if base == "" {
		base = DefaultBase
	}
	base = strings.TrimRight(base, "/")
	u := func(d Direction) string {
		s := fmt.Sprintf("%s/%s/hitech?get=%s&time=%04d-12", base, d, getFields(d), year)
		if key != "" {
			s += "&key=" + url.QueryEscape(key)
		}
		return s
	}
	return u(Exports), u(Imports)
}

// Fetch downloads the exports and imports hitech responses for year from
// base (DefaultBase when empty) without an API key; see FetchWithKey.
func Fetch(ctx context.Context, client *http.Client, base string, year int, progress io.Writer) (exports, imports []byte, err error) {
	return FetchWithKey(ctx, client, base, year, "", progress)
}

// FetchWithKey downloads the exports and imports hitech responses for
// year, checks that each parses as the response it should be, and returns
// them as received, for Import or for saving. key is the optional Census
// API key (the API serves small volumes without one). One line per request
// goes to progress (nil or io.Discard for none); the key never appears in
// progress or errors.
//
// A nil client uses one with short connect timeouts, so that an offline
// machine fails in seconds; each request is bounded by Timeout unless ctx
// has a deadline. A server that cannot be reached gives an error wrapping
// ErrUnreachable that says to import files downloaded elsewhere.
func FetchWithKey(ctx context.Context, client *http.Client, base string, year int, key string, progress io.Writer) (exports, imports []byte, err error) {
	if year < 1000 || year > 9999 {
		return nil, nil, fmt.Errorf("census: year %d: want a four-digit year", year)
	}
	if client == nil {
		client = defaultClient
	}
	if progress == nil {
		progress = io.Discard
	}
	eu, iu := RequestURLs(base, year, key)
	hint := fmt.Sprintf("use `tariffsim data import census FILE...` with files downloaded elsewhere:\n  %s\n  %s",
		redact(eu), redact(iu))
	exports, err = fetchOne(ctx, client, eu, Exports, progress, hint)
	if err != nil {
		return nil, nil, err
	}
	imports, err = fetchOne(ctx, client, iu, Imports, progress, hint)
	if err != nil {
		return nil, nil, err
	}
	return exports, imports, nil
}

var defaultClient = &http.Client{
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: Timeout,
		ForceAttemptHTTP2:     true,
	},
}

func fetchOne(ctx context.Context, client *http.Client, u string, d Direction, progress io.Writer, hint string) ([]byte, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, Timeout)
		defer cancel()
	}
	host := hostOf(u)
	start := time.Now()
	fmt.Fprintf(progress, "census: GET %s\n", redact(u))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("census: %s request: %v", d, unwrapURL(err))
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "tariffsim (https://github.com/tariffsim/tariffsim)")
	resp, err := client.Do(req)
	if err != nil {
		return nil, requestError(err, d, host, hint)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, requestError(err, d, host, hint)
	}
	switch {
	case resp.StatusCode == http.StatusNoContent ||
		resp.StatusCode == http.StatusOK && len(bytes.TrimSpace(body)) == 0:
		// The API is expected to answer 204 (public code also handles an
		// empty 200) when no row matches, e.g. a year not yet published.
		return nil, fmt.Errorf("census: %s: %s has no data for %s (HTTP %d): is the year published yet?", d, host, periodOf(u), resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("census: %s: %s answered %s: %s", d, host, resp.Status, firstLine(body))
	case len(body) > maxBody:
		return nil, fmt.Errorf("census: %s: response larger than %d MB: not a hitech response", d, maxBody>>20)
	}
	t, err := Parse(d.String()+" response from "+host, body)
	if err != nil {
		return nil, fmt.Errorf("census: unexpected response: %w", err)
	}
	if t.Direction != d {
		return nil, fmt.Errorf("census: the %s request returned an %s response", d, t.Direction)
	}
	fmt.Fprintf(progress, "census: %s: %d country rows, %d kB in %s\n", d, len(t.Rows), (len(body)+1023)/1024, time.Since(start).Round(time.Millisecond))
	return body, nil
}

// requestError explains a failed request: cancelled, timed out, or not
// reachable at all (the usual case on an offline machine).
func requestError(err error, d Direction, host, hint string) error {
	inner := unwrapURL(err)
	switch {
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("census: %s: cancelled: %w", d, inner)
	case unreachable(err):
		return &fetchError{
			msg:  fmt.Sprintf("cannot reach %s: %v; %s", host, inner, hint),
			errs: []error{ErrUnreachable, inner},
		}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("census: %s: %s did not answer in time (%w): the network may be slow or offline; %s", d, host, inner, hint)
	}
	return fmt.Errorf("census: %s: %s: %w", d, host, inner)
}

// fetchError carries a message written for people and the errors behind
// it for errors.Is and errors.As.
type fetchError struct {
	msg  string
	errs []error
}

func (e *fetchError) Error() string   { return e.msg }
func (e *fetchError) Unwrap() []error { return e.errs }

// unreachable reports whether err means the server was never reached.
func unreachable(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	for _, e := range []error{syscall.ECONNREFUSED, syscall.ENETUNREACH, syscall.EHOSTUNREACH, syscall.EADDRNOTAVAIL} {
		if errors.Is(err, e) {
			return true
		}
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && !op.Timeout()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURL drops the *url.Error wrapper, whose message repeats the URL
// and with it the API key.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redact hides the key parameter of a URL for messages.
func redact(u string) string {
	i := strings.Index(u, "&key=")
	if i < 0 {
		return u
	}
	rest := u[i+len("&key="):]
	if j := strings.IndexByte(rest, '&'); j >= 0 {
		return u[:i] + "&key=REDACTED" + rest[j:]
	}
	return u[:i] + "&key=REDACTED"
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "the Census API"
	}
	return p.Hostname()
}

func periodOf(u string) string {
	if i := strings.Index(u, "time="); i >= 0 {
		p := u[i:]
		if j := strings.IndexByte(p, '&'); j >= 0 {
			p = p[:j]
		}
		return p
	}
	return "the period asked"
}
