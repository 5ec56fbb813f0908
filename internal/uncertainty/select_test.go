package uncertainty

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// orderFor gives the quantiles of a sort, bitwise: random values, many
// equal values, sorted and reversed input, NaN and signed zeros, every
// length up to 40 and a few large ones.
func TestOrderForMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ps := []float64{0.05, 0.5, 0.95}
	gens := map[string]func(i int) float64{
		"normal":   func(int) float64 { return rng.NormFloat64() },
		"few":      func(int) float64 { return float64(rng.IntN(3)) },
		"equal":    func(int) float64 { return 1.5 },
		"sorted":   func(i int) float64 { return float64(i) },
		"reversed": func(i int) float64 { return -float64(i) },
		"zeros":    func(i int) float64 { return []float64{0, math.Copysign(0, -1), 1}[rng.IntN(3)] },
		"nan":      func(i int) float64 { return []float64{math.NaN(), 1, 2, -1}[rng.IntN(4)] },
	}
	for name, gen := range gens {
		for _, n := range append(slices.Collect(func(yield func(int) bool) {
			for n := 1; n <= 40; n++ {
				if !yield(n) {
					return
				}
			}
		}), 1000, 9999, 10000) {
			col := make([]float64, n)
			for i := range col {
				col[i] = gen(i)
			}
			sorted := slices.Clone(col)
			slices.Sort(sorted)
			orderFor(col, ps...)
			for _, p := range ps {
				got, want := Quantile7(col, p), Quantile7(sorted, p)
				if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("%s n=%d p=%v: %v, the sort gives %v", name, n, p, got, want)
				}
			}
			slices.Sort(col)
			if !slices.EqualFunc(col, sorted, func(a, b float64) bool { return a == b || a != a && b != b }) {
				t.Fatalf("%s n=%d: orderFor lost or changed values", name, n)
			}
		}
	}
}
