package baseline

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model"
)

const header = "importer,exporter,category,value_musd,tariff_pct,status,source\n"

func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		name, csv string
		want      []string // each must appear in the error
	}{
		{"empty", "", []string{"f.csv: empty file"}},
		{"wrong header", "importer,exporter,value_musd\nUS,CN,1\n", []string{"f.csv:1:", "category", "tariff_pct"}},
		{"duplicate column", "importer,importer,exporter,category,value_musd,tariff_pct\n", []string{"f.csv:1:", "appears twice"}},
		{"header only", header, []string{"no flows"}},
		{"missing value", header + "US,CN,ict,,0,,\n", []string{"f.csv:2:", "value_musd", "missing number"}},
		{"negative value", header + "US,CN,ict,10,0,,\nUS,MX,ict,-5,0,,\n", []string{"f.csv:3:", "negative"}},
		{"zero value", header + "US,CN,ict,0,0,,\n", []string{"f.csv:2:", "is 0"}},
		{"unparseable value", header + "US,CN,ict,1e,0,,\n", []string{"f.csv:2:", `"1e" is not a number`}},
		{"infinite value", header + "US,CN,ict,Inf,0,,\n", []string{"f.csv:2:", "not a number"}},
		{"negative tariff", header + "US,CN,ict,1,-2,,\n", []string{"f.csv:2:", "tariff_pct -2 is negative"}},
		{"unparseable tariff", header + "US,CN,ict,1,x,,\n", []string{"f.csv:2:", "tariff_pct"}},
		{"missing importer", header + ",CN,ict,1,0,,\n", []string{"f.csv:2:", "missing importer"}},
		{"bad status", header + "US,CN,ict,1,0,guessed,\n", []string{"f.csv:2:", `status "guessed"`}},
		{"duplicate flow", header + "US,CN,ict,1,0,,\nUS,MX,ict,1,0,,\nUS,CN,ict,2,0,,\n", []string{"f.csv:4:", "duplicate flow", "first on line 2"}},
		{"bad quoting", header + "US,\"CN,ict,1,0,,\n", []string{"f.csv:2:"}},
		{"two errors", header + "US,CN,ict,-1,0,,\nUS,MX,ict,x,0,,\n", []string{"f.csv:2:", "f.csv:3:"}},

		// Numbers: finite, bounded, plain.
		{"two flows of 1e308", header + "US,CN,ict,1e308,0,,\nUS,MX,ict,1e308,0,,\n", []string{"f.csv:2: value_musd 1e308 is more than 1e+07", "f.csv:3:"}},
		{"value above the bound", header + "US,CN,ict,10000000.5,0,,\n", []string{"f.csv:2:", "more than 1e+07 ($10 trillion): values are in $ million"}},
		{"value beyond float64", header + "US,CN,ict,1e309,0,,\n", []string{"f.csv:2:", `"1e309" is out of range`}},
		{"hex float", header + "US,CN,ict,0x1p4,0,,\n", []string{"f.csv:2:", `value_musd: "0x1p4" is not a number: want digits`}},
		{"underscores", header + "US,CN,ict,1_000,0,,\n", []string{"f.csv:2:", `"1_000" is not a number`}},
		{"Inf", header + "US,CN,ict,Inf,0,,\n", []string{"f.csv:2:", `"Inf" is not a number`}},
		{"infinity", header + "US,CN,ict,1,infinity,,\n", []string{"f.csv:2:", `tariff_pct: "infinity" is not a number`}},
		{"NaN", header + "US,CN,ict,NaN,0,,\n", []string{"f.csv:2:", `"NaN" is not a number`}},
		{"thousands separator", header + "US,CN,ict,\"1,000\",0,,\n", []string{"f.csv:2:", "without thousands separators"}},
		{"tariff above the bound", header + "US,CN,ict,1,1000.1,,\n", []string{"f.csv:2:", "tariff_pct 1000.1 is more than 1000"}},
		{"tariff of 1e300%", header + "US,CN,ict,1,1e300,,\n", []string{"f.csv:2:", "tariff_pct 1e300 is more than 1000"}},

		// Codes and text.
		{"NUL in a code", header + "US,C\x00N,ict,1,0,,\n", []string{"f.csv:2:", `exporter "C\x00N" contains the control character U+0000`}},
		{"newline in a quoted code", header + "US,CN,ict,1,0,,\n\"U\nS\",MX,ict,1,0,,\n", []string{"f.csv:3:", `importer "U\nS" contains the control character U+000A`}},
		{"invalid UTF-8 in a code", header + "US,CN,i\xffct,1,0,,\n", []string{"f.csv:2:", "category", "is not valid UTF-8"}},
		{"invalid UTF-8 in the source", header + "US,CN,ict,1,0,,x\xfe\n", []string{"f.csv:2:", "source is not valid UTF-8"}},
		{"NUL in the source", header + "US,CN,ict,1,0,,a\x00b\n", []string{"f.csv:2:", "source contains a NUL byte"}},

		// Encodings.
		{"UTF-16 LE", utf16(header+"US,CN,ict,1,0,,\n", false), []string{"f.csv:1: file is UTF-16; save it as UTF-8"}},
		{"UTF-16 BE", utf16(header+"US,CN,ict,1,0,,\n", true), []string{"f.csv:1: file is UTF-16; save it as UTF-8"}},
		{"UTF-16 without a mark", utf16(header, false)[2:], []string{"f.csv:1: file contains NUL bytes"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read(strings.NewReader(c.csv), "f.csv")
			if err == nil {
				t.Fatalf("no error; got %d rows", len(b.Rows))
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not an *Error", err)
			}
		})
	}
}

