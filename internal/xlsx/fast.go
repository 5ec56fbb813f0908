package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The cells of a workbook are written directly, as the XML that excelize
// writes for them, into a workbook that excelize builds without them:
// setting 17,000 cells one by one through excelize's worksheet model and
// marshalling that model with encoding/xml took two thirds of a CLI run
// (about 45 ms), writing them directly about a tenth of that. excelize
// still writes every other part (styles and their ids, workbook, sheet
// views and column widths, relationships, content types, properties), so
// the parts have to agree only on what this file writes: the sheetData
// element of each worksheet and the shared strings. TestFastMatchesExcelize
// checks that the result is byte for byte the file excelize writes.

// fastText reports whether excelize stores s in the shared strings as
// xml.EscapeText writes it, unchanged: it rewrites text over 32,767
// UTF-16 units (truncated) and text that looks like an escaped character
// (_xHHHH_), and marks leading or trailing white space, which the fast
// path leaves to excelize.
func fastText(s string) bool {
	if len(s) > 16383 || strings.Contains(s, "_x") || !utf8.ValidString(s) {
		return false
	}
	if s == "" {
		return true
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	return !isSpace(s[0]) && !isSpace(s[len(s)-1])
}

// fastable reports whether every text of the (checked) workbook can take
// the fast path.
func (wb *Workbook) fastable(sheets []Sheet) bool {
	for _, s := range sheets {
		for _, c := range s.Columns {
			if !fastText(c.Header()) {
				return false
			}
		}
		for _, row := range s.Rows {
			for _, v := range row {
				if v.kind == text && !fastText(v.str) {
					return false
				}
			}
		}
	}
	return true
}

// writeFast writes wb as build and excelize would, with the cells
// written directly (see above).
func (wb *Workbook) writeFast(w io.Writer) (int64, error) {
	sheets := append(slices.Clip(wb.Sheets), provenance(wb.Provenance))
	// The skeleton: every sheet with its header row (so that excelize
	// writes a shared-strings part and its relationships), no rows.
	bare := make([]Sheet, len(sheets))
	for i, s := range sheets {
		bare[i] = Sheet{Title: s.Title, Columns: s.Columns}
	}
	f, styles, err := buildSheets(wb.Title, bare)
	if err != nil {
		return 0, err
	}
	// excelize's parts, in its order, uncompressed: compressed once, below.
	var skel parts
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return &skel })
	_, err = f.WriteTo(io.Discard)
	f.Close()
	if err != nil {
		return 0, err
	}

	// The sheets' data and the shared strings, in the order excelize
	// adds them: sheet by sheet, the header row, then row by row.
	sst := sharedStrings{index: map[string]int{}}
	data := make([][]byte, len(sheets))
	var buf []byte
	for i, s := range sheets {
		buf = buf[:0]
		buf = append(buf, "<sheetData>"...)
		buf = sst.appendRow(buf, 1, len(s.Columns), func(c int) (Value, int) {
			return Text(s.Columns[c].Header()), styles.head
		})
		for r, row := range s.Rows {
			buf = sst.appendRow(buf, r+2, len(row), func(c int) (Value, int) {
				return row[c], styles.cols[i][c]
			})
		}
		buf = append(buf, "</sheetData>"...)
		data[i] = slices.Clone(buf)
	}

	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	// Deflate at its fastest level: the parts are excelize's, byte for
	// byte, only less compressed (compressing them at the default level
	// was a third of a run's CPU time; the file is about a quarter
	// larger).
	// One compressor for all parts, which zip writes one after another (a
	// compressor is about a megabyte to allocate and clear).
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			fw, err = flate.NewWriter(w, flate.BestSpeed)
			return fw, err
		}
		fw.Reset(w)
		return fw, nil
	})
	for _, e := range skel {
		part := e.data.Bytes()
		switch {
		case e.name == "xl/sharedStrings.xml":
			part = sst.xml()
		case strings.HasPrefix(e.name, "xl/worksheets/sheet") && strings.HasSuffix(e.name, ".xml"):
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(e.name, "xl/worksheets/sheet"), ".xml"))
			if err != nil || n < 1 || n > len(sheets) {
				return cw.n, fmt.Errorf("xlsx: unexpected part %s", e.name)
			}
			start := bytes.Index(part, []byte("<sheetData>"))
			end := bytes.Index(part, []byte("</sheetData>"))
			if start < 0 || end < start {
				return cw.n, fmt.Errorf("xlsx: part %s has no sheetData", e.name)
			}
			part = slices.Concat(part[:start], data[n-1], part[end+len("</sheetData>"):])
		}
		pw, err := zw.Create(e.name)
		if err != nil {
			return cw.n, err
		}
		if _, err := pw.Write(part); err != nil {
			return cw.n, err
		}
	}
	err = zw.Close()
	return cw.n, err
}

