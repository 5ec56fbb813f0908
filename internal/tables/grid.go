package tables

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Grid is a text table: the first column left-aligned (names), the others
// right-aligned (numbers), two spaces between columns.
type Grid struct {
	rows [][]string
}

// Add appends a row.
func (g *Grid) Add(cells ...string) { g.rows = append(g.rows, cells) }

// Write writes the table, one line per row.
func (g *Grid) Write(w io.Writer) {
	var widths []int
	for _, r := range g.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range g.rows {
		var sb strings.Builder
		sb.WriteString("  ")
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				sb.WriteString(c + pad)
			} else {
				sb.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(sb.String(), " "))
	}
}
