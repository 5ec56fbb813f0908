package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/internal/chart"
	"github.com/tariffsim/tariffsim/internal/metric"
	"github.com/tariffsim/tariffsim/internal/pipeline"
	"github.com/tariffsim/tariffsim/internal/present"
	"github.com/tariffsim/tariffsim/internal/report"
	"github.com/tariffsim/tariffsim/internal/tables"
	"github.com/tariffsim/tariffsim/internal/uncertainty"
	"github.com/tariffsim/tariffsim/model/scenario"
	"github.com/tariffsim/tariffsim/scenarios"
)

// prepared is a request's scenario, loaded, edited and (when asked)
// solved. Fields are filled as far as the request got before an error, so
// that an error page can still show the controls of a scenario that loaded.
type prepared struct {
	st   *state
	src  []byte             // the scenario's source
	orig *scenario.Scenario // as written
	sc   *scenario.Scenario // with the edits
	run  *present.Run
	// With bands=on: run.Uncertainty holds the draws, or noDists says
	// that the edited scenario has nothing uncertain to draw (and
	// fixedByEdits that the edits replaced the distributions it had).
	noDists, fixedByEdits bool
	// edited says what the edits changed, "σ = 6, Canada 40%" (see
	// present.DescribeEdits); "" for the scenario as written.
	edited string
}

// sourceError is a scenario source with problems, shown line by line.
type sourceError struct {
	errs []*scenario.Error
}

func (e *sourceError) Error() string {
	if len(e.errs) == 1 {
		return "the scenario has a problem"
	}
	return fmt.Sprintf("the scenario has %d problems", len(e.errs))
}

// status is the HTTP status for err (see errorStatus).
func status(err error) int {
	code, _ := errorStatus(err)
	return code
}

// prepare loads the scenario a query names, applies its edits, and solves
// it when solve is set. The caller holds a solve slot (see acquire) for
// as long as it works on the answer: parsing, solving and rendering are
// all of a request's cost.
func (s *server) prepare(ctx context.Context, q url.Values, solve bool) (*prepared, error) {
	p := &prepared{}
	st, err := parseState(q, s.b, s.opt.MaxSource, s.opt.MaxDraws)
	if err != nil {
		return p, err
	}
	p.st = st
	var file string
	if p.src, file, err = s.source(st); err != nil {
		return p, err
	}
	orig, err := scenario.Validate(p.src, file, s.b)
	if err != nil {
		errs := scenario.Errors(err)
		if len(errs) == 0 {
			errs = []*scenario.Error{{Msg: err.Error()}}
		}
		return p, &sourceError{errs: errs}
	}
	if n := len(orig.Tariffs) + len(orig.Retaliations); n > s.opt.MaxMeasures {
		return p, &sourceError{errs: []*scenario.Error{{Msg: fmt.Sprintf("the scenario has %d measures; this page handles at most %d (use 'tariffsim run' for larger ones)", n, s.opt.MaxMeasures)}}}
	}
	p.orig = orig
	if err := st.check(orig); err != nil {
		return p, err
	}
	edits := st.edits(orig)
	if p.sc, err = orig.Apply(s.b, edits...); err != nil {
		return p, badRequest("%v", err)
	}
	// An edited view says so, and what changed, wherever it is shown or
	// downloaded: the name and description carry it into the charts'
	// subtitles, the report's title and the scenario file.
	p.edited = present.DescribeEdits(orig, s.b, edits)
	present.MarkEdited(p.sc, p.edited)
	if !solve {
		return p, nil
	}
	if p.sc.Model.Engine == scenario.GE {
		return p, &inputError{Status: http.StatusUnprocessableEntity,
			Msg: "the page runs the partial-equilibrium engine; run a scenario with engine = \"ge\" with 'tariffsim run'"}
	}
	req := pipeline.Request{Scenario: p.sc, Baseline: s.b, Options: scenario.Options{At: st.At}}
	if st.Draws > 0 {
		// A scenario with no distributions gets no draws (each would equal
		// the plain run), only p.noDists.
		space, err := uncertainty.NewSpace(p.sc, s.b)
		if err != nil {
			return p, &inputError{Status: http.StatusUnprocessableEntity, Msg: "the 90% intervals cannot be drawn: " + err.Error()}
		}
		if len(space.Params) == 0 {
			p.noDists = true
			if sp, err := uncertainty.NewSpace(p.orig, s.b); err == nil && len(sp.Params) > 0 {
				p.fixedByEdits = true
			}
		} else {
			req.Draws, req.Seed = st.Draws, st.Seed
		}
	}
	run, err := present.Solve(ctx, req, s.opt.Version)
	var de *pipeline.DrawsError
	switch {
	case err == nil:
	case errors.As(err, &de) && ctx.Err() != nil:
		return p, &inputError{Status: http.StatusServiceUnavailable,
			Msg: fmt.Sprintf("the %d draws did not finish in time (the server may be busy); try fewer draws", st.Draws)}
	case errors.As(err, &de):
		return p, &inputError{Status: http.StatusUnprocessableEntity, Msg: "the 90% intervals cannot be drawn: " + de.Err.Error()}
	default:
		// errorStatus tells the input's failures (422, with the solver's
		// message) from the server's (500) and from a deadline (503).
		return p, err
	}
	p.run = run
	if u := run.Uncertainty; u != nil {
		s.log.Info("monte carlo", "draws", u.Draws, "failed", u.Failed, "params", len(u.Params), "workers", u.Workers,
			"ms", float64(u.Elapsed.Microseconds())/1000)
	}
	return p, nil
}

