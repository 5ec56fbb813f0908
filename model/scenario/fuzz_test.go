package scenario

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse, Check or Problem panic, and
// that whatever Parse accepts, WriteTOML writes back in a form that Parse
// accepts again.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.toml")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"1e3%\"\n"))
	f.Add([]byte("name = \"x\"\n[model]\nexemption = \"average\"\n[elasticities]\ndomestic_supply = \"inf\"\n" +
		"[[trade_cost]]\nby = \"US\"\non = \"CN\"\nchange = \"-5%\"\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"10%\"\nexempt = \"30%\"\n"))

	// The limits (limits_test.go): nesting, key length, rate bounds, and
	// strings that hide brackets from the nesting scan.
	f.Add([]byte(nestedInline(40)))
	f.Add([]byte(nestedArrays(40)))
	f.Add([]byte(dottedKey(40)))
	f.Add([]byte("name = \"x\"\n[[" + strings.Repeat("a.", 15) + "a]]\nb = [[{c = 1}]]\n"))
	f.Add([]byte("name = \"x\"\n\"" + strings.Repeat("k", 300) + "\" = 1\n"))
	f.Add([]byte("name = \"x\"\nd = \"\"\"\n[[[{{{\\\"\"\"\"\ne = '''[[['''\nf = '[{' # [[[\n"))
	f.Add([]byte("name = \"x\"\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"1000.5%\"\nexempt = \"101%\"\n"))
	f.Add([]byte("name = \"x\"\nat = 2025-01-01\n[[tariff]]\nby = \"US\"\non = \"*\"\nrate = \"-101%\"\nstart = 2025-02-01\n"))
	b := testBaseline()
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.toml")
		if err != nil {
			if len(Errors(err)) == 0 {
				t.Fatalf("error without *Error: %v", err)
			}
			return
		}
		if le := checkNesting(string(data)); le != nil {
			t.Fatalf("Parse accepted a file beyond the limits: line %d: %s", le.line, le.msg)
		}
		s.each(func(m *Measure, _ Kind, _ int) {
			if m.Rate < MinRate || m.Rate > MaxRate || m.Exempt < 0 || m.Exempt > 100 {
				t.Fatalf("Parse accepted rate %v, exempt %v", m.Rate, m.Exempt)
			}
		})
		s.Warnings(Options{})
		var buf bytes.Buffer
		if err := s.WriteTOML(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(buf.Bytes(), "again.toml"); err != nil {
			t.Fatalf("WriteTOML output does not parse: %v\ninput:\n%s\noutput:\n%s", err, data, buf.Bytes())
		}
		if _, err := s.Problem(b, Options{}); err == nil {
			buf.Reset()
			if err := s.WriteResolved(&buf, b, Options{}); err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(buf.Bytes(), "resolved.toml"); err != nil {
				t.Fatalf("resolved output does not parse: %v\n%s", err, buf.Bytes())
			}
		}
	})
}
