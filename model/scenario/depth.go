package scenario

import "fmt"

// The TOML decoder (BurntSushi/toml v1.6.0) spends time and memory that
// grow faster than the input with nesting: it copies the key context at
// every level of a dotted key, a table header or an inline table, so a key
// of 32,000 dotted parts (64 KiB) took 97 s and 44 GB of allocations, and
// inline tables nested 1,500 deep 0.7 s. No scenario needs more than six
// levels (a distribution in [elasticities.category.K] is the deepest) or
// keys longer than a category code, so the file is scanned for both before
// it is decoded: checkNesting costs one pass over the input and bounds what
// the decoder and the locator can be made to do.

// Limits of the scenario language, checked before decoding.
const (
	// MaxDepth is the deepest nesting of tables, arrays and dotted keys a
	// scenario may have. The schema's deepest value has six levels;
	// 32 leaves room for any honest file and bounds the decoder's cost
	// per key.
	MaxDepth = 16
	// MaxKeyLen is the longest key part (between dots) a scenario may have,
	// in bytes: the keys of the schema and country and category codes are
	// much shorter. With MaxDepth it bounds the full name of a key (which
	// the decoder builds for every key) to MaxDepth×MaxKeyLen bytes.
	MaxKeyLen = 128
)

// limitError is what checkNesting returns: the line and a message.
type limitError struct {
	line int
	msg  string
}

// nestScanner follows the structure of TOML just enough to count nesting:
// it knows strings (so that brackets in them do not count) and comments,
// and it is conservative on anything it does not understand (every bracket
// outside a string counts). It never recurses deeper than MaxDepth+1 and
// makes progress at every step, so it is linear in the input.
type nestScanner struct {
	src  string
	i    int
	line int
	err  *limitError
}

// checkNesting reports the first place where src nests deeper than
// MaxDepth or has a key part longer than MaxKeyLen, or nil.
func checkNesting(src string) *limitError {
	s := &nestScanner{src: src, line: 1}
	s.document()
	return s.err
}

func (s *nestScanner) eof() bool { return s.i >= len(s.src) || s.err != nil }

func (s *nestScanner) peek(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

func (s *nestScanner) fail(msg string) {
	if s.err == nil {
		s.err = &limitError{line: s.line, msg: msg}
	}
}

// deeper fails when depth exceeds MaxDepth and reports whether it did.
func (s *nestScanner) deeper(depth int) bool {
	if depth > MaxDepth {
		s.fail(fmt.Sprintf("nesting deeper than %d levels (tables, arrays and dotted keys together): no scenario needs more than 6", MaxDepth))
		return true
	}
	return false
}

// space passes spaces and tabs; with nl also newlines and comments.
func (s *nestScanner) space(nl bool) {
	for !s.eof() {
		switch c := s.src[s.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
		case nl && c == '\n':
			s.line++
			s.i++
		case c == '#':
			for s.i < len(s.src) && s.src[s.i] != '\n' {
				s.i++
			}
		default:
			return
		}
	}
}

// document scans statements: table headers and key = value lines.
func (s *nestScanner) document() {
	table := 0 // depth of the current table
	for {
		s.space(true)
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
			n := s.key()
			table = n
			if arr {
				table++ // the element of the array of tables
			}
			if s.deeper(table) {
				return
			}
			s.space(false)
			for k := 0; k < 2 && s.peek(0) == ']'; k++ {
				s.i++
			}
		} else {
			n := s.key()
			s.space(false)
			if s.peek(0) == '=' {
				s.i++
				if s.deeper(table + n) {
					return
				}
				s.value(table + n)
			}
		}
		s.space(false)
		if s.i == start && !s.eof() {
			// Not a statement: pass one byte. A bracket here is still
			// counted by value, so garbage cannot hide nesting.
			if c := s.src[s.i]; c == '[' || c == '{' {
				s.value(table)
			} else {
				if c == '\n' {
					s.line++
				}
				s.i++
			}
		}
	}
}

// key passes a dotted key and returns its number of parts.
func (s *nestScanner) key() int {
	n := 0
	for !s.eof() {
		s.space(false)
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
			return n
		}
		if s.i-start > MaxKeyLen+2 { // +2: the quotes
			s.fail(fmt.Sprintf("key longer than %d bytes: keys are names and codes", MaxKeyLen))
			return n
		}
		n++
		s.space(false)
		if s.peek(0) != '.' {
			return n
		}
		s.i++
	}
	return n
}

func isBareKey(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value passes one value whose key is at depth.
func (s *nestScanner) value(depth int) {
	s.space(false)
	if s.eof() {
		return
	}
	switch c := s.src[s.i]; {
	case c == '"' && s.peek(1) == '"' && s.peek(2) == '"':
		s.multi('"')
	case c == '\'' && s.peek(1) == '\'' && s.peek(2) == '\'':
		s.multi('\'')
	case c == '"':
		s.basic()
	case c == '\'':
		s.literal()
	case c == '[':
		s.i++
		if s.deeper(depth + 1) {
			return
		}
		for !s.eof() {
			s.space(true)
			if s.eof() {
				return
			}
			if s.src[s.i] == ']' {
				s.i++
				return
			}
			start := s.i
			s.value(depth + 1)
			s.space(true)
			if s.peek(0) == ',' {
				s.i++
			} else if s.i == start {
				s.pass()
			}
		}
	case c == '{':
		s.i++
		// An inline table is the key's table: its keys add their parts.
		// Braces with no key between them (garbage) still count one each.
		for !s.eof() {
			s.space(true)
			if s.eof() {
				return
			}
			if s.src[s.i] == '}' {
				s.i++
				return
			}
			start := s.i
			n := s.key()
			s.space(false)
			if s.peek(0) == '=' {
				s.i++
				if s.deeper(depth + n) {
					return
				}
				s.value(depth + n)
			} else if n == 0 && (s.peek(0) == '{' || s.peek(0) == '[') {
				if s.deeper(depth + 1) {
					return
				}
				s.value(depth + 1)
			}
			s.space(true)
			if s.peek(0) == ',' {
				s.i++
			} else if s.i == start {
				s.pass()
			}
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

// pass passes one byte that no rule took, counting lines.
func (s *nestScanner) pass() {
	if s.src[s.i] == '\n' {
		s.line++
	}
	s.i++
}

// basic passes a "basic string" (it ends at a newline if unterminated).
func (s *nestScanner) basic() {
	s.i++
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case '\\':
			s.i++
			if s.i < len(s.src) && s.src[s.i] != '\n' {
				s.i++
			}
			continue
		case '"':
			s.i++
			return
		case '\n':
			return
		}
		s.i++
	}
}

// literal passes a 'literal string'.
func (s *nestScanner) literal() {
	s.i++
	for s.i < len(s.src) && s.src[s.i] != '\'' && s.src[s.i] != '\n' {
		s.i++
	}
	if s.i < len(s.src) && s.src[s.i] == '\'' {
		s.i++
	}
}

// multi passes a multi-line string opened by three q characters.
func (s *nestScanner) multi(q byte) {
	s.i += 3
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '\\' && q == '"':
			s.i++
			if s.i < len(s.src) {
				s.pass()
			}
			continue
		case c == q && s.peek(1) == q && s.peek(2) == q:
			s.i += 3
			for k := 0; k < 2 && s.peek(0) == q; k++ { // up to two quotes may close it
				s.i++
			}
			return
		}
		s.pass()
	}
}