// source returns the scenario's source: pasted, or a shipped file read
// from the embedded FS only (never from disk). file names it in messages
// and gives its Slug; a pasted scenario has none, so its slug comes from
// its name.
func (s *server) source(st *state) (src []byte, file string, err error) {
	if st.Src != nil {
		return st.Src, "", nil
	}
	name := st.Name
	if name == "" {
		name = s.defName
	}
	var slugs []string
	for _, i := range s.shipped {
		slugs = append(slugs, i.Slug())
	}
	if !slices.Contains(slugs, name) {
		return nil, "", &inputError{Status: http.StatusNotFound, Msg: fmt.Sprintf("there is no shipped scenario %q; pick one from the list", clip(name))}
	}
	src, err = fs.ReadFile(scenarios.FS, name+".toml")
	return src, name + ".toml", err
}

// query is the canonical query of p.
func (s *server) query(p *prepared) url.Values {
	if p.st == nil {
		return url.Values{}
	}
	return p.st.query(p.orig, s.defName)
}

// page serves the whole page. Errors are shown in it, with their status.
func (s *server) page(w http.ResponseWriter, r *http.Request) { s.serveView(w, r, "page") }

// results serves the part of the page that changes with the controls: the
// headline table and the charts (fetched by the page's script).
func (s *server) results(w http.ResponseWriter, r *http.Request) { s.serveView(w, r, "results") }

// serveView prepares, solves and renders template name inside one solve
// slot, under the request's context: a request that times out (the
// TimeoutHandler cancels its context) stops where it is and frees its
// slot, instead of working on for an answer nobody will read.
func (s *server) serveView(w http.ResponseWriter, r *http.Request, name string) {
	ctx := r.Context()
	release, err := s.acquire(ctx)
	if err != nil {
		s.render(w, name, status(err), s.view(ctx, &prepared{}, err))
		return
	}
	defer release()
	p, err := s.prepare(ctx, r.URL.Query(), true)
	v := s.view(ctx, p, err)
	if ctx.Err() != nil {
		// Nobody reads the answer any more (TimeoutHandler has sent its
		// 503, or the client left): render nothing.
		return
	}
	s.render(w, name, v.Status, v)
}

