package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// validate accepts a scenario whose at is before every measure's start,
// but warns, naming the file and line: the run would change nothing.
func TestValidateWarnsEarlyAt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "early.toml")
	src := "name = \"Early\"\nat = 2024-01-01\n[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"20%\"\nstart = 2025-02-01\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, "validate", path)
	want := "warning: " + path + ":2: at 2024-01-01 is before every measure's start (the first starts 2025-02-01): nothing is in force\n"
	if code != 0 || stdout != "ok "+path+"\n" || stderr != want {
		t.Errorf("exit %d\nstdout %q\nstderr %q\nwant stderr %q", code, stdout, stderr, want)
	}
}
