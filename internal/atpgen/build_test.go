package atpgen

import (
	"bytes"
	"math"
	"os"
	"slices"
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

// The baseline's default elasticities are those of the data pack's
// atp_group_elasticity_map.csv.
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
		sr, _ := tb.mustNum(r, "suggested_sr_import_elasticity")
		lr, _ := tb.mustNum(r, "suggested_lr_import_elasticity")
		sigma, _ := tb.mustNum(r, "suggested_between_source_sigma")
		if d.ImportDemandShortRun != sr || d.ImportDemand != lr || d.Substitution != sigma {
			t.Errorf("%s: defaults %+v, map σ %v η %v/%v", slug, d, sigma, lr, sr)
		}
	}
}
