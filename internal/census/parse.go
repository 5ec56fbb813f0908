package census

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// Direction tells an exports response from an imports one.
type Direction int

const (
	Exports Direction = iota + 1 // exports/hitech, value column ALL_VAL_YR
	Imports                      // imports/hitech, value column GEN_VAL_YR
)

func (d Direction) String() string {
	switch d {
	case Exports:
		return "exports"
	case Imports:
		return "imports"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// ValueColumn is the year-to-date value column of d's endpoint: total
// exports (domestic + foreign, ALL_VAL_YR) and general imports (GEN_VAL_YR),
// as requested by public code pulling these endpoints (pull_trade_atp).
func (d Direction) ValueColumn() string {
	if d == Imports {
		return "GEN_VAL_YR"
	}
	return "ALL_VAL_YR"
}

// Table is the country × group part of one hitech response.
type Table struct {
	Name      string
	Direction Direction
	// Period is the "time" of the rows, e.g. "2024-12", or YEAR-MONTH when
	// the response has YEAR and MONTH columns instead; "" when it has
	// neither.
	Period string
	// Rows holds the rows of countries and ATP groups 01..10, in file
	// order, including zero values.
	Rows []Row
	// Aggregates counts the rows left out as area aggregates (totals,
	// groupings, continents) and NonATP the country rows left out as totals
	// or non-ATP trade (HITECH "" or "00").
	Aggregates, NonATP int
	// AggregateNames lists the distinct CTY_NAMEs of the aggregates.
	AggregateNames []string
}

// Row is one country × group cell of a response.
type Row struct {
	Row      int    // position in the outer JSON array; the header is row 1
	Line     int    // line of the file where the row starts
	Census   string // CTY_CODE
	Name     string // CTY_NAME
	Group    string // HITECH, normalised to "01".."10"
	Category string // tariffsim slug of Group
	Value    float64
}

// Error is a problem with a response file, on a row when Row > 0.
type Error struct {
	File string
	Row  int
	Line int
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Row > 0 && e.Line > 0:
		return fmt.Sprintf("%s: row %d (line %d): %s", e.File, e.Row, e.Line, e.Msg)
	case e.Row > 0:
		return fmt.Sprintf("%s: row %d: %s", e.File, e.Row, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s: line %d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// maxRowErrors bounds how many row problems Parse reports at once.
const maxRowErrors = 20

// Parse reads one hitech response: a JSON array whose first element is the
// header and whose other elements are rows, all arrays of strings. Columns
// are found by name in any order; extra columns are ignored. name is used
// in error messages.
//
// Whether it is an exports or an imports response is told by its value
// column (ALL_VAL_YR or GEN_VAL_YR). Area aggregates and total or non-ATP
// rows are counted and left out (see the package documentation); every
// other row must be a country with a HITECH group 01..10 and a non-negative
// number, and no country × group may appear twice.
func Parse(name string, data []byte) (*Table, error) {
	p := parser{name: name, data: data, groups: baseline.ATPGroups()}
	return p.parse()
}

type parser struct {
	name   string
	data   []byte
	groups []baseline.Category // baseline.ATPGroups, once for all rows
}

func (p *parser) errf(row, off int, format string, a ...any) *Error {
	e := &Error{File: p.name, Row: row, Msg: fmt.Sprintf(format, a...)}
	if off >= 0 {
		e.Line = p.line(off)
	}
	return e
}

// line returns the 1-based line of byte offset off, after skipping the
// separators that precede a value.
func (p *parser) line(off int) int {
	if off < 0 {
		off = 0
	}
	if off > len(p.data) {
		off = len(p.data)
	}
	for off < len(p.data) && strings.IndexByte(" \t\r\n,", p.data[off]) >= 0 {
		off++
	}
	if off >= len(p.data) {
		off = len(p.data)
	}
	return bytes.Count(p.data[:off], []byte{'\n'}) + 1
}

// jsonError turns a decoding error into a message that says what is wrong
// with the file rather than with Go types.
func (p *parser) jsonError(row, off int, err error) *Error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return p.errf(row, len(p.data), "truncated JSON: the file ends inside the array (an interrupted download?)")
	case errors.As(err, &se):
		return &Error{File: p.name, Row: row, Line: p.line(int(se.Offset) - 1), Msg: "invalid JSON: " + se.Error()}
	case errors.As(err, &te):
		return p.errf(row, off, "row is a JSON %s, not an array of strings", te.Value)
	}
	return p.errf(row, off, "invalid JSON: %v", err)
}

// header columns, by upper-case name.
const (
	colCode  = "CTY_CODE"
	colName  = "CTY_NAME"
	colGroup = "HITECH"
	colDesc  = "HITECH_DESC"
	colTime  = "TIME"
	colYear  = "YEAR"
	colMonth = "MONTH"
	colLevel = "SUMMARY_LVL"
)

func (p *parser) parse() (*Table, error) {
	if len(bytes.TrimSpace(p.data)) == 0 {
		return nil, &Error{File: p.name, Msg: "empty file: want the JSON array the Census API returns"}
	}
	dec := json.NewDecoder(bytes.NewReader(p.data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		if trimmed := bytes.TrimSpace(p.data); trimmed[0] == '<' {
			// The API answers some errors (a bad key, an outage) with a
			// web page; say so rather than quote a JSON syntax error.
			return nil, p.errf(0, 0, "an HTML page, not the JSON array the Census API returns: %s", firstLine(trimmed))
		}
		return nil, p.jsonError(0, 0, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, p.errf(0, 0, "not a Census API response: want a JSON array of arrays, found %s", describeToken(tok))
	}

	t := &Table{Name: p.name}
	var (
		cols    map[string][]int // upper-case name → positions
		width   int
		errs    []error
		seen    = map[[2]string]int{}
		periods = map[string]int{}
		aggs    = map[string]bool{}
		row     int
	)
	for dec.More() {
		row++
		off := int(dec.InputOffset())
		var raw []json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, p.jsonError(row, off, err)
		}
		cells := make([]string, len(raw))
		for i, r := range raw {
			s, ok := cellString(r)
			if !ok {
				return nil, p.errf(row, off, "cell %d is %s, not a string", i+1, describeRaw(r))
			}
			cells[i] = strings.TrimSpace(s)
		}
		if row == 1 {
			cols, err = p.header(cells)
			if err != nil {
				return nil, err
			}
			width = len(cells)
			t.Direction = Exports
			if _, ok := cols[Imports.ValueColumn()]; ok {
				t.Direction = Imports
			}
			continue
		}
		bad := func(format string, a ...any) {
			errs = append(errs, p.errf(row, off, format, a...))
		}
		if len(cells) != width {
			bad("%d cells, but the header has %d", len(cells), width)
		} else if err := p.row(t, cols, cells, row, off, seen, periods, aggs); err != nil {
			errs = append(errs, err)
		}
		if len(errs) >= maxRowErrors {
			errs = append(errs, &Error{File: p.name, Msg: "too many errors; stopped"})
			return nil, errors.Join(errs...)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, p.jsonError(row, len(p.data), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, p.errf(0, int(dec.InputOffset()), "unexpected data after the closing ']' of the array")
	}
	if row == 0 {
		return nil, &Error{File: p.name, Msg: "empty array: want a header row and data rows"}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if row == 1 {
		return nil, &Error{File: p.name, Msg: "header but no data rows"}
	}
	if len(periods) > 1 {
		return nil, &Error{File: p.name, Msg: fmt.Sprintf("rows for %d periods (%s): want one, e.g. time=2024-12", len(periods), strings.Join(slices.Sorted(maps.Keys(periods)), ", "))}
	}
	for k := range periods {
		t.Period = k
	}
	t.AggregateNames = slices.Sorted(maps.Keys(aggs))
	if len(t.Rows) == 0 {
		return nil, &Error{File: p.name, Msg: fmt.Sprintf("no country rows for ATP groups 01..10 (%d aggregate and %d total or non-ATP rows left out)", t.Aggregates, t.NonATP)}
	}
	return t, nil
}

// header checks the first row and indexes its columns.
func (p *parser) header(cells []string) (map[string][]int, error) {
	bad := func(format string, a ...any) error {
		return &Error{File: p.name, Row: 1, Line: p.line(0), Msg: fmt.Sprintf(format, a...)}
	}
	cols := map[string][]int{}
	for i, c := range cells {
		u := strings.ToUpper(c)
		cols[u] = append(cols[u], i)
	}
	if len(cells) > 0 && allDigits(cells[0]) {
		return nil, bad("the first row %q looks like data: want a header row naming the columns (CTY_CODE, CTY_NAME, HITECH, ...)", strings.Join(cells, ","))
	}
	var missing []string
	for _, c := range []string{colCode, colName, colGroup} {
		if _, ok := cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	_, ex := cols[Exports.ValueColumn()]
	_, im := cols[Imports.ValueColumn()]
	switch {
	case ex && im:
		return nil, bad("header has both ALL_VAL_YR and GEN_VAL_YR: want one response per file")
	case !ex && !im:
		hint := ""
		if _, ok := cols["ALL_VAL_MO"]; ok {
			hint = " (ALL_VAL_MO is one month, not the annual total)"
		} else if _, ok := cols["GEN_VAL_MO"]; ok {
			hint = " (GEN_VAL_MO is one month, not the annual total)"
		}
		missing = append(missing, "ALL_VAL_YR (exports) or GEN_VAL_YR (imports)"+hint)
	}
	if len(missing) > 0 {
		return nil, bad("header %q lacks %s: is this an intltrade exports/hitech or imports/hitech response?", strings.Join(cells, ","), strings.Join(missing, ", "))
	}
	return cols, nil
}

// get returns the cell of a column. The API repeats a column when it is
// also a predicate (e.g. &CTY_CODE=5700 adds a second CTY_CODE, as noted in
// pull_trade_atp), so repeats are allowed if they agree.
func get(cols map[string][]int, cells []string, name string) (string, error) {
	idx, ok := cols[name]
	if !ok {
		return "", nil
	}
	v := cells[idx[0]]
	for _, i := range idx[1:] {
		if cells[i] != v {
			return "", fmt.Errorf("column %s appears twice with different values %q and %q", name, v, cells[i])
		}
	}
	return v, nil
}

func (p *parser) row(t *Table, cols map[string][]int, cells []string, row, off int, seen map[[2]string]int, periods map[string]int, aggs map[string]bool) error {
	bad := func(format string, a ...any) error { return p.errf(row, off, format, a...) }
	var v [9]string
	for i, c := range []string{colCode, colName, colGroup, colDesc, t.Direction.ValueColumn(), colTime, colYear, colMonth, colLevel} {
		s, err := get(cols, cells, c)
		if err != nil {
			return bad("%v", err)
		}
		v[i] = s
	}
	code, name, group, desc, value, tm, year, month, level := v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]

	period := tm
	if period == "" && year != "" {
		period = year + "-" + month
		if len(month) == 1 {
			period = year + "-0" + month
		}
	}
	if period != "" {
		if _, ok := periods[period]; !ok {
			periods[period] = row
		}
	}

	reason := aggregateReason(code, name)
	if reason == "" && level != "" && !strings.EqualFold(level, "DET") {
		reason = "summary level " + level
	}
	if reason != "" {
		t.Aggregates++
		aggs[name] = true
		return nil
	}
	if code == usCode {
		t.NonATP++
		return nil
	}
	if isNonATPGroup(group, desc) {
		t.NonATP++
		return nil
	}
	if len(code) != 4 {
		return bad("CTY_CODE %q is not a four-digit Census country code", code)
	}
	gi, ok := groupIndex(group)
	if !ok {
		return bad("HITECH %q is not an ATP group 01..10 (nor a total or 00)", group)
	}
	x, err := parseValue(value)
	if err != nil {
		return bad("%s: %v", t.Direction.ValueColumn(), err)
	}
	g := p.groups[gi]
	key := [2]string{code, hitech(g)}
	if first, dup := seen[key]; dup {
		return bad("duplicate row for %s (%s) × HITECH %s: first on row %d", name, code, hitech(g), first)
	}
	seen[key] = row
	t.Rows = append(t.Rows, Row{Row: row, Line: p.line(off), Census: code, Name: name, Group: hitech(g), Category: g.Slug, Value: x})
	return nil
}

// parseValue reads a dollar value: digits with at most one decimal point.
// It is stricter than strconv.ParseFloat so that "Inf", "0x1p9", "1_000"
// or "-5" are refused rather than read.
func parseValue(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("empty value: want a number of dollars")
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot:
			dot = true
		case c == '-' && i == 0:
			return 0, fmt.Errorf("%q is negative", s)
		default:
			return 0, fmt.Errorf("%q is not a number of dollars", s)
		}
	}
	if s == "." {
		return 0, fmt.Errorf("%q is not a number of dollars", s)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return x, nil
}

// cellString returns a cell as text: strings as they are, numbers as
// written (hand-made files may drop the quotes), null as "".
func cellString(r json.RawMessage) (string, bool) {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return "", false
	}
	switch {
	case r[0] == '"':
		var s string
		if json.Unmarshal(r, &s) != nil {
			return "", false
		}
		return s, true
	case bytes.Equal(r, []byte("null")):
		return "", true
	case r[0] == '-' || (r[0] >= '0' && r[0] <= '9'):
		return string(r), true
	}
	return "", false
}

func describeRaw(r json.RawMessage) string {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return "empty"
	}
	switch r[0] {
	case '[':
		return "an array"
	case '{':
		return "an object"
	case 't', 'f':
		return "a boolean"
	}
	return "not text"
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return fmt.Sprintf("%q", string(v))
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return fmt.Sprintf("the string %q", v)
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + v.String()
	}
	return fmt.Sprintf("%v", tok)
}

// firstLine returns the first non-empty line of b, shortened for messages.
func firstLine(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if r := []rune(l); len(r) > 160 {
				l = string(r[:160]) + "…"
			}
			return l
		}
	}
	return "(empty)"
}
