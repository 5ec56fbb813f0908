package baseline

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tariffsim/tariffsim/model"
)

// Provenance status of a row.
const (
	Published = "published" // a figure read from a cited source
	Derived   = "derived"   // arithmetic on published figures
	Estimated = "estimated" // filled in by a documented estimation method
)

// Row is one flow of a baseline with its provenance.
type Row struct {
	model.Flow
	Status string // Published, Derived, Estimated, or "" when the file does not say
	Source string
	Line   int // line of the file it was read from; 0 if built in code
}

// Category is a product category a baseline knows by name.
type Category struct {
	Slug    string   // the code used in flows, e.g. "ict"
	Aliases []string // other accepted codes, e.g. the Census HITECH code "04"
	Name    string   // e.g. "Information & Communications"
	// Words are everyday words for the category's products
	// ("semiconductors" for electronics), used only to suggest the
	// category when one is typed; they are never accepted as codes,
	// since a word may touch several categories.
	Words []string
}

// Country is a country (or aggregate) code a baseline knows by name.
type Country struct {
	Code string // e.g. "CN"
	Name string // e.g. "China"
}

// Defaults are the documented default elasticities of one category.
type Defaults struct {
	Substitution         float64 // σ among import sources, long run
	ImportDemand         float64 // η, long run: total demand where a market has a domestic flow, the import composite's otherwise
	ImportDemandShortRun float64 // η, short run (about one year)
	ExportSupply         float64 // ε, +Inf for price-taking importers
	SubstitutionShortRun float64 // σ, short run; 0 when not documented
	ExportSupplyShortRun float64 // ε, short run; 0 when not documented

	// σ_D, the substitution between domestic sales and the import
	// composite (the scenario key domestic_substitution), long and short
	// run; 0 when not documented.
	DomesticSubstitution, DomesticSubstitutionShortRun float64

	Source string // citation and derivation rule

	// ImportsOnly says that the η defaults (and their presets) are
	// estimates of import demand, as published import-demand elasticities
	// are: in a market with domestic sales the model converts them to total
	// demand (model.Elasticities.ImportsOnly).
	ImportsOnly bool

	// ε_D, the domestic producers' supply elasticity in the domestic
	// nest (+Inf allowed); 0 when not documented.
	DomesticSupply float64
	DomesticSource string // citation and rule of ε_D

	// The documented range of each elasticity: the presets "low" and
	// "high" of a scenario file (the defaults above are "central"); 0 when
	// the baseline documents none. See docs/DATA.md, "Elasticity presets".
	SubstitutionLow, SubstitutionHigh                 float64
	ImportDemandLow, ImportDemandHigh                 float64
	ExportSupplyLow, ExportSupplyHigh                 float64
	DomesticSubstitutionLow, DomesticSubstitutionHigh float64

	// The short-run ranges; 0 when not documented, and the presets of a
	// short-run scenario then use the long-run range.
	SubstitutionShortRunLow, SubstitutionShortRunHigh                 float64
	ImportDemandShortRunLow, ImportDemandShortRunHigh                 float64
	ExportSupplyShortRunLow, ExportSupplyShortRunHigh                 float64
	DomesticSubstitutionShortRunLow, DomesticSubstitutionShortRunHigh float64

	RangeSource string // citation and rule of the ranges
}

// Baseline is a table of flows with what is known about it.
type Baseline struct {
	Name        string // a short name for charts and reports
	Description string
	Rows        []Row
	Categories  []Category // may be empty for user files: codes are then free
	Countries   []Country
	// Defaults holds the documented elasticities per category slug;
	// Fallback applies to categories it does not list.
	Defaults map[string]Defaults
	Fallback Defaults
}

// Domestic reports whether r is domestic sales: a row whose exporter is its
// importer. The model puts it in its own nest against the market's imports
// (docs/MODEL.md, "Demand in market m").
func (r *Row) Domestic() bool { return r.Importer == r.Exporter }

// HasDomestic reports whether b has any domestic flow.
func (b *Baseline) HasDomestic() bool {
	for i := range b.Rows {
		if b.Rows[i].Domestic() {
			return true
		}
	}
	return false
}

// Flows returns the model flows of b in row order.
func (b *Baseline) Flows() []model.Flow {
	fs := make([]model.Flow, len(b.Rows))
	for i, r := range b.Rows {
		fs[i] = r.Flow
	}
	return fs
}

