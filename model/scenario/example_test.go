package scenario_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

func Example() {
	b := &baseline.Baseline{
		Name: "tiny",
		Rows: []baseline.Row{
			{Flow: baseline.Flow("US", "CA", "ict", 100, 0)},
			{Flow: baseline.Flow("US", "MX", "ict", 80, 0.02)},
			{Flow: baseline.Flow("CA", "US", "ict", 60, 0)},
		},
		Fallback: baseline.Defaults{Substitution: 5, ImportDemand: 1.25, ExportSupply: 99},
	}
	s, err := scenario.Parse([]byte(`
name = "US 25% on Canada and Mexico"
[[tariff]]
by = "US"
on = ["CA", "MX"]
rate = "25%"
exempt = "38%"
start = 2025-03-04
[[retaliation]]
by = "CA"
on = "US"
rate = "25%"
start = 2025-03-04
`), "example.toml")
	if err != nil {
		log.Fatal(err)
	}
	p, err := s.Problem(b, scenario.Options{})
	if err != nil {
		log.Fatal(err)
	}
	at, _ := s.At(scenario.Options{})
	fmt.Println("evaluated on", at.Format("2006-01-02"))
	for i, f := range p.Flows {
		fmt.Printf("%s on %s: %.2f%% -> %.2f%%\n", f.Importer, f.Exporter, 100*f.Tariff, 100*p.NewTariff[i])
	}
	// Output:
	// evaluated on 2025-03-04
	// US on CA: 0.00% -> 15.50%
	// US on MX: 2.00% -> 17.50%
	// CA on US: 0.00% -> 25.00%
}

func ExampleParse_errors() {
	_, err := scenario.Parse([]byte(`name = "typos"
[[tariff]]
by = "US"
on = "CN"
rate = 25
[[tariff]]
by = "US"
on = "CN"
Rate = "10%"
`), "typos.toml")
	fmt.Println(err)
	// Output:
	// typos.toml:5: rate: the bare number 25 is ambiguous: write a percent string; did you mean "25%"?
	// typos.toml:6: [[tariff]] lacks rate: the rate, e.g. rate = "25%"
	// typos.toml:9: unknown key "Rate": keys are case-sensitive; did you mean "rate"?
}

// A scenario whose `at` is before every measure's start is valid, but runs
// the baseline: Warnings says so, for a front end to print.
func ExampleScenario_Warnings() {
	s, err := scenario.Parse([]byte(`name = "Steel and aluminium"
at = 2025-01-01
[[tariff]]
by = "US"
on = "*"
rate = "25%"
start = 2025-03-12
`), "steel.toml")
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range s.Warnings(scenario.Options{}) {
		fmt.Println("warning:", w)
	}
	// Output:
	// warning: steel.toml:2: at 2025-01-01 is before every measure's start (the first starts 2025-03-12): nothing is in force
}

// Nesting is checked before the file is decoded, so a hostile file costs
// one pass over its bytes.
func ExampleParse_limits() {
	src := "name = \"deep\"\nx = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"
	_, err := scenario.Parse([]byte(src), "deep.toml")
	fmt.Println(err)
	// Output:
	// deep.toml:2: nesting deeper than 16 levels (tables, arrays and dotted keys together): no scenario needs more than 5
}
