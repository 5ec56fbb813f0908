package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/tables"
)

// load takes a pasted or uploaded scenario (a form post, so it works
// without JavaScript) and redirects to the page for it, whose URL carries
// the source (see doc.go): the result is a link like any other.
func (s *server) load(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxBody)
	src, err := s.readUpload(r)
	if err != nil {
		p := &prepared{}
		s.render(w, "page", status(err), s.view(r.Context(), p, err))
		return
	}
	q := url.Values{"src": {encodeSource(src)}}
	http.Redirect(w, r, "/?"+q.Encode(), http.StatusSeeOther)
}

func (s *server) readUpload(r *http.Request) ([]byte, error) {
	tooBig := &inputError{Status: http.StatusRequestEntityTooLarge,
		Msg: fmt.Sprintf("the scenario is too large: the limit is %d KiB", s.opt.MaxSource>>10)}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		// Everything fits in memory under MaxBody, so nothing goes to
		// temporary files.
		err = r.ParseMultipartForm(s.opt.MaxBody)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			return nil, tooBig
		}
		return nil, badRequest("could not read the form: %v", err)
	}
	var src []byte
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
			f, err := fhs[0].Open()
			if err != nil {
				return nil, badRequest("could not read the uploaded file: %v", err)
			}
			defer f.Close()
			if src, err = io.ReadAll(io.LimitReader(f, int64(s.opt.MaxSource)+1)); err != nil {
				return nil, badRequest("could not read the uploaded file: %v", err)
			}
		}
	}
	if len(src) == 0 {
		src = []byte(r.PostFormValue("toml"))
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, badRequest("paste a scenario into the box or choose a .toml file, then press Load")
	}
	if len(src) > s.opt.MaxSource {
		return nil, tooBig
	}
	return src, nil
}

// download serves the edited scenario and the run's results as files.
func (s *server) download(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	stem, ext, _ := strings.Cut(file, ".")
	known := file == "scenario.toml" || file == "results.json" || file == "results.xlsx" || file == "report.html" || file == "percentiles.csv" || (ext == "csv" && isCSVTable(stem))
	if !known {
		http.Error(w, fmt.Sprintf("tariffsim: no download %q: want scenario.toml, results.json, results.xlsx, report.html or one of %s, percentiles as .csv",
			clip(file), strings.Join(csvTables, ", ")), http.StatusNotFound)
		return
	}
	ctx := r.Context()
	// The TOML needs no solve: the edited scenario is enough.
	p, release := s.prepareDownload(w, r, file != "scenario.toml")
	if p == nil {
		return
	}
	// Held while the file is written too: a report renders every chart.
	defer release()
	if file == "percentiles.csv" && p.run.Uncertainty == nil {
		s.plainError(w, badRequest("percentiles.csv is of the 90%% intervals: add bands=on to the link, with a scenario whose elasticities are distributions (such as %s)", uncertainExample))
		return
	}
	slug := p.sc.Slug()
	if p.st.edited(p.orig) {
		slug += "-edited"
	}
	var b bytes.Buffer
	var ctype, name string
	var err error
	switch {
	case file == "scenario.toml":
		ctype, name = "application/toml; charset=utf-8", slug+".toml"
		err = p.sc.WriteTOML(&b)
	case file == "results.json":
		ctype, name = "application/json", slug+"-results.json"
		err = tables.WriteJSON(&b, p.run.Run)
	case file == "results.xlsx":
		ctype, name = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", slug+"-results.xlsx"
		err = p.run.WriteWorkbook(&b)
	case file == "percentiles.csv":
		ctype, name = "text/csv; charset=utf-8", slug+"-percentiles.csv"
		err = tables.WritePercentilesCSV(&b, p.run.Run)
	case file == "report.html":
		ctype, name = "text/html; charset=utf-8", slug+"-report.html"
		err = p.run.WriteReport(&b)
	default:
		ctype, name = "text/csv; charset=utf-8", slug+"-"+stem+".csv"
		err = tables.WriteCSV(&b, p.run.Run, stem)
	}
	if err == nil {
		err = ctx.Err() // the request ended while the file was written
	}
	if err != nil {
		s.plainError(w, err)
		return
	}
	attachment(w, name, ctype)
	b.WriteTo(w)
}