// parts is an excelize.ZipWriter that keeps the parts in memory.
type parts []part

type part struct {
	name string
	data *bytes.Buffer
}

func (p *parts) Create(name string) (io.Writer, error) {
	*p = append(*p, part{name, new(bytes.Buffer)})
	return (*p)[len(*p)-1].data, nil
}

func (p *parts) AddFS(fs.FS) error { return errors.New("xlsx: AddFS is not supported") }

func (p *parts) Close() error { return nil }

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sharedStrings is the shared-strings table as excelize builds it: each
// distinct text once, in the order first set.
type sharedStrings struct {
	index map[string]int
	list  []string
}

func (t *sharedStrings) add(s string) int {
	if i, ok := t.index[s]; ok {
		return i
	}
	t.index[s] = len(t.list)
	t.list = append(t.list, s)
	return len(t.list) - 1
}

// appendRow appends row r's cells as excelize writes them: blanks
// skipped, no row element for a row without cells.
func (t *sharedStrings) appendRow(buf []byte, r, n int, cell func(c int) (Value, int)) []byte {
	open := false
	for c := range n {
		v, style := cell(c)
		if v.kind == blank {
			continue
		}
		if !open {
			buf = append(buf, `<row r="`...)
			buf = strconv.AppendInt(buf, int64(r), 10)
			buf = append(buf, `">`...)
			open = true
		}
		buf = append(buf, `<c r="`...)
		buf = appendColumnName(buf, c+1)
		buf = strconv.AppendInt(buf, int64(r), 10)
		buf = append(buf, '"')
		if v.kind == text && r > 1 {
			style = 0 // the column's number format is set on numbers only
		}
		if style != 0 {
			buf = append(buf, ` s="`...)
			buf = strconv.AppendInt(buf, int64(style), 10)
			buf = append(buf, '"')
		}
		if v.kind == text {
			buf = append(buf, ` t="s"><v>`...)
			buf = strconv.AppendInt(buf, int64(t.add(v.str)), 10)
		} else {
			buf = append(buf, `><v>`...)
			buf = append(buf, formatCellFloat(v.num)...)
		}
		buf = append(buf, `</v></c>`...)
	}
	if open {
		buf = append(buf, `</row>`...)
	}
	return buf
}

// xml is the shared-strings part.
func (t *sharedStrings) xml() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header[:len(xml.Header)-1])
	b.WriteString("\n")
	fmt.Fprintf(&b, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(t.list), len(t.list))
	for _, s := range t.list {
		b.WriteString("<si><t>")
		// encoding/xml writes character data as EscapeText does.
		xml.EscapeText(&b, []byte(s))
		b.WriteString("</t></si>")
	}
	b.WriteString("</sst>")
	return b.Bytes()
}

func appendColumnName(buf []byte, c int) []byte {
	var name [8]byte
	i := len(name)
	for c > 0 {
		c--
		i--
		name[i] = byte('A' + c%26)
		c /= 26
	}
	return append(buf, name[i:]...)
}

// formatCellFloat is excelize's formatting of a number cell (shortest
// representation, at most 15 significant digits, as Excel keeps).
func formatCellFloat(value float64) string {
	str := strconv.FormatFloat(value, 'f', -1, 64)
	if math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}
