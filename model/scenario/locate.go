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
//
// The paths form a tree, stored as one node per key part, so that a key
// costs the length of its own parts, not of its whole path: the locator is
// linear in the input however deep the tables and however long their names
// (an earlier version keyed a map by the joined path and took 4.8 s for
// arrays nested 16,000 deep).

// locator maps a path (table and key parts; array elements are parts
// "[i]") to its 1-based line. A nil *locator knows no line.
type locator struct {
	child map[edge]int32 // the node of a part under a parent node
	lines []int          // line of each node; node 0 is the document
}

type edge struct {
	parent int32
	part   string
}

func newLocator() *locator { return &locator{child: map[edge]int32{}, lines: []int{0}} }

// pathKey joins path segments for the decoder's sets of paths.
func pathKey(path []string) string { return strings.Join(path, "\x00") }

func index(i int) string { return "[" + strconv.Itoa(i) + "]" }

// walk follows path from the document as far as the locator knows it and
// returns the deepest node reached and how many parts that took.
func (l *locator) walk(path []string) (node int32, n int) {
	for n < len(path) {
		c, ok := l.child[edge{node, path[n]}]
		if !ok {
			break
		}
		node = c
		n++
	}
	return node, n
}

// line returns the line of path, or of its nearest ancestor that has one.
func (l *locator) line(path ...string) int {
	if l == nil {
		return 0
	}
	node, _ := l.walk(path)
	return l.lines[node]
}

// lookup returns the line of path itself.
func (l *locator) lookup(path ...string) (int, bool) {
	if l == nil {
		return 0, false
	}
	node, n := l.walk(path)
	return l.lines[node], n == len(path) && n > 0
}

// enter returns the node of part under parent, creating it at line if
// the locator does not know it yet (the first mention of a table is where
// it starts); with always the line is set in any case.
func (l *locator) enter(parent int32, part string, line int, always bool) int32 {
	e := edge{parent, part}
	if c, ok := l.child[e]; ok {
		if always {
			l.lines[c] = line
		}
		return c
	}
	c := int32(len(l.lines))
	l.lines = append(l.lines, line)
	l.child[e] = c
	return c
}

type scanner struct {
	lexer
	loc   *locator
	count map[int32]int // elements seen per array of tables
	table int32         // current table, with indices
}

// locate scans src, which must be valid TOML for the result to be exact;
// on anything else it does its best and never loops or panics. Parse calls
// it only on input that checkNesting passed, so its recursion is shallow.
func locate(src string) *locator {
	s := &scanner{lexer: lexer{src: src, line: 1}, loc: newLocator(), count: map[int32]int{}}
	s.run()
	return s.loc
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
				node := s.resolve(s.table, keys, line)
				s.value(node)
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
	node := s.resolve(0, keys, line)
	if aot {
		n := s.count[node]
		s.count[node] = n + 1
		node = s.loc.enter(node, index(n), line, true)
	}
	s.table = node
}

// resolve enters keys under base, recording every new table on the way at
// line and the last key at line in any case, and entering the current
// (last) element of every array of tables on the way.
func (s *scanner) resolve(base int32, keys []string, line int) int32 {
	node := base
	for j, k := range keys {
		node = s.loc.enter(node, k, line, j == len(keys)-1)
		if j < len(keys)-1 {
			if n, ok := s.count[node]; ok {
				node = s.loc.enter(node, index(n-1), line, false)
			}
		}
	}
	return node
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

// value passes one value, recording the keys of inline tables and the
// elements of arrays under node.
func (s *scanner) value(node int32) {
	if s.eof() || s.str() {
		return
	}
	switch s.src[s.i] {
	case '[':
		s.i++
		for n := 0; ; n++ {
			if s.end(']') {
				return
			}
			el := s.loc.enter(node, index(n), s.line, true)
			start := s.i
			s.value(el)
			s.sep(start)
		}
	case '{':
		s.i++
		for {
			if s.end('}') {
				return
			}
			start, line := s.i, s.line
			keys := s.keyPath()
			s.skip(false)
			if !s.eof() && s.src[s.i] == '=' {
				s.i++
				s.skip(false)
				s.value(s.resolve(node, keys, line))
			}
			s.sep(start)
		}
	default: // number, boolean, date: up to a delimiter
		for !s.eof() && !strings.ContainsRune(",]}#\n", rune(s.src[s.i])) {
			s.i++
		}
	}
}
