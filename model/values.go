package model

import (
	"fmt"
	"sync"
)

// Reprepare compiles p, a problem with the same flows as pp's problem —
// the same importer, exporter and category, flow for flow, in the same
// order — but other values, tariffs, pieces or trade costs, as a Monte
// Carlo draw of the baseline split or of exempt shares makes. It saves
// what Prepare computes from the flows' identities alone (the result
// layout). p must not change while the result is in use.
func (pp *Prepared) Reprepare(p *Problem) (*Prepared, error) {
	q := pp.s.p
	if len(p.Flows) != len(q.Flows) {
		return nil, fmt.Errorf("reprepare: %d flows, the prepared problem has %d", len(p.Flows), len(q.Flows))
	}
	for i := range p.Flows {
		a, b := &p.Flows[i], &q.Flows[i]
		if a.Importer != b.Importer || a.Exporter != b.Exporter || a.Category != b.Category {
			return nil, fmt.Errorf("reprepare: flow %d is %s, the prepared problem's %s", i, flowName(*a), flowName(*b))
		}
	}
	if p.IntraTrade != q.IntraTrade || p.Supply != q.Supply {
		return Prepare(p) // a different structure: nothing to share
	}
	s, err := compileWith(p, pp.s)
	if err != nil {
		return nil, err
	}
	s.pool = &sync.Pool{}
	return &Prepared{s: s}, nil
}

// newLayoutOf returns prev's layout for s when prev is not nil (the
// caller has checked that their flows are the same), else nil.
func newLayoutOf(s *system, prev *system) *layout {
	if prev == nil || len(prev.fOrig) != len(s.fOrig) {
		return nil
	}
	return prev.layout
}
