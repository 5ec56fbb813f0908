package scenario

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
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

func TestWarnings(t *testing.T) {
	const measures = "[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"10%\"\nstart = 2025-02-04\nend = 2025-12-31\n" +
		"[[retaliation]]\nby = \"CN\"\non = [\"US\"]\nrate = \"10%\"\nstart = 2025-03-10\n"
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		name, src string
		opt       Options
		want      string // "" for no warning
	}{
		{"at before every start", "name = \"x\"\n\nat = 2025-01-01\n" + measures, Options{},
			"w.toml:3: at 2025-01-01 is before every measure's start (the first starts 2025-02-04): nothing is in force"},
		{"--at before every start", "name = \"x\"\n" + measures, Options{At: day("2024-06-01")},
			"w.toml: the evaluation date 2024-06-01 is before every measure's start (the first starts 2025-02-04): nothing is in force"},
		{"tariffs only, after their end", "name = \"x\"\nat = 2026-02-01\n" + measures, Options{Measures: TariffsOnly},
			"w.toml:2: at 2026-02-01 is after every measure's end (the last ends 2025-12-31): nothing is in force"},
		{"between", "name = \"x\"\nat = 2025-01-01\n" + strings.Replace(measures, "start = 2025-02-04\nend = 2025-12-31", "start = 2024-01-01\nend = 2024-12-31", 1), Options{},
			"w.toml:2: at 2025-01-01: no measure is in force (1 start later, 1 ended before)"},
		{"something in force", "name = \"x\"\nat = 2025-02-04\n" + measures, Options{}, ""},
		{"default date", "name = \"x\"\n" + measures, Options{}, ""},
		{"no dates", "name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"1%\"\n", Options{At: day("2020-01-01")}, ""},
		{"no measures", "name = \"x\"\nat = 2025-01-01\n", Options{}, ""},
		{"no measures selected", "name = \"x\"\nat = 2025-01-01\n" + measures, Options{Measures: NoMeasures}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse([]byte(c.src), "w.toml")
			if err != nil {
				t.Fatal(err)
			}
			ws := s.Warnings(c.opt)
			switch {
			case c.want == "" && len(ws) > 0:
				t.Errorf("warnings %v", ws)
			case c.want != "" && (len(ws) != 1 || ws[0].Error() != c.want):
				t.Errorf("warnings %v, want %q", ws, c.want)
			}
		})
	}
}

func TestRateBounds(t *testing.T) {
	measure := func(key, v string) string {
		return "name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"10%\"\n" + key + " = \"" + v + "\"\n"
	}
	big := strings.Repeat("9", 300) + "%" // 1e300%: a number ParsePercent reads
	for _, c := range []struct {
		name, src, want string // want "" for no error
	}{
		{"rate at the upper bound", strings.Replace(measure("note", "x"), "10%", "1000%", 1), ""},
		{"rate at the lower bound", strings.Replace(measure("note", "x"), "10%", "-100%", 1), ""},
		{"rate above the bound", strings.Replace(measure("note", "x"), "10%", "1000.5%", 1), "r.toml:5: rate: 1000.5% is outside the rates a scenario may set, -100% to 1000%"},
		{"rate of 1e300%", strings.Replace(measure("note", "x"), "10%", big, 1), "r.toml:5: rate: 1e+300% is outside"},
		{"rate below the bound", strings.Replace(measure("note", "x"), "10%", "-101%", 1), "r.toml:5: rate: -101% is outside"},
		{"exempt above 100%", measure("exempt", "100.1%"), "r.toml:6: exempt: 100.1% is a share of the flow and must be between 0% and 100%"},
		{"exempt below 0%", measure("exempt", "-1%"), "r.toml:6: exempt: -1% is a share"},
		{"exempt of 100%", measure("exempt", "100%"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.src), "r.toml")
			switch {
			case c.want == "" && err != nil:
				t.Errorf("error %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

// zeros reads as an endless run of NUL bytes, like /dev/zero.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestReadAllLimit(t *testing.T) {
	z := &zeros{}
	_, err := ReadAll(z, "zero.toml", 0)
	if err == nil || err.Error() != "zero.toml: file is larger than 1 MiB, the limit for a scenario file" {
		t.Errorf("error %v", err)
	}
	if z.n > MaxFileSize+64<<10 {
		t.Errorf("read %d bytes of an endless input; want about %d", z.n, MaxFileSize)
	}
	if len(Errors(err)) != 1 {
		t.Errorf("%v is not a scenario *Error", err)
	}
	for _, c := range []struct {
		size, max int64
		ok        bool
	}{{1000, 1000, true}, {1001, 1000, false}, {MaxFileSize, 0, true}, {MaxFileSize + 1, 0, false}, {2 << 20, 4 << 20, true}} {
		data, err := ReadAll(io.LimitReader(&zeros{}, c.size), "f.toml", c.max)
		if ok := err == nil && int64(len(data)) == c.size; ok != c.ok {
			t.Errorf("size %d, max %d: %d bytes, %v", c.size, c.max, len(data), err)
		}
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.toml"), 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := Load("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
			t.Errorf("Load(/dev/zero): %v", err)
		}
	}
}

// TestLocateLinear checks the locator on its own, on input deeper than
// Parse lets through: keyed by joined paths, it took 4.8 s for arrays
// nested 16,000 deep and for inline tables nested 1,500 deep, against
// milliseconds for a flat file.
func TestLocateLinear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing; not under the race detector")
	}
	// Each case is timed in alternation with the flat file, taking the
	// fastest of 7 of each, so that a burst of load on a shared machine
	// slows both rather than one.
	fastest := func(src, flatSrc string) (d, base time.Duration) {
		d, base = time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
		for range 7 {
			for i, s := range []string{flatSrc, src} {
				runtime.GC()
				start := time.Now()
				locate(s)
				if i == 0 {
					base = min(base, time.Since(start))
				} else {
					d = min(d, time.Since(start))
				}
			}
		}
		return d, base
	}
	const size = 64 << 10
	flatSrc := flat(size)
	for name, src := range map[string]string{
		"arrays":        nestedArrays(size / 2),
		"inline tables": nestedInline(size / 4),
		"dotted key":    dottedKey(size / 2),
		"long header":   "[" + strings.Repeat("h", size) + "]\n" + fill("", size, func(i int) string { return fmt.Sprintf("k%d=1\n", i) }),
	} {
		// 40×, not the 20× of TestParseCostRatio: arrays nested 32,000
		// deep cost about 20× a flat file on an idle machine (20 ms against
		// 1 ms; 1.75 ms at 16 KiB, so growth in depth is still above
		// linear), which put 20× at the edge of noise. Parse never hands
		// the locator such depths (the nesting scan refuses more than
		// MaxDepth first); the joined-path locator took 4.8 s here.
		if d, base := fastest(src, flatSrc); d > 40*base {
			t.Errorf("%s (%d bytes): %v, more than 40× the %v of a flat file", name, len(src), d, base)
		}
	}
}
