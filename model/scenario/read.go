package scenario

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileSize is the largest scenario file Load, LoadFS and ReadFile accept
// unless told otherwise, in bytes: 1 MiB, 64 times the largest shipped
// scenario (16 KB). It keeps a mistaken argument (a data file, /dev/zero)
// from filling memory; parsing is linear in the size, so a file at the
// limit parses in about a second at worst.
const MaxFileSize = 1 << 20

// ReadFile reads the scenario file at path, refusing one larger than max
// bytes (MaxFileSize when max is 0) as soon as it has read that much. An
// error opening the file is returned as os.Open returns it, so that
// errors.Is(err, fs.ErrNotExist) tells a missing file.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, path, max)
}

// ReadAll reads a scenario from r up to max bytes (MaxFileSize when max is
// 0); name names it in the error. A longer input is an *Error.
func ReadAll(r io.Reader, name string, max int64) ([]byte, error) {
	if max <= 0 {
		max = MaxFileSize
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, &Error{File: name, Msg: fmt.Sprintf("file is larger than %s, the limit for a scenario file", byteSize(max))}
	}
	return data, nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Load reads and parses a scenario file of at most MaxFileSize bytes.
func Load(path string) (*Scenario, error) {
	data, err := ReadFile(path, 0)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// LoadFS reads and parses a scenario file of at most MaxFileSize bytes
// from fsys (for example the embedded scenarios).
func LoadFS(fsys fs.FS, path string) (*Scenario, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := ReadAll(f, path, 0)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}