func TestReadTooManyErrors(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(header)
	for range 30 {
		sb.WriteString("US,CN,ict,-1,0,,\n")
	}
	_, err := Read(strings.NewReader(sb.String()), "f.csv")
	if err == nil || !strings.Contains(err.Error(), "too many errors") {
		t.Errorf("error %v", err)
	}
}

func TestReadColumnsInAnyOrder(t *testing.T) {
	in := "\ufeffTariff_pct, value_musd,category,exporter,importer,note\n7.5,12.5,ict,CN,US,kept\n\n0,3,ict,MX,US,\n"
	b, err := Read(strings.NewReader(in), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Flow: Flow("US", "CN", "ict", 12.5, 0.075), Line: 2},
		{Flow: Flow("US", "MX", "ict", 3, 0), Line: 4},
	}
	if !slices.Equal(b.Rows, want) {
		t.Errorf("rows %+v, want %+v", b.Rows, want)
	}
}

// FuzzRead checks that Read never panics and that what it accepts survives
// a Write/Read round trip. Run with go test -fuzz FuzzRead -fuzztime 30s.
func FuzzRead(f *testing.F) {
	f.Add(header + "US,CN,ict,1,0,,\n")
	f.Add(header + "US,CN,ict,1.5,7.5,estimated,\"a, b\"\nCN,US,ict,2,0,published,x\n")
	f.Add("importer,exporter,category,value_musd,tariff_pct\nUS,CN,ict,-1,0\n")
	f.Add(header + "US,CN,ict,1e308,0,,\n")
	f.Add(header + "US,\"CN,ict,1,0,,\n")
	f.Add(atp2024CSV[:2000])
	// The new error classes: numbers that only Go reads, bounds, codes
	// with control characters or invalid UTF-8, encodings.
	f.Add(header + "US,CN,ict,0x1p4,1_000,,\n")
	f.Add(header + "US,CN,ict,Inf,NaN,,\n")
	f.Add(header + "US,CN,ict,1e7,1000,,\nUS,MX,ict,10000001,1000.5,,\n")
	f.Add(header + "\"U\nS\",C\x00N,i\xffct,1,0,,\n")
	f.Add(utf16(header+"US,CN,ict,1,0,,\n", false))
	f.Add("\ufeff" + header + "US,CN,ict,\"1,000\",0,,\n")
	f.Fuzz(func(t *testing.T, in string) {
		b, err := Read(strings.NewReader(in), "fuzz")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error without *Error: %v", err)
			}
			return
		}
		for _, r := range b.Rows {
			if !(r.Value > 0 && r.Value <= MaxValue && r.Tariff >= 0 && r.Tariff <= MaxTariff/100) {
				t.Fatalf("line %d: accepted value %v, tariff %v", r.Line, r.Value, r.Tariff)
			}
			for _, c := range []string{r.Importer, r.Exporter, r.Category} {
				if badCode(c) != "" {
					t.Fatalf("line %d: accepted code %q", r.Line, c)
				}
			}
		}
		if p := b.Provenance(); math.IsInf(p.Total, 0) || math.IsNaN(p.EstimatedShare()) {
			t.Fatalf("provenance %+v", p)
		}
		var buf bytes.Buffer
		if err := b.Write(&buf); err != nil {
			t.Fatal(err)
		}
		c, err := Read(&buf, "again")
		if err != nil {
			t.Fatalf("re-reading what Write wrote: %v\n%s", err, buf.String())
		}
		if len(c.Rows) != len(b.Rows) {
			t.Fatalf("round trip: %d rows, want %d", len(c.Rows), len(b.Rows))
		}
		for i := range b.Rows {
			x, y := b.Rows[i], c.Rows[i]
			if x.Importer != y.Importer || x.Exporter != y.Exporter || x.Category != y.Category || x.Value != y.Value || x.Status != y.Status {
				t.Fatalf("round trip row %d: %+v became %+v", i, x, y)
			}
		}
	})
}

