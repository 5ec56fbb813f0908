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
			if err := atomicfile.Write(j.path, func(w io.Writer) error { return j.c.Render(w, j.format) }); err != nil {
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
