package xlsx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/tariffsim/tariffsim/internal/atomicfile"
)

// Number formats for [Column.Format] (Excel format codes). Percentages in
// tariffsim's tables are already in percent (−3.4 means −3.4%), so they
// take FormatDecimal1 or FormatDecimal2 with "%" in the unit, not Excel's
// "0%" format, which would multiply them by 100.
const (
	FormatGeneral  = "General"
	FormatInteger  = "#,##0"
	FormatDecimal1 = "#,##0.0"
	FormatDecimal2 = "#,##0.00"
	FormatDecimal4 = "0.0000"
)

// ProvenanceSheet is the title of the key/value sheet every workbook ends
// with; no other sheet may take it.
const ProvenanceSheet = "Provenance"

// Column is one column of a sheet.
type Column struct {
	Name string // e.g. "Change"
	Unit string // e.g. "million USD", "%"; "" for none (codes, names)
	// Format is the Excel number format of the column's numbers;
	// FormatGeneral when empty.
	Format string
	Width  float64 // in characters; derived from the header when 0
}

// Header is the column's header cell: its name and, in parentheses, its
// unit.
func (c Column) Header() string {
	if c.Unit == "" {
		return c.Name
	}
	return c.Name + " (" + c.Unit + ")"
}

// Value is one cell of a row: a number, a text or a blank.
type Value struct {
	kind valueKind
	num  float64
	str  string
}

type valueKind uint8

const (
	blank valueKind = iota
	number
	text
)

// Number is a numeric cell. NaN gives a blank cell: Excel has no NaN, and
// an undefined share (a percent change from zero) reads best as empty.
func Number(v float64) Value {
	if math.IsNaN(v) {
		return Value{}
	}
	return Value{kind: number, num: v}
}

// Text is a text cell.
func Text(s string) Value { return Value{kind: text, str: s} }

// Blank is an empty cell.
func Blank() Value { return Value{} }

// Sheet is one table of the workbook.
type Sheet struct {
	Title   string // the sheet's tab: at most 31 characters, none of : \ / ? * [ ]
	Columns []Column
	Rows    [][]Value // each at most len(Columns) long
}

// Pair is one key/value row of the provenance sheet.
type Pair struct{ Key, Value string }

// Workbook is what Write writes.
type Workbook struct {
	Title      string // document title in the file's properties
	Sheets     []Sheet
	Provenance []Pair
}

// check reports the first problem that would make Excel reject or rename
// a sheet, or lose data.
func (wb *Workbook) check() error {
	if len(wb.Sheets) == 0 {
		return errors.New("xlsx: a workbook needs at least one sheet")
	}
	seen := map[string]int{strings.ToLower(ProvenanceSheet): -1}
	for i, s := range wb.Sheets {
		switch {
		case s.Title == "":
			return fmt.Errorf("xlsx: sheet %d has no title", i+1)
		case len([]rune(s.Title)) > 31:
			return fmt.Errorf("xlsx: sheet title %q is %d characters; Excel allows 31", s.Title, len([]rune(s.Title)))
		case strings.ContainsAny(s.Title, `:\/?*[]`):
			return fmt.Errorf("xlsx: sheet title %q holds one of : \\ / ? * [ ], which Excel does not allow", s.Title)
		case strings.HasPrefix(s.Title, "'") || strings.HasSuffix(s.Title, "'"):
			return fmt.Errorf("xlsx: sheet title %q starts or ends with an apostrophe, which Excel does not allow", s.Title)
		}
		k := strings.ToLower(s.Title)
		if j, dup := seen[k]; dup {
			if j < 0 {
				return fmt.Errorf("xlsx: sheet title %q is reserved for the provenance sheet", s.Title)
			}
			return fmt.Errorf("xlsx: sheets %d and %d are both titled %q (Excel ignores case)", j+1, i+1, s.Title)
		}
		seen[k] = i
		if len(s.Columns) == 0 {
			return fmt.Errorf("xlsx: sheet %q has no columns", s.Title)
		}
		for r, row := range s.Rows {
			if len(row) > len(s.Columns) {
				return fmt.Errorf("xlsx: sheet %q row %d has %d values for %d columns", s.Title, r+1, len(row), len(s.Columns))
			}
			for c, v := range row {
				if v.kind == number && math.IsInf(v.num, 0) {
					return fmt.Errorf("xlsx: sheet %q row %d column %q is %v, which Excel cannot hold", s.Title, r+1, s.Columns[c].Header(), v.num)
				}
			}
		}
	}
	return nil
}

