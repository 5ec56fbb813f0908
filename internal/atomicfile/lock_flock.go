//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package atomicfile

import (
	"os"
	"syscall"
)

const haveLocks = true

// lockFile takes f's advisory lock without waiting. The kernel drops it
// when the process dies, however it dies, which is what tells a later
// run that a folder is abandoned.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			return err
		}
	}
}