func (s *server) render(w http.ResponseWriter, name string, code int, v *view) {
	// Render into a buffer first so that a template failure is still a
	// clean 500 rather than half a page.
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, v); err != nil {
		s.log.Error("template", "name", name, "err", err)
		http.Error(w, "tariffsim: internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	b.WriteTo(w)
}

// view is what the templates show.
type view struct {
	Version     string
	Shipped     []shippedLink
	Pasted      bool
	Title       string
	Description string
	Edited      string   // what the view changed from the scenario as written
	Notes       []string // inputs of the link that were ignored, and why
	Hidden      []hidden
	At          string
	Measures    []measureView
	Global      []elastView
	Categories  []categoryView
	CatOpen     bool
	Bands       bandsControl
	Source      sourceView
	Error       string
	Status      int
	Results     *resultsView
	URL         string // canonical link of the state shown
}

type shippedLink struct {
	Slug, Name, URL string
	Current         bool
}

type hidden struct{ Name, Value string }

type slider struct {
	ID, Name, Label string
	SR              string // read out before Label, not shown: tells same-looking controls apart
	Value           string
	Min, Max, Step  string
	Display         string // the value as shown beside the slider
	Unit            string // "%" or ""
}

type measureView struct {
	Key, Kind, Desc string
	Written         string // the rate and exemption as the file has them
	InForce         bool
	Rate, Exempt    slider
}

type elastView struct {
	slider
	SetID, SetValue string
	Set             bool
	InUse           string // the values the run uses, e.g. "5–8.8 by category"
}

// bandsControl is the form's Monte Carlo control: a box to tick and the
// number of draws and seed, sent (and ignored) even when it is unticked.
type bandsControl struct {
	On    bool
	Draws []drawsOption
	Seed  string
	Max   int
}

type drawsOption struct {
	N        int
	Selected bool
}

type categoryView struct {
	Slug, Name string
	Controls   []elastView
}

type sourceView struct {
	Text   string
	Errors []errView
	Lines  []lineView
}

type errView struct {
	Line    int
	Msg     string
	Excerpt string
}

type lineView struct {
	N    int
	Text string
	Gap  bool // lines left out before this one
	Errs []errView
}

type resultsView struct {
	URL     string // the page's canonical link
	Summary string // one line for screen readers' live region
	At      string
	InForce []string
	Model   string
	Focus   string
	// Warnings are the run's warnings (see tables.Run.Warnings), shown
	// as a visible note above the tables.
	Warnings []string
	// WelfareNotes say what each welfare figure covers (see
	// tables.WelfareNotes).
	WelfareNotes []string
	Rows         []headRow
	Welfare      []headRow
	Prices       headRow
	// Effective is the effective tariff rates in a sentence (as the
	// report has it).
	Effective string
	Bands     *bandsView   // the 90% intervals, when drawn
	NoBands   *noBandsView // bands asked for, but nothing is uncertain
	Charts    []chartView
	// Path is the monthly path of a scenario with a [timeline]: its
	// charts and the table of months, as the report shows them.
	Path      *pathView
	Downloads []link
}

type pathView struct {
	Focus  string
	Charts []chartView
	Months *report.Table
	Notes  []string // the timeline's rules in words
}

type headRow struct {
	Label                       string
	Before, After, Change, Pct  string
	Negative, Positive, Neutral bool
	// P5 and P95 are the change's 90% interval over the draws (with
	// bands); HasBands adds their cells.
	HasBands bool
	P5, P95  string
}

// bandsView describes a Monte Carlo run for the line above the tables.
type bandsView struct {
	Draws, Failed int
	Seed          uint64
	FirstError    string   // the first failed draw's error
	Params        []string // the distributions drawn from, in words
}

// noBandsView explains why bands=on drew nothing.
type noBandsView struct {
	FixedByEdits bool
	Draws        int
	Seed         uint64
	Example      string // a link to the shipped scenario with distributions, with the same bands; "" when not shipped
	ExampleName  string
}

type chartView struct {
	Name, Title, Explain string
	SVG                  template.HTML
	SVGURL, PNGURL       string
}

type link struct{ Label, URL, Note string }

func (s *server) view(ctx context.Context, p *prepared, err error) *view {
	v := &view{Version: s.opt.Version}
	if err != nil {
		v.Status, v.Error = errorStatus(err)
		if v.Status == http.StatusInternalServerError {
			s.log.Error("request failed", "err", err)
		}
	} else {
		v.Status = http.StatusOK
	}
	cur := ""
	if p.st != nil {
		cur = p.st.Name
		if cur == "" && p.st.Src == nil {
			cur = s.defName
		}
		v.Pasted = p.st.Src != nil
	}
	for _, i := range s.shipped {
		u := "/"
		if i.Slug() != s.defName {
			u = "/?s=" + url.QueryEscape(i.Slug())
		}
		v.Shipped = append(v.Shipped, shippedLink{Slug: i.Slug(), Name: i.Name, URL: u, Current: i.Slug() == cur})
	}
	q := s.query(p)
	v.URL = pageURL(q)
	if p.st != nil {
		if p.st.Src != nil {
			v.Hidden = append(v.Hidden, hidden{"src", q.Get("src")})
		} else if cur != "" {
			v.Hidden = append(v.Hidden, hidden{"s", cur})
		}
	}
	v.Source.Text = string(p.src)
	var se *sourceError
	if errors.As(err, &se) {
		v.Source = annotate(p.src, se.errs)
	}
	if p.orig != nil {
		s.controls(v, p)
		if p.st != nil {
			v.Notes = p.st.notes
			if p.sc != nil {
				// What is valid but not meant, such as a date on which
				// nothing is in force (scenario.Warnings).
				for _, w := range p.sc.Warnings(scenario.Options{At: p.st.At}) {
					v.Notes = append(v.Notes, w.Msg)
				}
			}
		}
	}
	if p.run != nil {
		v.Results = s.resultsView(ctx, p, q)
	}
	return v
}

func pageURL(q url.Values) string {
	if len(q) == 0 {
		return "/"
	}
	return "/?" + q.Encode()
}

// controls fills the form: one rate and exemption slider per measure, and
// σ, η, ε overall and per category.
func (s *server) controls(v *view, p *prepared) {
	orig, sc, st := p.orig, p.sc, p.st
	if sc == nil {
		// The edits did not fit the scenario (an error says why): show
		// its controls as written.
		sc = orig
		st = &state{}
	}
	v.Title, v.Description, v.Edited = orig.Name, orig.Description, p.edited
	opt := scenario.Options{At: st.At}
	date, dated := sc.At(opt)
	if dated {
		v.At = date.Format(time.DateOnly)
	}
	for k, ms := range [][]scenario.Measure{sc.Tariffs, sc.Retaliations} {
		prefix, kind := "t", "Tariff"
		if k == 1 {
			prefix, kind = "r", "Retaliation"
		}
		for i, m := range ms {
			key := prefix + strconv.Itoa(i)
			om := orig.Tariffs
			if k == 1 {
				om = orig.Retaliations
			}
			desc := present.MeasureLabel(om[i], s.b)
			// The label names the measure as the URL does ("Tariff t1" is
			// t1.rate): links made since the first release number from 0,
			// so the labels follow them rather than the other way round.
			mv := measureView{Key: key, Kind: kind + " " + key, Desc: desc, InForce: !dated || m.InForce(scenario.DateOf(date)),
				Written: fmt.Sprintf("as written: %s", om[i].Rate)}
			if om[i].Exempt != 0 {
				mv.Written += fmt.Sprintf(", %s exempt", om[i].Exempt)
			}
			rate := float64(m.Rate)
			lo, hi := rateBounds(float64(om[i].Rate), rate)
			sr := mv.Kind + ": "
			mv.Rate = percentSlider(key+".rate", "Rate", sr, rate, lo, hi)
			mv.Exempt = percentSlider(key+".exempt", "Exempt share", sr, float64(m.Exempt), 0, 100)
			v.Measures = append(v.Measures, mv)
		}
	}
	params, _ := sc.Params(s.b) // problems show when the run is solved
	domestic := map[string]bool{}
	for _, r := range s.b.Rows {
		if r.Domestic() {
			domestic[r.Category] = true
		}
	}
	// shown: σ_D and ε_D only where a market has a domestic flow.
	shown := func(e elasticity, cat string) bool {
		if !e.Param.Domestic() {
			return true
		}
		if cat == "" {
			return len(domestic) > 0
		}
		return domestic[cat]
	}
	for _, e := range elasticities {
		if !shown(e, "") {
			continue
		}
		var vals []float64
		for _, c := range s.b.CategoryCodes() {
			if !shown(e, c) {
				continue
			}
			v, _ := e.Param.Get(params.Category[c])
			vals = append(vals, v)
		}
		start := math.NaN()
		if es := orig.Elasticities.Default; e.Param.In(&es).IsSet() {
			start = e.Param.In(&es).Value()
		}
		if math.IsNaN(start) || math.IsInf(start, 0) {
			start = finiteMean(vals, e.SliderMax)
		}
		v.Global = append(v.Global, s.elastControl(st, e, e.Key(), e.Symbol()+" "+e.Name, "", start, spanOf(vals, true)))
	}
	for _, c := range s.b.Categories {
		cv := categoryView{Slug: c.Slug, Name: c.Name}
		for _, e := range elasticities {
			if !shown(e, c.Slug) {
				continue
			}
			val, _ := e.Param.Get(params.Category[c.Slug])
			start := val
			if math.IsInf(start, 0) || math.IsNaN(start) {
				start = e.SliderMax
			}
			key := e.Key() + "." + c.Slug
			cv.Controls = append(cv.Controls, s.elastControl(st, e, key, e.Symbol()+" "+e.Name, c.Name+": ", start, spanOf([]float64{val}, false)))
			if _, ok := st.Elast[key]; ok {
				v.CatOpen = true
			}
		}
		v.Categories = append(v.Categories, cv)
	}
	if len(orig.Elasticities.Category) > 0 {
		v.CatOpen = true
	}
	v.Bands = s.bandsControl(p.st)
}

// bandsControl fills the Monte Carlo control from the state asked for
// (p.st, not the fallback of controls: a state whose edits do not fit
// still keeps its bands).
func (s *server) bandsControl(st *state) bandsControl {
	n, seed := min(defaultDraws, s.opt.MaxDraws), uint64(defaultSeed)
	bc := bandsControl{Max: s.opt.MaxDraws}
	if st != nil && st.Draws > 0 {
		bc.On, n, seed = true, st.Draws, st.Seed
	}
	bc.Seed = strconv.FormatUint(seed, 10)
	choices := slices.DeleteFunc(slices.Clone(drawChoices), func(c int) bool { return c > s.opt.MaxDraws })
	if !slices.Contains(choices, n) {
		// A link may ask for any number up to the cap: offer it, or
		// resubmitting the form would change it.
		choices = append(choices, n)
		slices.Sort(choices)
	}
	for _, c := range choices {
		bc.Draws = append(bc.Draws, drawsOption{N: c, Selected: c == n})
	}
	return bc
}

func (s *server) elastControl(st *state, e elasticity, key, label, sr string, start float64, inUse string) elastView {
	val, set := st.Elast[key]
	if !set {
		val = start
	}
	if u, ok := st.Unset[key]; ok && u != round(start, 4) {
		st.notes = append(st.notes, fmt.Sprintf("%s=%s ignored: add set=%s to change %s", key, fmtNum(u), key, e.Symbol()))
	}
	lo, hi := e.SliderMin, e.SliderMax
	lo, hi = math.Min(lo, val), math.Max(hi, val)
	step := fmtNum(e.Step)
	if !onStep(val, lo, e.Step) {
		step = "any"
	}
	id := "e-" + strings.ReplaceAll(key, ".", "-")
	display := fmtNum(round(val, 2))
	if !set && inUse == "∞" {
		// An infinite ε has no slider position; the slider rests at its
		// top until moved, and says what is really in use.
		display = "∞"
	}
	return elastView{
		slider: slider{ID: id, Name: key, Label: label, SR: sr, Value: fmtNum(round(val, 4)), Min: fmtNum(lo), Max: fmtNum(hi), Step: step,
			Display: display},
		SetID: id + "-set", SetValue: key, Set: set, InUse: inUse,
	}
}

func percentSlider(name, label, sr string, val, lo, hi float64) slider {
	step := "1"
	if !onStep(val, lo, 1) {
		// A range input snaps its value to its step: a 7.5% rate on a
		// step of 1 would be sent back as 8% by a form that nobody
		// touched.
		step = "any"
	}
	return slider{ID: "m-" + strings.ReplaceAll(name, ".", "-"), Name: name, Label: label, SR: sr, Value: fmtNum(val),
		Min: fmtNum(lo), Max: fmtNum(hi), Step: step, Display: fmtNum(val) + "%", Unit: "%"}
}

func onStep(v, lo, step float64) bool {
	n := (v - lo) / step
	return math.Abs(n-math.Round(n)) < 1e-9
}

func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

func finiteMean(vals []float64, fallback float64) float64 {
	var sum float64
	n := 0
	for _, v := range vals {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			sum += v
			n++
		}
	}
	if n == 0 {
		return fallback
	}
	return round(sum/float64(n), 1)
}

