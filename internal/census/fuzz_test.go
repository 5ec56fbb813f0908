package census

import (
	"bytes"
	"math"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that what it accepts
// is consistent, and that building a baseline from it does not panic.
// Run it with
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 30s -fuzzminimizetime 1x ./internal/census
//
// (the default minimisation of each new input stalls the run for seconds).
func FuzzParse(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input, which is slow
	// for the whole 50 kB fixtures, so seed with their first rows.
	for _, name := range []string{"exports_2024-12.json", "imports_2024-12.json"} {
		lines := bytes.SplitAfter(readFixture(f, name), []byte("\n"))
		head := bytes.Join(lines[:40], nil)
		f.Add(append(bytes.TrimRight(head, ",\n"), ']'))
	}
	for _, s := range []string{
		"", "[]", "[[]]", "{}", "<html>", `[` + hdr + `]`,
		`[` + hdr + `,["5700","CHINA","04","x","1000","2024-12"]]`,
		`[["CTY_CODE","CTY_NAME","HITECH","GEN_VAL_YR","CTY_CODE"],["5700","CHINA","4","1.5","5700"],["0003","EU","04","1",""]]`,
		`[["CTY_CODE","CTY_NAME","HITECH","ALL_VAL_YR","YEAR","MONTH"],[1220,null,"10","9","2024","12"]]`,
		`[` + hdr + `,["5700","CHINA","04","x","1e5","2024-12"]`,
	} {
		f.Add([]byte(s))
	}
	imports, err := Parse("imports", readFixture(f, "imports_2024-12.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Parse("fuzz.json", data)
		if err != nil {
			if tab != nil {
				t.Fatal("table and error")
			}
			return
		}
		if len(tab.Rows) == 0 || (tab.Direction != Exports && tab.Direction != Imports) {
			t.Fatalf("accepted an empty or undirected table: %+v", tab)
		}
		seen := map[[2]string]bool{}
		for _, r := range tab.Rows {
			if !(r.Value >= 0) || math.IsInf(r.Value, 0) {
				t.Fatalf("value %v", r.Value)
			}
			if _, ok := groupIndex(r.Group); !ok || len(r.Census) != 4 || aggregateReason(r.Census, r.Name) != "" {
				t.Fatalf("bad row %+v", r)
			}
			k := [2]string{r.Census, r.Group}
			if seen[k] {
				t.Fatalf("duplicate %v", k)
			}
			seen[k] = true
		}
		if tab.Direction == Exports {
			b, err := Build(tab, imports, Options{Year: 2024, TopN: 3, USShare: func(string, string) float64 { return 0.5 }})
			if err == nil {
				for _, r := range b.Rows {
					if !(r.Value > 0) || math.IsInf(r.Value, 0) {
						t.Fatalf("flow %+v", r)
					}
				}
			}
		}
	})
}
