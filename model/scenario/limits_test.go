package scenario

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Generators of hostile scenarios: each returns a file of about size bytes
// (at least the nesting itself) whose shape costs a naive parser the most.

// nestedInline nests inline tables depth deep: x = {a={a={...}}}.
func nestedInline(depth int) string {
	return "name = \"x\"\nx = " + strings.Repeat("{a=", depth) + "1" + strings.Repeat("}", depth) + "\n"
}

// nestedArrays nests arrays depth deep: x = [[[...]]].
func nestedArrays(depth int) string {
	return "name = \"x\"\nx = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n"
}

// dottedKey writes one key of n dotted parts: a.a.a...a = 1.
func dottedKey(n int) string {
	return "name = \"x\"\n" + strings.Repeat("a.", n-1) + "a = 1\n"
}

// dottedHeader writes one table header of n dotted parts: [a.a...a].
func dottedHeader(n int) string {
	return "name = \"x\"\n[" + strings.Repeat("a.", n-1) + "a]\n"
}

// fill repeats line(i) until the file has size bytes.
func fill(head string, size int, line func(i int) string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := 0; b.Len() < size; i++ {
		b.WriteString(line(i))
	}
	return b.String()
}

// The worst files within the limits: as deep and as long as allowed,
// repeated up to size bytes.
var withinLimits = []struct {
	name string
	src  func(size int) string
}{
	{"deep-dotted-keys", func(size int) string {
		return fill("name = \"x\"\n", size, func(i int) string {
			return fmt.Sprintf("k%d.%sa = 1\n", i, strings.Repeat("a.", MaxDepth-2))
		})
	}},
	{"deep-arrays", func(size int) string {
		return fill("name = \"x\"\n", size, func(i int) string {
			return fmt.Sprintf("k%d = %s1%s\n", i, strings.Repeat("[", MaxDepth-1), strings.Repeat("]", MaxDepth-1))
		})
	}},
	{"deep-inline", func(size int) string {
		return fill("name = \"x\"\n", size, func(i int) string {
			return fmt.Sprintf("k%d = %s1%s\n", i, strings.Repeat("{a=", MaxDepth-1), strings.Repeat("}", MaxDepth-1))
		})
	}},
	{"long-header", func(size int) string {
		// MaxDepth-1 parts and MaxKeyLen-8 bytes, then short keys.
		part := strings.Repeat("h", (MaxKeyLen-8)/(MaxDepth-1)-1)
		head := "name = \"x\"\n[" + strings.Repeat(part+".", MaxDepth-2) + part + "]\n"
		return fill(head, size, func(i int) string { return fmt.Sprintf("k%d=1\n", i) })
	}},
	{"many-headers", func(size int) string {
		part := strings.Repeat("h", (MaxKeyLen-8)/(MaxDepth-1)-1)
		return fill("name = \"x\"\n", size, func(i int) string {
			return fmt.Sprintf("[%sk%d]\n", strings.Repeat(part+".", MaxDepth-2), i)
		})
	}},
	{"empty-exporters", func(size int) string {
		return fill("name = \"x\"\n[elasticities.exporter]\n", size, func(i int) string { return fmt.Sprintf("C%d={}\n", i) })
	}},
	{"empty-timeline-categories", func(size int) string {
		return fill("name = \"x\"\n[timeline]\nstart = 2025-01-01\n[timeline.category]\n", size, func(i int) string { return fmt.Sprintf("c%d={}\n", i) })
	}},
	{"many-codes", func(size int) string {
		return fill("name = \"x\"\n[[tariff]]\nby = \"US\"\nrate = \"1%\"\non = [\n", size-2, func(i int) string { return fmt.Sprintf("\"Z%d\",\n", i) }) + "]\n"
	}},
}

// flat is a valid scenario of about size bytes: many measures.
func flat(size int) string {
	var b strings.Builder
	b.WriteString("name = \"flat\"\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"%d%%\"\nnote = \"measure %d\"\n", i%50, i)
	}
	return b.String()
}

