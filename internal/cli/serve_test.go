package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeHelp(t *testing.T) {
	stdout, _, code := runCLI(t, "serve", "-h")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Usage: tariffsim serve [--addr HOST:PORT]", "127.0.0.1", "-addr HOST:PORT", "Ctrl-C"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("serve -h lacks %q:\n%s", want, stdout)
		}
	}
}

func TestServeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--addr", "nocolon"},
		{"serve", "extra"},
	} {
		_, stderr, code := runCLI(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr %q", args, code, stderr)
		}
	}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "localhost": true, "127.0.0.2": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.5": false, "example.org": false,
	} {
		if got := loopback(host); got != want {
			t.Errorf("loopback(%q) = %v, want %v", host, got, want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's log goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeLifecycle starts the server on a free loopback port, fetches the
// page, and checks that cancelling the context (what Ctrl-C does) stops it
// cleanly with exit status 0.
func TestServeLifecycle(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, []string{"serve", "-q", "--addr", "127.0.0.1:0"}, io.Discard, &stderr) }()

	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); {
		url = urlRE.FindString(stderr.String())
		time.Sleep(10 * time.Millisecond)
	}
	if url == "" {
		t.Fatalf("no URL printed; stderr:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("loopback address warned: %s", stderr.String())
	}
	resp, err := http.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: %s", resp.Status)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after cancel, want 0; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop after cancel")
	}
	if !strings.Contains(stderr.String(), "server stopped") {
		t.Errorf("no stop message; stderr:\n%s", stderr.String())
	}
	if _, err := http.Get(url + "healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// TestServeHostGuard: the served page refuses a Host that is not its own
// (DNS rebinding) and answers one given with --allow-host.
func TestServeHostGuard(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "-q", "--addr", "127.0.0.1:0", "--allow-host", "mybox.local"}, io.Discard, &stderr)
	}()
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); {
		url = urlRE.FindString(stderr.String())
		time.Sleep(10 * time.Millisecond)
	}
	if url == "" {
		t.Fatalf("no URL printed; stderr:\n%s", stderr.String())
	}
	for host, want := range map[string]int{"": 200, "evil.example": 421, "mybox.local": 200} {
		req, err := http.NewRequest("GET", url+"healthz", nil)
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: %d, want %d", host, resp.StatusCode, want)
		}
	}
	cancel()
	<-done
	_, stderr2, code := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--allow-host", "http://x/")
	if code != 2 || !strings.Contains(stderr2, "allowed host") {
		t.Errorf("a URL as --allow-host: exit %d, %q", code, stderr2)
	}
}
