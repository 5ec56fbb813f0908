package scenario

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	dym "github.com/tariffsim/tariffsim/internal/suggest"
)

// Error is one problem with a scenario, at one line of its file.
type Error struct {
	File string // as given to Parse; may be ""
	Line int    // 1-based; 0 when the problem is not on one line
	Msg  string // what is wrong and what was expected
	// Hint is a suggested replacement, printed as `did you mean "Hint"?`.
	Hint string
	// Excerpt shows the source around a syntax error, with a caret.
	Excerpt string
}

// Error formats e as `file:line: msg; did you mean "hint"?`, followed by
// the excerpt on the next lines when there is one.
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		fmt.Fprintf(&b, "%s: ", e.File)
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		fmt.Fprintf(&b, "; did you mean %q?", e.Hint)
	}
	if e.Excerpt != "" {
		b.WriteString("\n")
		b.WriteString(strings.TrimRight(e.Excerpt, "\n"))
	}
	return b.String()
}

// errorList collects problems so that a file's problems are all reported
// together rather than one per run.
type errorList struct {
	file string
	errs []*Error
}

func (l *errorList) add(line int, hint, format string, a ...any) {
	l.errs = append(l.errs, &Error{File: l.file, Line: line, Msg: fmt.Sprintf(format, a...), Hint: hint})
}

// err returns the problems sorted by line (stable, so problems on one line
// keep the order they were found in), joined, or nil.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(l.errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
	es := make([]error, len(l.errs))
	for i, e := range l.errs {
		es[i] = e
	}
	return errors.Join(es...)
}

// Errors returns the *Error values in err (as returned by Parse, Check,
// Problem), in order; nil if err holds none.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		walk(errors.Unwrap(err))
	}
	walk(err)
	return out
}

// closest returns the candidate nearest to s (see suggest.Closest).
func closest(s string, candidates []string) string { return dym.Closest(s, candidates) }
