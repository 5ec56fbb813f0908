package cli

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/scenarios"
)

// needsNetwork are the examples that cannot run offline or do not end.
var needsNetwork = []string{"tariffsim data fetch", "tariffsim serve"}

// TestDoc runs every line under "Examples:" in the commands' help (and the
// top-level help), in the style of golang.org/x/perf's TestDoc: each must
// exit 0. It runs in a fresh directory holding the files the examples
// name: the shipped scenarios under scenarios/, a baseline CSV written by
// 'tariffsim baseline', scenarios of one's own (copies of a shipped one)
// and the Census fixtures of internal/census. "> file" writes stdout to
// the file; a "# comment" is dropped; a glob is expanded.
func TestDoc(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every example")
	}
	census, err := filepath.Abs(filepath.Join("..", "census", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	mustWrite := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	list, err := fs.Glob(scenarios.FS, "*.toml")
	if err != nil || len(list) == 0 {
		t.Fatalf("shipped scenarios: %v %v", list, err)
	}
	for _, f := range list {
		data, _ := fs.ReadFile(scenarios.FS, f)
		mustWrite(filepath.Join("scenarios", f), data)
	}
	own, _ := fs.ReadFile(scenarios.FS, "us-canada-mexico-25.toml")
	for _, f := range []string{"my.toml", "my-scenario.toml", "a.toml", "b.toml", "c.toml"} {
		mustWrite(f, own)
	}
	var flows bytes.Buffer
	if code := Run(context.Background(), []string{"baseline", "--format", "csv"}, &flows, io.Discard); code != 0 {
		t.Fatal("tariffsim baseline --format csv failed")
	}
	mustWrite("flows.csv", flows.Bytes())
	mustWrite("my-flows.csv", flows.Bytes())
	for dst, src := range map[string]string{"exports.json": "exports_2024-12.json", "imports.json": "imports_2024-12.json"} {
		data, err := os.ReadFile(filepath.Join(census, src))
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(dst, data)
	}

	var top bytes.Buffer
	Run(context.Background(), []string{"help"}, &top, io.Discard)
	helps := []string{top.String()}
	for _, c := range commands() {
		var b bytes.Buffer
		commandUsage(&b, c, nil)
		helps = append(helps, b.String())
	}
	n := 0
	for _, h := range helps {
		_, ex, ok := strings.Cut(h, "\nExamples:\n")
		if !ok {
			continue
		}
		for _, line := range strings.Split(ex, "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "tariffsim ") {
				if line != "" && !strings.HasPrefix(line, "Run '") && !strings.HasPrefix(line, "The ") && !strings.HasPrefix(line, "Flags:") {
					break // the examples end at the first paragraph after them
				}
				continue
			}
			if skip := func() bool {
				for _, p := range needsNetwork {
					if strings.HasPrefix(line, p) {
						return true
					}
				}
				return false
			}(); skip {
				continue
			}
			n++
			runExample(t, line)
		}
	}
	t.Logf("ran %d examples", n)
	if n < 20 {
		t.Errorf("ran %d examples; the help has more", n)
	}
}

func runExample(t *testing.T, line string) {
	t.Helper()
	cmd, _, _ := strings.Cut(line, "#")
	cmd, out, redirect := strings.Cut(cmd, ">")
	var args []string
	for _, a := range strings.Fields(cmd)[1:] {
		if strings.ContainsAny(a, "*?[") {
			m, err := filepath.Glob(a)
			if err != nil || len(m) == 0 {
				t.Errorf("%s: glob %q matches nothing", line, a)
			}
			args = append(args, m...)
			continue
		}
		args = append(args, a)
	}
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Errorf("%s: exit %d\n%s", line, code, stderr.String())
		return
	}
	if redirect {
		if err := os.WriteFile(strings.TrimSpace(out), stdout.Bytes(), 0o644); err != nil {
			t.Error(err)
		}
	}
}
