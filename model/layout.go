package model

import (
	"cmp"
	"slices"
)

// layout holds the orderings of a Result that depend only on the flows, so
// that repeated solves (Monte Carlo draws) do not sort or hash strings.
type layout struct {
	marketOrder []int32 // markets in result order (importer, category)
	// Producers (exporter × category) in result order.
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
	n := s.numFlows()
	l := &layout{}
	l.marketOrder = make([]int32, len(s.mImport))
	for m := range l.marketOrder {
		l.marketOrder[m] = int32(m)
	}
	slices.SortFunc(l.marketOrder, func(a, b int32) int {
		return cmp.Or(cmp.Compare(s.mImport[a], s.mImport[b]), cmp.Compare(s.mCat[a], s.mCat[b]))
	})

	type key struct{ e, c string }
	prodIndex := map[key]int32{}
	var keys []key
	rawProd := make([]int32, n)
	for k := range n {
		f := &s.p.Flows[s.orig[k]]
		kk := key{f.Exporter, f.Category}
		j, ok := prodIndex[kk]
		if !ok {
			j = int32(len(keys))
			prodIndex[kk] = j
			keys = append(keys, kk)
		}
		rawProd[k] = j
	}
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(keys[a].e, keys[b].e), cmp.Compare(keys[a].c, keys[b].c))
	})
	rank := make([]int32, len(keys))
	for r, j := range order {
		rank[j] = int32(r)
		l.prodExporter = append(l.prodExporter, keys[j].e)
		l.prodCategory = append(l.prodCategory, keys[j].c)
	}
	l.prodOf = make([]int32, n)
	l.producerFirstFlow = make([]int32, len(keys))
	for k := n - 1; k >= 0; k-- {
		l.prodOf[k] = rank[rawProd[k]]
		l.producerFirstFlow[l.prodOf[k]] = int32(k)
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
	for k := range n {
		f := &s.p.Flows[s.orig[k]]
		l.flowImp[k], l.flowExp[k] = idx[f.Importer], idx[f.Exporter]
	}
	l.marketCountry = make([]int32, len(s.mImport))
	for m, imp := range s.mImport {
		l.marketCountry[m] = idx[imp]
	}
	l.producerCountry = make([]int32, len(keys))
	for j, e := range l.prodExporter {
		l.producerCountry[j] = idx[e]
	}
	return l
}
