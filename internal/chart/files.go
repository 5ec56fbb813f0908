package chart

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
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
	names, err := WriteFilesWith(charts, formats, func(name string, render func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		if err := atomicfile.Write(path, render); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	})
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
	}
	return paths, err
}

// WriteFilesWith is WriteFiles with the writing of each file left to
// write, which is given the file's name (<Name>.<format>) and the render
// to call with the file: for a writer that syncs once for all files, as
// an atomicfile.Dir does at its commit. write is called from several
// goroutines at once, and its errors are returned as they are (they
// should name the file). The names written are returned.
func WriteFilesWith(charts []*Chart, formats []string, write func(name string, render func(io.Writer) error) error) ([]string, error) {
	type job struct {
		c      *Chart
		format string
		name   string
	}
	var jobs []job
	for _, c := range charts {
		for _, f := range formats {
			ext := f
			if f == FormatSVGNoFonts {
				ext = "svg"
			}
			jobs = append(jobs, job{c, f, c.Name + "." + ext})
		}
	}
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = write(j.name, func(w io.Writer) error { return j.c.Render(w, j.format) })
		})
	}
	wg.Wait()
	var names []string
	for i, j := range jobs {
		if errs[i] == nil {
			names = append(names, j.name)
		}
	}
	return names, errors.Join(errs...)
}
