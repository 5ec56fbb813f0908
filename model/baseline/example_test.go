package baseline_test

import (
	"fmt"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
)

func ExampleATP2024() {
	b := baseline.ATP2024()
	var exports, imports, ict float64
	for _, r := range b.Rows {
		switch {
		case r.Domestic():
			// US producers' sales at home: not trade
		case r.Importer == "US":
			imports += r.Value
		case r.Exporter == "US":
			exports += r.Value
			if r.Category == "ict" && r.Importer == "MX" {
				ict = r.Value
			}
		}
	}
	fmt.Println(b.Name)
	fmt.Printf("US ATP exports %.2f, imports %.2f million USD\n", exports, imports)
	slug, _ := b.Category("04")
	fmt.Printf("HITECH 04 is %s (%s), σ = %v\n", slug, b.CategoryName(slug), b.DefaultsFor(slug).Substitution)
	fmt.Printf("estimated share of value: %.0f%%\n", 100*b.Provenance().EstimatedShare())
	fmt.Printf("US ICT exports to Mexico (estimated): %.0f million USD\n", ict)
	// Output:
	// US ATP trade 2024 (Census-based, partly estimated)
	// US ATP exports 464290.00, imports 763240.00 million USD
	// HITECH 04 is ict (Information & Communications), σ = 5
	// estimated share of value: 100%
	// US ICT exports to Mexico (estimated): 22523 million USD
}

// The ATP groups are the categories of ATP2024; a baseline built from
// Census files uses them so that the same scenarios apply to it.
func ExampleATPGroups() {
	for _, g := range baseline.ATPGroups()[:3] {
		fmt.Printf("%s %-8s %s\n", g.Aliases[0], g.Slug, g.Name)
	}
	// Output:
	// 01 biotech  Biotechnology
	// 02 lifesci  Life Science
	// 03 opto     Opto-Electronics
}

// A table of default elasticities: every group needs a row per parameter
// and horizon, each with its range and the basis of its numbers.
func ExampleReadElasticities() {
	var b strings.Builder
	b.WriteString("group,parameter,horizon,low,central,high,central_basis,range_basis\n")
	for _, p := range []string{"substitution", "domestic_substitution", "import_demand", "export_supply"} {
		b.WriteString("ict," + p + ",long-run,2.5,5,8.8,a study,a rule\n")
		b.WriteString("ict," + p + ",short-run,1.25,2.5,4.4,a study,a rule\n")
	}
	table, err := baseline.ReadElasticities(strings.NewReader(b.String()), "mine.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	d := table["ict"]
	hi, _ := d.Preset("high", "substitution", true)
	fmt.Println(d.Substitution, d.SubstitutionShortRun, hi)

	_, err = baseline.ReadElasticities(strings.NewReader("group,parameter,horizon,low,central,high,central_basis,range_basis\nict,sigma,long-run,1,2,3,a,b\n"), "mine.csv")
	fmt.Println(err)
	// Output:
	// 5 2.5 4.4
	// mine.csv:2: unknown parameter "sigma"; want one of substitution, domestic_substitution, import_demand, export_supply
}

// ReadWith raises the size limit for a file larger than MaxFileSize; the
// bounds on values hold whatever the options.
func ExampleReadWith() {
	csv := "importer,exporter,category,value_musd,tariff_pct\n" +
		"US,CN,ict,120500,7.5\n" +
		"US,MX,ict,1e308,0\n" +
		"US,CA,ict,0x1p4,0\n"
	_, err := baseline.ReadWith(strings.NewReader(csv), "flows.csv", baseline.ReadOptions{MaxBytes: 256 << 20})
	fmt.Println(err)
	// Output:
	// flows.csv:3: value_musd 1e308 is more than 1e+07 ($10 trillion): values are in $ million
	// flows.csv:4: value_musd: "0x1p4" is not a number: want digits with an optional point and exponent, such as 1250.5 or 1.2e3
}
