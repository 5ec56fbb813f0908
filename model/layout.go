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
	l := &layout{}
	l.marketOrder = make([]int32, len(s.mImport))
	for m := range l.marketOrder {
		l.marketOrder[m] = int32(m)
	}
	slices.SortFunc(l.marketOrder, func(a, b int32) int {
		return cmp.Or(cmp.Compare(s.mImport[a], s.mImport[b]), cmp.Compare(s.mCat[a], s.mCat[b]))
	})

	l.marketRank = make([]int32, len(l.marketOrder))
	for r, m := range l.marketOrder {
		l.marketRank[m] = int32(r)
	}

	type key struct{ e, c string }
	prodIndex := map[key]int32{}
	var keys []key
	rawProd := make([]int32, n)
	for j := range n {
		f := &s.p.Flows[s.fOrig[j]]
		if s.isDomestic(f) {
			rawProd[j] = -1
			continue
		}
		kk := key{f.Exporter, f.Category}
		p, ok := prodIndex[kk]
		if !ok {
			p = int32(len(keys))
			prodIndex[kk] = p
			keys = append(keys, kk)
		}
		rawProd[j] = p
	}
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(keys[a].e, keys[b].e), cmp.Compare(keys[a].c, keys[b].c))
	})
	rank := make([]int32, len(keys))
	for r, p := range order {
		rank[p] = int32(r)
		l.prodExporter = append(l.prodExporter, keys[p].e)
		l.prodCategory = append(l.prodCategory, keys[p].c)
	}
	l.prodOf = make([]int32, n)
	l.producerFirstFlow = make([]int32, len(keys))
	for j := n - 1; j >= 0; j-- {
		if rawProd[j] < 0 {
			l.prodOf[j] = -1
			continue
		}
		l.prodOf[j] = rank[rawProd[j]]
		l.producerFirstFlow[l.prodOf[j]] = int32(j)
	}

	seen := map[string]bool{}
	for _, f := range s.p.Flows {
		seen[f.Importer], seen[f.Exporter] = true, true
	}
	for c := range seen {
		l.countries = append(l.countries, c)
	}
	slices.Sort(l.countries)
	idx := make(map[string]int32, len(l.countries))
	for i, c := range l.countries {
		idx[c] = int32(i)
	}
	l.flowImp, l.flowExp = make([]int32, n), make([]int32, n)
	for j := range n {
		f := &s.p.Flows[s.fOrig[j]]
		l.flowImp[j], l.flowExp[j] = idx[f.Importer], idx[f.Exporter]
	}
	l.marketCountry = make([]int32, len(s.mImport))
	for m, imp := range s.mImport {
		l.marketCountry[m] = idx[imp]
	}
	l.producerCountry = make([]int32, len(keys))
	for p, e := range l.prodExporter {
		l.producerCountry[p] = idx[e]
	}
	return l
}
