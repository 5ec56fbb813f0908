package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Write creates or replaces path with what write produces. If write fails,
// path is left as it was. A new file's mode is 0666 less the umask, as
// with os.Create; missing parent directories are created (0777 less the
// umask).
func Write(path string, write func(w io.Writer) error) error {
	return writeFile(path, write, syncDir)
}

// writeFile is Write with the directory sync as a parameter, so that a
// test can see that it happens after the rename.
func writeFile(path string, write func(w io.Writer) error, syncDir func(string) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	f, err := createTemp(dir, "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	// The rename is durable only once the directory is: without this, a
	// power loss can bring back the old file, or no file, after Write
	// reported success.
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// createTemp is os.CreateTemp with mode 0666 rather than 0600, so that
// the umask alone decides the final file's permissions.
func createTemp(dir, prefix string) (*os.File, error) {
	for range 10000 {
		name := filepath.Join(dir, prefix+randomSuffix())
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &fs.PathError{Op: "createtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

// randomSuffix is 16 hex digits; strays are recognised by it (isSuffix).
func randomSuffix() string {
	s := strconv.FormatUint(rand.Uint64(), 16)
	for len(s) < 16 {
		s = "0" + s
	}
	return s
}

func isSuffix(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// IsTemp reports whether name (a base name) is a temporary file of Write:
// .NAME.tmp-XXXXXXXXXXXXXXXX, or .NAME.tmpNNNN as versions before it
// made them. A run killed during Write leaves one behind; DirOptions.Owned
// can accept them so that a folder holding such strays is still
// replaced.
func IsTemp(name string) bool {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok {
		return false
	}
	i := strings.LastIndex(rest, ".tmp")
	if i <= 0 {
		return false
	}
	suffix := rest[i+len(".tmp"):]
	if s, ok := strings.CutPrefix(suffix, "-"); ok {
		return isSuffix(s)
	}
	if suffix == "" {
		return false
	}
	for _, c := range suffix {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// WriteFile is Write for a byte slice.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