// spanOf describes the values in use: "∞", "5", or "5–8.8 by category".
func spanOf(vals []float64, byCat bool) string {
	if len(vals) == 0 {
		return ""
	}
	lo, hi := slices.Min(vals), slices.Max(vals)
	f := func(v float64) string {
		if math.IsInf(v, 1) {
			return "∞"
		}
		return fmtNum(round(v, 2))
	}
	if lo == hi {
		return f(lo)
	}
	s := f(lo) + "–" + f(hi)
	if byCat {
		s += " by category"
	}
	return s
}

// annotate lays out a source with its problems under the lines they are
// on. Long sources show only the lines around problems, so that a 64 KiB
// file of blank lines cannot make a huge page.
func annotate(src []byte, errs []*scenario.Error) sourceView {
	const maxErrs, fullUpTo, context = 50, 400, 3
	sv := sourceView{Text: string(src)}
	if len(errs) > maxErrs {
		extra := len(errs) - maxErrs
		errs = append(errs[:maxErrs:maxErrs], &scenario.Error{Msg: fmt.Sprintf("and %d more problems", extra)})
	}
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	byLine := map[int][]errView{}
	for _, e := range errs {
		msg := e.Msg
		if e.Hint != "" {
			msg += fmt.Sprintf("; did you mean %q?", e.Hint)
		}
		ev := errView{Line: e.Line, Msg: msg, Excerpt: e.Excerpt}
		if e.Line > len(lines) {
			ev.Line = 0
		}
		sv.Errors = append(sv.Errors, ev)
		if ev.Line > 0 {
			byLine[ev.Line] = append(byLine[ev.Line], ev)
		}
	}
	show := func(n int) bool {
		if len(lines) <= fullUpTo {
			return true
		}
		for l := range byLine {
			if n >= l-context && n <= l+context {
				return true
			}
		}
		return false
	}
	gap := false
	for i, text := range lines {
		n := i + 1
		if !show(n) {
			gap = true
			continue
		}
		sv.Lines = append(sv.Lines, lineView{N: n, Text: text, Gap: gap, Errs: byLine[n]})
		gap = false
	}
	return sv
}

