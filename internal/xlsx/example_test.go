package xlsx_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tariffsim/tariffsim/internal/xlsx"
)

func Example() {
	dir, _ := os.MkdirTemp("", "xlsx-example")
	defer os.RemoveAll(dir)
	wb := xlsx.Workbook{
		Title: "tariffsim results",
		Sheets: []xlsx.Sheet{{
			Title: "Imports by partner",
			Columns: []xlsx.Column{
				{Name: "Partner"},
				{Name: "Change", Unit: "million USD", Format: xlsx.FormatDecimal1},
				{Name: "Change", Unit: "%", Format: xlsx.FormatDecimal2},
			},
			Rows: [][]xlsx.Value{{xlsx.Text("Mexico"), xlsx.Number(-56852.4), xlsx.Number(-11.9)}},
		}},
		Provenance: []xlsx.Pair{{Key: "Scenario", Value: "US 25% on Canada and Mexico"}},
	}
	if err := xlsx.Write(filepath.Join(dir, "results.xlsx"), wb); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(wb.Sheets[0].Columns[1].Header())
	// Output: Change (million USD)
}
