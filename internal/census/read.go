package census

import (
	"fmt"
	"io"
	"os"
)

// MaxResponseSize bounds a hitech response, downloaded or read from a
// saved file: a full year is well under 1 MB, so 64 MiB is room to spare
// and still stops a wrong argument (/dev/zero, a disk image) at once.
const MaxResponseSize = maxBody

// ReadFile reads a saved response, refusing one larger than
// MaxResponseSize while reading it, so that a file of any size (or an
// endless one) costs at most that much memory.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxResponseSize+1))
	if err != nil {
		return nil, fmt.Errorf("census: %s: %w", path, err)
	}
	if len(data) > MaxResponseSize {
		return nil, fmt.Errorf("census: %s: file is larger than %d MiB: not a hitech response", path, MaxResponseSize>>20)
	}
	return data, nil
}
