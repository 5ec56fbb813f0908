package web

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// state is everything a page shows, as carried in its URL: which scenario
// and the edits made to it. See doc.go for the parameters.
type state struct {
	Name string    // shipped scenario slug; "" when Src is set
	Src  []byte    // a pasted or uploaded scenario's source
	At   time.Time // evaluation date; zero: the scenario's default
	// Rate and Exempt hold edits of measures by key ("t0" is the first
	// [[tariff]], "r0" the first [[retaliation]]), in percent.
	Rate, Exempt map[string]float64
	// Elast holds the elasticities to override, by key ("sigma", "eta",
	// "eps" for all categories, "sigma.ict" for one category by slug).
	Elast map[string]float64
	// Draws is the number of Monte Carlo draws for the 90% intervals;
	// 0 means no intervals. Seed is their seed.
	Draws int
	Seed  uint64
	// Unset holds elasticity values given without their "set" box, by
	// key as written: a form sends every slider, so they are ignored,
	// but a link typed by hand ("/?sigma=6") gets a note saying so when
	// the value is not the slider's own (see elastControl).
	Unset map[string]float64
	// notes are what the page says about ignored input (elastControl).
	notes []string
}

// Monte Carlo intervals: what bands=on means when draws and seed are not
// given, and the draws a select offers.
const (
	defaultDraws = 500
	defaultSeed  = 1
)

var drawChoices = []int{100, 200, 500, 1000, 2000}

// inputError is a problem with a request that the user can fix; Status is
// the 4xx code it is answered with.
type inputError struct {
	Status int
	Msg    string
}

func (e *inputError) Error() string { return e.Msg }

func badRequest(format string, a ...any) *inputError {
	return &inputError{Status: http.StatusBadRequest, Msg: fmt.Sprintf(format, a...)}
}

// elasticity describes one of σ, η, ε: its parameter name, its range in
// the URL, and the slider's range.
type elasticity struct {
	Param     scenario.Param
	Name      string
	Min, Max  float64 // accepted in a URL (inclusive; Min exclusive when MinOpen)
	MinOpen   bool
	SliderMin float64
	SliderMax float64
	Step      float64
}

// Key is the URL's name of the elasticity: "sigma", "eta" or "eps".
func (e elasticity) Key() string { return e.Param.Short() }

// Symbol is its Greek letter.
func (e elasticity) Symbol() string { return e.Param.Symbol() }

// elasticities lists the controls in page order. The URL accepts
// wider ranges than the sliders so that a hand-made link can reach any
// sensible value; σ must stay > 0 (the CES aggregate is undefined at 0).
var elasticities = []elasticity{
	{Param: scenario.Substitution, Name: "substitution between suppliers", Min: 0, MinOpen: true, Max: 100, SliderMin: 0.5, SliderMax: 20, Step: 0.1},
	{Param: scenario.ImportDemand, Name: "import demand", Min: 0, Max: 100, SliderMin: 0, SliderMax: 5, Step: 0.05},
	{Param: scenario.ExportSupply, Name: "export supply", Min: 0, MinOpen: true, Max: 1000, SliderMin: 0.1, SliderMax: 20, Step: 0.1},
	// σ_D and ε_D are read only in markets with a domestic flow: the page
	// shows their sliders only where the baseline has one (see controls).
	{Param: scenario.DomesticSubstitution, Name: "domestic vs imports", Min: 0, MinOpen: true, Max: 100, SliderMin: 0.5, SliderMax: 10, Step: 0.05},
	{Param: scenario.DomesticSupply, Name: "domestic supply", Min: 0, Max: 1000, SliderMin: 0, SliderMax: 20, Step: 0.1},
}

var measureKeyRE = regexp.MustCompile(`^([tr])(0|[1-9][0-9]{0,3})\.(rate|exempt)$`)

// Ranges of the measure parameters in a URL, in percent: the bounds of a
// rate in a scenario file (scenario.MinRate, scenario.MaxRate), so that a
// link and a file accept the same rates. A rate may be negative (a cut),
// but not below −100%: a price cannot fall below zero. state.check also
// refuses a rate below its slider's minimum (rateBounds).
const (
	minRate, maxRate = float64(scenario.MinRate), float64(scenario.MaxRate)
)

