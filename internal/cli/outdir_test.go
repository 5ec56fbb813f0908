package cli

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
)

// listing is the sorted names in dir, the Marker left out.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != atomicfile.Marker {
			names = append(names, e.Name())
		}
	}
	return names
}

// snapshot is every file of dir and its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, n := range listing(t, dir) {
		if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && fi.IsDir() {
			m[n] = "(folder)"
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		m[n] = string(b)
	}
	return m
}

// TestRerunLeavesOnlyItsFiles: the item 4. A run with --report
// and --draws, then a run of another scenario without them into the same
// folder: the folder holds exactly what the second run writes into a new
// folder, with no report.html, percentiles.csv or uncertainty chart of
// the first.
func TestRerunLeavesOnlyItsFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if _, stderr, code := runCLI(t, "run", "--report", "--draws", "20", "-q", "--out", out, "us-canada-mexico-25-uncertain"); code != 0 {
		t.Fatalf("run A: %d %s", code, stderr)
	}
	a := listing(t, out)
	for _, want := range []string{"report.html", "percentiles.csv", "uncertainty-headline.png"} {
		if !slices.Contains(a, want) {
			t.Fatalf("run A wrote no %s: %q", want, a)
		}
	}
	if _, stderr, code := runCLI(t, "run", "-q", "--out", out, "china-2025-04-peak"); code != 0 {
		t.Fatalf("run B: %d %s", code, stderr)
	}
	fresh := filepath.Join(dir, "fresh")
	if _, stderr, code := runCLI(t, "run", "-q", "--out", fresh, "china-2025-04-peak"); code != 0 {
		t.Fatalf("run B into a new folder: %d %s", code, stderr)
	}
	if got, want := listing(t, out), listing(t, fresh); !slices.Equal(got, want) {
		t.Errorf("after the rerun the folder holds %q,\nwant exactly run B's files %q", got, want)
	}
	if got, want := snapshot(t, out)["summary.txt"], snapshot(t, fresh)["summary.txt"]; got != want {
		t.Error("summary.txt is not run B's")
	}
	// Nothing is left beside the folder either.
	if got := listing(t, dir); !slices.Equal(got, []string{"fresh", "out"}) {
		t.Errorf("beside the output folder: %q", got)
	}
}

