package scenario

import (
	"bytes"
	"os"
	"path/filepath"
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
	b := testBaseline()
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.toml")
		if err != nil {
			if len(Errors(err)) == 0 {
				t.Fatalf("error without *Error: %v", err)
			}
			return
		}
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
