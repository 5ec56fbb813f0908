package census

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestURLs(t *testing.T) {
	ex, im := URLs(2024)
	if ex != "https://api.census.gov/data/timeseries/intltrade/exports/hitech?get=CTY_CODE,CTY_NAME,HITECH,HITECH_DESC,ALL_VAL_YR&time=2024-12" {
		t.Error(ex)
	}
	if im != "https://api.census.gov/data/timeseries/intltrade/imports/hitech?get=CTY_CODE,CTY_NAME,HITECH,HITECH_DESC,GEN_VAL_YR&time=2024-12" {
		t.Error(im)
	}
	ex, _ = RequestURLs("http://127.0.0.1:1/x/", 2023, "a b&c")
	if ex != "http://127.0.0.1:1/x/exports/hitech?get=CTY_CODE,CTY_NAME,HITECH,HITECH_DESC,ALL_VAL_YR&time=2023-12&key=a+b%26c" {
		t.Error(ex)
	}
	if r := redact(ex); strings.Contains(r, "a+b") || !strings.HasSuffix(r, "&key=REDACTED") {
		t.Error(r)
	}
	if r := redact("http://h/p?key0=1&key=secret&time=2024-12"); r != "http://h/p?key0=1&key=REDACTED&time=2024-12" {
		t.Error(r)
	}
}

// replay serves the fixtures like the API, checking the query.
func replay(t *testing.T, key string) *httptest.Server {
	files := map[string][]byte{
		"/data/timeseries/intltrade/exports/hitech": readFixture(t, "exports_2024-12.json"),
		"/data/timeseries/intltrade/imports/hitech": readFixture(t, "imports_2024-12.json"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		body, ok := files[r.URL.Path]
		if !ok || q.Get("time") != "2024-12" || !strings.HasPrefix(q.Get("get"), "CTY_CODE,CTY_NAME,HITECH,HITECH_DESC,") || q.Get("key") != key {
			http.Error(w, "error: unknown request "+r.URL.String(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	srv := replay(t, "")
	var progress strings.Builder
	ex, im, err := Fetch(context.Background(), srv.Client(), srv.URL+"/data/timeseries/intltrade", 2024, &progress)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Import([]File{{"exports", ex}, {"imports", im}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.CountryCodes()) != 21 {
		t.Errorf("%v", b.CountryCodes())
	}
	p := progress.String()
	if strings.Count(p, "census: GET ") != 2 || !strings.Contains(p, "exports: 2") || !strings.Contains(p, "imports: ") {
		t.Errorf("progress:\n%s", p)
	}
}

func TestFetchKey(t *testing.T) {
	srv := replay(t, "s3cret")
	var progress strings.Builder
	if _, _, err := FetchWithKey(context.Background(), nil, srv.URL+"/data/timeseries/intltrade", 2024, "s3cret", &progress); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(progress.String(), "s3cret") || !strings.Contains(progress.String(), "key=REDACTED") {
		t.Errorf("key in progress:\n%s", progress.String())
	}
	// a wrong key: the server refuses, and the error does not echo the key
	_, _, err := FetchWithKey(context.Background(), nil, srv.URL+"/data/timeseries/intltrade", 2024, "other", nil)
	if err == nil || !strings.Contains(err.Error(), "400 Bad Request") {
		t.Fatalf("%v", err)
	}
}

func serve(t *testing.T, h http.HandlerFunc) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestFetchHTTPErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
		want []string
	}{
		{"500", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			io.WriteString(w, "\n  error: the server is busy\nsecond line that should not appear\n")
		}, []string{"census: exports: 127.0.0.1 answered 500 Internal Server Error: error: the server is busy"}},
		{"204", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }, []string{"no data for time=2024-12 (HTTP 204)"}},
		{"empty 200", func(w http.ResponseWriter, r *http.Request) {}, []string{"no data for time=2024-12 (HTTP 200)"}},
		{"html 200", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<html><head><title>Invalid Key</title></head></html>")
		}, []string{"unexpected response", "HTML page", "Invalid Key"}},
		{"wrong endpoint", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `[["CTY_CODE","CTY_NAME","HITECH","GEN_VAL_YR","time"],["5700","CHINA","04","1","2024-12"]]`)
		}, []string{"the exports request returned an imports response"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex, im, err := Fetch(context.Background(), nil, serve(t, tc.h), 2024, io.Discard)
			if err == nil || ex != nil || im != nil {
				t.Fatalf("%v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "second line") || errors.Is(err, ErrUnreachable) {
				t.Errorf("%q", err)
			}
		})
	}
	if _, _, err := Fetch(context.Background(), nil, "", 24, nil); err == nil {
		t.Error("year 24 accepted")
	}
}

func TestFetchSlowCancel(t *testing.T) {
	release := make(chan struct{})
	url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		case <-time.After(10 * time.Second):
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := Fetch(ctx, nil, url, 2024, nil)
	if err == nil || !strings.Contains(err.Error(), "did not answer in time") || !strings.Contains(err.Error(), "tariffsim data import census") {
		t.Fatalf("%v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}

	ctx, cancel = context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, _, err = Fetch(ctx, nil, url, 2024, nil)
	if err == nil || !strings.Contains(err.Error(), "cancelled") || !errors.Is(err, context.Canceled) {
		t.Fatalf("%v", err)
	}
}

func TestFetchUnreachable(t *testing.T) {
	// A port that was just free: connection refused, as when offline.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	start := time.Now()
	_, _, err = Fetch(context.Background(), nil, "http://"+addr, 2024, io.Discard)
	if err == nil || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("%v", err)
	}
	msg := err.Error()
	for _, w := range []string{"cannot reach 127.0.0.1: ", "; use `tariffsim data import census FILE...` with files downloaded elsewhere",
		"/exports/hitech?get=CTY_CODE,CTY_NAME,HITECH,HITECH_DESC,ALL_VAL_YR&time=2024-12"} {
		if !strings.Contains(msg, w) {
			t.Errorf("%q lacks %q", msg, w)
		}
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("cause lost: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to fail", d)
	}
}

func TestUnreachableClassification(t *testing.T) {
	for _, err := range []error{
		&net.DNSError{Err: "no such host", Name: "api.census.gov", IsNotFound: true},
		&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ENETUNREACH},
		&net.OpError{Op: "dial", Net: "tcp", Err: syscall.EHOSTUNREACH},
	} {
		if !unreachable(err) {
			t.Errorf("%v not seen as unreachable", err)
		}
		msg := requestError(err, Exports, "api.census.gov", "use `tariffsim data import census FILE...` with files downloaded elsewhere").Error()
		if !strings.HasPrefix(msg, "cannot reach api.census.gov: ") {
			t.Errorf("%s", msg)
		}
	}
	if unreachable(context.DeadlineExceeded) || unreachable(errors.New("x")) {
		t.Error("not network errors seen as unreachable")
	}
}
