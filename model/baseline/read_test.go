package baseline

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
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
	f.Fuzz(func(t *testing.T, in string) {
		b, err := Read(strings.NewReader(in), "fuzz")
		if err != nil {
			return
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
