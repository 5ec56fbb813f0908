//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The umask is process-wide, so these tests do not run in parallel with
// anything that creates files.
func TestWriteRespectsUmask(t *testing.T) {
	for _, tc := range []struct {
		umask         int
		want, wantDir fs.FileMode
	}{
		{0o022, 0o644, 0o755},
		{0o027, 0o640, 0o750},
		{0o077, 0o600, 0o700},
		{0o002, 0o664, 0o775},
	} {
		old := syscall.Umask(tc.umask)
		dir := t.TempDir()
		path := filepath.Join(dir, "new", "out.csv")
		err := WriteFile(path, []byte("x"))
		var d *Dir
		if err == nil {
			d, err = NewDir(filepath.Join(dir, "folder"), DirOptions{})
		}
		if err == nil {
			err = WriteFile(filepath.Join(d.Path(), "a.csv"), []byte("x"))
		}
		if err == nil {
			err = d.Commit()
		}
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			path string
			want fs.FileMode
		}{
			{path, tc.want},
			{filepath.Dir(path), tc.wantDir},
			{filepath.Join(dir, "folder"), tc.wantDir},
			{filepath.Join(dir, "folder", "a.csv"), tc.want},
		} {
			fi, err := os.Stat(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != c.want {
				t.Errorf("umask %03o: %s has mode %03o, want %03o", tc.umask, c.path, got, c.want)
			}
		}
	}
}