// Write writes wb to path as an .xlsx file, atomically: readers see the
// old file or the complete new one, never a part.
func Write(path string, wb Workbook) error {
	// Checked first, so that a workbook Excel would reject leaves no
	// file behind.
	if err := wb.check(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := wb.WriteTo(w)
		return err
	})
}

// WriteTo writes wb as an .xlsx file to w (for example an HTTP response).
func (wb Workbook) WriteTo(w io.Writer) (int64, error) {
	if err := wb.check(); err != nil {
		return 0, err
	}
	if wb.fastable(wb.Sheets) && wb.fastable([]Sheet{provenance(wb.Provenance)}) {
		return wb.writeFast(w)
	}
	return wb.WriteCellByCell(w)
}

// WriteCellByCell is WriteTo setting every cell through excelize: the
// reference that WriteTo's direct writing of the cells is tested
// against, and the writer of texts that excelize rewrites (see
// fastText).
func (wb Workbook) WriteCellByCell(w io.Writer) (int64, error) {
	f, err := wb.build()
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return f.WriteTo(w)
}

func (wb *Workbook) build() (*excelize.File, error) {
	if err := wb.check(); err != nil {
		return nil, err
	}
	f, _, err := buildSheets(wb.Title, append(slices.Clip(wb.Sheets), provenance(wb.Provenance)))
	return f, err
}

// styleIDs are the style ids of a built workbook: the header's, and each
// sheet's columns'.
type styleIDs struct {
	head int
	cols [][]int
}

// buildSheets builds the workbook of sheets (the provenance sheet
// included) through excelize.
func buildSheets(title string, sheets []Sheet) (*excelize.File, styleIDs, error) {
	var ids styleIDs
	f := excelize.NewFile()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "tariffsim"}); err != nil {
		return nil, ids, fmt.Errorf("xlsx: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	})
	if err != nil {
		return nil, ids, fmt.Errorf("xlsx: header style: %w", err)
	}
	ids.head = head
	styles := map[string]int{}
	numStyle := func(format string) (int, error) {
		if format == "" {
			format = FormatGeneral
		}
		if id, ok := styles[format]; ok {
			return id, nil
		}
		fc := format
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fc})
		if err != nil {
			return 0, fmt.Errorf("xlsx: number format %q: %w", format, err)
		}
		styles[format] = id
		return id, nil
	}

	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Title); err != nil {
				return nil, ids, fmt.Errorf("xlsx: sheet %q: %w", s.Title, err)
			}
		} else if _, err := f.NewSheet(s.Title); err != nil {
			return nil, ids, fmt.Errorf("xlsx: sheet %q: %w", s.Title, err)
		}
		cols, err := writeSheet(f, s, head, numStyle)
		if err != nil {
			return nil, ids, fmt.Errorf("xlsx: sheet %q: %w", s.Title, err)
		}
		ids.cols = append(ids.cols, cols)
	}
	f.SetActiveSheet(0)
	ok = true
	return f, ids, nil
}

func provenance(ps []Pair) Sheet {
	s := Sheet{Title: ProvenanceSheet, Columns: []Column{{Name: "Key", Width: 28}, {Name: "Value", Width: 90}}}
	for _, p := range ps {
		s.Rows = append(s.Rows, []Value{Text(p.Key), Text(p.Value)})
	}
	return s
}

// writeSheet writes s into f and returns its columns' style ids.
func writeSheet(f *excelize.File, s Sheet, head int, numStyle func(string) (int, error)) ([]int, error) {
	for c, col := range s.Columns {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellStr(s.Title, cell, col.Header()); err != nil {
			return nil, err
		}
		name, _ := excelize.ColumnNumberToName(c + 1)
		w := col.Width
		if w == 0 {
			w = min(max(float64(len([]rune(col.Header())))*0.9+2, 10), 40)
		}
		if err := f.SetColWidth(s.Title, name, name, w); err != nil {
			return nil, err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(s.Columns), 1)
	if err := f.SetCellStyle(s.Title, "A1", last, head); err != nil {
		return nil, err
	}
	ids := make([]int, len(s.Columns))
	for c, col := range s.Columns {
		id, err := numStyle(col.Format)
		if err != nil {
			return nil, err
		}
		ids[c] = id
	}
	for r, row := range s.Rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			var err error
			switch v.kind {
			case number:
				if err = f.SetCellFloat(s.Title, cell, v.num, -1, 64); err == nil {
					err = f.SetCellStyle(s.Title, cell, cell, ids[c])
				}
			case text:
				err = f.SetCellStr(s.Title, cell, v.str)
			}
			if err != nil {
				return nil, fmt.Errorf("row %d column %q: %w", r+1, s.Columns[c].Header(), err)
			}
		}
	}
	// Keep the header in view when scrolling.
	return ids, f.SetPanes(s.Title, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
