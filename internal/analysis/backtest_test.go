package analysis

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every observed figure is read from seed 002, not computed: the file must
// hold exactly the numbers of the seed's text.
func TestObservedFiguresAreFromTheSeed(t *testing.T) {
	obs, err := readObserved()
	if err != nil {
		t.Fatal(err)
	}
	// shared/ stands beside the repository on developers' machines and in CI.
	seed, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "002_ceae081955b9c571.txt"))
	if err != nil {
		t.Skip("shared seed not available:", err)
	}
	for _, o := range obs {
		s := strconv.FormatFloat(math.Abs(o.value), 'f', -1, 64)
		if !strings.Contains(string(seed), s) {
			t.Errorf("%s %s %s = %v: %q not in seed 002", o.measure, o.partner, o.category, o.value, s)
		}
	}
}