// rateBounds is the range of a measure's rate slider, from the rate as
// written: 0 (or a written subsidy) to 200% (or the next 50% above the
// rate shown, up to scenario.MaxRate). A link may set a rate above the
// slider's top, which then grows to show it, but not below its bottom:
// a negative rate is an import subsidy, which the scenario must say.
func rateBounds(written, shown float64) (lo, hi float64) {
	lo = math.Min(0, math.Floor(written))
	hi = math.Min(maxRate, math.Max(200, math.Ceil(shown/50)*50))
	return lo, hi
}

// parseState reads the page's query parameters. It checks what it can
// without the scenario (syntax, ranges, known names); state.check checks
// the rest once the scenario is loaded. Empty values count as absent, as a
// form sends them.
func parseState(q url.Values, b *baseline.Baseline, maxSrc, maxDraws int) (*state, error) {
	st := &state{Rate: map[string]float64{}, Exempt: map[string]float64{}, Elast: map[string]float64{}, Unset: map[string]float64{}}
	one := func(k string) (string, error) {
		vs := q[k]
		if len(vs) > 1 {
			return "", badRequest("parameter %s is given %d times; give it once", k, len(vs))
		}
		if len(vs) == 0 {
			return "", nil
		}
		return strings.TrimSpace(vs[0]), nil
	}
	var unknown []string
	var bands, draws, seed string // read after the loop: draws and seed count only with bands
	set := map[string]bool{}
	for _, v := range q["set"] {
		if v != "" {
			set[v] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		v, err := one(k)
		if k == "set" {
			continue
		}
		if err != nil {
			return nil, err
		}
		switch {
		case k == "s":
			st.Name = v
		case k == "src":
			if v == "" {
				continue
			}
			src, err := decodeSource(v, maxSrc)
			if err != nil {
				return nil, err
			}
			st.Src = src
		case k == "bands":
			bands = v
		case k == "draws":
			draws = v
		case k == "seed":
			seed = v
		case k == "at":
			if v == "" {
				continue
			}
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return nil, badRequest("at = %q: want a date such as 2025-04-10", clip(v))
			}
			st.At = t
		case measureKeyRE.MatchString(k):
			if v == "" {
				continue
			}
			m := measureKeyRE.FindStringSubmatch(k)
			lo, hi := float64(minRate), float64(maxRate)
			if m[3] == "exempt" {
				lo, hi = 0, 100
			}
			f, err := parseNumber(k, v, true)
			if err != nil {
				return nil, err
			}
			if f < lo || f > hi {
				return nil, badRequest("%s = %s: want a percent from %g to %g", k, clip(v), lo, hi)
			}
			if m[3] == "rate" {
				st.Rate[m[1]+m[2]] = f
			} else {
				st.Exempt[m[1]+m[2]] = f
			}
		default:
			e, cat, ok := elasticityKey(k, b)
			if !ok {
				unknown = append(unknown, k)
				continue
			}
			if !set[k] || v == "" {
				// The slider is sent with every form, but counts only
				// when its "set" box is ticked.
				if f, err := parseNumber(k, v, false); err == nil && v != "" {
					if cat != "" {
						k = e.Key() + "." + cat
					}
					st.Unset[k] = f
				}
				continue
			}
			f, err := parseNumber(k, v, false)
			if err != nil {
				return nil, err
			}
			if f < e.Min || f > e.Max || (e.MinOpen && f == e.Min) {
				rel := "≥"
				if e.MinOpen {
					rel = ">"
				}
				return nil, badRequest("%s = %s: %s must be %s %g and at most %g", k, clip(v), e.Symbol(), rel, e.Min, e.Max)
			}
			if cat != "" {
				k = e.Key() + "." + cat // an alias becomes the slug
			}
			st.Elast[k] = f
		}
	}
	for k := range set {
		if _, _, ok := elasticityKey(k, b); !ok {
			return nil, badRequest("set = %q: not an elasticity (want sigma, eta, eps, sigma_d or eps_d, optionally followed by .CATEGORY)", clip(k))
		}
		if v, _ := one(k); v == "" {
			return nil, badRequest("set = %q but no %s value is given", k, k)
		}
	}
	if len(unknown) > 0 {
		return nil, badRequest("unknown parameter %s", strings.Join(quoteAll(unknown), ", "))
	}
	if err := st.parseBands(bands, draws, seed, maxDraws); err != nil {
		return nil, err
	}
	if st.Name != "" && st.Src != nil {
		return nil, badRequest("give either s (a shipped scenario) or src (a pasted one), not both")
	}
	return st, nil
}

