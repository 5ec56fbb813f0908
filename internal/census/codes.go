package census

import (
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// The ten ATP groups are baseline.ATPGroups, in HITECH order: the
// embedded baseline's categories, each with its HITECH code as its one
// alias, so that an imported baseline has the embedded one's codes, can be
// compared with it and is used with the same scenarios.

// groupCount is len(baseline.ATPGroups()), as a constant for arrays.
const groupCount = 10

// hitech is the HITECH code of one of baseline.ATPGroups, "01".."10".
func hitech(g baseline.Category) string { return g.Aliases[0] }

// groupIndex returns the index in baseline.ATPGroups of a HITECH code,
// accepting "4" as well as "04" because hand-edited files lose leading
// zeros.
func groupIndex(code string) (int, bool) {
	if code == "" || len(code) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(code)
	if err != nil || n < 1 || n > groupCount || code[0] == '+' || code[0] == '-' {
		return 0, false
	}
	return n - 1, true
}

// isNonATPGroup reports whether a HITECH cell marks a row that is not one
// of the ten groups but a total or the non-ATP remainder. The API sends
// HITECH "" with HITECH_DESC "TOTAL FOR ALL COMMODITIES" and HITECH "00"
// with "NOT ADVANCED TECHNOLOGY [00]" (both seen in a public notebook that
// printed the API's output); "-" and "TOTAL" are accepted too because the
// country columns use "-" for their total.
func isNonATPGroup(code, desc string) bool {
	switch strings.ToUpper(code) {
	case "", "-", "0", "00", "TOTAL":
		return true
	}
	d := strings.ToUpper(desc)
	return strings.HasPrefix(d, "TOTAL") || strings.HasPrefix(d, "NOT ADVANCED TECHNOLOGY")
}

// aggregateNames are CTY_NAME values of Census area aggregates. The code
// rule in aggregateReason catches them already; the names are a second line
// of defence in case a grouping ever gets a country-like code. The list is
// the union of the names public code filters out of intltrade responses.
var aggregateNames = map[string]bool{
	"TOTAL FOR ALL COUNTRIES":         true,
	"WORLD":                           true,
	"EUROPEAN UNION":                  true,
	"EURO AREA":                       true,
	"PACIFIC RIM COUNTRIES":           true,
	"PACIFIC RIM":                     true,
	"APEC":                            true,
	"ASEAN":                           true,
	"OECD":                            true,
	"NATO":                            true,
	"OPEC":                            true,
	"CACM":                            true,
	"CAFTA-DR":                        true,
	"LAFTA":                           true,
	"NAFTA":                           true,
	"USMCA (NAFTA)":                   true,
	"TWENTY LATIN AMERICAN REPUBLICS": true,
	"NORTH AMERICA":                   true,
	"CENTRAL AMERICA":                 true,
	"SOUTH AMERICA":                   true,
	"SOUTH/CENTRAL AMERICA":           true,
	"WESTERN HEMISPHERE":              true,
	"EUROPE":                          true,
	"ASIA":                            true,
	"MIDDLE EAST":                     true,
	"AFRICA":                          true,
	"SUB-SAHARAN AFRICA":              true,
	"AUSTRALIA AND OCEANIA":           true,
	"OCEANIA":                         true,
}

// aggregateReason returns why a row with this CTY_CODE and CTY_NAME is an
// area aggregate rather than a country, or "" for a country. See the
// package documentation for the rule and its sources.
func aggregateReason(code, name string) string {
	switch {
	case code == "" || code == "-":
		return "total for all countries"
	case strings.Trim(code, "0") == "":
		return "total for all countries"
	case code[0] == '0':
		return "country grouping (code 0nnn)"
	case !allDigits(code):
		return "continent or region (code with letters, e.g. 4XXX)"
	case aggregateNames[strings.ToUpper(strings.Join(strings.Fields(name), " "))]:
		return "area aggregate (by name)"
	}
	return ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// usCode is Schedule C's code for the United States itself; it is never a
// partner in U.S. trade statistics, so a row with it is left out rather
// than turned into a flow from the United States to itself.
const usCode = "1000"

// Country is a Census Schedule C country with its tariffsim code.
type Country struct {
	Census string // four-digit Schedule C code
	Code   string // ISO 3166-1 alpha-2
	Name   string
}

// Countries maps Schedule C codes to ISO 3166-1 alpha-2 codes. The Census
// codes are those of a public copy of Schedule C
// (census.gov/foreign-trade/schedules/c/country.txt, "2026-05-16 sync"); the
// major partners were cross-checked against a second public list whose
// names are validated against the API's CTY_NAME. Gaza Strip and West Bank
// (5082, 5083) share ISO "PS" and are left unmapped so that two Census
// codes never fold into one tariffsim code silently.
var Countries = []Country{
	// North America (1000 is the United States itself)
	{"1010", "GL", "Greenland"}, {"1220", "CA", "Canada"}, {"1610", "PM", "Saint Pierre and Miquelon"},
	// Central America and the Caribbean
	{"2010", "MX", "Mexico"}, {"2050", "GT", "Guatemala"}, {"2080", "BZ", "Belize"},
	{"2110", "SV", "El Salvador"}, {"2150", "HN", "Honduras"}, {"2190", "NI", "Nicaragua"},
	{"2230", "CR", "Costa Rica"}, {"2250", "PA", "Panama"}, {"2320", "BM", "Bermuda"},
	{"2360", "BS", "Bahamas"}, {"2390", "CU", "Cuba"}, {"2410", "JM", "Jamaica"},
	{"2430", "TC", "Turks and Caicos Islands"}, {"2440", "KY", "Cayman Islands"}, {"2450", "HT", "Haiti"},
	{"2470", "DO", "Dominican Republic"}, {"2481", "AI", "Anguilla"}, {"2482", "VG", "British Virgin Islands"},
	{"2483", "KN", "Saint Kitts and Nevis"}, {"2484", "AG", "Antigua and Barbuda"}, {"2485", "MS", "Montserrat"},
	{"2486", "DM", "Dominica"}, {"2487", "LC", "Saint Lucia"}, {"2488", "VC", "Saint Vincent and the Grenadines"},
	{"2489", "GD", "Grenada"}, {"2720", "BB", "Barbados"}, {"2740", "TT", "Trinidad and Tobago"},
	{"2774", "SX", "Sint Maarten"}, {"2777", "CW", "Curaçao"}, {"2779", "AW", "Aruba"},
	{"2831", "GP", "Guadeloupe"}, {"2839", "MQ", "Martinique"},
	// South America
	{"3010", "CO", "Colombia"}, {"3070", "VE", "Venezuela"}, {"3120", "GY", "Guyana"},
	{"3150", "SR", "Suriname"}, {"3170", "GF", "French Guiana"}, {"3310", "EC", "Ecuador"},
	{"3330", "PE", "Peru"}, {"3350", "BO", "Bolivia"}, {"3370", "CL", "Chile"},
	{"3510", "BR", "Brazil"}, {"3530", "PY", "Paraguay"}, {"3550", "UY", "Uruguay"},
	{"3570", "AR", "Argentina"}, {"3720", "FK", "Falkland Islands"},
	// Europe
	{"4000", "IS", "Iceland"}, {"4010", "SE", "Sweden"}, {"4031", "SJ", "Svalbard and Jan Mayen"},
	{"4039", "NO", "Norway"}, {"4050", "FI", "Finland"}, {"4091", "FO", "Faroe Islands"},
	{"4099", "DK", "Denmark"}, {"4120", "GB", "United Kingdom"}, {"4190", "IE", "Ireland"},
	{"4210", "NL", "Netherlands"}, {"4231", "BE", "Belgium"}, {"4239", "LU", "Luxembourg"},
	{"4271", "AD", "Andorra"}, {"4272", "MC", "Monaco"}, {"4279", "FR", "France"},
	{"4280", "DE", "Germany"}, {"4330", "AT", "Austria"}, {"4351", "CZ", "Czechia"},
	{"4359", "SK", "Slovakia"}, {"4370", "HU", "Hungary"}, {"4411", "LI", "Liechtenstein"},
	{"4419", "CH", "Switzerland"}, {"4470", "EE", "Estonia"}, {"4490", "LV", "Latvia"},
	{"4510", "LT", "Lithuania"}, {"4550", "PL", "Poland"}, {"4621", "RU", "Russia"},
	{"4622", "BY", "Belarus"}, {"4623", "UA", "Ukraine"}, {"4631", "AM", "Armenia"},
	{"4632", "AZ", "Azerbaijan"}, {"4633", "GE", "Georgia"}, {"4634", "KZ", "Kazakhstan"},
	{"4635", "KG", "Kyrgyzstan"}, {"4641", "MD", "Moldova"}, {"4642", "TJ", "Tajikistan"},
	{"4643", "TM", "Turkmenistan"}, {"4644", "UZ", "Uzbekistan"}, {"4700", "ES", "Spain"},
	{"4710", "PT", "Portugal"}, {"4720", "GI", "Gibraltar"}, {"4730", "MT", "Malta"},
	{"4751", "SM", "San Marino"}, {"4752", "VA", "Holy See"}, {"4759", "IT", "Italy"},
	{"4791", "HR", "Croatia"}, {"4792", "SI", "Slovenia"}, {"4793", "BA", "Bosnia and Herzegovina"},
	{"4794", "MK", "North Macedonia"}, {"4801", "RS", "Serbia"}, {"4803", "XK", "Kosovo"},
	{"4804", "ME", "Montenegro"}, {"4810", "AL", "Albania"}, {"4840", "GR", "Greece"},
	{"4850", "RO", "Romania"}, {"4870", "BG", "Bulgaria"}, {"4890", "TR", "Türkiye"},
	{"4910", "CY", "Cyprus"},
	// Middle East
	{"5020", "SY", "Syria"}, {"5040", "LB", "Lebanon"}, {"5050", "IQ", "Iraq"},
	{"5070", "IR", "Iran"}, {"5081", "IL", "Israel"}, {"5110", "JO", "Jordan"},
	{"5130", "KW", "Kuwait"}, {"5170", "SA", "Saudi Arabia"}, {"5180", "QA", "Qatar"},
	{"5200", "AE", "United Arab Emirates"}, {"5210", "YE", "Yemen"}, {"5230", "OM", "Oman"},
	{"5250", "BH", "Bahrain"},
	// South Asia
	{"5310", "AF", "Afghanistan"}, {"5330", "IN", "India"}, {"5350", "PK", "Pakistan"},
	{"5360", "NP", "Nepal"}, {"5380", "BD", "Bangladesh"}, {"5420", "LK", "Sri Lanka"},
	{"5682", "BT", "Bhutan"}, {"5683", "MV", "Maldives"},
	// Southeast Asia
	{"5460", "MM", "Burma"}, {"5490", "TH", "Thailand"}, {"5520", "VN", "Vietnam"},
	{"5530", "LA", "Laos"}, {"5550", "KH", "Cambodia"}, {"5570", "MY", "Malaysia"},
	{"5590", "SG", "Singapore"}, {"5600", "ID", "Indonesia"}, {"5601", "TL", "Timor-Leste"},
	{"5610", "BN", "Brunei"}, {"5650", "PH", "Philippines"},
	// East Asia
	{"5660", "MO", "Macao"}, {"5700", "CN", "China"}, {"5740", "MN", "Mongolia"},
	{"5790", "KP", "North Korea"}, {"5800", "KR", "South Korea"}, {"5820", "HK", "Hong Kong"},
	{"5830", "TW", "Taiwan"}, {"5880", "JP", "Japan"},
	// Oceania
	{"6021", "AU", "Australia"}, {"6022", "NF", "Norfolk Island"}, {"6023", "CC", "Cocos (Keeling) Islands"},
	{"6024", "CX", "Christmas Island"}, {"6029", "HM", "Heard and McDonald Islands"}, {"6040", "PG", "Papua New Guinea"},
	{"6141", "NZ", "New Zealand"}, {"6142", "CK", "Cook Islands"}, {"6143", "TK", "Tokelau"},
	{"6144", "NU", "Niue"}, {"6150", "WS", "Samoa"}, {"6223", "SB", "Solomon Islands"},
	{"6224", "VU", "Vanuatu"}, {"6225", "PN", "Pitcairn Islands"}, {"6226", "KI", "Kiribati"},
	{"6227", "TV", "Tuvalu"}, {"6412", "NC", "New Caledonia"}, {"6413", "WF", "Wallis and Futuna"},
	{"6414", "PF", "French Polynesia"}, {"6810", "MH", "Marshall Islands"}, {"6820", "FM", "Micronesia"},
	{"6830", "PW", "Palau"}, {"6862", "NR", "Nauru"}, {"6863", "FJ", "Fiji"},
	{"6864", "TO", "Tonga"},
	// Africa
	{"7140", "MA", "Morocco"}, {"7210", "DZ", "Algeria"}, {"7230", "TN", "Tunisia"},
	{"7250", "LY", "Libya"}, {"7290", "EG", "Egypt"}, {"7321", "SD", "Sudan"},
	{"7323", "SS", "South Sudan"}, {"7380", "GQ", "Equatorial Guinea"}, {"7410", "MR", "Mauritania"},
	{"7420", "CM", "Cameroon"}, {"7440", "SN", "Senegal"}, {"7450", "ML", "Mali"},
	{"7460", "GN", "Guinea"}, {"7470", "SL", "Sierra Leone"}, {"7480", "CI", "Côte d'Ivoire"},
	{"7490", "GH", "Ghana"}, {"7500", "GM", "Gambia"}, {"7510", "NE", "Niger"},
	{"7520", "TG", "Togo"}, {"7530", "NG", "Nigeria"}, {"7540", "CF", "Central African Republic"},
	{"7550", "GA", "Gabon"}, {"7560", "TD", "Chad"}, {"7580", "SH", "Saint Helena"},
	{"7600", "BF", "Burkina Faso"}, {"7610", "BJ", "Benin"}, {"7620", "AO", "Angola"},
	{"7630", "CG", "Republic of the Congo"}, {"7642", "GW", "Guinea-Bissau"}, {"7643", "CV", "Cabo Verde"},
	{"7644", "ST", "São Tomé and Príncipe"}, {"7650", "LR", "Liberia"}, {"7660", "CD", "Democratic Republic of the Congo"},
	{"7670", "BI", "Burundi"}, {"7690", "RW", "Rwanda"}, {"7700", "SO", "Somalia"},
	{"7741", "ER", "Eritrea"}, {"7749", "ET", "Ethiopia"}, {"7770", "DJ", "Djibouti"},
	{"7780", "UG", "Uganda"}, {"7790", "KE", "Kenya"}, {"7800", "SC", "Seychelles"},
	{"7810", "IO", "British Indian Ocean Territory"}, {"7830", "TZ", "Tanzania"}, {"7850", "MU", "Mauritius"},
	{"7870", "MZ", "Mozambique"}, {"7880", "MG", "Madagascar"}, {"7881", "YT", "Mayotte"},
	{"7890", "KM", "Comoros"}, {"7904", "RE", "Réunion"}, {"7905", "TF", "French Southern Territories"},
	{"7910", "ZA", "South Africa"}, {"7920", "NA", "Namibia"}, {"7930", "BW", "Botswana"},
	{"7940", "ZM", "Zambia"}, {"7950", "SZ", "Eswatini"}, {"7960", "ZW", "Zimbabwe"},
	{"7970", "MW", "Malawi"}, {"7990", "LS", "Lesotho"},
	// U.S. territories outside the customs territory
	{"9030", "PR", "Puerto Rico"}, {"9110", "VI", "U.S. Virgin Islands"}, {"9350", "GU", "Guam"},
	{"9510", "AS", "American Samoa"}, {"9610", "MP", "Northern Mariana Islands"}, {"9800", "UM", "U.S. Minor Outlying Islands"},
}

var byCensus = func() map[string]Country {
	m := make(map[string]Country, len(Countries))
	for _, c := range Countries {
		m[c.Census] = c
	}
	return m
}()

// Partner returns the tariffsim code and name of a Census country: the
// ISO alpha-2 code when Countries maps it, otherwise "C" + the Census code
// and the Census name in title case, so that an unmapped country still
// gets a stable code that cannot clash with an ISO one.
func Partner(census, censusName string) (code, name string) {
	if c, ok := byCensus[census]; ok {
		return c.Code, c.Name
	}
	return "C" + census, titleCase(censusName)
}

// titleCase turns Census upper-case names ("KOREA, SOUTH") into
// "Korea, South" for charts.
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if i > 0 && (w == "and" || w == "of" || w == "the") {
			continue
		}
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