// Provenance sums the baseline's value by status.
type Provenance struct {
	Total     float64 // million USD
	Published float64
	Derived   float64
	Estimated float64
	Unknown   float64 // rows without a status
}

// EstimatedShare is the share of the total value that is estimated or of
// unknown status, in [0, 1].
func (p Provenance) EstimatedShare() float64 {
	if p.Total == 0 {
		return 0
	}
	return (p.Estimated + p.Unknown) / p.Total
}

// Provenance sums b's value by status.
func (b *Baseline) Provenance() Provenance {
	var p Provenance
	for _, r := range b.Rows {
		p.Total += r.Value
		switch r.Status {
		case Published:
			p.Published += r.Value
		case Derived:
			p.Derived += r.Value
		case Estimated:
			p.Estimated += r.Value
		default:
			p.Unknown += r.Value
		}
	}
	return p
}

// CountryCodes returns every code that appears as importer or exporter,
// sorted.
func (b *Baseline) CountryCodes() []string {
	seen := map[string]bool{}
	for _, r := range b.Rows {
		seen[r.Importer] = true
		seen[r.Exporter] = true
	}
	return sortedKeys(seen)
}

// CategoryCodes returns every category that appears in a flow, sorted.
func (b *Baseline) CategoryCodes() []string {
	seen := map[string]bool{}
	for _, r := range b.Rows {
		seen[r.Category] = true
	}
	return sortedKeys(seen)
}

// Category returns the category slug for code, which may be the slug
// itself or one of its aliases (matched without regard to case).
func (b *Baseline) Category(code string) (string, bool) {
	for _, c := range b.Categories {
		if strings.EqualFold(c.Slug, code) {
			return c.Slug, true
		}
		for _, a := range c.Aliases {
			if strings.EqualFold(a, code) {
				return c.Slug, true
			}
		}
	}
	for _, c := range b.CategoryCodes() {
		if c == code {
			return c, true
		}
	}
	return "", false
}

// CategoryName returns the long name of a category slug, or the slug.
func (b *Baseline) CategoryName(slug string) string {
	for _, c := range b.Categories {
		if c.Slug == slug {
			return c.Name
		}
	}
	return slug
}

