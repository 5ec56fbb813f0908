package model

import (
	"cmp"
	"math/bits"
	"slices"
)

// codes numbers the names of a problem's flows in sorted order, so that
// ordering and grouping compare integers and strings are hashed once per
// flow: country (importers and exporters together) and category codes
// are ranks among the sorted distinct names.
type codes struct {
	country, category []string // sorted
	imp, exp, cat     []int32  // per flow of Problem.Flows
}

func newCodes(flows []Flow) *codes {
	n := len(flows)
	c := &codes{imp: make([]int32, n), exp: make([]int32, n), cat: make([]int32, n)}
	countries := map[string]int32{}
	categories := map[string]int32{}
	// Raw numbers in order of first appearance; consecutive flows mostly
	// share an importer and a category, so the last name is tried first.
	var lastImp, lastCat string
	var lastImpCode, lastCatCode int32 = -1, -1
	intern := func(m map[string]int32, names *[]string, s string) int32 {
		if v, ok := m[s]; ok {
			return v
		}
		v := int32(len(*names))
		m[s] = v
		*names = append(*names, s)
		return v
	}
	for i := range flows {
		f := &flows[i]
		if lastImpCode < 0 || f.Importer != lastImp {
			lastImp, lastImpCode = f.Importer, intern(countries, &c.country, f.Importer)
		}
		c.imp[i] = lastImpCode
		c.exp[i] = intern(countries, &c.country, f.Exporter)
		if lastCatCode < 0 || f.Category != lastCat {
			lastCat, lastCatCode = f.Category, intern(categories, &c.category, f.Category)
		}
		c.cat[i] = lastCatCode
	}
	rankOf := func(names []string) []int32 {
		idx := make([]int32, len(names))
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(names[a], names[b]) })
		sorted := make([]string, len(names))
		rank := make([]int32, len(names))
		for r, i := range idx {
			rank[i] = int32(r)
			sorted[r] = names[i]
		}
		copy(names, sorted)
		return rank
	}
	cr, kr := rankOf(c.country), rankOf(c.category)
	for i := range n {
		c.imp[i], c.exp[i], c.cat[i] = cr[c.imp[i]], cr[c.exp[i]], kr[c.cat[i]]
	}
	return c
}

// order returns the flows' indices sorted by category, importer, domestic
// last, exporter (dom tells domestic flows).
func (c *codes) order(dom []bool) []int {
	n := len(c.imp)
	order := make([]int, n)
	cb := bits.Len(uint(len(c.country)))
	kb := bits.Len(uint(len(c.category)))
	ib := bits.Len(uint(n))
	if kb+2*cb+1+ib <= 64 {
		// One integer per flow holds its key and its index.
		keys := make([]uint64, n)
		for i := range n {
			k := uint64(c.cat[i])<<(2*cb+1) | uint64(c.imp[i])<<(cb+1) | uint64(c.exp[i])
			if dom[i] {
				k |= 1 << cb
			}
			keys[i] = k<<ib | uint64(i)
		}
		slices.Sort(keys)
		mask := uint64(1)<<ib - 1
		for j, k := range keys {
			order[j] = int(k & mask)
		}
		return order
	}
	for i := range order {
		order[i] = i
	}
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(c.cat[a], c.cat[b]), cmp.Compare(c.imp[a], c.imp[b]),
			cmp.Compare(b2i(dom[a]), b2i(dom[b])), cmp.Compare(c.exp[a], c.exp[b]))
	})
	return order
}