// downloadChart serves one chart as a standalone SVG (fonts embedded, so
// it looks the same anywhere) or a PNG.
func (s *server) downloadChart(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	name, ext, _ := strings.Cut(file, ".")
	if ext != "svg" && ext != "png" {
		http.Error(w, fmt.Sprintf("tariffsim: no chart file %q: want NAME.svg or NAME.png", clip(file)), http.StatusNotFound)
		return
	}
	p, release := s.prepareDownload(w, r, true)
	if p == nil {
		return
	}
	defer release() // a chart renders inside the slot too
	charts, err := p.run.Charts()
	if err == nil && p.run.Path != nil {
		var pc []*chart.Chart
		pc, err = p.run.PathCharts(p.run.Path)
		charts = append(charts, pc...)
	}
	if err != nil {
		s.plainError(w, err)
		return
	}
	var names []string
	for _, c := range charts {
		if c.Name != name {
			names = append(names, c.Name)
			continue
		}
		var b bytes.Buffer
		format, ctype := chart.FormatSVG, "image/svg+xml"
		if ext == "png" {
			format, ctype = chart.FormatPNG, "image/png"
		}
		if err := c.Render(&b, format); err != nil {
			s.plainError(w, err)
			return
		}
		attachment(w, p.sc.Slug()+"-"+c.Name+"."+ext, ctype)
		b.WriteTo(w)
		return
	}
	http.Error(w, fmt.Sprintf("tariffsim: this run has no chart %q; it has %s", clip(name), strings.Join(names, ", ")), http.StatusNotFound)
}

// prepareDownload takes a solve slot and prepares the request's scenario
// (solved if solve) for a download. On failure it answers the request with
// plainError and returns a nil p; else the caller calls release once it
// has written the file.
func (s *server) prepareDownload(w http.ResponseWriter, r *http.Request, solve bool) (p *prepared, release func()) {
	ctx := r.Context()
	release, err := s.acquire(ctx)
	if err != nil {
		s.plainError(w, err)
		return nil, nil
	}
	p, err = s.prepare(ctx, r.URL.Query(), solve)
	if err != nil {
		s.plainError(w, err)
		release()
		return nil, nil
	}
	return p, release
}

// plainError answers a download with the error as text, with the status
// and message of errorStatus.
func (s *server) plainError(w http.ResponseWriter, err error) {
	code, msg := errorStatus(err)
	var se *sourceError
	if errors.As(err, &se) {
		var b strings.Builder
		b.WriteString(msg + ":")
		for _, e := range se.errs {
			b.WriteString("\n" + e.Error())
		}
		msg = b.String()
	}
	if code == http.StatusInternalServerError {
		s.log.Error("download failed", "err", err)
	}
	http.Error(w, "tariffsim: "+msg, code)
}

// money formats million USD with thousands separators and a real minus
// sign, as the CLI's tables do: "−12,688".
func money(v float64, plus bool) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	r := math.Round(v)
	if r == 0 {
		return "0"
	}
	digits := strconv.FormatFloat(math.Abs(r), 'f', 0, 64)
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	switch {
	case r < 0:
		return chart.Minus + b.String()
	case plus:
		return "+" + b.String()
	}
	return b.String()
}

// pct formats a percentage with two decimals below 10 and one above.
func pct(p float64, plus bool) string {
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return "n/a"
	}
	d := 2
	if math.Abs(p) >= 10 {
		d = 1
	}
	s := strconv.FormatFloat(math.Abs(p), 'f', d, 64)
	if strings.Trim(s, "0.") == "" {
		return "0%"
	}
	switch {
	case p < 0:
		return chart.Minus + s + "%"
	case plus:
		return "+" + s + "%"
	}
	return s + "%"
}
