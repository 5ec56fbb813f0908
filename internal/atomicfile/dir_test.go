package atomicfile

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// files lists the names in dir, without the Marker.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != Marker {
			names = append(names, e.Name())
		}
	}
	return names
}

// run writes one run's files into target through a Dir and commits.
func run(t *testing.T, target string, noExchange bool, contents map[string]string) {
	t.Helper()
	d, err := NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	d.noExchange = noExchange
	for name, c := range contents {
		if err := WriteFile(filepath.Join(d.Path(), name), []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDirCommitReplacesTheWholeFolder(t *testing.T) {
	for _, noExchange := range []bool{false, true} {
		parent := t.TempDir()
		target := filepath.Join(parent, "out", "us-canada")
		// The target does not exist yet, nor its parent.
		run(t, target, noExchange, map[string]string{"summary.txt": "run 1", "percentiles.csv": "p", "report.html": "r"})
		if got := files(t, target); !slices.Equal(got, []string{"percentiles.csv", "report.html", "summary.txt"}) {
			t.Fatalf("first run: %v", got)
		}
		run(t, target, noExchange, map[string]string{"summary.txt": "run 2", "flows.csv": "f"})
		if got := files(t, target); !slices.Equal(got, []string{"flows.csv", "summary.txt"}) {
			t.Errorf("noExchange=%v: after the second run the folder holds %v: files of the first run survived", noExchange, got)
		}
		if got := read(t, filepath.Join(target, "summary.txt")); got != "run 2" {
			t.Errorf("summary.txt = %q", got)
		}
		if got := files(t, filepath.Dir(target)); !slices.Equal(got, []string{"us-canada"}) {
			t.Errorf("noExchange=%v: beside the target: %v, want no temporary folders", noExchange, got)
		}
	}
}

func TestDirAbortLeavesTheOldFolder(t *testing.T) {
	target := filepath.Join(t.TempDir(), "out")
	run(t, target, false, map[string]string{"summary.txt": "old"})
	d, err := NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(d.Path(), "summary.txt"), []byte("half")); err != nil {
		t.Fatal(err)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(target, "summary.txt")); got != "old" {
		t.Errorf("summary.txt = %q after Abort", got)
	}
	if got := files(t, filepath.Dir(target)); !slices.Equal(got, []string{"out"}) {
		t.Errorf("beside the target after Abort: %v", got)
	}
	if err := d.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if err := d.Abort(); err != nil {
		t.Errorf("second Abort: %v", err)
	}
}

// A run killed before Commit (simulated: its lock released, nothing
// removed) leaves the old complete folder and a stray that the next
// NewDir removes once the grace period has passed; a live run's folder is
// never removed.
func TestDirStrayOfKilledRun(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "out")
	run(t, target, false, map[string]string{"summary.txt": "old"})

	killed, err := NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	WriteFile(filepath.Join(killed.Path(), "summary.txt"), []byte("half"))
	killed.lock.Close() // the kernel does this when a process dies

	live, err := NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	if got := read(t, filepath.Join(target, "summary.txt")); got != "old" {
		t.Errorf("after a killed run summary.txt = %q", got)
	}
	if _, err := os.Stat(killed.Path()); err != nil {
		t.Errorf("a stray younger than the grace period was removed: %v", err)
	}

	// Age both: the killed run's folder goes, the live one stays.
	old := time.Now().Add(-time.Minute)
	for _, p := range []string{killed.Path(), live.Path()} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	next, err := NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer next.Abort()
	if _, err := os.Stat(killed.Path()); !os.IsNotExist(err) {
		t.Errorf("the killed run's stray %s survived the next NewDir (%v)", killed.Path(), err)
	}
	if _, err := os.Stat(live.Path()); err != nil {
		t.Errorf("a live run's folder was removed as a stray: %v", err)
	}
	// Two live runs into one target: the last to commit wins, and each
	// leaves a complete folder.
	WriteFile(filepath.Join(live.Path(), "a.csv"), []byte("live"))
	WriteFile(filepath.Join(next.Path(), "b.csv"), []byte("next"))
	if err := live.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := next.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, target); !slices.Equal(got, []string{"b.csv"}) {
		t.Errorf("after two commits: %v", got)
	}
	if got := files(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("beside the target: %v", got)
	}
}

