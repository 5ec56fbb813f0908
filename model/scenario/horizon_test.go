package scenario

import (
	"fmt"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// horizon = "short-run" takes σ, σ_D and η from the short-run columns of
// model/baseline/atp_elasticities.csv, each below its long-run value.
func TestShortRunLowersSigmas(t *testing.T) {
	b := baseline.ATP2024()
	src := "name = \"x\"\n[model]\nhorizon = %q\n[[tariff]]\nby = \"US\"\non = \"MX\"\nrate = \"25%%\"\n"
	params := func(h string) map[string][3]float64 {
		s := mustParse(t, fmt.Sprintf(src, h))
		p, err := s.Params(b)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][3]float64{}
		for c, e := range p.Category {
			out[c] = [3]float64{e.Substitution, e.DomesticSubstitution, e.ImportDemand}
		}
		return out
	}
	long, short := params("long-run"), params("short-run")
	if len(long) != len(b.Defaults) {
		t.Fatalf("%d categories resolved, the table has %d", len(long), len(b.Defaults))
	}
	for c, d := range b.Defaults {
		l, s := long[c], short[c]
		want := [3]float64{d.SubstitutionShortRun, d.DomesticSubstitutionShortRun, d.ImportDemandShortRun}
		if s != want {
			t.Errorf("%s short-run σ, σ_D, η = %v, want the table's %v", c, s, want)
		}
		for i, name := range []string{"σ", "σ_D", "η"} {
			if !(s[i] < l[i]) {
				t.Errorf("%s: short-run %s = %v is not below long-run %v", c, name, s[i], l[i])
			}
		}
	}
	// The anchors of docs/DATA.md: σ 5 → 2.5, σ_D 2 → 0.76 (BLPN at one year).
	if ict := short["ict"]; ict[0] != 2.5 || ict[1] != 0.76 || long["ict"][0] != 5 || long["ict"][1] != 2 {
		t.Errorf("ict long %v short %v: want σ 5 → 2.5 and σ_D 2 → 0.76", long["ict"], ict)
	}
}