var hostile = []struct {
	name string
	src  func() string
}{
	{"inline-1500", func() string { return nestedInline(1500) }},
	{"arrays-16000", func() string { return nestedArrays(16000) }},
	{"inline-64KiB", func() string { return nestedInline(64 << 10 / 4) }},
	{"arrays-64KiB", func() string { return nestedArrays(64 << 10 / 2) }},
	{"dotted-key-64KiB", func() string { return dottedKey(64 << 10 / 2) }},
	{"dotted-header-64KiB", func() string { return dottedHeader(64 << 10 / 2) }},
	{"flat-64KiB", func() string { return flat(64 << 10) }},
}

func BenchmarkParseWithinLimits(b *testing.B) {
	bl := testBaseline()
	for _, h := range append(withinLimits, struct {
		name string
		src  func(int) string
	}{"flat", flat}) {
		src := []byte(h.src(64 << 10))
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Validate(src, "hostile.toml", bl)
			}
		})
	}
}

func BenchmarkParseHostile(b *testing.B) {
	for _, h := range hostile {
		src := []byte(h.src())
		b.Run(fmt.Sprintf("%s/%dB", h.name, len(src)), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Parse(src, "hostile.toml")
			}
		})
	}
}

func TestNestingLimit(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	for _, c := range []struct {
		name, src string
		line      int // of the error; 0: no limit error
		msg       string
	}{
		{"inline tables 1,500 deep", nestedInline(1500), 2, "nesting deeper than 16 levels"},
		{"arrays 16,000 deep", nestedArrays(16000), 2, "nesting deeper than 16 levels"},
		{"dotted key of 32,000 parts", dottedKey(32000), 2, "nesting deeper than 16 levels"},
		{"table header of 32,000 parts", dottedHeader(32000), 2, "nesting deeper than 16 levels"},
		{"array of tables header", "name = \"x\"\n\n[[" + strings.Repeat("a.", 15) + "a]]\n", 3, "nesting deeper than 16 levels"},
		{"key under a deep table", "[" + strings.Repeat("a.", 13) + "a]\n#\nb.c.d = 1\n", 3, "nesting deeper than 16 levels"},
		{"inline tables inside arrays", "x = " + deep("[{a=", "}]", 9) + "\n", 1, "nesting deeper than 16 levels"},
		{"braces without keys", "x = " + deep("{", "}", 40) + "\n", 1, "nesting deeper than 16 levels"},
		{"brackets at the start of a line", "x = 1\n" + strings.Repeat("{", 40) + "\n", 2, "nesting deeper than 16 levels"},
		{"after a multi-line string", "d = \"\"\"\n[[[\n\"\"\"\nx = " + deep("[", "]", 17) + "\n", 4, "nesting deeper than 16 levels"},
		{"long key", "name = \"x\"\n" + strings.Repeat("k", 257) + " = 1\n", 2, "key longer than 256 bytes"},
		{"long quoted key", "\"" + strings.Repeat("k", 257) + "\" = 1\n", 1, "key longer than 256 bytes"},
		{"long key with its table", "[" + strings.Repeat("t", 200) + "]\n" + strings.Repeat("k", 56) + " = 1\n", 2, "key longer than 256 bytes"},
		{"long key in an inline table", "x = {" + strings.Repeat("k", 300) + " = 1}\n", 1, "key longer than 256 bytes"},

		// Not too deep: at the limit, or brackets that are in strings or
		// comments.
		{"arrays 15 deep under a key", "x = " + deep("[", "]", 15) + "\n", 0, ""},
		{"16 levels of dotted key", strings.Repeat("a.", 15) + "a = 1\n", 0, ""},
		{"key of 256 bytes", "\"" + strings.Repeat("k", 256) + "\" = 1\n", 0, ""},
		{"in a basic string", "x = \"" + strings.Repeat("[{", 40) + "\\\"" + strings.Repeat("[", 40) + "\"\n", 0, ""},
		{"in a literal string", "x = '" + strings.Repeat("[{", 40) + "'\n", 0, ""},
		{"in a multi-line string", "x = \"\"\"\n" + strings.Repeat("[", 40) + "\\\"\"\"\n" + strings.Repeat("{", 40) + "\n\"\"\"\n", 0, ""},
		{"in a multi-line literal", "x = '''\n" + strings.Repeat("[", 40) + "\n'''\n", 0, ""},
		{"in a comment", "x = 1 # " + strings.Repeat("[", 40) + "\n# " + strings.Repeat("{", 40) + "\n", 0, ""},
		{"in a quoted key", "\"" + strings.Repeat("[", 40) + "\" = 1\n", 0, ""},
		{"arrays side by side", "x = [" + strings.Repeat("[[1]],", 200) + "]\n", 0, ""},
		{"deepest of the schema", "[elasticities.category.ict]\nsubstitution = { dist = \"lognormal\", median = 5, p95 = 10 }\n", 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.src), "deep.toml")
			var limit *Error
			for _, e := range Errors(err) {
				if strings.Contains(e.Msg, "nesting deeper") || strings.Contains(e.Msg, "key longer") {
					limit = e
				}
			}
			switch {
			case c.line == 0 && limit != nil:
				t.Errorf("limit error %v", limit)
			case c.line == 0:
			case limit == nil:
				t.Errorf("no limit error; got %v", err)
			case limit.Line != c.line || !strings.Contains(limit.Msg, c.msg) || limit.File != "deep.toml":
				t.Errorf("got %v, want deep.toml:%d: %s", limit, c.line, c.msg)
			}
		})
	}
}