// The same with a real SIGKILL: a child process opens a Dir, writes a
// file and is killed; the next NewDir (after the grace period) removes
// its folder.
func TestDirStrayOfSIGKILLedProcess(t *testing.T) {
	if target := os.Getenv("ATOMICFILE_KILL_TARGET"); target != "" {
		d, err := NewDir(target, DirOptions{})
		if err != nil {
			os.Exit(3)
		}
		WriteFile(filepath.Join(d.Path(), "summary.txt"), []byte("half"))
		os.Stdout.WriteString(d.Path() + "\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	target := filepath.Join(t.TempDir(), "out")
	run(t, target, false, map[string]string{"summary.txt": "old"})
	cmd := exec.Command(os.Args[0], "-test.run=^TestDirStrayOfSIGKILLedProcess$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_KILL_TARGET="+target)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stray, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatal(err)
	}
	stray = strings.TrimSpace(stray)
	// While the child lives, its folder is not a stray even when old.
	old := time.Now().Add(-time.Minute)
	os.Chtimes(stray, old, old)
	d, err := NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if _, err := os.Stat(stray); err != nil {
		cmd.Process.Kill()
		t.Fatalf("a live process's folder was removed: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if got := read(t, filepath.Join(target, "summary.txt")); got != "old" {
		t.Errorf("after the kill summary.txt = %q", got)
	}
	d, err = NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Errorf("the killed process's folder %s survived (%v)", stray, err)
	}
}

func TestDirRefusals(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := NewDir(file, DirOptions{}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("target is a file: err = %v", err)
	}
	home := filepath.Join(parent, "home")
	os.Mkdir(home, 0o777)
	os.WriteFile(filepath.Join(home, "thesis.tex"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(home, "flows.csv"), []byte("x"), 0o644)
	owned := func(e fs.DirEntry) bool { return strings.HasSuffix(e.Name(), ".csv") }
	if _, err := NewDir(home, DirOptions{Owned: owned}); err == nil || !strings.Contains(err.Error(), "thesis.tex") {
		t.Errorf("a folder with files this program did not write: err = %v", err)
	}
	if got := files(t, home); !slices.Equal(got, []string{"flows.csv", "thesis.tex"}) {
		t.Errorf("refused folder changed: %v", got)
	}
	os.Remove(filepath.Join(home, "thesis.tex"))
	if _, err := NewDir(home, DirOptions{}); err == nil {
		t.Error("an unmarked folder was accepted without Owned")
	}
	// A folder of an older version (no Marker, only its own files) is
	// replaced when Owned says so.
	d, err := NewDir(home, DirOptions{Owned: owned})
	if err != nil {
		t.Fatal(err)
	}
	WriteFile(filepath.Join(d.Path(), "new.csv"), nil)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, home); !slices.Equal(got, []string{"new.csv"}) {
		t.Errorf("after commit: %v", got)
	}
	// An empty folder is replaced.
	empty := filepath.Join(parent, "empty")
	os.Mkdir(empty, 0o777)
	run(t, empty, false, map[string]string{"a": "a"})
	if got := files(t, empty); !slices.Equal(got, []string{"a"}) {
		t.Errorf("empty target: %v", got)
	}
	if _, err := NewDir(string(filepath.Separator), DirOptions{}); err == nil {
		t.Error("the root was accepted as a target")
	}
}

// A target that is a symbolic link keeps the link: the folder it points
// to is replaced.
func TestDirThroughSymlink(t *testing.T) {
	parent := t.TempDir()
	real := filepath.Join(parent, "big-disk", "out")
	run(t, real, false, map[string]string{"old.csv": "old"})
	link := filepath.Join(parent, "out")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	run(t, link, false, map[string]string{"new.csv": "new"})
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if got := files(t, real); !slices.Equal(got, []string{"new.csv"}) {
		t.Errorf("through the link: %v", got)
	}
}

func TestIsStray(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{".out.tmp-0123456789abcdef", true},
		{".out.old-0123456789abcdef", true},
		{".out.tmp-0123456789abcde", false},
		{".out.tmp-0123456789abcdeg", false},
		{".out.x.tmp-0123456789abcdef", false},
		{".other.tmp-0123456789abcdef", false},
		{"out", false},
	} {
		if got := isStray(tc.name, "out"); got != tc.want {
			t.Errorf("isStray(%q) = %v", tc.name, got)
		}
	}
}

