package census_test

import (
	"fmt"
	"log"

	"github.com/tariffsim/tariffsim/internal/census"
)

func ExampleImport() {
	// Two (tiny, made-up) responses as the API sends them.
	exports := []byte(`[["CTY_CODE","CTY_NAME","HITECH","HITECH_DESC","ALL_VAL_YR","time"],
["-","TOTAL FOR ALL COUNTRIES","04","INFORMATION & COMMUNICATIONS [04]","5500000000","2024-12"],
["0003","EUROPEAN UNION","04","INFORMATION & COMMUNICATIONS [04]","1500000000","2024-12"],
["5700","CHINA","04","INFORMATION & COMMUNICATIONS [04]","4000000000","2024-12"],
["4280","GERMANY","04","INFORMATION & COMMUNICATIONS [04]","1500000000","2024-12"]]`)
	imports := []byte(`[["CTY_CODE","CTY_NAME","HITECH","HITECH_DESC","GEN_VAL_YR","time"],
["-","TOTAL FOR ALL COUNTRIES","04","INFORMATION & COMMUNICATIONS [04]","52000000000","2024-12"],
["5700","CHINA","00","NOT ADVANCED TECHNOLOGY [00]","300000000000","2024-12"],
["5700","CHINA","04","INFORMATION & COMMUNICATIONS [04]","50000000000","2024-12"],
["4280","GERMANY","04","INFORMATION & COMMUNICATIONS [04]","2000000000","2024-12"]]`)

	b, err := census.Import([]census.File{{Name: "exports.json", Data: exports}, {Name: "imports.json", Data: imports}},
		census.Options{TopN: 1, Tariff: func(importer, exporter, category string) float64 {
			if importer == "US" && exporter == "CN" {
				return 0.25
			}
			return 0
		}})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range b.Rows {
		fmt.Printf("%s <- %-3s %s %8.1f musd, tariff %.2f, %s\n", r.Importer, r.Exporter, r.Category, r.Value, r.Tariff, r.Status)
	}
	// Output:
	// US <- CN  ict  50000.0 musd, tariff 0.25, published
	// CN <- US  ict   4000.0 musd, tariff 0.00, published
	// US <- RoW ict   2000.0 musd, tariff 0.00, derived
	// RoW <- US  ict   1500.0 musd, tariff 0.00, derived
}
