package scenario

import (
	"strconv"
	"strings"
)

// BurntSushi/toml keeps the position of a key only privately, and only once
// per key path: every element of an array of tables shares one entry (the
// last one's), so the second of three [[tariff]] tables cannot be told
// apart from the third. The locator below scans the (already valid) source
// itself and records the line of every key, table header and array element,
// by their full path with array indices.

// locator maps a path (see pathKey) to its 1-based line.
type locator map[string]int

// pathKey joins path segments; array elements are segments "[i]".
func pathKey(path []string) string { return strings.Join(path, "\x00") }

func index(i int) string { return "[" + strconv.Itoa(i) + "]" }

// line returns the line of path, or of its nearest ancestor that has one.
func (l locator) line(path ...string) int {
	for n := len(path); n > 0; n-- {
		if ln, ok := l[pathKey(path[:n])]; ok {
			return ln
		}
	}
	return 0
}

type scanner struct {
	src   string
	i     int
	line  int
	loc   locator
	count map[string]int // elements seen per array of tables
	table []string       // current table, with indices
}

// locate scans src, which must be valid TOML for the result to be exact;
// on anything else it does its best and never loops or panics.
func locate(src string) locator {
	s := &scanner{src: src, line: 1, loc: locator{}, count: map[string]int{}}
	s.run()
	return s.loc
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

func (s *scanner) advance() {
	if s.src[s.i] == '\n' {
		s.line++
	}
	s.i++
}

// skip passes spaces and tabs, and with nl also newlines and comments.
func (s *scanner) skip(nl bool) {
	for !s.eof() {
		switch c := s.src[s.i]; {
		case c == ' ' || c == '\t':
			s.i++
		case nl && (c == '\n' || c == '\r'):
			s.advance()
		case nl && c == '#':
			for !s.eof() && s.src[s.i] != '\n' {
				s.i++
			}
		default:
			return
		}
	}
}

func (s *scanner) record(path []string, line int, always bool) {
	k := pathKey(path)
	if _, ok := s.loc[k]; !ok || always {
		s.loc[k] = line
	}
}

func (s *scanner) run() {
	for {
		s.skip(true)
		if s.eof() {
			return
		}
		start := s.i
		line := s.line
		if s.src[s.i] == '[' {
			aot := s.peek(1) == '['
			s.i++
			if aot {
				s.i++
			}
			s.skip(false)
			keys := s.keyPath()
			s.header(keys, aot, line)
			s.toEOL()
		} else {
			keys := s.keyPath()
			s.skip(false)
			if !s.eof() && s.src[s.i] == '=' {
				s.i++
				s.skip(false)
				path := s.resolve(s.table, keys)
				s.recordAll(path, line)
				s.value(path)
			}
			s.toEOL()
		}
		if s.i == start { // no progress: give up on this byte
			s.advance()
		}
	}
}

// header sets the current table from a [a.b] or [[a.b]] header.
func (s *scanner) header(keys []string, aot bool, line int) {
	if len(keys) == 0 {
		return
	}
	parent := s.resolve(nil, keys[:len(keys)-1])
	path := append(parent, keys[len(keys)-1])
	if aot {
		k := pathKey(path)
		n := s.count[k]
		s.count[k] = n + 1
		s.recordAll(path, line)
		path = append(path, index(n))
	}
	s.recordAll(path, line)
	s.table = path
}

// resolve appends keys to base, entering the current (last) element of
// every array of tables on the way.
func (s *scanner) resolve(base, keys []string) []string {
	path := append([]string(nil), base...)
	for _, k := range keys {
		path = append(path, k)
		if n, ok := s.count[pathKey(path)]; ok {
			path = append(path, index(n-1))
		}
	}
	return path
}

func (s *scanner) recordAll(path []string, line int) {
	for n := 1; n < len(path); n++ {
		s.record(path[:n], line, false)
	}
	s.record(path, line, true)
}

// toEOL passes the rest of a line: spaces, a comment, stray characters.
func (s *scanner) toEOL() {
	for !s.eof() && s.src[s.i] != '\n' {
		s.i++
	}
}

// keyPath reads a dotted key (bare, "basic" or 'literal' parts).
func (s *scanner) keyPath() []string {
	var keys []string
	for !s.eof() {
		s.skip(false)
		if s.eof() {
			break
		}
		switch c := s.src[s.i]; c {
		case '"':
			keys = append(keys, unquoteKey(s.basic()))
		case '\'':
			keys = append(keys, strings.Trim(s.literal(), "'"))
		default:
			start := s.i
			for !s.eof() && !strings.ContainsRune(" \t\r\n=.[]#,{}\"'", rune(s.src[s.i])) {
				s.i++
			}
			if s.i == start {
				return keys
			}
			keys = append(keys, s.src[start:s.i])
		}
		s.skip(false)
		if s.eof() || s.src[s.i] != '.' {
			break
		}
		s.i++
	}
	s.skip(false)
	if !s.eof() && s.src[s.i] == ']' {
		s.i++
		if !s.eof() && s.src[s.i] == ']' {
			s.i++
		}
	}
	return keys
}

func unquoteKey(q string) string {
	if u, err := strconv.Unquote(q); err == nil {
		return u
	}
	return strings.Trim(q, `"`)
}

// basic reads a "basic string" and returns it with its quotes.
func (s *scanner) basic() string {
	start := s.i
	s.i++
	for !s.eof() {
		switch s.src[s.i] {
		case '\\':
			s.i++
			if !s.eof() {
				s.advance()
			}
			continue
		case '"':
			s.i++
			return s.src[start:s.i]
		case '\n':
			return s.src[start:s.i]
		}
		s.i++
	}
	return s.src[start:]
}

// literal reads a 'literal string' and returns it with its quotes.
func (s *scanner) literal() string {
	start := s.i
	s.i++
	for !s.eof() && s.src[s.i] != '\'' && s.src[s.i] != '\n' {
		s.i++
	}
	if !s.eof() && s.src[s.i] == '\'' {
		s.i++
	}
	return s.src[start:s.i]
}

// multi passes a multi-line string opened by three q characters.
func (s *scanner) multi(q byte) {
	s.i += 3
	for !s.eof() {
		c := s.src[s.i]
		if c == '\\' && q == '"' {
			s.i++
			if !s.eof() {
				s.advance()
			}
			continue
		}
		if c == q && s.peek(1) == q && s.peek(2) == q {
			s.i += 3
			for k := 0; k < 2 && !s.eof() && s.src[s.i] == q; k++ { // up to two quotes may close it
				s.i++
			}
			return
		}
		s.advance()
	}
}

// value passes one value, recording the keys of inline tables and the
// elements of arrays under path.
func (s *scanner) value(path []string) {
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
		for n := 0; ; n++ {
			s.skip(true)
			if s.eof() {
				return
			}
			if s.src[s.i] == ']' {
				s.i++
				return
			}
			el := append(append([]string(nil), path...), index(n))
			s.record(el, s.line, true)
			start := s.i
			s.value(el)
			s.skip(true)
			if !s.eof() && s.src[s.i] == ',' {
				s.i++
			} else if s.i == start {
				s.advance()
			}
		}
	case c == '{':
		s.i++
		for {
			s.skip(true)
			if s.eof() {
				return
			}
			if s.src[s.i] == '}' {
				s.i++
				return
			}
			start, line := s.i, s.line
			keys := s.keyPath()
			s.skip(false)
			if !s.eof() && s.src[s.i] == '=' {
				s.i++
				s.skip(false)
				kp := append(append([]string(nil), path...), keys...)
				s.recordAll(kp, line)
				s.value(kp)
			}
			s.skip(true)
			if !s.eof() && s.src[s.i] == ',' {
				s.i++
			} else if s.i == start {
				s.advance()
			}
		}
	default: // number, boolean, date: up to a delimiter
		for !s.eof() && !strings.ContainsRune(",]}#\n", rune(s.src[s.i])) {
			s.i++
		}
	}
}