func TestExchange(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Mkdir(a, 0o777)
	os.Mkdir(b, 0o777)
	os.WriteFile(filepath.Join(a, "x"), nil, 0o644)
	os.WriteFile(filepath.Join(b, "y"), nil, 0o644)
	if err := exchange(a, b); err != nil {
		t.Skip("no atomic exchange here; Commit uses two renames:", err)
	}
	if got := files(t, a); !slices.Equal(got, []string{"y"}) {
		t.Errorf("a holds %v after the exchange", got)
	}
	if got := files(t, b); !slices.Equal(got, []string{"x"}) {
		t.Errorf("b holds %v after the exchange", got)
	}
}

// "--out ." in a previous run's folder, and "--out .." from inside one.
func TestDirDot(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "out")
	run(t, target, false, map[string]string{"old.csv": "old"})
	t.Chdir(target)
	run(t, ".", false, map[string]string{"new.csv": "new"})
	if got := files(t, target); !slices.Equal(got, []string{"new.csv"}) {
		t.Errorf("after --out .: %v", got)
	}
	if got := files(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("beside the target: %v", got)
	}
	os.Mkdir(filepath.Join(target, "sub"), 0o777)
	t.Chdir(filepath.Join(target, "sub"))
	d, err := NewDir("..", DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if real, _ := filepath.EvalSymlinks(target); d.Target() != target && d.Target() != real {
		t.Errorf("Target() = %q, want %q", d.Target(), target)
	}
}

func TestDirWrite(t *testing.T) {
	target := filepath.Join(t.TempDir(), "out")
	d, err := NewDir(target, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, name := range []string{"a.csv", "charts/b.svg"} {
		if err := d.Write(name, func(w io.Writer) error { _, err := io.WriteString(w, name); return err }); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"../escape", "/abs", ""} {
		if err := d.Write(bad, func(io.Writer) error { return nil }); err == nil {
			t.Errorf("Write(%q) accepted", bad)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(target, "charts", "b.svg")); got != "charts/b.svg" {
		t.Errorf("charts/b.svg = %q", got)
	}
	if err := d.Write("late.csv", func(io.Writer) error { return nil }); err == nil {
		t.Error("Write after Commit accepted")
	}
}

// BenchmarkDirCommit: a run's 30 files of 100 KB, written with Write
// (each synced and renamed) or with Dir.Write (synced once by Commit).
func BenchmarkDirCommit(b *testing.B) {
	for _, direct := range []bool{false, true} {
		b.Run(map[bool]string{false: "Write", true: "Dir.Write"}[direct], func(b *testing.B) {
			benchmarkDirCommit(b, direct)
		})
	}
}

func benchmarkDirCommit(b *testing.B, direct bool) {
	target := filepath.Join(b.TempDir(), "out")
	data := make([]byte, 100<<10)
	for b.Loop() {
		d, err := NewDir(target, DirOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 30 {
			var err error
			if direct {
				err = d.Write("f"+strconv.Itoa(i), func(w io.Writer) error { _, err := w.Write(data); return err })
			} else {
				err = WriteFile(filepath.Join(d.Path(), "f"+strconv.Itoa(i)), data)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
