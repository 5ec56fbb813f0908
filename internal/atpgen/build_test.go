package atpgen

import (
	"bytes"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// The embedded baseline must be exactly what the generator makes: run
// `go generate ./model/baseline` after changing anything here.
func TestGenerateMatchesEmbeddedFile(t *testing.T) {
	got, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../model/baseline/atp2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("model/baseline/atp2024.csv is stale: run go generate ./model/baseline")
	}
	again, _ := Generate()
	if !bytes.Equal(got, again) {
		t.Fatal("Generate is not deterministic")
	}
}

func TestBuildFitsAndMetadata(t *testing.T) {
	e, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	if e.ExportSweeps > 1000 || e.ImportSweeps > 1000 {
		t.Errorf("slow convergence: %d and %d sweeps", e.ExportSweeps, e.ImportSweeps)
	}
	// Group totals: exact in the fit, within the cents of rounding after it.
	for k, g := range e.Groups {
		var x, m int64
		for i := range e.Partners {
			x += e.Exports[i][k]
			m += e.Imports[i][k]
		}
		if math.Abs(float64(x)/100-e.GroupExports[k]) > 0.5 || math.Abs(float64(m)/100-e.GroupImports[k]) > 0.5 {
			t.Errorf("%s: exports %d (want %.2f), imports %d (want %.2f) cents", g.Slug, x, e.GroupExports[k], m, e.GroupImports[k])
		}
	}
	b := baseline.ATP2024()
	for k, g := range e.Groups {
		c := b.Categories[k]
		if c.Slug != g.Slug || c.Name != g.Name || !slices.Equal(c.Aliases, []string{g.HITECH}) {
			t.Errorf("group %+v, baseline category %+v", g, c)
		}
	}
	for _, p := range e.Partners {
		if b.CountryName(p.Code) != p.Name {
			t.Errorf("partner %s: %q in inputs, %q in the baseline", p.Code, p.Name, b.CountryName(p.Code))
		}
	}
}

// The baseline's elasticities keep what the data pack's
// atp_group_elasticity_map.csv derived, in its new roles (docs/DATA.md,
// "Default elasticities"): the map's between-source σ is either the new
// central 5 or, for the groups with a GTAP value (2 × ESUBD), the top of
// the σ range; its long-run import elasticity is the long-run η, except
// for biotech, where the map's fallback 2.0 (BLPN's long-run midpoint, a
// domestic-vs-import elasticity) is now σ_D and η is Hauk's significant
// 325414 = 3.05 from the same row of the map.
func TestDefaultsMatchElasticityMap(t *testing.T) {
	tb, err := readTable("atp_group_elasticity_map.csv")
	if err != nil {
		t.Fatal(err)
	}
	b := baseline.ATP2024()
	for _, r := range tb.rows {
		slug, ok := b.Category(tb.str(r, "hitech_code"))
		if !ok {
			t.Fatalf("no category for %s", tb.str(r, "hitech_code"))
		}
		d := b.Defaults[slug]
		lr, _ := tb.mustNum(r, "suggested_lr_import_elasticity")
		sigma, _ := tb.mustNum(r, "suggested_between_source_sigma")
		if sigma != d.Substitution && sigma != d.SubstitutionHigh {
			t.Errorf("%s: map σ %v is neither the central %v nor the high %v", slug, sigma, d.Substitution, d.SubstitutionHigh)
		}
		switch {
		case slug == "biotech":
			if d.ImportDemand != 3.05 || d.DomesticSubstitution != lr || !strings.Contains(tb.str(r, "hauk2012_naics_proxies_(|eps|; flag)"), "325414=3.05") {
				t.Errorf("biotech: η %v, σ_D %v; map %v", d.ImportDemand, d.DomesticSubstitution, lr)
			}
		case d.ImportDemand != lr:
			t.Errorf("%s: η %v, map %v", slug, d.ImportDemand, lr)
		}
	}
}
