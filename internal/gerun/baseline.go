package gerun

import (
	"fmt"
	"math"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/ge"
)

// BaselineName is the name that selects the shipped GE baseline on the
// command line (--baseline ge2006); a GE scenario uses it by default.
const BaselineName = "ge2006"

// Category is the slug of the shipped baseline's one sector.
const Category = "manufacturing"

// Caveat is the line every GE chart and summary carries about the shipped
// baseline.
const Caveat = "GE baseline: gegravity's 2006 sample, 30 countries, one sector (aggregate manufacturing): old and coarse"

// DefaultSubstitution is σ of the shipped baseline: θ = σ − 1 = 4, the
// trade elasticity gegravity's and ge_gravity's examples use (Yotov,
// Piermartini, Monteiro and Larch 2016, An Advanced Guide to Trade Policy
// Analysis, ch. 2; Head and Mayer 2014's median structural estimate of the
// trade elasticity is about 5).
const DefaultSubstitution = 5

// countryNames names the 30 countries of the 2006 sample (ISO 3166-1
// alpha-3 codes).
var countryNames = [][2]string{
	{"AUS", "Australia"}, {"AUT", "Austria"}, {"BEL", "Belgium"}, {"BRA", "Brazil"},
	{"CAN", "Canada"}, {"CHE", "Switzerland"}, {"CHN", "China"}, {"DEU", "Germany"},
	{"DNK", "Denmark"}, {"ESP", "Spain"}, {"FIN", "Finland"}, {"FRA", "France"},
	{"GBR", "United Kingdom"}, {"HKG", "Hong Kong"}, {"IDN", "Indonesia"}, {"IND", "India"},
	{"IRL", "Ireland"}, {"ITA", "Italy"}, {"JPN", "Japan"}, {"KOR", "Korea"},
	{"MEX", "Mexico"}, {"MYS", "Malaysia"}, {"NLD", "Netherlands"}, {"POL", "Poland"},
	{"SGP", "Singapore"}, {"SWE", "Sweden"}, {"THA", "Thailand"}, {"TUR", "Turkey"},
	{"USA", "United States"}, {"ZAF", "South Africa"},
}

// Baseline returns the shipped GE baseline as a baseline.Baseline, so that
// scenarios are checked against it like against any other: ge.Sample2006's
// 900 flows (domestic sales included) in one category, Category, with
// σ = DefaultSubstitution.
func Baseline() (*baseline.Baseline, error) {
	p, err := ge.Sample2006()
	if err != nil {
		return nil, fmt.Errorf("GE baseline: %w", err)
	}
	b := &baseline.Baseline{
		Name: BaselineName,
		Description: "Total manufacturing trade of 30 countries in 2006, with every country's domestic sales, " +
			"from the sample data of gegravity (Peter Herman, USITC; https://github.com/peter-herman/gegravity), " +
			"derived from Yotov, Piermartini, Monteiro and Larch (2016). Old and coarse: one sector, no rest of the world.",
		Categories: []baseline.Category{{Slug: Category, Aliases: []string{"all"}, Name: "Manufacturing (aggregate)"}},
		Defaults:   map[string]baseline.Defaults{},
	}
	d := baseline.Defaults{
		Substitution: DefaultSubstitution,
		Source:       "θ = σ − 1 = 4, as in gegravity's and ge_gravity's examples (Yotov et al. 2016)",
		// PE elasticities the GE engine does not use; set so that the
		// scenario package's checks of a baseline have numbers.
		ImportDemand: 1, ExportSupply: math.Inf(1),
	}
	b.Defaults[Category] = d
	b.Fallback = d
	for _, c := range countryNames {
		b.Countries = append(b.Countries, baseline.Country{Code: c[0], Name: c[1]})
	}
	for _, f := range p.Flows {
		b.Rows = append(b.Rows, baseline.Row{
			Flow:   baseline.Flow(f.Importer, f.Exporter, Category, f.Value, f.Tariff),
			Status: baseline.Published,
			Source: "gegravity examples/sample_data_set.dlm (trade), https://github.com/peter-herman/gegravity",
		})
	}
	return b, nil
}
