package xlsx

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func sample() Workbook {
	return Workbook{
		Title: "tariffsim results",
		Sheets: []Sheet{
			{
				Title: "Imports by partner",
				Columns: []Column{
					{Name: "Partner"},
					{Name: "Baseline", Unit: "million USD", Format: FormatDecimal1},
					{Name: "Change", Unit: "million USD", Format: FormatDecimal1},
					{Name: "Change", Unit: "%", Format: FormatDecimal2},
				},
				Rows: [][]Value{
					{Text("Canada"), Number(103456.25), Number(-15571.5), Number(-15.05)},
					{Text("=SUM(A1)"), Number(0), Number(0), Number(math.NaN())}, // a formula-looking name stays text
					{Text("Mexico")},
				},
			},
			{
				Title:   "Welfare",
				Columns: []Column{{Name: "Country"}, {Name: "Net", Unit: "million USD", Format: FormatInteger}},
				Rows:    [][]Value{{Text("United States"), Number(-1234.5)}},
			},
		},
		Provenance: []Pair{{"Scenario", "US 25% on Canada and Mexico"}, {"Version", "tariffsim devel"}},
	}
}

func TestWriteReadBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.xlsx")
	if err := Write(path, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), "|"), "Imports by partner|Welfare|Provenance"; got != want {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the first", f.GetActiveSheetIndex())
	}
	const s = "Imports by partner"
	for _, c := range []struct {
		cell, value string
		typ         excelize.CellType
	}{
		{"A1", "Partner", excelize.CellTypeSharedString},
		{"B1", "Baseline (million USD)", excelize.CellTypeSharedString},
		{"D1", "Change (%)", excelize.CellTypeSharedString},
		{"A2", "Canada", excelize.CellTypeSharedString},
		{"A3", "=SUM(A1)", excelize.CellTypeSharedString},
		{"D3", "", excelize.CellTypeUnset}, // NaN is blank
		{"B4", "", excelize.CellTypeUnset},
	} {
		v, err := f.GetCellValue(s, c.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		typ, err := f.GetCellType(s, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if v != c.value || typ != c.typ {
			t.Errorf("%s: %q of type %v, want %q of type %v", c.cell, v, typ, c.value, c.typ)
		}
		if formula, _ := f.GetCellFormula(s, c.cell); formula != "" {
			t.Errorf("%s: text became the formula %q", c.cell, formula)
		}
	}
	// Numbers are numbers, exact, with the column's number format.
	for _, c := range []struct {
		sheet, cell string
		want        float64
		shown       string
	}{
		{s, "B2", 103456.25, "103,456.3"},
		{s, "C2", -15571.5, "-15,571.5"},
		{s, "D2", -15.05, "-15.05"},
		{s, "B3", 0, "0.0"},
		{"Welfare", "B2", -1234.5, "-1,235"},
	} {
		typ, _ := f.GetCellType(c.sheet, c.cell)
		raw, _ := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
		v, err := strconv.ParseFloat(raw, 64)
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber || err != nil || v != c.want {
			t.Errorf("%s!%s: %q (type %v), want the number %v", c.sheet, c.cell, raw, typ, c.want)
		}
		shown, _ := f.GetCellValue(c.sheet, c.cell)
		if shown != c.shown {
			t.Errorf("%s!%s shows %q, want %q", c.sheet, c.cell, shown, c.shown)
		}
	}
	rows, err := f.GetRows(ProvenanceSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Key" || rows[1][0] != "Scenario" || rows[1][1] != "US 25% on Canada and Mexico" || rows[2][1] != "tariffsim devel" {
		t.Errorf("provenance rows %q", rows)
	}
	if p, _ := f.GetDocProps(); p.Title != "tariffsim results" {
		t.Errorf("document title %q", p.Title)
	}
}

func TestWriteToMatchesWrite(t *testing.T) {
	var b bytes.Buffer
	n, err := sample().WriteTo(&b)
	if err != nil || n != int64(b.Len()) || !bytes.HasPrefix(b.Bytes(), []byte("PK")) {
		t.Fatalf("WriteTo: %d bytes, %v, starts %q", n, err, b.Bytes()[:min(4, b.Len())])
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if len(f.GetSheetList()) != 3 {
		t.Errorf("sheets %q", f.GetSheetList())
	}
}

func TestErrors(t *testing.T) {
	cols := []Column{{Name: "A"}}
	for _, c := range []struct {
		name string
		wb   Workbook
		want string
	}{
		{"no sheets", Workbook{}, "at least one sheet"},
		{"untitled", Workbook{Sheets: []Sheet{{Columns: cols}}}, "sheet 1 has no title"},
		{"long title", Workbook{Sheets: []Sheet{{Title: strings.Repeat("x", 32), Columns: cols}}}, "Excel allows 31"},
		{"bad character", Workbook{Sheets: []Sheet{{Title: "a/b", Columns: cols}}}, `"a/b" holds one of`},
		{"apostrophe", Workbook{Sheets: []Sheet{{Title: "'a", Columns: cols}}}, "apostrophe"},
		{"duplicate", Workbook{Sheets: []Sheet{{Title: "Trade", Columns: cols}, {Title: "trade", Columns: cols}}}, `sheets 1 and 2 are both titled "trade"`},
		{"reserved", Workbook{Sheets: []Sheet{{Title: "provenance", Columns: cols}}}, "reserved"},
		{"no columns", Workbook{Sheets: []Sheet{{Title: "T"}}}, `sheet "T" has no columns`},
		{"long row", Workbook{Sheets: []Sheet{{Title: "T", Columns: cols, Rows: [][]Value{{Text("a"), Text("b")}}}}}, `"T" row 1 has 2 values for 1 columns`},
		{"infinity", Workbook{Sheets: []Sheet{{Title: "T", Columns: []Column{{Name: "x", Unit: "%"}}, Rows: [][]Value{{Number(math.Inf(1))}}}}}, `column "x (%)" is +Inf`},
	} {
		path := filepath.Join(t.TempDir(), "x.xlsx")
		err := Write(path, c.wb)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if _, serr := os.Stat(path); serr == nil {
			t.Errorf("%s: a file was left behind", c.name)
		}
	}
}

func TestWriteKeepsOldFileOnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, Workbook{}); err == nil {
		t.Fatal("no error for an empty workbook")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("old file replaced by %d bytes", len(b))
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want the old file only", len(entries))
	}
}

func TestSheetsNotAliased(t *testing.T) {
	sheets := make([]Sheet, 1, 4)
	sheets[0] = Sheet{Title: "T", Columns: []Column{{Name: "A"}}}
	wb := Workbook{Sheets: sheets}
	if _, err := wb.WriteTo(&bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if extra := sheets[:2][1]; extra.Title != "" {
		t.Errorf("WriteTo wrote %q into the caller's slice", extra.Title)
	}
}
