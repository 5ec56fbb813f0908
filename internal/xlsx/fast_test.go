package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// sameParts reports how two .xlsx files differ in their parts: names,
// order, headers and uncompressed bytes.
func sameParts(got, want []byte) error {
	zg, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
	if err != nil {
		return err
	}
	zw, err := zip.NewReader(bytes.NewReader(want), int64(len(want)))
	if err != nil {
		return err
	}
	if len(zg.File) != len(zw.File) {
		return fmt.Errorf("%d parts, excelize writes %d", len(zg.File), len(zw.File))
	}
	for i, g := range zg.File {
		w := zw.File[i]
		if g.Name != w.Name || g.Method != w.Method || g.Modified != w.Modified || g.CRC32 != w.CRC32 || g.UncompressedSize64 != w.UncompressedSize64 {
			return fmt.Errorf("part %d: %s (method %d, crc %x, %d bytes), excelize writes %s (method %d, crc %x, %d bytes)",
				i, g.Name, g.Method, g.CRC32, g.UncompressedSize64, w.Name, w.Method, w.CRC32, w.UncompressedSize64)
		}
		bg, err := readAll(g)
		if err != nil {
			return err
		}
		bw, err := readAll(w)
		if err != nil {
			return err
		}
		if !bytes.Equal(bg, bw) {
			return fmt.Errorf("part %s differs from excelize's", g.Name)
		}
	}
	return nil
}

func readAll(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

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
	rows = append(rows, []Value{Number(1.0 / 3), Number(123456789.123456789), Number(math.Copysign(0, -1)), Number(5e-324), Number(math.MaxFloat64), Number(1e21), Number(123456789012345678)})
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
		if err := sameParts(fast.Bytes(), ref.Bytes()); err != nil {
			t.Errorf("%s: %v", name, err)
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
		if err := sameParts(a.Bytes(), b.Bytes()); err != nil {
			t.Errorf("%q: %v", s[:min(len(s), 20)], err)
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
