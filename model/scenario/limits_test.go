package scenario

import (
	"fmt"
	"strings"
	"testing"
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
		part := strings.Repeat("h", MaxKeyLen)
		head := "name = \"x\"\n[" + strings.Repeat(part+".", MaxDepth-2) + part + "]\n"
		return fill(head, size, func(i int) string { return fmt.Sprintf("k%d=1\n", i) })
	}},
	{"many-headers", func(size int) string {
		part := strings.Repeat("h", MaxKeyLen)
		return fill("name = \"x\"\n", size, func(i int) string {
			return fmt.Sprintf("[%s%d]\n", strings.Repeat(part+".", MaxDepth-1), i)
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
