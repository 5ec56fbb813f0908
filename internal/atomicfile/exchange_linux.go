//go:build linux && (amd64 || arm64)

package atomicfile

import (
	"syscall"
	"unsafe"
)

// renameExchange is RENAME_EXCHANGE of renameat2(2) (linux/fs.h).
const renameExchange = 1 << 1

// exchange swaps the entries a and b atomically (Linux 3.15 and later,
// on file systems that support it). The syscall package lacks renameat2
// and golang.org/x/sys is not a dependency, so it is called directly.
func exchange(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	atFDCWD := -100 // AT_FDCWD: paths relative to the working directory
	_, _, errno := syscall.Syscall6(sysRenameat2,
		uintptr(atFDCWD), uintptr(unsafe.Pointer(pa)),
		uintptr(atFDCWD), uintptr(unsafe.Pointer(pb)),
		renameExchange, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
