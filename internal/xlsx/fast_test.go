package xlsx

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// wide is a workbook with more columns than letters, blank rows, texts
// that XML escapes and repeated texts.
func wide() Workbook {
	rng := rand.New(rand.NewPCG(1, 2))
	var cols []Column
	formats := []string{"", FormatGeneral, FormatInteger, FormatDecimal1, FormatDecimal2, FormatDecimal4}
	for c := range 30 {
		cols = append(cols, Column{Name: fmt.Sprintf("col %d", c), Unit: []string{"", "%", "million USD"}[c%3], Format: formats[c%len(formats)]})
	}
	texts := []string{"Canada", `a "quoted" & <tagged> 'name'`, "two\nlines", "tab\tinside", "Côte d’Ivoire", "", "=SUM(A1)", "日本"}
	var rows [][]Value
	for r := range 400 {
		var row []Value
		n := rng.IntN(len(cols) + 1)
		if r%17 == 0 {
			n = 0 // an empty row
		}
		for c := range n {
			switch rng.IntN(5) {
			case 0:
				row = append(row, Text(texts[rng.IntN(len(texts))]))
			case 1:
				row = append(row, Blank())
			case 2:
				row = append(row, Number(math.NaN()))
			case 3:
				row = append(row, Number(float64(rng.IntN(2000)-1000)))
			default:
				row = append(row, Number(rng.NormFloat64()*math.Pow(10, float64(rng.IntN(40)-20))))
			}
			_ = c
		}
		rows = append(rows, row)
	}
	rows = append(rows, []Value{Number(1.0 / 3), Number(123456789.123456789), Number(-0.0), Number(5e-324), Number(math.MaxFloat64), Number(1e21), Number(123456789012345678)})
	return Workbook{
		Title: `Title & "more"`,
		Sheets: []Sheet{
			{Title: "wide", Columns: cols, Rows: rows},
			{Title: "empty", Columns: []Column{{Name: "only a header"}}},
			sample().Sheets[0],
		},
		Provenance: []Pair{{"Scenario", "x & y"}, {"Empty", ""}},
	}
}

// TestFastMatchesExcelize: writing the cells directly gives the file that
// setting them one by one through excelize gives, byte for byte.
func TestFastMatchesExcelize(t *testing.T) {
	for name, wb := range map[string]Workbook{"sample": sample(), "wide": wide(), "no provenance": {Sheets: sample().Sheets[1:]}} {
		if !wb.fastable(wb.Sheets) {
			t.Fatalf("%s: not fastable", name)
		}
		var fast, ref bytes.Buffer
		n, err := wb.writeFast(&fast)
		if err != nil || n != int64(fast.Len()) {
			t.Fatalf("%s: writeFast: %d bytes, %v", name, n, err)
		}
		if _, err := wb.WriteCellByCell(&ref); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fast.Bytes(), ref.Bytes()) {
			t.Errorf("%s: direct cells give %d bytes, excelize %d, not the same", name, fast.Len(), ref.Len())
		}
	}
}

// TestSlowTexts: texts that excelize rewrites or marks go the cell-by-cell
// way, and WriteTo still writes what excelize writes.
func TestSlowTexts(t *testing.T) {
	for _, s := range []string{" leading", "trailing\n", "_x0041_", strings.Repeat("x", 20000), "bad \xff utf-8"} {
		if fastText(s) {
			t.Errorf("fastText(%q) = true", s[:min(len(s), 20)])
		}
		wb := sample()
		wb.Sheets[0].Rows = append(wb.Sheets[0].Rows, []Value{Text(s)})
		var a, b bytes.Buffer
		if _, err := wb.WriteTo(&a); err != nil {
			t.Fatal(err)
		}
		if _, err := wb.WriteCellByCell(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%q: WriteTo differs from excelize", s[:min(len(s), 20)])
		}
	}
}

func BenchmarkWriteTo(b *testing.B) {
	wb := wide()
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			if _, err := wb.WriteTo(&bytes.Buffer{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("excelize", func(b *testing.B) {
		for b.Loop() {
			if _, err := wb.WriteCellByCell(&bytes.Buffer{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