// parseBands reads the Monte Carlo parameters. Like a slider's value
// without its "set" box, draws and seed take effect only with bands=on:
// the form sends them whether or not its box is ticked. They are checked
// either way, so that a mistyped link gets a message.
func (st *state) parseBands(bands, draws, seed string, maxDraws int) error {
	n, sd := min(defaultDraws, maxDraws), uint64(defaultSeed)
	if draws != "" {
		var err error
		n, err = strconv.Atoi(draws)
		switch {
		case errors.Is(err, strconv.ErrRange) || err == nil && n > maxDraws:
			return badRequest("draws = %s: at most %d draws on this page, to keep it responsive ('tariffsim run --draws N' takes more)", clip(draws), maxDraws)
		case err != nil:
			return badRequest("draws = %q is not a whole number: want 1 to %d draws", clip(draws), maxDraws)
		case n < 1:
			return badRequest("draws = %s: want 1 to %d draws", clip(draws), maxDraws)
		}
	}
	if seed != "" {
		var err error
		if sd, err = strconv.ParseUint(seed, 10, 64); err != nil {
			return badRequest("seed = %q: want a whole number from 0 to %d", clip(seed), uint64(math.MaxUint64))
		}
	}
	switch bands {
	case "":
	case "on":
		st.Draws, st.Seed = n, sd
	default:
		return badRequest("bands = %q: want bands=on for 90%% intervals, or leave it out", clip(bands))
	}
	return nil
}

// elasticityKey parses "sigma" or "sigma.CATEGORY"; cat is the category's
// slug, "" for the global one.
func elasticityKey(k string, b *baseline.Baseline) (e elasticity, cat string, ok bool) {
	name, c, hasCat := strings.Cut(k, ".")
	for _, e := range elasticities {
		if e.Key() != name {
			continue
		}
		if !hasCat {
			return e, "", true
		}
		slug, ok := b.Category(c)
		return e, slug, ok
	}
	return elasticity{}, "", false
}

// parseNumber parses a finite number; a trailing % is allowed when pct.
func parseNumber(k, v string, pct bool) (float64, error) {
	s := v
	if pct {
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		want := "a number"
		if pct {
			want = "a percent such as 25"
		}
		return 0, badRequest("%s = %q is not %s", k, clip(v), want)
	}
	return f, nil
}

// check checks the edits against the loaded scenario.
func (st *state) check(sc *scenario.Scenario) error {
	for _, m := range []map[string]float64{st.Rate, st.Exempt} {
		for k := range m {
			ms, what := measures(sc, k)
			i, _ := strconv.Atoi(k[1:])
			if i >= len(ms) {
				return badRequest("%s: the scenario has %d %s measure(s), numbered from %s0", k, len(ms), what, k[:1])
			}
		}
	}
	for k, v := range st.Rate {
		ms, _ := measures(sc, k)
		i, _ := strconv.Atoi(k[1:])
		if lo, _ := rateBounds(float64(ms[i].Rate), v); v < lo {
			return badRequest("%s.rate = %s%%: below the slider's minimum, %g%% (a negative rate is an import subsidy: write it in the scenario)", k, fmtNum(v), lo)
		}
	}
	return nil
}

func measures(sc *scenario.Scenario, key string) ([]scenario.Measure, string) {
	if key[0] == 'r' {
		return sc.Retaliations, "retaliation"
	}
	return sc.Tariffs, "tariff"
}

