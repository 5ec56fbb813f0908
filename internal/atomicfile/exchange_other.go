//go:build !(linux && (amd64 || arm64))

package atomicfile

import "errors"

// exchange is unavailable: Commit falls back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
