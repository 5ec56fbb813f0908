//go:build ignore

// generate writes the SYNTHETIC test fixtures exports_2024-12.json and
// imports_2024-12.json in the shape of the Census intltrade hitech API.
// The numbers are invented (rough magnitudes only); see README.md.
//
//	cd internal/census/testdata && go run generate.go
package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strings"
)

type country struct {
	code, name string
	imp, exp   float64 // billion USD, invented
	groups     string  // which groups trade: a digit per group, "" = all
}

var countries = []country{
	{"5700", "CHINA", 120, 40, ""},
	{"2010", "MEXICO", 95, 60, ""},
	{"5830", "TAIWAN", 85, 25, "123456789"},
	{"4190", "IRELAND", 55, 8, "12345678"},
	{"1220", "CANADA", 25, 55, ""},
	{"4280", "GERMANY", 30, 20, ""},
	{"5880", "JAPAN", 25, 25, ""},
	{"5800", "KOREA, SOUTH", 30, 25, ""},
	{"5520", "VIETNAM", 45, 3, "1345678"},
	{"5570", "MALAYSIA", 35, 8, "2345678"},
	{"5490", "THAILAND", 25, 4, "2345678"},
	{"5330", "INDIA", 12, 10, "12345678"},
	{"4210", "NETHERLANDS", 10, 22, ""},
	{"4120", "UNITED KINGDOM", 15, 20, ""},
	{"4279", "FRANCE", 14, 15, ""},
	{"5081", "ISRAEL", 8, 6, "123456789"},
	{"4759", "ITALY", 8, 5, "12345678"},
	{"4419", "SWITZERLAND", 18, 6, "12345678"},
	{"5590", "SINGAPORE", 12, 15, "12345678"},
	{"5820", "HONG KONG", 2, 12, "2345"},
	{"3510", "BRAZIL", 2, 9, "1245678"},
	{"6021", "AUSTRALIA", 2, 9, "124567890"},
	{"5650", "PHILIPPINES", 9, 3, "345"},
	{"4231", "BELGIUM", 6, 6, "1234678"},
	{"4700", "SPAIN", 3, 3, "1234678"},
	{"4010", "SWEDEN", 4, 3, "12345689"},
	{"5600", "INDONESIA", 3, 1, "2345"},
	{"4550", "POLAND", 1.5, 1.5, "245678"},
	{"4330", "AUSTRIA", 3, 1.5, "12345678"},
	{"7910", "SOUTH AFRICA", 0.5, 0.8, "2478"},
	{"5082", "GAZA STRIP", 0.000004, 0.0000015, "4"},
}

// aggregates and their members in this fixture (memberships simplified).
var aggregates = []struct{ code, name, members string }{
	{"-", "TOTAL FOR ALL COUNTRIES", "*"},
	{"0003", "EUROPEAN UNION", "4190 4280 4210 4279 4759 4231 4700 4010 4550 4330"},
	{"0014", "PACIFIC RIM COUNTRIES", "5700 5830 5880 5800 5520 5570 5490 5590 5820 5650 5600 6021"},
	{"0017", "CAFTA-DR", ""},
	{"0020", "USMCA (NAFTA)", "2010 1220"},
	{"0021", "TWENTY LATIN AMERICAN REPUBLICS", "2010 3510"},
	{"0022", "OECD", "2010 4190 1220 4280 5880 5800 4210 4120 4279 5081 4759 4419 6021 4231 4700 4010 4550 4330"},
	{"0023", "NATO", "1220 4280 4210 4120 4279 4759 4231 4700 4010 4550"},
	{"0025", "EURO AREA", "4190 4280 4210 4279 4759 4231 4700 4330"},
	{"0026", "APEC", "5700 2010 5830 1220 5880 5800 5520 5570 5490 5590 5820 6021 5650 5600"},
	{"0027", "ASEAN", "5520 5570 5490 5590 5650 5600"},
	{"1XXX", "NORTH AMERICA", "1220"},
	{"2XXX", "CENTRAL AMERICA", "2010"},
	{"3XXX", "SOUTH AMERICA", "3510"},
	{"4XXX", "EUROPE", "4190 4280 4210 4120 4279 4759 4419 4231 4700 4010 4550 4330"},
	{"5XXX", "ASIA", "5700 5830 5880 5800 5520 5570 5490 5330 5081 5590 5820 5650 5600 5082"},
	{"6XXX", "AUSTRALIA AND OCEANIA", "6021"},
	{"7XXX", "AFRICA", "7910"},
}

var groupDesc = []string{"BIOTECHNOLOGY", "LIFE SCIENCE", "OPTO-ELECTRONICS", "INFORMATION & COMMUNICATIONS",
	"ELECTRONICS", "FLEXIBLE MANUFACTURING", "ADVANCED MATERIALS", "AEROSPACE", "WEAPONS", "NUCLEAR TECHNOLOGY"}

