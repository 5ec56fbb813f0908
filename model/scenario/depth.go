package scenario

import "fmt"

// The TOML decoder (BurntSushi/toml v1.6.0) spends time and memory that
// grow faster than the input with nesting: it copies the key context at
// every level of a dotted key, a table header or an inline table, so a key
// of 32,000 dotted parts (64 KiB) took 97 s and 44 GB of allocations, and
// inline tables nested 1,500 deep 0.7 s (and the locator, before it was a
// tree, 4.8 s). No scenario needs more than five levels (a distribution in
// [elasticities.category.K] is the deepest) or keys longer than a category
// code, so the file is scanned for both before it is decoded:
// checkNesting costs one pass over the input and bounds what the decoder
// can be made to do per byte.

// Limits of the scenario language, checked before decoding.
const (
	// MaxDepth is the deepest nesting of tables, arrays and dotted keys a
	// scenario may have. The schema's deepest value has five levels, so a
	// deeper file is wrong anyway; 16 leaves room for any honest mistake
	// to get its own message and bounds the decoder's cost per key.
	MaxDepth = 16
	// MaxKeyLen is the longest full name a key may have, in bytes, counting
	// the tables it is in ("elasticities.category.ict.substitution" is 38):
	// the keys of the schema and country and category codes are much
	// shorter. The decoder builds this name for every key, so a long table
	// name followed by many short keys cost it the product of the two.
	MaxKeyLen = 256
)

// limitError is what checkNesting returns: the line and a message.
type limitError struct {
	line int
	msg  string
}

// nestScanner follows the structure of TOML just enough to measure
// nesting: it knows strings (so that brackets in them do not count) and
// comments, and it is conservative on anything it does not understand
// (every bracket outside a string counts). It never recurses deeper than
// MaxDepth+1 and makes progress at every step, so it is linear in the
// input.
type nestScanner struct {
	lexer
	err *limitError
}

// level is where a value is: its depth (tables, dotted key parts and
// arrays above it) and the length of its key's full name.
type level struct{ depth, name int }

// checkNesting reports the first place where src nests deeper than
// MaxDepth or has a key longer than MaxKeyLen, or nil.
func checkNesting(src string) *limitError {
	s := &nestScanner{lexer: lexer{src: src, line: 1}}
	s.document()
	return s.err
}

// eof is also true once a limit is passed, so that every loop of the
// scanner stops there (the lexer's own loops stop only at the end).
func (s *nestScanner) eof() bool { return s.lexer.eof() || s.err != nil }

// within fails when l is beyond the limits and reports whether it is not.
func (s *nestScanner) within(l level) bool {
	if s.err != nil {
		return false
	}
	switch {
	case l.depth > MaxDepth:
		s.err = &limitError{s.line, fmt.Sprintf("nesting deeper than %d levels (tables, arrays and dotted keys together): no scenario needs more than 5", MaxDepth)}
	case l.name > MaxKeyLen:
		s.err = &limitError{s.line, fmt.Sprintf("key longer than %d bytes with the names of its tables: keys are names and codes", MaxKeyLen)}
	}
	return s.err == nil
}

// under returns the level of a key of n parts and length name under l.
func (l level) under(n, name int) level {
	if l.name > 0 && name > 0 {
		name++ // the dot
	}
	return level{l.depth + n, l.name + name}
}

// document scans statements: table headers and key = value lines.
func (s *nestScanner) document() {
	var table level // the current table
	for {
		s.skip(true)
		if s.eof() {
			return
		}
		start := s.i
		if s.src[s.i] == '[' {
			s.i++
			arr := s.peek(0) == '['
			if arr {
				s.i++
			}
			var base level
			if arr {
				base.depth = 1 // the element of the array of tables
			}
			n, name := s.key(base)
			table = base.under(n, name)
			if !s.within(table) {
				return
			}
			s.skip(false)
			for k := 0; k < 2 && s.peek(0) == ']'; k++ {
				s.i++
			}
		} else {
			n, name := s.key(table)
			s.skip(false)
			if s.peek(0) == '=' {
				s.i++
				l := table.under(n, name)
				if !s.within(l) {
					return
				}
				s.value(l)
			}
		}
		s.skip(false)
		if s.i == start && !s.eof() {
			// Not a statement: pass one byte. A bracket here is still
			// counted by value, so garbage cannot hide nesting.
			if c := s.src[s.i]; c == '[' || c == '{' {
				s.value(table)
			} else {
				s.advance()
			}
		}
	}
}

// key passes a dotted key under base and returns its number of parts and
// its length (quotes and spaces around dots not counted, escapes counted as
// written). It stops at the first part beyond the limits.
func (s *nestScanner) key(base level) (n, name int) {
	for !s.eof() {
		s.skip(false)
		start := s.i
		switch s.peek(0) {
		case '"':
			s.basic()
		case '\'':
			s.literal()
		default:
			for s.i < len(s.src) && isBareKey(s.src[s.i]) {
				s.i++
			}
		}
		if s.i == start {
			return n, name
		}
		if n > 0 {
			name++
		}
		name += s.i - start
		if c := s.src[start]; c == '"' || c == '\'' {
			name -= min(2, s.i-start)
		}
		n++
		if !s.within(base.under(n, name)) {
			return n, name
		}
		s.skip(false)
		if s.peek(0) != '.' {
			return n, name
		}
		s.i++
	}
	return n, name
}

func isBareKey(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value passes one value at l.
func (s *nestScanner) value(l level) {
	s.skip(false)
	if s.eof() || s.str() {
		return
	}
	switch s.src[s.i] {
	case '[':
		s.i++
		el := level{l.depth + 1, l.name}
		if !s.within(el) {
			return
		}
		for !s.eof() {
			if s.end(']') {
				return
			}
			start := s.i
			s.value(el)
			s.sep(start)
		}
	case '{':
		s.i++
		// An inline table is the key's table: its keys add their parts.
		// Braces with no key between them (garbage) still count one each.
		for !s.eof() {
			if s.end('}') {
				return
			}
			start := s.i
			n, name := s.key(l)
			s.skip(false)
			if s.peek(0) == '=' {
				s.i++
				kl := l.under(n, name)
				if !s.within(kl) {
					return
				}
				s.value(kl)
			} else if n == 0 && (s.peek(0) == '{' || s.peek(0) == '[') {
				kl := level{l.depth + 1, l.name}
				if !s.within(kl) {
					return
				}
				s.value(kl)
			}
			s.sep(start)
		}
	default: // number, boolean, date, or garbage: up to a delimiter
		for s.i < len(s.src) {
			switch s.src[s.i] {
			case ',', ']', '}', '#', '\n', '[', '{', '"', '\'':
				return
			}
			s.i++
		}
	}
}
