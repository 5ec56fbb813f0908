package census

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rawRows decodes a fixture independently of Parse: maps from column name
// to cell for every data row.
func rawRows(t testing.TB, data []byte) []map[string]string {
	t.Helper()
	var all [][]string
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestParseFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		dir  Direction
	}{{"exports_2024-12.json", Exports}, {"imports_2024-12.json", Imports}} {
		t.Run(tc.file, func(t *testing.T) {
			data := readFixture(t, tc.file)
			tab, err := Parse(tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Direction != tc.dir || tab.Period != "2024-12" {
				t.Fatalf("direction %v period %q", tab.Direction, tab.Period)
			}
			col := tc.dir.ValueColumn()
			// The fixture's "-" row is the sum of its countries: the
			// parsed rows must add up to it, group by group, which they
			// would not if any aggregate slipped through.
			want := map[string]float64{}
			aggs := map[string]bool{}
			for _, r := range rawRows(t, data) {
				if r["CTY_CODE"] == "-" && r["HITECH"] != "" && r["HITECH"] != "00" {
					want[r["HITECH"]] += mustFloat(t, r[col])
				}
				if !allDigits(r["CTY_CODE"]) || r["CTY_CODE"][0] == '0' {
					aggs[r["CTY_NAME"]] = true
				}
			}
			got := map[string]float64{}
			countries := map[string]bool{}
			for _, r := range tab.Rows {
				if aggregateReason(r.Census, r.Name) != "" || len(r.Census) != 4 {
					t.Errorf("aggregate kept: %+v", r)
				}
				if r.Group == "" || r.Group == "00" {
					t.Errorf("non-ATP row kept: %+v", r)
				}
				got[r.Group] += r.Value
				countries[r.Census] = true
			}
			if len(want) != 10 {
				t.Fatalf("fixture has %d groups in its total, want all 10", len(want))
			}
			for g, w := range want {
				if got[g] != w {
					t.Errorf("group %s: countries sum to %.0f, the fixture's total is %.0f", g, got[g], w)
				}
			}
			if len(countries) != 31 {
				t.Errorf("%d countries, want 31", len(countries))
			}
			if len(tab.AggregateNames) != len(aggs) || len(aggs) < 15 {
				t.Errorf("aggregates %v, want the %d of the fixture", tab.AggregateNames, len(aggs))
			}
			for _, n := range []string{"TOTAL FOR ALL COUNTRIES", "EUROPEAN UNION", "PACIFIC RIM COUNTRIES", "OECD", "NATO", "APEC", "EUROPE", "ASIA"} {
				if !strings.Contains(strings.Join(tab.AggregateNames, "|"), n) {
					t.Errorf("aggregate %s not reported as dropped", n)
				}
			}
			// 31 countries × ("" and "00") are non-ATP rows
			if tab.NonATP != 62 {
				t.Errorf("NonATP = %d, want 62", tab.NonATP)
			}
		})
	}
}

