package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Marker is the file a committed Dir holds. Its presence tells a later
// NewDir that the folder is a previous run's output and may be replaced
// as a whole; its text tells a person the same.
const Marker = ".atomicdir"

const markerText = `This folder was written as a whole and is replaced as a whole by the next
run that writes it: a file added here is deleted by that run. Copy what you
want to keep elsewhere.
`

// strayGrace is how long a temporary folder must have been left alone
// before a later NewDir may remove it, on top of nobody holding its lock:
// it closes the microseconds between a folder's creation and its lock,
// and the time a dying run's last writes take to settle.
const strayGrace = 10 * time.Second

// strayGraceNoLock replaces strayGrace where there are no advisory locks
// (neither flock nor an equivalent): a folder that old is taken as
// abandoned, as no run takes an hour.
const strayGraceNoLock = time.Hour

// DirOptions configure NewDir. The zero value is usable.
type DirOptions struct {
	// Owned reports whether an entry of an existing target that has no
	// Marker is one this program writes (such as results.csv, or a
	// .NAME.tmp* stray of an older atomicfile.Write). Such a target is
	// replaced when every entry is Owned, so that folders written before
	// the Marker existed can be replaced without asking. nil: only an
	// empty target or one with a Marker is replaced.
	Owned func(fs.DirEntry) bool
}

// Dir is an output folder under construction: callers write files into
// Path, then Commit swaps it in for the target as a whole, or Abort drops
// it. A Dir is used from one goroutine; Abort after Commit does nothing,
// so that
//
//	d, err := atomicfile.NewDir(target, atomicfile.DirOptions{})
//	if err != nil { ... }
//	defer d.Abort()
//	... write files into d.Path() ...
//	return d.Commit()
//
// leaves either the new complete folder or the old one.
//
// # Which folders are replaced
//
// NewDir refuses a target that is not a directory, and an existing one
// that holds anything but a Marker file or entries DirOptions.Owned
// accepts: replacing a folder removes everything in it, and "--out ." in
// a home directory must not do that.
//
// # Temporary folders and strays
//
// The new folder is .TARGET.tmp-XXXXXXXXXXXXXXXX beside the target (same
// file system, so the swap is a rename), created 0777 less the umask, and
// holds an advisory lock (flock) while its Dir is open. A run killed
// before Commit or Abort leaves it behind, with the old target
// untouched. NewDir for the same target removes such strays, and
// .TARGET.old-* ones left by the swap below, when no process holds their
// lock and they have not been modified for 10 s (an hour where there are
// no locks): a concurrent run's folder is locked, so two runs into one
// target never delete each other's work; the last to commit wins.
//
// # The swap
//
// On Linux (amd64, arm64) Commit exchanges the two folders with one
// renameat2(RENAME_EXCHANGE), atomic: any reader sees the old folder or
// the new one, then removes the old one under the temporary name. Where
// that call or the file system lacks it, Commit renames the target aside
// to .TARGET.old-XXXX, renames the new folder into place and removes the
// old: between the two renames (microseconds) the target does not exist,
// and a kill exactly then leaves the previous run in .TARGET.old-XXXX and
// the new one in .TARGET.tmp-XXXX (both complete) for the next NewDir to
// remove.
type Dir struct {
	target string
	tmp    string
	lock   *os.File // the open temporary folder, holding its lock
	done   bool     // committed or aborted
	// noExchange makes Commit use the two-rename fallback (tests).
	noExchange bool
}

// NewDir creates a fresh temporary folder beside target for a run to
// write into, after removing strays of earlier killed runs. A target
// that is a symbolic link to a folder is resolved: the folder it points
// to is replaced and the link kept. The target's parent is created if
// missing.
func NewDir(target string, opt DirOptions) (*Dir, error) {
	if target == "" {
		return nil, errors.New("atomicfile: empty folder name")
	}
	// Absolute, so that "." and ".." name a folder with a parent to
	// put the temporary folder in; messages keep the name as given.
	given := target
	target, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Lstat(target); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(target)
		if err != nil {
			return nil, fmt.Errorf("output folder %s: %w", given, err)
		}
		target = real
	}
	switch fi, err := os.Stat(target); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("output folder %s: %w", given, err)
	case !fi.IsDir():
		return nil, fmt.Errorf("output folder %s exists and is not a folder", given)
	default:
		if err := replaceable(target, given, opt.Owned); err != nil {
			return nil, err
		}
	}
	if filepath.Dir(target) == target {
		return nil, fmt.Errorf("output folder %s is a file system root; choose a folder inside it", given)
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return nil, err
	}
	cleanStrays(parent, base, time.Now())
	tmp, lock, err := mkdirLocked(parent, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", given, err)
	}
	return &Dir{target: target, tmp: tmp, lock: lock}, nil
}

// replaceable returns an error unless target may be replaced as a whole.
func replaceable(target, given string, owned func(fs.DirEntry) bool) error {
	entries, err := os.ReadDir(target)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", given, err)
	}
	for _, e := range entries {
		if e.Name() == Marker && e.Type().IsRegular() {
			return nil
		}
	}
	for _, e := range entries {
		if owned == nil || !owned(e) {
			return fmt.Errorf("output folder %s holds %s, which this program did not write: a run replaces the whole folder, so choose an empty or new folder (or remove it first)", given, e.Name())
		}
	}
	return nil
}

// Path is the temporary folder to write into.
func (d *Dir) Path() string { return d.tmp }