// edits are st's changes to orig, in a fixed order: rates, exempt
// shares, then elasticities by key. A rate or share equal to orig's is
// no change and is left out: a form posts every field, and an edit would
// fix a value that orig draws from a distribution (its median is shown).
func (st *state) edits(orig *scenario.Scenario) []scenario.Edit {
	same := canonicalSame(st, orig)
	var out []scenario.Edit
	for _, p := range []struct {
		m    map[string]float64
		kind scenario.EditKind
		what string
	}{{st.Rate, scenario.EditRate, "rate"}, {st.Exempt, scenario.EditExempt, "exempt"}} {
		for _, k := range slices.Sorted(maps.Keys(p.m)) {
			if same[k+"."+p.what] {
				continue
			}
			out = append(out, scenario.Edit{Kind: p.kind, Measure: measureRef(k), Value: p.m[k]})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(st.Elast)) {
		name, cat, _ := strings.Cut(k, ".")
		param, _ := scenario.ParseParam(name) // parseState accepted the key
		out = append(out, scenario.Edit{Kind: scenario.EditElasticity, Param: param, Category: cat, Value: st.Elast[k]})
	}
	return out
}

// measureRef reads a measure key: "t0" is the first [[tariff]], "r0" the
// first [[retaliation]].
func measureRef(key string) scenario.MeasureRef {
	i, _ := strconv.Atoi(key[1:])
	if key[0] == 'r' {
		return scenario.MeasureRef{Kind: scenario.Retaliation, Index: i}
	}
	return scenario.MeasureRef{Kind: scenario.Tariff, Index: i}
}

// canonicalSame lists the measure values of st ("t0.exempt") equal to
// orig's.
func canonicalSame(st *state, orig *scenario.Scenario) map[string]bool {
	diff := st.canonicalEdits(orig)
	same := map[string]bool{}
	for _, p := range []struct {
		m    map[string]float64
		what string
	}{{st.Rate, "rate"}, {st.Exempt, "exempt"}} {
		for k := range p.m {
			ms, _ := measures(orig, k)
			if i, _ := strconv.Atoi(k[1:]); i < len(ms) && !diff.Has(k+"."+p.what) {
				same[k+"."+p.what] = true
			}
		}
	}
	return same
}

// edited reports whether st changes the scenario (relative to orig).
func (st *state) edited(orig *scenario.Scenario) bool {
	return len(st.canonicalEdits(orig)) > 0 || len(st.Elast) > 0
}

// canonicalEdits returns the measure edits that differ from orig.
func (st *state) canonicalEdits(orig *scenario.Scenario) url.Values {
	q := url.Values{}
	for _, p := range []struct {
		m    map[string]float64
		what string
	}{{st.Rate, "rate"}, {st.Exempt, "exempt"}} {
		for k, v := range p.m {
			ms, _ := measures(orig, k)
			i, _ := strconv.Atoi(k[1:])
			if i >= len(ms) {
				continue
			}
			old := float64(ms[i].Rate)
			if p.what == "exempt" {
				old = float64(ms[i].Exempt)
			}
			if v != old {
				q.Set(k+"."+p.what, fmtNum(v))
			}
		}
	}
	return q
}

// query returns the canonical query of st: only what differs from the
// scenario as written, in a stable order, so that equal states give equal
// links. orig may be nil when the scenario could not be loaded.
func (st *state) query(orig *scenario.Scenario, defaultName string) url.Values {
	q := url.Values{}
	if orig != nil {
		q = st.canonicalEdits(orig)
	}
	switch {
	case st.Src != nil:
		q.Set("src", encodeSource(st.Src))
	case st.Name != "" && st.Name != defaultName:
		q.Set("s", st.Name)
	}
	if !st.At.IsZero() {
		def := time.Time{}
		if orig != nil {
			def, _ = orig.At(scenario.Options{})
		}
		if !st.At.Equal(def) {
			q.Set("at", st.At.Format(time.DateOnly))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(st.Elast)) {
		q.Add("set", k)
		q.Set(k, fmtNum(st.Elast[k]))
	}
	if st.Draws > 0 {
		// The seed is written even when it is the default, so that a
		// link states everything its intervals depend on.
		q.Set("bands", "on")
		q.Set("draws", strconv.Itoa(st.Draws))
		q.Set("seed", strconv.FormatUint(st.Seed, 10))
	}
	return q
}

// encodeSource packs a scenario's source into a URL parameter: raw
// DEFLATE, then unpadded base64url. Scenario files shrink about threefold,
// so a shipped-size file (7 KB) makes a link of about 3 KB.
func encodeSource(src []byte) string {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression) // the level is valid, so no error
	fw.Write(src)
	fw.Close()
	return base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// decodeSource reverses encodeSource, refusing sources over maxSrc bytes
// once inflated (a small link must not expand into a huge scenario).
func decodeSource(s string, maxSrc int) ([]byte, error) {
	if len(s) > base64.RawURLEncoding.EncodedLen(maxSrc)+64 {
		return nil, &inputError{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("the src parameter is too long: scenarios are limited to %d KiB", maxSrc/1024)}
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, badRequest("the src parameter is not a scenario link made by this page (bad base64url); paste the scenario again")
	}
	src, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), int64(maxSrc)+1))
	if err != nil {
		return nil, badRequest("the src parameter is not a scenario link made by this page (%v); paste the scenario again", err)
	}
	if len(src) > maxSrc {
		return nil, &inputError{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("the scenario in the link is over %d KiB, the limit", maxSrc/1024)}
	}
	return src, nil
}

// fmtNum formats a number for a URL or an input's value: shortest form.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// clip shortens user input quoted in messages.
func clip(s string) string {
	const n = 40
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(clip(s))
	}
	return out
}
