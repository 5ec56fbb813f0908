package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CheckInputs returns an error if writing out (a folder replaced as a
// whole by Dir, or a single file written by Write) would remove or
// overwrite one of inputs: an input that is out itself or lies anywhere
// inside it. Paths are compared as files, not as strings: each input's
// symbolic links are resolved and every folder above it is compared with
// out by os.SameFile, so "." for the working folder, a symbolic link to
// out, a hard link to an output file and a case-insensitive file system
// are all caught. An out or an input that does not exist conflicts with
// nothing (reading a missing input fails on its own).
//
// Call it before anything is written.
func CheckInputs(out string, inputs ...string) error {
	outInfo, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		real, err := filepath.EvalSymlinks(in)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("input %s: %w", in, err)
		}
		real, err = filepath.Abs(real)
		if err != nil {
			return fmt.Errorf("input %s: %w", in, err)
		}
		for p := real; ; p = filepath.Dir(p) {
			if fi, err := os.Stat(p); err == nil && os.SameFile(fi, outInfo) {
				if p == real {
					return fmt.Errorf("the output %s is the input %s: the run would overwrite its own input; write the results elsewhere", out, in)
				}
				return fmt.Errorf("the output folder %s contains the input %s: the run replaces the whole folder and would delete it; write the results elsewhere", out, in)
			}
			if filepath.Dir(p) == p {
				break
			}
		}
	}
	return nil
}