// A row whose exporter is its importer is domestic sales: accepted, marked,
// and only with a zero tariff.
func TestReadDomestic(t *testing.T) {
	b, err := Read(strings.NewReader(header+"US,CN,ict,10,5,,\nUS,US,ict,40,0,derived,rule\n"), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rows) != 2 || b.Rows[0].Domestic() || !b.Rows[1].Domestic() || !b.HasDomestic() {
		t.Errorf("rows %+v", b.Rows)
	}
	if ATP2024().HasDomestic() != slices.ContainsFunc(ATP2024().Rows, func(r Row) bool { return r.Importer == r.Exporter }) {
		t.Error("HasDomestic disagrees with the rows")
	}
	_, err = Read(strings.NewReader(header+"US,CN,ict,10,5,,\nUS,US,ict,40,2.5,derived,rule\n"), "f.csv")
	if err == nil || !strings.Contains(err.Error(), "f.csv:3: domestic flow US←US ict") || !strings.Contains(err.Error(), "want 0") {
		t.Errorf("domestic row with a tariff: %v", err)
	}
}

// utf16 encodes s (ASCII) as UTF-16 with a byte-order mark.
func utf16(s string, bigEndian bool) string {
	var b strings.Builder
	if bigEndian {
		b.WriteString("\xfe\xff")
	} else {
		b.WriteString("\xff\xfe")
	}
	for _, c := range []byte(s) {
		if bigEndian {
			b.WriteByte(0)
			b.WriteByte(c)
		} else {
			b.WriteByte(c)
			b.WriteByte(0)
		}
	}
	return b.String()
}

func TestReadBounds(t *testing.T) {
	in := header + "US,CN,ict,10000000,1000,,\nUS,MX,ict,1.5E-3,+2.5,,\nUS,CA,ict,.5,0.,published,\"a \u00e9 source\"\n"
	b, err := Read(strings.NewReader("\ufeff"+in), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Flow{Flow("US", "CN", "ict", 1e7, 10), Flow("US", "MX", "ict", 1.5e-3, 0.025), Flow("US", "CA", "ict", 0.5, 0)}
	if !slices.Equal(b.Flows(), want) {
		t.Errorf("flows %v, want %v", b.Flows(), want)
	}
}

// repeat reads as s repeated without end.
type repeat struct {
	s string
	n int64
}

func (r *repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.s[(r.n+int64(i))%int64(len(r.s))]
	}
	r.n += int64(len(p))
	return len(p), nil
}

func TestReadSizeLimit(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *repeat
		opt  ReadOptions
		want string
	}{
		{"endless NUL bytes", &repeat{s: "\x00"}, ReadOptions{}, "z.csv:1: file contains NUL bytes"},
		{"one endless field", &repeat{s: "a"}, ReadOptions{MaxBytes: 1 << 20}, "z.csv: file is larger than 1 MiB, the limit for a baseline file"},
		{"endless rows", &repeat{s: "importer,exporter,category,value_musd,tariff_pct\n"}, ReadOptions{MaxBytes: 200}, "z.csv: file is larger than 200 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadWith(c.r, "z.csv", c.opt)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
			if max := max(c.opt.MaxBytes, 4096); c.r.n > max+64<<10 {
				t.Errorf("read %d bytes of an endless input", c.r.n)
			}
		})
	}
	// At the limit exactly, the file is read.
	in := header + "US,CN,ict,1,0,,\n"
	if _, err := ReadWith(strings.NewReader(in), "f.csv", ReadOptions{MaxBytes: int64(len(in))}); err != nil {
		t.Errorf("a file of exactly MaxBytes: %v", err)
	}
	if _, err := ReadWith(strings.NewReader(in), "f.csv", ReadOptions{MaxBytes: int64(len(in)) - 1}); err == nil {
		t.Error("a file of MaxBytes+1 was read")
	}
}