// CountryName returns the long name of a country code, or the code.
func (b *Baseline) CountryName(code string) string {
	for _, c := range b.Countries {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

// DefaultsFor returns the documented elasticities of a category.
func (b *Baseline) DefaultsFor(category string) Defaults {
	if d, ok := b.Defaults[category]; ok {
		return d
	}
	return b.Fallback
}

func sortedKeys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Columns of a baseline file.
var (
	required = []string{"importer", "exporter", "category", "value_musd", "tariff_pct"}
	optional = []string{"status", "source"}
)

// Error is a problem with one line of a baseline file.
type Error struct {
	File string
	Line int // 0 when the problem is not on one line
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// maxErrors bounds how many row errors Read reports before giving up.
const maxErrors = 20

// Limits of a baseline file, documented in docs/LIMITS.md.
const (
	// MaxFileSize is the largest file Read accepts unless ReadOptions
	// says otherwise, in bytes: 64 MiB, 1,200 times the embedded baseline
	// (597 rows with their sources in 55 KiB), so some 700,000 such rows:
	// more flows than the solver handles in reasonable time.
	// ReadOptions.MaxBytes raises it.
	MaxFileSize = 64 << 20
	// MaxValue bounds value_musd, in $ million: $10 trillion, three times
	// all US goods imports of 2024 ($3.30 trillion) and sixteen times the
	// largest US bilateral goods flow, imports from the EU ($605.8 billion;
	// sources in docs/LIMITS.md). One flow of one category is far smaller.
	// A larger figure is a unit error (dollars for millions) or garbage,
	// and values near the float64 range made sums overflow to +Inf. With
	// this bound the sum of a file at MaxFileSize stays below 1e14, far
	// inside the float64 range, so sums need no check of their own.
	MaxValue = 1e7
	// MaxTariff bounds tariff_pct, in percent: 1000%, the bound on rates
	// of scenarios (model/scenario.MaxRate).
	MaxTariff = 1000
)

// ReadOptions change the limits of ReadWith.
type ReadOptions struct {
	// MaxBytes is the largest file accepted, in bytes; 0 means MaxFileSize.
	MaxBytes int64
}

// errTooLarge is what the limited reader of ReadWith returns past the limit.
var errTooLarge = errors.New("file too large")

type limitedReader struct {
	r io.Reader
	n int64 // bytes left
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// At the limit: a file of exactly the limit is fine.
		var probe [1]byte
		for {
			n, err := l.r.Read(probe[:])
			if n > 0 {
				return 0, errTooLarge
			}
			if err != nil {
				return 0, err
			}
		}
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// Read parses a baseline CSV file of at most MaxFileSize bytes. name is
// used in error messages and as the baseline's Name. Every problem is
// reported with its line, up to 20 of them; the error is then a join of
// *Error values.
func Read(r io.Reader, name string) (*Baseline, error) { return ReadWith(r, name, ReadOptions{}) }

// ReadWith is Read with options.
//
// Values must be plain decimal numbers (digits, an optional point and
// exponent: not 0x1p4, 1_000, Inf or NaN), value_musd in (0, MaxValue] and
// tariff_pct in [0, MaxTariff]. Codes must be valid UTF-8 without control
// characters, and no field may hold a NUL byte or invalid UTF-8. A file in
// UTF-16 is refused with a message that says so; a UTF-8 byte-order mark is
// accepted.
func ReadWith(r io.Reader, name string, opt ReadOptions) (*Baseline, error) {
	max := opt.MaxBytes
	if max <= 0 {
		max = MaxFileSize
	}
	br := bufio.NewReader(&limitedReader{r: r, n: max})
	if err := checkEncoding(br, name); err != nil {
		return nil, err
	}
	tooLarge := &Error{File: name, Msg: fmt.Sprintf("file is larger than %d MiB, the limit for a baseline file", max>>20)}
	if max%(1<<20) != 0 {
		tooLarge.Msg = fmt.Sprintf("file is larger than %d bytes, the limit for a baseline file", max)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: name, Msg: "empty file: want a header " + strings.Join(required, ",")}
	}
	if errors.Is(err, errTooLarge) {
		return nil, tooLarge
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup {
			return nil, &Error{File: name, Line: 1, Msg: fmt.Sprintf("column %q appears twice", h)}
		}
		col[h] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{File: name, Line: 1, Msg: fmt.Sprintf("header lacks column(s) %s; want %s (extra columns are ignored)",
			strings.Join(missing, ", "), strings.Join(required, ","))}
	}

	b := &Baseline{Name: name}
	var errs []error
	seen := map[[3]string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errTooLarge) {
			errs = append(errs, tooLarge)
			break
		}
		if err != nil {
			errs = append(errs, csvError(name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			i, ok := col[c]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		bad := func(format string, a ...any) {
			errs = append(errs, &Error{File: name, Line: line, Msg: fmt.Sprintf(format, a...)})
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row := Row{Line: line, Status: strings.ToLower(get("status")), Source: get("source")}
		row.Importer, row.Exporter, row.Category = get("importer"), get("exporter"), get("category")
		ok := true
		for _, c := range []struct{ name, v string }{{"importer", row.Importer}, {"exporter", row.Exporter}, {"category", row.Category}} {
			if c.v == "" {
				bad("missing %s", c.name)
				ok = false
			} else if msg := badCode(c.v); msg != "" {
				bad("%s %q %s", c.name, c.v, msg)
				ok = false
			}
		}
		for _, c := range []struct{ name, v string }{{"status", row.Status}, {"source", row.Source}} {
			if msg := badText(c.v); msg != "" {
				bad("%s %s", c.name, msg)
				ok = false
			}
		}
		v, err := parseNumber(get("value_musd"))
		switch {
		case err != nil:
			bad("value_musd: %v", err)
			ok = false
		case v < 0:
			bad("value_musd %s is negative", get("value_musd"))
			ok = false
		case v == 0:
			bad("value_musd is 0: leave out flows with no trade")
			ok = false
		case v > MaxValue:
			bad("value_musd %s is more than %g ($10 trillion): values are in $ million", get("value_musd"), float64(MaxValue))
			ok = false
		}
		t, err := parseNumber(get("tariff_pct"))
		switch {
		case err != nil:
			bad("tariff_pct: %v", err)
			ok = false
		case t < 0:
			bad("tariff_pct %s is negative", get("tariff_pct"))
			ok = false
		case t > MaxTariff:
			bad("tariff_pct %s is more than %d: tariffs are in percent, at most 1000%%", get("tariff_pct"), MaxTariff)
			ok = false
		}
		switch row.Status {
		case "", Published, Derived, Estimated:
		default:
			bad("status %q: want published, derived or estimated", row.Status)
			ok = false
		}
		if ok && row.Importer == row.Exporter && t != 0 {
			bad("domestic flow %s←%s %s (exporter = importer: domestic sales) has tariff_pct %s: an importer does not tax its own goods, want 0",
				row.Importer, row.Exporter, row.Category, get("tariff_pct"))
			ok = false
		}
		if ok {
			key := [3]string{row.Importer, row.Exporter, row.Category}
			if first, dup := seen[key]; dup {
				bad("duplicate flow %s←%s %s (first on line %d)", row.Importer, row.Exporter, row.Category, first)
				ok = false
			} else {
				seen[key] = line
			}
		}
		if ok {
			row.Value, row.Tariff = v, t/100
			b.Rows = append(b.Rows, row)
		}
		if len(errs) >= maxErrors {
			errs = append(errs, &Error{File: name, Msg: "too many errors; stopped"})
			break
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(b.Rows) == 0 {
		return nil, &Error{File: name, Msg: "no flows: the file has a header but no rows"}
	}
	return b, nil
}

// plainNumber is the number syntax of a baseline file: what spreadsheets
// write. strconv.ParseFloat alone would also take Go's forms (0x1p4,
// 1_000, Inf, NaN), which no spreadsheet writes and which are typos or
// garbage here.
var plainNumber = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

func parseNumber(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("missing number")
	}
	if !plainNumber.MatchString(s) {
		if strings.ContainsAny(s, ", ") && plainNumber.MatchString(strings.NewReplacer(",", "", " ", "").Replace(s)) {
			return 0, fmt.Errorf("%q is not a number: write it without thousands separators", s)
		}
		return 0, fmt.Errorf("%q is not a number: want digits with an optional point and exponent, such as 1250.5 or 1.2e3", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return v, nil
}

// checkEncoding refuses a file that is not UTF-8 text, from its first
// bytes: a UTF-16 byte-order mark, or a NUL byte among the first 16 (UTF-16
// without a mark has one in every other byte; a spreadsheet's own format,
// such as .xlsx, has one within the first 8). A NUL byte further on is an
// error of its field.
func checkEncoding(br *bufio.Reader, name string) error {
	head, err := br.Peek(16)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) && !errors.Is(err, errTooLarge) {
		return &Error{File: name, Msg: err.Error()}
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return &Error{File: name, Line: 1, Msg: "file is UTF-16; save it as UTF-8 (in a spreadsheet: CSV UTF-8)"}
	case bytes.IndexByte(head, 0) >= 0:
		return &Error{File: name, Line: 1 + bytes.Count(head[:bytes.IndexByte(head, 0)], []byte("\n")), Msg: "file contains NUL bytes: it is not a CSV text file (UTF-16 without a byte-order mark, or a binary format); save it as UTF-8 CSV"}
	}
	return nil
}

// badCode says what is wrong with a country or category code, or "".
func badCode(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("contains the control character %U (a line break or NUL in a quoted field?)", r)
		}
	}
	return ""
}

// badText says what is wrong with a free-text field, or "".
func badText(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case strings.IndexByte(s, 0) >= 0:
		return "contains a NUL byte"
	}
	return ""
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return &Error{File: name, Msg: err.Error()}
}

// Write writes b as a baseline CSV file with provenance columns.
func (b *Baseline) Write(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(append(slices.Clone(required), optional...))
	for _, r := range b.Rows {
		cw.Write([]string{r.Importer, r.Exporter, r.Category,
			strconv.FormatFloat(r.Value, 'f', -1, 64),
			strconv.FormatFloat(math.Round(r.Tariff*100*1e9)/1e9, 'f', -1, 64),
			r.Status, r.Source})
	}
	cw.Flush()
	return cw.Error()
}

// Flow is a shorthand for building a model.Flow.
func Flow(importer, exporter, category string, value, tariff float64) model.Flow {
	return model.Flow{Importer: importer, Exporter: exporter, Category: category, Value: value, Tariff: tariff}
}
