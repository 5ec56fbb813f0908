package baseline

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const elasticityHeader = "group,parameter,horizon,low,central,high,central_basis,range_basis\n"

// fullGroup is a valid set of eight rows for group g.
func fullGroup(g string) string {
	var b strings.Builder
	for _, p := range elasticityParams {
		for _, h := range elasticityHorizons {
			b.WriteString(g + "," + p + "," + h + ",1,2,+Inf,a source,a rule\n")
		}
	}
	return b.String()
}

func TestReadElasticities(t *testing.T) {
	m, err := ReadElasticities(strings.NewReader(elasticityHeader+fullGroup("x")+fullGroup(FallbackGroup)), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	d := m["x"]
	if d.Substitution != 2 || d.SubstitutionShortRunLow != 1 || !math.IsInf(d.ExportSupplyShortRunHigh, 1) || d.DomesticSubstitution != 2 || d.ImportDemandShortRun != 2 {
		t.Errorf("parsed %+v", d)
	}
	if !strings.Contains(d.Source, "σ_D short-run 2: a source") || !strings.Contains(d.RangeSource, "ε long-run 1–+Inf: a rule") {
		t.Errorf("sources %q / %q", d.Source, d.RangeSource)
	}
	if _, ok := m[FallbackGroup]; !ok {
		t.Error("no fallback")
	}
}

func TestReadElasticitiesErrors(t *testing.T) {
	row := func(s string) string { return elasticityHeader + s }
	for _, c := range []struct{ in, want string }{
		{"", "t.csv: empty file"},
		{"group,param\n", "t.csv:1: want the header"},
		{row("x,sigma,long-run,1,2,3,a,b\n"), `t.csv:2: unknown parameter "sigma"`},
		{row("x,substitution,longrun,1,2,3,a,b\n"), `t.csv:2: unknown horizon "longrun"`},
		{row("x,substitution,long-run,1,two,3,a,b\n"), `t.csv:2: central "two"`},
		{row("x,substitution,long-run,0,2,3,a,b\n"), `t.csv:2: low "0"`},
		{row("x,substitution,long-run,1,NaN,3,a,b\n"), `t.csv:2: central "NaN"`},
		{row("x,substitution,long-run,3,2,1,a,b\n"), "t.csv:2: want low ≤ central ≤ high"},
		{row("x,substitution,long-run,1,2,3,,b\n"), "t.csv:2: central_basis and range_basis"},
		{row(",substitution,long-run,1,2,3,a,b\n"), "t.csv:2: empty group"},
		{row(fullGroup("x") + "x,substitution,long-run,1,2,3,a,b\n"), "t.csv:10: x substitution long-run appears twice (first on line 2)"},
		{row("x,substitution,long-run,1,2,3,a,b\n"), "t.csv: group x has no substitution short-run row"},
		{row("x,substitution\n"), "t.csv"},
	} {
		_, err := ReadElasticities(strings.NewReader(c.in), "t.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}

// The embedded table covers every ATP group and the fallback, and its
// ranges are ordered at both horizons.
func TestATPElasticityTable(t *testing.T) {
	m, err := parseATPElasticities()
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != len(atpGroups)+1 {
		t.Errorf("%d groups in the table, want %d and the fallback", len(m), len(atpGroups))
	}
	for _, g := range atpGroups {
		if _, ok := m[g.slug]; !ok {
			t.Errorf("no row for %s", g.slug)
		}
	}
	for g, d := range m {
		for _, key := range elasticityParams {
			for _, sr := range []bool{false, true} {
				lo, _ := d.Preset("low", key, sr)
				c, _ := d.Preset("central", key, sr)
				hi, _ := d.Preset("high", key, sr)
				if !(0 < lo && lo <= c && c <= hi) {
					t.Errorf("%s %s short-run=%v: %v %v %v", g, key, sr, lo, c, hi)
				}
			}
		}
	}
}

func TestPresetShortRunRange(t *testing.T) {
	d := Defaults{Substitution: 5, SubstitutionLow: 2.5, SubstitutionHigh: 8.8,
		SubstitutionShortRun: 2.5, SubstitutionShortRunLow: 1.25, SubstitutionShortRunHigh: 4.4}
	for _, c := range []struct {
		level string
		sr    bool
		want  float64
	}{{"low", false, 2.5}, {"high", false, 8.8}, {"central", true, 2.5}, {"low", true, 1.25}, {"high", true, 4.4}} {
		if v, err := d.Preset(c.level, "substitution", c.sr); err != nil || v != c.want {
			t.Errorf("%s short-run=%v: %v, %v; want %v", c.level, c.sr, v, err, c.want)
		}
	}
	// A user baseline with only long-run ranges uses them for short-run presets.
	d.SubstitutionShortRunLow, d.SubstitutionShortRunHigh = 0, 0
	if v, _ := d.Preset("high", "substitution", true); v != 8.8 {
		t.Errorf("fallback to the long-run range: %v", v)
	}
	if _, err := (Defaults{}).Preset("central", "domestic_substitution", false); err == nil {
		t.Error("undocumented σ_D: no error")
	}
}

func FuzzReadElasticities(f *testing.F) {
	f.Add(elasticityHeader + fullGroup("x"))
	f.Add(atpElasticitiesCSV)
	f.Add(elasticityHeader + "x,substitution,long-run,1,2,3,a,b\n\"")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ReadElasticities(strings.NewReader(s), "f.csv")
		if err == nil && m == nil {
			t.Error("nil table without an error")
		}
	})
}

// The σ low of each group follows its rule from the estimates file:
// min(2.5, the median of Broda & Weinstein's US σ over the group's HS
// 3-digit headings), to two decimals.
func TestSigmaLowFromBrodaWeinstein(t *testing.T) {
	f, err := os.Open("elasticity_estimates.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byGroup := map[string][]float64{}
	for _, r := range rows[1:] {
		if !strings.HasPrefix(r[0], "BW2006-HS") {
			continue
		}
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatalf("%s: %v", r[0], err)
		}
		for _, g := range strings.Split(strings.TrimPrefix(r[7], "σ long-run low of "), ", ") {
			byGroup[g] = append(byGroup[g], v)
		}
	}
	b := ATP2024()
	for _, g := range atpGroups {
		xs := byGroup[g.slug]
		if len(xs) == 0 {
			t.Errorf("%s: no Broda–Weinstein heading", g.slug)
			continue
		}
		slices.Sort(xs)
		med := xs[len(xs)/2]
		if len(xs)%2 == 0 {
			med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
		}
		want := math.Min(2.5, math.Round(med*100)/100)
		if got := b.Defaults[g.slug].SubstitutionLow; math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: σ low %v, rule gives %v (median %v of %v)", g.slug, got, want, med, xs)
		}
	}
}
