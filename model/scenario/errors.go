package scenario

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
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

// closest returns the candidate nearest to s: an exact match ignoring case
// first, else the one with the smallest edit distance if that distance is
// small for the length of s (≤ 1 for codes of up to 3 letters, ≤ 2 beyond).
func closest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
	}
	max := 2
	if utf8.RuneCountInString(s) <= 3 {
		max = 1
	}
	best, bestD := "", max+1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := levenshtein(ls, strings.ToLower(c), max); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// levenshtein returns the edit distance of a and b, or max+1 when it is
// larger than max (and for very long strings, which are never typos of a
// key).
func levenshtein(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return max + 1
	}
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