// TestOutputNeverReplacesAnInput: the item 3. An output that
// would overwrite or delete an input of the same run is a usage error
// (exit 2) before anything is written, and the inputs are untouched.
func TestOutputNeverReplacesAnInput(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	const sc = "name = \"mine\"\n# my notes\n[[tariff]]\nby = \"US\"\non = \"CN\"\nrate = \"20%\"\n"
	write(t, "scenario.toml", sc)
	flows, _, code := runCLI(t, "baseline", "--format", "csv")
	if code != 0 {
		t.Fatal("baseline --format csv failed")
	}
	write(t, "flows.csv", flows)
	if err := os.Mkdir("data", 0o777); err != nil {
		t.Fatal(err)
	}
	write(t, "data/s.toml", sc)
	// Never read: the check comes first.
	write(t, "exp.json", "[]")
	write(t, "imp.json", "[]")
	for _, args := range [][]string{
		{"run", "--out", ".", "scenario.toml"},
		{"run", "--baseline", "flows.csv", "--out", ".", "us-canada-mexico-25"},
		{"run", "--out", "data", "data/s.toml"},
		{"run", "--out", "..", "scenario.toml"},
		{"run", "--out", "scenario.toml", "scenario.toml"},
		{"report", "--out", "scenario.toml", "scenario.toml"},
		{"report", "--baseline", "flows.csv", "--out", "flows.csv", "us-canada-mexico-25"},
		{"sweep", "--param", "scale", "--from", "0", "--to", "1", "--out", ".", "scenario.toml"},
		{"sensitivity", "--out", ".", "scenario.toml"},
		{"compare", "--out", ".", "us-canada-mexico-25", "scenario.toml"},
		{"data", "import", "census", "exp.json", "imp.json", "-o", "exp.json"},
	} {
		before := snapshot(t, ".")
		stdout, stderr, code := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, "input") || !strings.Contains(stderr, "elsewhere") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message naming the input", args, code, stderr)
		}
		if stdout != "" {
			t.Errorf("%q: printed %.100q before refusing", args, stdout)
		}
		if after := snapshot(t, "."); !mapsEqual(before, after) {
			t.Errorf("%q changed the folder: %q", args, listing(t, "."))
		}
	}
	// A folder holding files tariffsim did not write is refused too, and
	// kept: a run replaces the whole folder.
	if err := os.Mkdir("notes", 0o777); err != nil {
		t.Fatal(err)
	}
	write(t, "notes/todo.txt", "mine")
	if _, stderr, code := runCLI(t, "run", "--out", "notes", "us-canada-mexico-25"); code != 2 || !strings.Contains(stderr, "todo.txt") {
		t.Errorf("a folder of the user's: exit %d, %q", code, stderr)
	}
	if b, err := os.ReadFile("notes/todo.txt"); err != nil || string(b) != "mine" {
		t.Errorf("notes/todo.txt: %q %v", b, err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestLegacyOutputFolder: a folder written by an earlier tariffsim
// (no atomicfile.Marker), with a stray temporary file of a killed write,
// is recognised as the tool's own and replaced.
func TestLegacyOutputFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "old")
	if err := os.Mkdir(out, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"summary.txt", "flows.csv", "report.html", "percentiles.csv", "imports-by-partner.png",
		"sweep-trade.svg", "tornado-us_imports.pdf", ".flows.csv.tmp123456", "path-trade.png"} {
		write(t, filepath.Join(out, n), "old")
	}
	if _, stderr, code := runCLI(t, "run", "-q", "--no-charts", "--out", out, "us-canada-mexico-25"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := listing(t, out)
	if slices.Contains(got, "report.html") || slices.Contains(got, ".flows.csv.tmp123456") || !slices.Contains(got, "flows.csv") {
		t.Errorf("after the run: %q", got)
	}
	for _, n := range []string{"notes.md", "holiday.png", "flows.csv.bak"} {
		if ownOutput(fakeEntry(n)) {
			t.Errorf("%s counted as tariffsim's own", n)
		}
	}
}

type fakeEntry string

func (f fakeEntry) Name() string               { return string(f) }
func (f fakeEntry) IsDir() bool                { return false }
func (f fakeEntry) Type() fs.FileMode          { return 0 }
func (f fakeEntry) Info() (fs.FileInfo, error) { return nil, fs.ErrNotExist }

// TestKilledRunLeavesAWholeFolder: SIGKILL at any moment of a rerun
// leaves the output folder as the previous run wrote it or as the new
// one did, complete either way, and the next run removes what the killed
// one left beside it. The child is this test binary running the CLI.
func TestKilledRunLeavesAWholeFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CLI in child processes")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	// Run A and run B write different sets of files.
	argsA := []string{"run", "-q", "--report", "--out", out, "us-canada-mexico-25-retaliation"}
	argsB := []string{"run", "-q", "--charts", "png,svg,pdf", "--out", out, "2025-as-it-happened"}
	if _, stderr, code := runCLI(t, argsA...); code != 0 {
		t.Fatal(stderr)
	}
	setA := snapshot(t, out)
	refB := filepath.Join(dir, "refB")
	if _, stderr, code := runCLI(t, append(slices.Clone(argsB[:len(argsB)-3]), "--out", refB, argsB[len(argsB)-1])...); code != 0 {
		t.Fatal(stderr)
	}
	namesB := listing(t, refB)
	os.RemoveAll(refB)
	t0 := time.Now()
	if code := runChild(t, argsB, 0); code != 0 {
		t.Fatalf("child run B: exit %d", code)
	}
	full := time.Since(t0)
	// Back to A for the kills.
	if _, stderr, code := runCLI(t, argsA...); code != 0 {
		t.Fatal(stderr)
	}
	sawOld, sawNew := false, false
	for i := range 4 {
		delay := full * time.Duration(i+1) / 5
		runChild(t, argsB, delay)
		got := listing(t, out)
		switch {
		case mapsEqual(snapshot(t, out), setA):
			sawOld = true
		case slices.Equal(got, namesB):
			sawNew = true
			checkComplete(t, out)
			// Back to A for the next kill.
			if _, stderr, code := runCLI(t, argsA...); code != 0 {
				t.Fatal(stderr)
			}
		default:
			t.Fatalf("killed after %v: the folder holds %q: neither run A's nor run B's files", delay, got)
		}
		// What the killed run left beside the folder goes with the next
		// run, once it is old enough not to be a live run's (10 s).
		entries, _ := os.ReadDir(dir)
		old := time.Now().Add(-time.Minute)
		for _, e := range entries {
			if e.Name() != "out" {
				os.Chtimes(filepath.Join(dir, e.Name()), old, old)
			}
		}
	}
	t.Logf("full run %v; kills left the old folder: %v, the new one: %v", full, sawOld, sawNew)
	if _, stderr, code := runCLI(t, argsA...); code != 0 {
		t.Fatal(stderr)
	}
	if got := listing(t, dir); !slices.Equal(got, []string{"out"}) {
		t.Errorf("strays of the killed runs are left: %q", got)
	}
}

// checkComplete checks that the JSON files of out parse.
func checkComplete(t *testing.T, out string) {
	t.Helper()
	for n, b := range snapshot(t, out) {
		if strings.HasSuffix(n, ".json") && !json.Valid([]byte(b)) {
			t.Errorf("%s is not whole", n)
		}
	}
}

// runChild runs the CLI with args in a child process and, after delay
// (0: never), kills it with SIGKILL; it returns the exit status.
func runChild(t *testing.T, args []string, delay time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildCLI$")
	cmd.Env = append(os.Environ(), "TARIFFSIM_CHILD_ARGS="+strings.Join(args, "\x1f"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if delay > 0 {
		time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0
}

// TestChildCLI is the child of runChild.
func TestChildCLI(t *testing.T) {
	args := os.Getenv("TARIFFSIM_CHILD_ARGS")
	if args == "" {
		t.Skip("the child process of runChild")
	}
	var stdout, stderr strings.Builder
	code := Run(t.Context(), strings.Split(args, "\x1f"), &stdout, &stderr)
	fmt.Fprint(os.Stderr, stderr.String())
	os.Exit(code)
}

// TestFocusNotInBaseline: --focus must name a country of the baseline
// (the issue: --focus ZZ exited 0 with an all-zero headline); a near miss
// gets a "did you mean".
func TestFocusNotInBaseline(t *testing.T) {
	for _, tc := range []struct{ focus, want string }{
		{"ZZ", `--focus "ZZ": unknown country code`},
		{"mx", `did you mean "MX"?`},
		{"MXX", `did you mean "MX"?`},
	} {
		for _, cmd := range [][]string{
			{"run", "--no-charts", "--out", filepath.Join(t.TempDir(), "out")},
			{"sweep", "--param", "scale", "--from", "0", "--to", "1", "--out", filepath.Join(t.TempDir(), "out")},
		} {
			args := append(slices.Clone(cmd), "--focus", tc.focus, "us-canada-mexico-25")
			stdout, stderr, code := runCLI(t, args...)
			if code != 2 || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("%q: exit %d, stderr %q, stdout %.80q; want 2 and %q", args, code, stderr, stdout, tc.want)
			}
		}
	}
}
