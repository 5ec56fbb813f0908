package scenario

// lexer is the part of TOML that both scanners of the source need before
// or beside the decoder (checkNesting measures nesting before it, locate
// records lines after it): white space, comments and strings, so that
// brackets, quotes and '#' inside a string are not taken for structure.
// It counts lines as it passes newlines and never reads past the end, so
// a scanner built on it makes progress and is linear in the input.
type lexer struct {
	src  string
	i    int
	line int
}

func (x *lexer) eof() bool { return x.i >= len(x.src) }

func (x *lexer) peek(off int) byte {
	if x.i+off < len(x.src) {
		return x.src[x.i+off]
	}
	return 0
}

// advance passes one byte, counting lines.
func (x *lexer) advance() {
	if x.src[x.i] == '\n' {
		x.line++
	}
	x.i++
}

// skip passes spaces, tabs, carriage returns and a comment; with nl also
// newlines, so the comments of the lines after.
func (x *lexer) skip(nl bool) {
	for !x.eof() {
		switch c := x.src[x.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			x.i++
		case nl && c == '\n':
			x.line++
			x.i++
		case c == '#':
			for !x.eof() && x.src[x.i] != '\n' {
				x.i++
			}
		default:
			return
		}
	}
}

// end passes white space, comments and newlines up to the next element of
// an array or inline table and reports whether there is none: the input
// ended, or the closing c is next (it is passed).
func (x *lexer) end(c byte) bool {
	x.skip(true)
	if x.eof() {
		return true
	}
	if x.src[x.i] == c {
		x.i++
		return true
	}
	return false
}

// sep passes what follows an element that began at start: white space,
// and the comma if there is one; if the element took no byte (garbage),
// one byte, so that a loop over elements always makes progress.
func (x *lexer) sep(start int) {
	x.skip(true)
	if x.peek(0) == ',' {
		x.i++
	} else if x.i == start {
		x.advance()
	}
}

// basic passes a "basic string" and returns it with its quotes. A basic
// string cannot span lines, so an unterminated one ends at the newline
// (which is left for the caller to count), even after a backslash.
func (x *lexer) basic() string {
	start := x.i
	x.i++
	for !x.eof() {
		switch x.src[x.i] {
		case '\\':
			x.i++
			if !x.eof() && x.src[x.i] != '\n' {
				x.i++
			}
			continue
		case '"':
			x.i++
			return x.src[start:x.i]
		case '\n':
			return x.src[start:x.i]
		}
		x.i++
	}
	return x.src[start:]
}

// literal passes a 'literal string' and returns it with its quotes; an
// unterminated one ends at the newline.
func (x *lexer) literal() string {
	start := x.i
	x.i++
	for !x.eof() && x.src[x.i] != '\'' && x.src[x.i] != '\n' {
		x.i++
	}
	if !x.eof() && x.src[x.i] == '\'' {
		x.i++
	}
	return x.src[start:x.i]
}

// str passes a string of any of the four kinds if one starts here and
// reports whether one did.
func (x *lexer) str() bool {
	switch c := x.peek(0); {
	case (c == '"' || c == '\'') && x.peek(1) == c && x.peek(2) == c:
		x.multi(c)
	case c == '"':
		x.basic()
	case c == '\'':
		x.literal()
	default:
		return false
	}
	return true
}

// multi passes a multi-line string opened by three q characters.
func (x *lexer) multi(q byte) {
	x.i += 3
	for !x.eof() {
		c := x.src[x.i]
		if c == '\\' && q == '"' {
			x.i++
			if !x.eof() {
				x.advance()
			}
			continue
		}
		if c == q && x.peek(1) == q && x.peek(2) == q {
			x.i += 3
			for k := 0; k < 2 && x.peek(0) == q; k++ { // up to two quotes may close it
				x.i++
			}
			return
		}
		x.advance()
	}
}