// Write creates the file name (a slash-separated path relative to the
// folder; missing folders are created) in the temporary folder with what
// write produces. Nothing else can see the temporary folder, so the file
// is written in place, and synced by Commit with all the others: cheaper
// than Write's temporary file, fsync and rename per file. Files may also
// be written into Path by any other means; Commit syncs them all.
func (d *Dir) Write(name string, write func(w io.Writer) error) (err error) {
	if d.done {
		return fmt.Errorf("atomicfile: write %s after Commit or Abort", name)
	}
	rel := filepath.FromSlash(name)
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("atomicfile: %q is not a file name inside the folder", name)
	}
	path := filepath.Join(d.tmp, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Join(d.target, rel), err)
	}
	return f.Close()
}

// Target is the folder Commit replaces: absolute, and with a symbolic
// link resolved.
func (d *Dir) Target() string { return d.target }

// Commit syncs every file in the temporary folder and swaps it in for the
// target as a whole. After an error the target is as it was, unless the
// error says otherwise.
func (d *Dir) Commit() error {
	if d.done {
		return fmt.Errorf("atomicfile: commit of %s after Commit or Abort", d.target)
	}
	if err := WriteFile(filepath.Join(d.tmp, Marker), []byte(markerText)); err != nil {
		d.Abort()
		return err
	}
	if err := syncTree(d.tmp); err != nil {
		d.Abort()
		return fmt.Errorf("output folder %s: %w", d.target, err)
	}
	parent := filepath.Dir(d.target)
	// The lock stays held through the swap: a concurrent NewDir must not
	// take the new folder for a stray while it is still in its
	// temporary place.
	defer func() {
		d.lock.Close()
		d.done = true
	}()
	err := os.Rename(d.tmp, d.target)
	if err == nil {
		return syncDir(parent)
	}
	if _, serr := os.Stat(d.target); serr != nil {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("output folder %s: %w", d.target, err)
	}
	// The target exists (with files: a rename over an empty folder
	// succeeds above).
	if err := d.exchange(); err == nil {
		// d.tmp now holds the previous run. A failure to remove it
		// leaves a stray that the next NewDir removes, while the new
		// run is in place: not an error of the commit.
		syncDir(parent)
		os.RemoveAll(d.tmp)
		return nil
	}
	old := filepath.Join(parent, "."+filepath.Base(d.target)+".old-"+randomSuffix())
	if err := os.Rename(d.target, old); err != nil {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("output folder %s: %w", d.target, err)
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		// Put the previous run back rather than leave no target.
		if rerr := os.Rename(old, d.target); rerr != nil {
			return fmt.Errorf("output folder %s: %w; the previous run is in %s", d.target, err, old)
		}
		os.RemoveAll(d.tmp)
		return fmt.Errorf("output folder %s: %w", d.target, err)
	}
	syncDir(parent)
	os.RemoveAll(old)
	return nil
}

func (d *Dir) exchange() error {
	if d.noExchange {
		return errors.ErrUnsupported
	}
	return exchange(d.tmp, d.target)
}

// Abort removes the temporary folder and leaves the target as it was.
// After Commit it does nothing.
func (d *Dir) Abort() error {
	if d.done {
		return nil
	}
	d.done = true
	// Remove first, then unlock: unlocked, it would look like a stray.
	err := os.RemoveAll(d.tmp)
	d.lock.Close()
	return err
}

// syncTree fsyncs every file and folder under root, so that the swap
// publishes data that is on disk whoever wrote it (files written with
// Write are synced already; others may not be).
func syncTree(root string) error {
	var files, dirs []string
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case e.IsDir():
			dirs = append(dirs, path)
		case e.Type().IsRegular():
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The files' syncs run together: each waits for the disk, not the
	// CPU, and a journaling file system commits concurrent syncs at once
	// (a run folder's dozen files synced one after another took most of
	// a run's wall time). The folders follow, as their entries name
	// files that are then on disk.
	if err := syncAll(files, syncFile); err != nil {
		return err
	}
	return syncAll(dirs, syncDir)
}

// syncAll calls do on every path, up to syncWorkers at a time, and
// returns the error of the first path (in order) that failed.
func syncAll(paths []string, do func(string) error) error {
	const syncWorkers = 16
	errs := make([]error, len(paths))
	sem := make(chan struct{}, syncWorkers)
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = do(p)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// mkdirLocked creates a new folder dir/prefixXXXX (mode 0777 less the
// umask, as os.Mkdir gives) and returns it open with its lock held.
func mkdirLocked(dir, prefix string) (string, *os.File, error) {
	for range 10000 {
		name := filepath.Join(dir, prefix+randomSuffix())
		err := os.Mkdir(name, 0o777)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, err
		}
		f, err := os.Open(name)
		if err == nil {
			err = lockFile(f)
			if err != nil {
				f.Close()
			}
		}
		if err != nil {
			os.RemoveAll(name)
			return "", nil, err
		}
		return name, f, nil
	}
	return "", nil, &fs.PathError{Op: "mkdirtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

// cleanStrays removes the temporary and set-aside folders of earlier runs
// into dir/base that are abandoned (see Dir). Errors are ignored: a stray
// that cannot be removed now is tried again by the next run, and it never
// affects this one.
func cleanStrays(dir, base string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	grace := strayGrace
	if !haveLocks {
		grace = strayGraceNoLock
	}
	for _, e := range entries {
		if !e.IsDir() || !isStray(e.Name(), base) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		fi, err := e.Info()
		if err != nil || now.Sub(fi.ModTime()) < grace {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		if lockFile(f) == nil {
			os.RemoveAll(path)
		}
		f.Close()
	}
}

// isStray reports whether name is one of Dir's temporary or set-aside
// folders for base.
func isStray(name, base string) bool {
	for _, kind := range []string{".tmp-", ".old-"} {
		if s, ok := strings.CutPrefix(name, "."+base+kind); ok && isSuffix(s) {
			return true
		}
	}
	return false
}