// base shares of ATP trade by group, roughly: ICT and aerospace dominate.
var baseShare = []float64{0.05, 0.14, 0.03, 0.40, 0.14, 0.05, 0.01, 0.16, 0.01, 0.01}

func main() {
	rng := rand.New(rand.NewSource(2024))
	// values[dir][code][group] in dollars; group 0 = "00" non-ATP
	values := [2]map[string][11]int64{{}, {}}
	for _, c := range countries {
		for dir, total := range []float64{c.exp, c.imp} {
			var v [11]int64
			var w [10]float64
			sum := 0.0
			for g := range 10 {
				if c.groups != "" && !strings.ContainsRune(c.groups, rune('0'+(g+1)%10)) {
					continue
				}
				w[g] = baseShare[g] * (0.5 + rng.Float64())
				sum += w[g]
			}
			for g := range 10 {
				if w[g] > 0 {
					v[g+1] = int64(total * 1e9 * w[g] / sum)
				}
			}
			v[0] = int64(total * 1e9 * (3 + rng.Float64()*3)) // non-ATP goods
			values[dir][c.code] = v
		}
	}
	// A few zero cells, as the API reports groups with no trade that month.
	for _, z := range []struct {
		dir  int
		code string
		g    int
	}{{0, "5830", 10}, {1, "4190", 10}, {1, "5650", 6}} {
		v := values[z.dir][z.code]
		v[z.g] = 0
		values[z.dir][z.code] = v
	}

	type file struct {
		name   string
		header []string
		order  []string // columns in header order
	}
	files := []file{
		{"exports_2024-12.json", []string{"CTY_CODE", "CTY_NAME", "HITECH", "HITECH_DESC", "ALL_VAL_YR", "time"}, nil},
		// Columns permuted on purpose: Parse must find them by name.
		{"imports_2024-12.json", []string{"CTY_NAME", "GEN_VAL_YR", "HITECH", "time", "HITECH_DESC", "CTY_CODE"}, nil},
	}
	for dir, f := range files {
		var rows [][]string
		emit := func(code, name string, v [11]int64, zeros bool) {
			var atp int64
			for g := 1; g <= 10; g++ {
				atp += v[g]
			}
			cells := func(hitech, desc string, val int64) []string {
				m := map[string]string{"CTY_CODE": code, "CTY_NAME": name, "HITECH": hitech, "HITECH_DESC": desc,
					"ALL_VAL_YR": fmt.Sprint(val), "GEN_VAL_YR": fmt.Sprint(val), "time": "2024-12"}
				var r []string
				for _, h := range f.header {
					r = append(r, m[h])
				}
				return r
			}
			rows = append(rows, cells("", "TOTAL FOR ALL COMMODITIES", atp+v[0]))
			rows = append(rows, cells("00", "NOT ADVANCED TECHNOLOGY [00]", v[0]))
			for g := 1; g <= 10; g++ {
				if v[g] == 0 && !zeros {
					continue
				}
				rows = append(rows, cells(fmt.Sprintf("%02d", g), fmt.Sprintf("%s [%02d]", groupDesc[g-1], g), v[g]))
			}
		}
		for _, a := range aggregates {
			var v [11]int64
			for _, c := range countries {
				if a.members == "*" || slices.Contains(strings.Fields(a.members), c.code) {
					cv := values[dir][c.code]
					for g := range v {
						v[g] += cv[g]
					}
				}
			}
			emit(a.code, a.name, v, false)
		}
		for _, c := range countries {
			v := values[dir][c.code]
			// keep the zero cells set above as explicit "0" rows
			emit(c.code, c.name, v, false)
			if c.code == "5830" || c.code == "4190" || c.code == "5650" {
				for g := 1; g <= 10; g++ {
					if v[g] == 0 && (c.code != "5650" || g == 6) && (c.code == "5650" || g == 10) {
						m := map[string]string{"CTY_CODE": c.code, "CTY_NAME": c.name, "HITECH": fmt.Sprintf("%02d", g),
							"HITECH_DESC": fmt.Sprintf("%s [%02d]", groupDesc[g-1], g), "ALL_VAL_YR": "0", "GEN_VAL_YR": "0", "time": "2024-12"}
						var r []string
						for _, h := range f.header {
							r = append(r, m[h])
						}
						rows = append(rows, r)
					}
				}
			}
		}
		var b strings.Builder
		h, _ := json.Marshal(f.header)
		b.WriteString("[" + string(h))
		for _, r := range rows {
			j, _ := json.Marshal(r)
			b.WriteString(",\n" + string(j))
		}
		b.WriteString("]")
		if err := os.WriteFile(f.name, []byte(b.String()), 0o644); err != nil {
			panic(err)
		}
	}
}
