//go:build unix

package main

import (
	"bufio"
	"errors"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as tariffsim, so that a test can send
// it real signals.
func TestMain(m *testing.M) {
	if os.Getenv("TARIFFSIM_AS_MAIN") == "1" {
		os.Args = append([]string{"tariffsim"}, strings.Fields(os.Getenv("TARIFFSIM_ARGS"))...)
		main()
	}
	os.Exit(m.Run())
}

// start runs tariffsim with args and returns it once it has printed a
// line containing ready on stderr.
func start(t *testing.T, ready string, args ...string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TARIFFSIM_AS_MAIN=1", "TARIFFSIM_ARGS="+strings.Join(args, " "))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	found := make(chan bool, 1)
	go func() {
		ok := false
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if !ok && strings.Contains(sc.Text(), ready) {
				ok = true
				found <- true
			}
		}
		if !ok {
			found <- false
		}
	}()
	select {
	case ok := <-found:
		if !ok {
			t.Fatalf("%v ended before %q", args, ready)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%v never printed %q", args, ready)
	}
	return cmd, &log
}

// A second signal kills at once: here serve, stopping after the first, is
// waiting for a request in flight (a client that sent half its headers).
func TestSecondSignalKills(t *testing.T) {
	cmd, log := start(t, "serving on", "serve", "-q", "--addr", "127.0.0.1:0")
	defer cmd.Process.Kill()
	addr := regexp.MustCompile(`http://([0-9.:]+)/`).FindStringSubmatch(log.String())
	if addr == nil {
		t.Fatalf("no address in %q", log.String())
	}
	conn, err := net.Dial("tcp", addr[1])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: " + addr[1] + "\r\n"))
	time.Sleep(200 * time.Millisecond)
	done := make(chan error, 1)
	cmd.Process.Signal(syscall.SIGINT)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		t.Fatalf("serve ended at the first signal (%v), before its request in flight", err)
	case <-time.After(500 * time.Millisecond):
	}
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() {
			t.Errorf("after a second SIGINT: %v, want killed by the signal", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a second SIGINT did not kill serve")
	}
}

func TestSIGTERMStopsServe(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd, _ := start(t, "serving on", "serve", "-q", "--addr", "127.0.0.1:0")
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: serve ended with %v, want exit 0", sig, err)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: serve did not stop", sig)
		}
	}
}
