package model

import (
	"cmp"
	"slices"
)

// layout holds the orderings of a Result that depend only on the flows, so
// that repeated solves (Monte Carlo draws) do not sort or hash strings.
// Its per-flow arrays are indexed by ordered flow (see system.fOrig).
type layout struct {
	marketOrder []int32 // markets in result order (importer, category)
	marketRank  []int32 // per market: its position in marketOrder
	// Producers (exporter × category) in result order; domestic flows
	// have none (prodOf −1).
	prodExporter, prodCategory []string
	prodOf                     []int32 // per ordered flow
	// Countries in result order.
	countries         []string
	flowImp, flowExp  []int32 // per ordered flow: country index
	marketCountry     []int32 // per market: the importer's country index
	producerCountry   []int32 // per producer: the exporter's country index
	producerFirstFlow []int32 // per producer: one of its ordered flows
}

func newLayout(s *system) *layout {
	n := len(s.fOrig)
	cd := s.codes
	nc, nk := len(cd.country), len(cd.category)
	l := &layout{countries: cd.country}
	l.marketOrder = make([]int32, len(s.mImport))
	for m := range l.marketOrder {
		l.marketOrder[m] = int32(m)
	}
	slices.SortFunc(l.marketOrder, func(a, b int32) int {
		return cmp.Or(cmp.Compare(s.mImpCode[a], s.mImpCode[b]), cmp.Compare(s.mCatCode[a], s.mCatCode[b]))
	})
	l.marketRank = make([]int32, len(l.marketOrder))
	for r, m := range l.marketOrder {
		l.marketRank[m] = int32(r)
	}

	// Producers (exporter × category) in order of their codes, which is
	// the order of their names.
	key := func(j int) int { i := s.fOrig[j]; return int(cd.exp[i])*nk + int(cd.cat[i]) }
	var prodOfKey func(k int) int32
	var keys []int
	if nc*nk <= 1<<22 {
		dense := make([]int32, nc*nk)
		for j := range n {
			if !s.isDomesticFlow(j) {
				dense[key(j)] = 1
			}
		}
		var p int32
		for k, v := range dense {
			if v != 0 {
				dense[k] = p
				keys = append(keys, k)
				p++
			}
		}
		prodOfKey = func(k int) int32 { return dense[k] }
	} else {
		seen := map[int]int32{}
		for j := range n {
			if !s.isDomesticFlow(j) {
				if _, ok := seen[key(j)]; !ok {
					seen[key(j)] = 0
					keys = append(keys, key(j))
				}
			}
		}
		slices.Sort(keys)
		for p, k := range keys {
			seen[k] = int32(p)
		}
		prodOfKey = func(k int) int32 { return seen[k] }
	}
	l.prodExporter, l.prodCategory = make([]string, len(keys)), make([]string, len(keys))
	l.producerCountry = make([]int32, len(keys))
	for p, k := range keys {
		l.prodExporter[p], l.prodCategory[p] = cd.country[k/nk], cd.category[k%nk]
		l.producerCountry[p] = int32(k / nk)
	}
	l.prodOf = make([]int32, n)
	l.producerFirstFlow = make([]int32, len(keys))
	for j := n - 1; j >= 0; j-- {
		if s.isDomesticFlow(j) {
			l.prodOf[j] = -1
			continue
		}
		l.prodOf[j] = prodOfKey(key(j))
		l.producerFirstFlow[l.prodOf[j]] = int32(j)
	}

	l.flowImp, l.flowExp = make([]int32, n), make([]int32, n)
	for j := range n {
		i := s.fOrig[j]
		l.flowImp[j], l.flowExp[j] = cd.imp[i], cd.exp[i]
	}
	l.marketCountry = make([]int32, len(s.mImport))
	copy(l.marketCountry, s.mImpCode)
	return l
}

// isDomesticFlow reports whether ordered flow j is domestic sales.
func (s *system) isDomesticFlow(j int) bool {
	v := s.fVar[j]
	return s.mDom[s.market[v]] == v
}
