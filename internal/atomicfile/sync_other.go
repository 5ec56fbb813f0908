//go:build !unix

package atomicfile

// syncDir is a no-op where a directory cannot be opened for syncing
// (Windows, where a rename is made durable by the file system itself).
func syncDir(string) error { return nil }
