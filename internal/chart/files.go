package chart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// WriteFiles renders every chart in every format into dir as
// <Name>.<format> and returns the paths written. Each file is written to a
// temporary file in dir and renamed into place only when complete, so a
// reader never sees a half-written chart (a failed PDF render, for one,
// would otherwise leave an empty file behind). On error, files already
// written stay and are listed; a failing file's temporary is removed.
//
// Charts are rendered in parallel, up to GOMAXPROCS at a time: PNG
// rasterising is CPU-bound and a run has eight or so charts.
func WriteFiles(dir string, charts []*Chart, formats []string) ([]string, error) {
	type job struct {
		c      *Chart
		format string
		path   string
	}
	var jobs []job
	for _, c := range charts {
		for _, f := range formats {
			ext := f
			if f == FormatSVGNoFonts {
				ext = "svg"
			}
			jobs = append(jobs, job{c, f, filepath.Join(dir, c.Name+"."+ext)})
		}
	}
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := writeAtomic(j.path, func(fh *os.File) error { return j.c.Render(fh, j.format) }); err != nil {
				errs[i] = fmt.Errorf("writing %s: %w", j.path, err)
			}
		})
	}
	wg.Wait()
	var paths []string
	for i, j := range jobs {
		if errs[i] == nil {
			paths = append(paths, j.path)
		}
	}
	return paths, errors.Join(errs...)
}

func writeAtomic(path string, fill func(*os.File) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; charts are meant to be shared.
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