// uncertainExample is the shipped scenario whose elasticities are
// distributions, offered when bands are asked of one without.
const uncertainExample = "us-canada-mexico-25-uncertain"

// resultsView describes the solved run: headline, charts and downloads.
func (s *server) resultsView(ctx context.Context, p *prepared, q url.Values) *resultsView {
	run := p.run
	h := run.Headline()
	focus := run.FocusName()
	rv := &resultsView{URL: pageURL(q), Model: chart.ModelName(run.Result) + "; " + chart.ElasticityRanges(run.Result), Focus: focus}
	if e := tables.ExemptionLine(run.Exemption); e != "" {
		rv.Model += "; exemption " + e
	}
	rv.Warnings = run.Warnings()
	rv.WelfareNotes = tables.WelfareNotes(run.Coverage(), s.b.CountryName, s.b.CategoryName)
	rv.At = run.Run.Scenario.At
	rv.InForce = run.Run.Scenario.Measures
	row := func(label string, before, after float64) headRow {
		r := headRow{Label: label, Before: money(before, false), After: money(after, false), Change: money(after-before, true)}
		if before != 0 {
			r.Pct = pct(metric.PctChange(before, after), true)
		}
		return r
	}
	rv.Rows = []headRow{
		row(focus+" imports", h.Imports0, h.Imports1),
		row(focus+" exports", h.Exports0, h.Exports1),
		row(focus+" trade balance", h.Exports0-h.Imports0, h.Exports1-h.Imports1),
	}
	change := func(label string, v float64) headRow { return headRow{Label: label, Change: money(v, true)} }
	rv.Welfare = []headRow{
		change("Consumer surplus", h.ConsumerSurplus),
		change("Tariff revenue", h.RevenueChange),
		change("Producer surplus", h.ProducerSurplus),
	}
	if h.DomesticSurplus != 0 {
		rv.Welfare = append(rv.Welfare, change("Domestic producers' surplus", h.DomesticSurplus))
	}
	rv.Welfare = append(rv.Welfare, change("Welfare, net", h.Welfare))
	rv.Prices = headRow{Label: "Import prices (tariff-inclusive index)", Change: pct(100*h.ImportPriceChange, true)}
	er := run.EffectiveRates()
	rv.Effective = report.EffectiveSentence(focus, &er)
	rv.Summary = fmt.Sprintf("%s imports %s (%s), welfare %s", focus, money(h.Imports1-h.Imports0, true), rv.Rows[0].Pct, money(h.Welfare, true))
	if u := run.Uncertainty; u != nil {
		// Headline metrics are levels after the scenario (or changes, for
		// welfare); the table shows changes, so subtract the baseline.
		band := func(r *headRow, n metric.Name, f func(float64) string) {
			r.HasBands = true
			if p5, p95, ok := run.HeadlineInterval(n); ok {
				r.P5, r.P95 = f(p5), f(p95)
			} else {
				r.P5, r.P95 = "n/a", "n/a"
			}
		}
		signed := func(v float64) string { return money(v, true) }
		band(&rv.Rows[0], metric.Imports1, signed)
		band(&rv.Rows[1], metric.Exports1, signed)
		band(&rv.Rows[2], metric.Balance1, signed)
		for i, n := range []metric.Name{metric.ConsumerSurplus, metric.Revenue, metric.ProducerSurplus} {
			band(&rv.Welfare[i], n, signed)
		}
		// The net row is the last; a domestic producers' row before it
		// has no percentiles of its own (no headline metric), so it says
		// n/a rather than borrow the net one's.
		band(&rv.Welfare[len(rv.Welfare)-1], metric.Welfare, signed)
		if len(rv.Welfare) == 5 {
			rv.Welfare[3].HasBands, rv.Welfare[3].P5, rv.Welfare[3].P95 = true, "n/a", "n/a"
		}
		band(&rv.Prices, metric.ImportPriceChangePct, func(v float64) string { return pct(v, true) })
		bv := &bandsView{Draws: u.Draws, Failed: u.Failed, Seed: u.Seed, Params: (&uncertainty.Space{Params: u.Params}).Describe()}
		if len(u.Errors) > 0 {
			bv.FirstError = fmt.Sprintf("draw %d: %v", u.Errors[0].Draw, u.Errors[0].Err)
		}
		rv.Bands = bv
		rv.Summary += fmt.Sprintf("; 90%% interval of the imports change %s to %s over %d draws", rv.Rows[0].P5, rv.Rows[0].P95, u.Draws-u.Failed)
	} else if p.noDists {
		nb := &noBandsView{FixedByEdits: p.fixedByEdits, Draws: p.st.Draws, Seed: p.st.Seed}
		if p.st.Src != nil || p.st.Name != uncertainExample {
			for _, i := range s.shipped {
				if i.Slug() == uncertainExample {
					eq := url.Values{"s": {uncertainExample}, "bands": {"on"}, "draws": {strconv.Itoa(p.st.Draws)}, "seed": {strconv.FormatUint(p.st.Seed, 10)}}
					nb.Example, nb.ExampleName = pageURL(eq), i.Name
				}
			}
		}
		rv.NoBands = nb
		rv.Summary += "; no intervals: nothing in this scenario is uncertain"
	}

	qs := q.Encode()
	with := func(path string) string {
		if qs == "" {
			return path
		}
		return path + "?" + qs
	}
	charts, err := run.Charts()
	if err != nil {
		s.log.Error("charts", "err", err)
	}
	views := func(charts []*chart.Chart) []chartView {
		var out []chartView
		for _, c := range charts {
			if ctx.Err() != nil {
				// The request is over (see serveView): draw no more.
				break
			}
			var b bytes.Buffer
			if err := c.Render(&b, chart.FormatSVGNoFonts); err != nil {
				s.log.Error("chart", "name", c.Name, "err", err)
				continue
			}
			out = append(out, chartView{Name: c.Name, Title: c.Title, Explain: c.Explain, SVG: inlineSVG(b.String(), c.Title),
				SVGURL: with("/download/chart/" + c.Name + ".svg"), PNGURL: with("/download/chart/" + c.Name + ".png")})
		}
		return out
	}
	rv.Charts = views(charts)
	if pv, err := run.PathView(); err != nil {
		s.log.Error("path charts", "err", err)
	} else if pv != nil {
		rv.Path = &pathView{Focus: pv.Focus, Charts: views(pv.Charts), Months: report.MonthTable(pv), Notes: pv.Assumptions}
	}
	rv.Downloads = []link{
		{"Scenario as TOML", with("/download/scenario.toml"), "the scenario with your edits, to run with 'tariffsim run'"},
		{"Results as JSON", with("/download/results.json"), "every table in one document"},
		{"Results as Excel", with("/download/results.xlsx"), "one sheet per table, units in the headers, and the provenance"},
	}
	for _, t := range csvTables {
		rv.Downloads = append(rv.Downloads, link{"Results: " + t + " (CSV)", with("/download/" + t + ".csv"), ""})
	}
	if run.Uncertainty != nil {
		rv.Downloads[1].Note += ", with the 5th, 50th and 95th percentiles (x_p5, x_p50, x_p95) beside each headline and country figure"
		rv.Downloads = append(rv.Downloads, link{"Results: percentiles (CSV)", with("/download/percentiles.csv"), "p5, p50 and p95 of every figure over the draws"})
	}
	rv.Downloads = append(rv.Downloads, link{"HTML report", with("/download/report.html"), "one self-contained page to share"})
	return rv
}

// inlineSVG drops the XML prolog (not allowed inside HTML) and labels the
// chart for screen readers. The SVG comes from our own renderer, which
// escapes all text, so it is trusted markup.
func inlineSVG(svg, title string) template.HTML {
	if i := strings.Index(svg, "<svg"); i >= 0 {
		svg = svg[i:]
	}
	svg = strings.Replace(svg, "<svg", `<svg role="img" aria-label="`+template.HTMLEscapeString(title)+`"`, 1)
	return template.HTML(svg)
}