func mustFloat(t testing.TB, s string) float64 {
	t.Helper()
	v, err := parseValue(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAggregateRule(t *testing.T) {
	for _, tc := range []struct {
		code, name string
		agg        bool
	}{
		{"-", "TOTAL FOR ALL COUNTRIES", true},
		{"", "TOTAL FOR ALL COUNTRIES", true},
		{"0000", "TOTAL", true},
		{"0003", "EUROPEAN UNION", true},
		{"0014", "PACIFIC RIM COUNTRIES", true},
		{"0022", "OECD", true},
		{"0023", "NATO", true},
		{"0026", "APEC", true},
		{"1XXX", "NORTH AMERICA", true},
		{"4XXX", "EUROPE", true},
		{"5xxx", "ASIA", true},
		{"7XXX", "AFRICA", true},
		{"9999", "European  Union", true}, // by name, whatever the code
		{"5700", "CHINA", false},
		{"2010", "MEXICO", false},
		{"5082", "GAZA STRIP", false},
		{"4120", "UNITED KINGDOM", false},
	} {
		if got := aggregateReason(tc.code, tc.name) != ""; got != tc.agg {
			t.Errorf("aggregateReason(%q, %q): aggregate = %v, want %v", tc.code, tc.name, got, tc.agg)
		}
	}
}

func TestNonATPGroup(t *testing.T) {
	for _, tc := range []struct {
		code, desc string
		non        bool
	}{
		{"", "TOTAL FOR ALL COMMODITIES", true},
		{"00", "NOT ADVANCED TECHNOLOGY [00]", true},
		{"-", "", true},
		{"TOTAL", "", true},
		{"04", "INFORMATION & COMMUNICATIONS [04]", false},
		{"10", "NUCLEAR TECHNOLOGY [10]", false},
	} {
		if got := isNonATPGroup(tc.code, tc.desc); got != tc.non {
			t.Errorf("isNonATPGroup(%q, %q) = %v", tc.code, tc.desc, got)
		}
	}
	for code, slug := range map[string]string{"01": "biotech", "02": "lifesci", "03": "opto", "04": "ict", "05": "electronics",
		"06": "flexmfg", "07": "materials", "08": "aerospace", "09": "weapons", "10": "nuclear", "4": "ict"} {
		i, ok := groupIndex(code)
		if !ok || baseline.ATPGroups()[i].Slug != slug {
			t.Errorf("HITECH %s → %v %v, want %s", code, i, ok, slug)
		}
	}
	// groupIndex reads the code as the index: the groups must be 01..10
	// in order, as many as the arrays of partner values hold.
	gs := baseline.ATPGroups()
	if len(gs) != groupCount {
		t.Errorf("%d ATP groups, groupCount %d", len(gs), groupCount)
	}
	for i, g := range gs {
		if want := strconv.Itoa(101 + i)[1:]; hitech(g) != want {
			t.Errorf("group %d (%s) has HITECH code %q, want %q", i, g.Slug, hitech(g), want)
		}
	}
	for _, code := range []string{"11", "0", "-1", "+1", "1a", "004", ""} {
		if _, ok := groupIndex(code); ok {
			t.Errorf("HITECH %q accepted as a group", code)
		}
	}
}

const hdr = `["CTY_CODE","CTY_NAME","HITECH","HITECH_DESC","ALL_VAL_YR","time"]`

func TestParseVariants(t *testing.T) {
	t.Run("repeated predicate column", func(t *testing.T) {
		// &CTY_CODE=5700 makes the API append a second CTY_CODE.
		in := `[["CTY_CODE","CTY_NAME","HITECH","ALL_VAL_YR","time","CTY_CODE"],
["5700","CHINA","04","1000000","2024-12","5700"]]`
		tab, err := Parse("x.json", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 1 || tab.Rows[0].Census != "5700" || tab.Rows[0].Line != 2 || tab.Rows[0].Row != 2 {
			t.Fatalf("%+v", tab.Rows)
		}
	})
	t.Run("YEAR and MONTH instead of time", func(t *testing.T) {
		in := `[["CTY_CODE","CTY_NAME","HITECH","GEN_VAL_YR","YEAR","MONTH"],["5700","CHINA","04","5","2017","12"]]`
		tab, err := Parse("x.json", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if tab.Period != "2017-12" || tab.Direction != Imports {
			t.Fatalf("%q %v", tab.Period, tab.Direction)
		}
	})
	t.Run("unquoted numbers and null description", func(t *testing.T) {
		in := `[["cty_code","cty_name","hitech","hitech_desc","all_val_yr"],[5700,"CHINA","04",null,123.5]]`
		tab, err := Parse("x.json", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if tab.Rows[0].Value != 123.5 || tab.Period != "" {
			t.Fatalf("%+v", tab)
		}
	})
	t.Run("summary level", func(t *testing.T) {
		in := `[["CTY_CODE","CTY_NAME","HITECH","ALL_VAL_YR","SUMMARY_LVL"],
["5700","CHINA","04","7","DET"],["5701","SOME GROUPING","04","9","CGP"]]`
		tab, err := Parse("x.json", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 1 || tab.Aggregates != 1 {
			t.Fatalf("%+v", tab)
		}
	})
	t.Run("United States row", func(t *testing.T) {
		in := `[` + hdr + `,["1000","UNITED STATES","04","x","7","2024-12"],["5700","CHINA","04","x","7","2024-12"]]`
		tab, err := Parse("x.json", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 1 || tab.Rows[0].Census != "5700" {
			t.Fatalf("%+v", tab.Rows)
		}
	})
}

// TestParseMalformed checks that every kind of bad input is an error that
// names the file, and the row where there is one.
func TestParseMalformed(t *testing.T) {
	ok := `["5700","CHINA","04","INFORMATION & COMMUNICATIONS [04]","1000","2024-12"]`
	for _, tc := range []struct {
		name, in string
		want     []string // substrings of the error
	}{
		{"empty", "", []string{"empty file"}},
		{"blank", " \n ", []string{"empty file"}},
		{"truncated", `[` + hdr + `,` + "\n" + `["5700","CHINA","04","X [04]","10`, []string{"truncated JSON", "row 2"}},
		{"truncated after row", `[` + hdr + `,` + ok, []string{"truncated JSON"}},
		{"object", `{"error":"unknown variable"}`, []string{"not a Census API response", "an object"}},
		{"string", `"hello"`, []string{"not a Census API response"}},
		{"html", "<html><body>Invalid Key</body></html>", []string{"HTML page", "Invalid Key"}},
		{"syntax", `[` + hdr + `,` + "\n" + `["5700" "CHINA"]]`, []string{"invalid JSON", "line 2"}},
		{"array of numbers", `[1,2,3]`, []string{"row 1", "not an array of strings"}},
		{"array of objects", `[` + hdr + `,{"a":1}]`, []string{"row 2", "not an array of strings"}},
		{"cell object", `[` + hdr + `,["5700",{},"04","x","1","2024-12"]]`, []string{"row 2", "cell 2 is an object"}},
		{"cell bool header", `[[true]]`, []string{"row 1", "cell 1 is a boolean"}},
		{"empty array", `[]`, []string{"empty array"}},
		{"header only", `[` + hdr + `]`, []string{"header but no data rows"}},
		{"no header", `[` + ok + `,` + ok + `]`, []string{"row 1", "looks like data"}},
		{"missing columns", `[["CTY_NAME","ALL_VAL_YR"],["CHINA","1"]]`, []string{"row 1", "lacks CTY_CODE, HITECH"}},
		{"no value column", `[["CTY_CODE","CTY_NAME","HITECH","ALL_VAL_MO"],["5700","CHINA","04","1"]]`, []string{"ALL_VAL_YR (exports) or GEN_VAL_YR (imports)", "one month"}},
		{"both value columns", `[["CTY_CODE","CTY_NAME","HITECH","ALL_VAL_YR","GEN_VAL_YR"],["5700","CHINA","04","1","1"]]`, []string{"both ALL_VAL_YR and GEN_VAL_YR"}},
		{"wrong width", `[` + hdr + `,` + "\n" + ok + `,` + "\n" + `["5800","KOREA","04","x","1"]]`, []string{"row 3 (line 3)", "5 cells, but the header has 6"}},
		{"non-numeric", `[` + hdr + `,` + "\n" + `["5700","CHINA","04","x","12a","2024-12"]]`, []string{"row 2 (line 2)", "ALL_VAL_YR", `"12a" is not a number`}},
		{"suppressed", `[` + hdr + `,["5700","CHINA","04","x","(D)","2024-12"]]`, []string{"row 2", `"(D)"`}},
		{"empty value", `[` + hdr + `,["5700","CHINA","04","x","","2024-12"]]`, []string{"row 2", "empty value"}},
		{"negative", `[` + hdr + `,["5700","CHINA","04","x","-5","2024-12"]]`, []string{"row 2", "negative"}},
		{"infinite", `[` + hdr + `,["5700","CHINA","04","x","Inf","2024-12"]]`, []string{"row 2", "not a number"}},
		{"huge", `[` + hdr + `,["5700","CHINA","04","x","` + strings.Repeat("9", 400) + `","2024-12"]]`, []string{"row 2", "not a finite number"}},
		{"bad group", `[` + hdr + `,["5700","CHINA","11","x","1","2024-12"]]`, []string{"row 2", `HITECH "11"`}},
		{"bad code", `[` + hdr + `,["570","CHINA","04","x","1","2024-12"]]`, []string{"row 2", `CTY_CODE "570"`}},
		{"duplicate", `[` + hdr + `,` + ok + `,["5700","CHINA","4","x","2","2024-12"]]`, []string{"row 3", "duplicate row for CHINA (5700) × HITECH 04: first on row 2"}},
		{"two periods", `[` + hdr + `,` + ok + `,["5800","KOREA","04","x","2","2024-11"]]`, []string{"2 periods (2024-11, 2024-12)"}},
		{"repeated column disagrees", `[["CTY_CODE","CTY_NAME","HITECH","ALL_VAL_YR","CTY_CODE"],["5700","CHINA","04","1","5800"]]`, []string{"row 2", "CTY_CODE appears twice"}},
		{"trailing data", `[` + hdr + `,` + ok + `] [1]`, []string{"after the closing ']'"}},
		{"only aggregates", `[` + hdr + `,["-","TOTAL FOR ALL COUNTRIES","04","x","1","2024-12"],["0003","EUROPEAN UNION","04","x","1","2024-12"]]`, []string{"no country rows", "2 aggregate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := Parse("bad.json", []byte(tc.in))
			if err == nil {
				t.Fatalf("no error; table %+v", tab)
			}
			if tab != nil {
				t.Error("a table came back with the error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "bad.json") {
				t.Errorf("error does not start with the file name: %s", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Errorf("error is not a *census.Error: %T", err)
			}
		})
	}
}

func TestParseErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("[" + hdr)
	for range 50 {
		b.WriteString(`,["5700","CHINA","04","x","bad","2024-12"]`)
	}
	b.WriteString("]")
	_, err := Parse("many.json", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "too many errors") || strings.Count(err.Error(), "\n") > maxRowErrors+1 {
		t.Fatalf("%v", err)
	}
}

func TestCountriesTable(t *testing.T) {
	seenISO := map[string]string{}
	seenCensus := map[string]bool{}
	for _, c := range Countries {
		if len(c.Census) != 4 || !allDigits(c.Census) || c.Census[0] == '0' || c.Census == usCode {
			t.Errorf("Census code %q", c.Census)
		}
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code || c.Code == Reporter {
			t.Errorf("ISO code %q of %s", c.Code, c.Name)
		}
		if prev, dup := seenISO[c.Code]; dup {
			t.Errorf("ISO %s used by %s and %s: two Census codes would fold into one partner", c.Code, prev, c.Census)
		}
		if seenCensus[c.Census] {
			t.Errorf("Census code %s twice", c.Census)
		}
		seenISO[c.Code], seenCensus[c.Census] = c.Census, true
	}
	// the partners of the embedded baseline
	for census, iso := range map[string]string{"5700": "CN", "2010": "MX", "1220": "CA", "5830": "TW", "4190": "IE",
		"4280": "DE", "5880": "JP", "5800": "KR", "5520": "VN", "5570": "MY", "5490": "TH", "5330": "IN", "4210": "NL",
		"4120": "GB", "4279": "FR", "5081": "IL", "4759": "IT", "4419": "CH", "5590": "SG"} {
		if code, _ := Partner(census, ""); code != iso {
			t.Errorf("Partner(%s) = %s, want %s", census, code, iso)
		}
	}
	if code, name := Partner("5082", "GAZA STRIP"); code != "C5082" || name != "Gaza Strip" {
		t.Errorf("unmapped: %s %s", code, name)
	}
	if got := titleCase("KOREA, SOUTH"); got != "Korea, South" {
		t.Error(got)
	}
	if got := titleCase("SAINT KITTS AND NEVIS"); got != "Saint Kitts and Nevis" {
		t.Error(got)
	}
}
