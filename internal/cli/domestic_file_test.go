package cli

import (
	"encoding/json"
	"math"
	"path/filepath"
	"testing"
)

// A baseline file's η is the model's: the elasticity of total demand in a
// market with domestic sales, even when its categories borrow the
// embedded baseline's defaults (which are import-demand estimates and are
// converted only with demand_elasticity = "imports"). With one import
// source and ε = ε_D = ∞ the run then has the model's closed form:
// P̂_m = (θ_d + (1−θ_d) π̂^(1−σ_D))^(1/(1−σ_D)), q̂_imp = P̂_m^(σ_D−η) π̂^(−σ_D).
func TestBaselineFileTotalDemand(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "flows.csv")
	write(t, csv, "importer,exporter,category,value_musd,tariff_pct\nUS,US,ict,300,0\nUS,CN,ict,100,0\n")
	const eta, sigD = 1.2, 2.0
	for _, tc := range []struct {
		demand string
		eta    float64 // the η the market uses
	}{
		{"", eta},
		{"total", eta},
		{"imports", max(0, (eta-0.75*sigD)/(1-0.75))}, // θ_d = 300/400
	} {
		sc := filepath.Join(dir, "s.toml")
		model := ""
		if tc.demand != "" {
			model = "[model]\ndemand_elasticity = \"" + tc.demand + "\"\n"
		}
		write(t, sc, "name = \"one source\"\n"+model+"[elasticities]\nsubstitution = 4\nimport_demand = 1.2\nexport_supply = \"inf\"\n"+
			"domestic_substitution = 2\ndomestic_supply = \"inf\"\n[[tariff]]\nby = \"US\"\non = \"CN\"\nrate = \"25%\"\n")
		out, stderr, code := runCLI(t, "run", "--format", "json", "--no-charts", "-q", "--out", filepath.Join(dir, "out"), "--baseline", csv, sc)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", tc.demand, code, stderr)
		}
		var doc struct {
			Flows []struct {
				Importer string  `json:"importer"`
				Exporter string  `json:"exporter"`
				Value1   float64 `json:"value1"`
			} `json:"flows"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		const pi, thD = 1.25, 0.75
		P := math.Pow(thD+(1-thD)*math.Pow(pi, 1-sigD), 1/(1-sigD))
		wantImp := 100 * math.Pow(P, sigD-tc.eta) * math.Pow(pi, -sigD)
		wantDom := 300 * math.Pow(P, sigD-tc.eta)
		for _, f := range doc.Flows {
			want := wantImp
			if f.Exporter == "US" {
				want = wantDom
			}
			if math.Abs(f.Value1-want) > 1e-9*want {
				t.Errorf("demand_elasticity %q: %s←%s value1 %v, want %v", tc.demand, f.Importer, f.Exporter, f.Value1, want)
			}
		}
		if len(doc.Flows) != 2 {
			t.Errorf("%d flows", len(doc.Flows))
		}
	}
}
