package scenario

import (
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// The names students type: the short elasticity names of the web page and
// sweep, and everyday words for ATP groups, get the file's spelling as a
// suggestion.
func TestStudentNames(t *testing.T) {
	b := baseline.ATP2024()
	for _, tc := range []struct{ src, want string }{
		{"name = \"x\"\n[elasticities]\nsigma = 5\n", `t.toml:3: unknown key "sigma" (known keys here: category, domestic_substitution, domestic_supply, export_supply, exporter, import_demand, substitution); did you mean "substitution"?`},
		{"name = \"x\"\n[elasticities]\neta = 1\n", `did you mean "import_demand"?`},
		{"name = \"x\"\n[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"10%\"\ncategories = [\"semiconductors\"]\n", `unknown category "semiconductors"`},
		{"name = \"x\"\n[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"10%\"\ncategories = [\"semiconductors\"]\n", `did you mean "electronics"?`},
		{"name = \"x\"\n[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"10%\"\ncategories = [\"jet engines\"]\n", `did you mean "aerospace"?`},
	} {
		_, err := Validate([]byte(tc.src), "t.toml", b)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.src, err, tc.want)
		}
	}
	// A word suggests; it is not accepted as the category.
	if _, ok := b.Category("semiconductors"); ok {
		t.Error(`"semiconductors" is accepted as a category`)
	}
}
