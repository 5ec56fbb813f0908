package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInterrupted: Ctrl-C or SIGTERM (main cancels the context) makes
// every command exit 130 (128 + SIGINT, as a shell reports a command
// killed by SIGINT) with one line on stderr, and write nothing.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"run", "us-canada-mexico-25", "--out", filepath.Join(dir, "run")},
		{"run", "2025-as-it-happened", "--report", "--out", filepath.Join(dir, "path")},
		{"validate", "us-canada-mexico-25"},
		{"sweep", "us-canada-mexico-25", "--param", "substitution", "--from", "2", "--to", "8", "--out", filepath.Join(dir, "sweep")},
		{"compare", "us-canada-mexico-25", "china-2025-04-peak"},
		{"sensitivity", "us-canada-mexico-25", "--out", filepath.Join(dir, "sensitivity")},
	} {
		var stdout, stderr bytes.Buffer
		code := Run(ctx, args, &stdout, &stderr)
		if code != 130 {
			t.Errorf("%v: exit %d, want 130; stderr %q", args, code, stderr.String())
		}
		// One line: "interrupted", or the command's own account of it
		// ("interrupted after 0 of 11 points"), never "context canceled".
		got, prefix := stderr.String(), "tariffsim "+args[0]+": interrupted"
		if !strings.HasPrefix(got, prefix) || strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") || strings.Contains(got, "context") {
			t.Errorf("%v: stderr %q, want one line starting %q", args, got, prefix)
		}
		// Every command stops before printing.
		if stdout.Len() > 0 {
			t.Errorf("%v: wrote to stdout after the interrupt: %.200q", args, stdout.String())
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("an interrupted command wrote %s", e.Name())
	}
	// A usage error is still one: the interrupt does not hide it.
	var stderr bytes.Buffer
	if code := Run(ctx, []string{"run", "--no-such-flag"}, &bytes.Buffer{}, &stderr); code != 2 || strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("bad flag after interrupt: exit %d, %q", code, stderr.String())
	}
}
