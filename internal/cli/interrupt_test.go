package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// checkCtx is a context that ends once its Err has been asked left
// times: a Ctrl-C at a chosen point of a command's work, the same point
// on every run whatever the machine's load. checks counts the asks.
type checkCtx struct {
	context.Context
	left, checks atomic.Int64
	once         sync.Once
	done         chan struct{}
}

func newCheckCtx(left int64) *checkCtx {
	c := &checkCtx{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(left)
	return c
}

func (c *checkCtx) Done() <-chan struct{} { return c.done }

func (c *checkCtx) Err() error {
	c.checks.Add(1)
	if c.left.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}

// centuryTOML is a scenario with a 1,200-month timeline (the issue's
// "1,200-month path") whose 60 measures start one after another.
func centuryTOML() string {
	var b strings.Builder
	b.WriteString("name = \"a century\"\n[timeline]\nstart = 2025-01-01\nmonths = 1200\n")
	partners := []string{"CN", "MX", "CA", "DE", "JP", "KR", "TW", "VN", "IN", "GB"}
	for i := range 60 {
		fmt.Fprintf(&b, "[[tariff]]\nby = \"US\"\non = [%q]\nrate = \"%d%%\"\nstart = %d-%02d-01\n",
			partners[i%len(partners)], 10+10*(i%2), 2025+i/12*8, i%12+1)
	}
	return b.String()
}

// TestInterruptedMidway: Ctrl-C halfway through the work of each long
// command (a 1,200-month path, a sweep, a sensitivity analysis, a
// comparison, a Monte Carlo run, a report, validate) exits 130 with one
// "interrupted" line and leaves the output of the previous run exactly
// as it was, with nothing beside it. "Halfway" is half of the context
// checks the uninterrupted run makes, so the signal lands inside the
// work, not before or after it.
func TestInterruptedMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("runs each long command twice")
	}
	in := t.TempDir()
	century := filepath.Join(in, "century.toml")
	write(t, century, centuryTOML())
	// A small baseline keeps the path's files small (the ATP baseline's
	// path.csv for 1,200 months has 700,000 rows): the work that matters
	// is the 1,200 months.
	small := filepath.Join(in, "small.csv")
	var rows strings.Builder
	rows.WriteString("importer,exporter,category,value_musd,tariff_pct\n")
	for _, p := range []string{"CN", "MX", "CA", "DE", "JP", "KR", "TW", "VN", "IN", "GB"} {
		fmt.Fprintf(&rows, "US,%s,ict,1000,2\nUS,%s,biotech,500,1\n%s,US,ict,300,3\n", p, p, p)
	}
	write(t, small, rows.String())
	for _, tc := range []struct {
		name string
		args []string // --out OUT is added
		file bool     // OUT is a file (report)
	}{
		{"path", []string{"run", "-q", "--no-charts", "--baseline", small, century}, false},
		{"sweep", []string{"sweep", "-q", "--no-charts", "--param", "substitution", "--from", "1", "--to", "10", "--steps", "30", "us-canada-mexico-25"}, false},
		{"sensitivity", []string{"sensitivity", "-q", "--no-charts", "us-canada-mexico-25"}, false},
		{"compare", []string{"compare", "-q", "--no-charts", "us-canada-mexico-25", "china-2025-04-peak", "reciprocal-2025-08"}, false},
		{"monte carlo", []string{"run", "-q", "--no-charts", "--draws", "2000", "us-canada-mexico-25-uncertain"}, false},
		{"report", []string{"report", "--baseline", small, century}, true},
		{"validate", []string{"validate", "us-canada-mexico-25", "china-2025-04-peak", "reciprocal-2025-08", century, "2025-as-it-happened"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			args := tc.args
			if tc.args[0] != "validate" {
				if tc.file {
					out += ".html"
				}
				args = append(slices.Clone(tc.args), "--out", out)
			}
			whole := newCheckCtx(1 << 62)
			var stdout, stderr bytes.Buffer
			t0 := time.Now()
			if code := Run(whole, args, &stdout, &stderr); code != 0 {
				t.Fatalf("uninterrupted: exit %d: %s", code, stderr.String())
			}
			full, checks := time.Since(t0), whole.checks.Load()
			wantOK := strings.Count(stdout.String(), "ok ")
			before := outputOf(t, dir)

			half := newCheckCtx(checks / 2)
			stdout.Reset()
			stderr.Reset()
			t0 = time.Now()
			code := Run(half, args, &stdout, &stderr)
			took := time.Since(t0)
			t.Logf("%d context checks in %v uninterrupted; interrupted after %d, returned in %v", checks, full, checks/2, took)
			if code != 130 {
				t.Fatalf("interrupted halfway: exit %d, want 130; stderr %q", code, stderr.String())
			}
			if got := stderr.String(); !strings.HasPrefix(got, "tariffsim "+args[0]+": interrupted") || strings.Count(got, "\n") != 1 {
				t.Errorf("stderr %q, want one 'interrupted' line", got)
			}
			if after := outputOf(t, dir); !mapsEqual(before, after) {
				t.Errorf("the interrupted run changed the output: %d files before, %d after", len(before), len(after))
			}
			if tc.args[0] == "validate" {
				if n := strings.Count(stdout.String(), "ok "); n >= wantOK {
					t.Errorf("validate checked %d of %d files after the interrupt", n, wantOK)
				}
			}
		})
	}
}

// outputOf is every file under dir, and beside the output folder, with
// its bytes.
func outputOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if d.IsDir() {
			m[path] = "(folder)"
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m[path] = string(b)
		return nil
	})
	return m
}
