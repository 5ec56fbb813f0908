package uncertainty

import (
	"math"
	"slices"
)

// orderFor rearranges col so that col[k] holds the value that sorting
// col would put there, for every k that Quantile7 reads for the
// probabilities ps (the two order statistics around each), and leaves the
// other positions in some order. A sort of every metric's 10,000 draws was
// an eighth of a Monte Carlo run; a selection of six order statistics is a
// few linear passes. When col holds a NaN or a negative zero, which
// compare equal to or unordered with other values so that which one lands
// at k is the sort's choice, it sorts col instead, so that the quantiles
// are bitwise those of the sort.
func orderFor(col []float64, ps ...float64) {
	n := len(col)
	if n == 0 {
		return
	}
	for _, v := range col {
		if v != v || v == 0 && math.Signbit(v) {
			slices.Sort(col)
			return
		}
	}
	var buf [6]int
	ks := buf[:0]
	for _, p := range ps {
		lo := int(math.Floor(float64(n-1) * p))
		ks = append(ks, min(lo, n-1), min(lo+1, n-1))
	}
	slices.Sort(ks)
	ks = slices.Compact(ks)
	start := 0
	for _, k := range ks {
		// The values at positions ≥ start are those of rank ≥ start.
		selectK(col[start:], k-start)
		start = k + 1
	}
}

// selectK rearranges a so that a[k] is its k-th smallest value, smaller
// or equal values before it and larger or equal ones after (a quickselect
// with a three-way partition, which many equal values do not slow).
func selectK(a []float64, k int) {
	for len(a) > 1 {
		// Median of three as the pivot.
		x, y, z := a[0], a[len(a)/2], a[len(a)-1]
		if x > y {
			x, y = y, x
		}
		if y > z {
			y = z
		}
		if x > y {
			y = x
		}
		pivot := y
		// a[:lt] < pivot, a[lt:i] == pivot, a[gt:] > pivot.
		lt, i, gt := 0, 0, len(a)
		for i < gt {
			switch v := a[i]; {
			case v < pivot:
				a[lt], a[i] = a[i], a[lt]
				lt++
				i++
			case v > pivot:
				gt--
				a[gt], a[i] = a[i], a[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			a = a[:lt]
		case k >= gt:
			a, k = a[gt:], k-gt
		default:
			return
		}
	}
}