// TestShippedWithinLimits checks the limits against every scenario file of
// the repository: none may come near them.
func TestShippedWithinLimits(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.toml")
	more, _ := filepath.Glob("testdata/*.toml")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if le := checkNesting(string(data)); le != nil {
			t.Errorf("%s:%d: %s", f, le.line, le.msg)
		}
	}
	if len(files) == 0 {
		t.Fatal("no shipped scenarios found")
	}
}

// TestParseCostRatio fails if parsing a 64 KiB scenario built to be
// expensive (nested as deep as the decoder would go, or as deep and long as
// the limits allow) takes more than 20 times as long as parsing a flat
// scenario of the same size: parsing must stay linear in the input. To be
// robust to a busy machine each file is timed against the flat one in
// alternation, after a garbage collection, and the fastest of several runs
// of each is compared.
func TestParseCostRatio(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("times several parses of 64 KiB; not under the race detector")
	}
	const size, ratio, runs = 64 << 10, 20, 7
	time1 := func(src []byte) time.Duration {
		runtime.GC()
		start := time.Now()
		Parse(src, "cost.toml")
		return time.Since(start)
	}
	type costCase struct {
		name string
		src  []byte
	}
	var cases []costCase
	for _, h := range hostile {
		if !strings.HasPrefix(h.name, "flat") {
			cases = append(cases, costCase{h.name, []byte(h.src())})
		}
	}
	for _, w := range withinLimits {
		src := w.src(size)
		if le := checkNesting(src); le != nil { // else it measures the check only
			t.Fatalf("%s is not within the limits: line %d: %s", w.name, le.line, le.msg)
		}
		cases = append(cases, costCase{w.name, []byte(src)})
	}
	base := []byte(flat(size))
	for _, c := range cases {
		fb, fc := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
		for range runs {
			fb = min(fb, time1(base))
			fc = min(fc, time1(c.src))
		}
		if fc > ratio*fb {
			t.Errorf("%s (%d bytes): %v, more than %d× the %v of a flat file", c.name, len(c.src), fc, ratio, fb)
		} else {
			t.Logf("%s (%d bytes): %v (%.1f× flat)", c.name, len(c.src), fc, float64(fc)/float64(fb))
		}
	}
}
