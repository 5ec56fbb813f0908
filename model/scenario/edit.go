package scenario

import (
	"fmt"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// EditKind says what an Edit changes.
type EditKind int

const (
	EditRate       EditKind = iota + 1 // a measure's rate, in percent
	EditExempt                         // a measure's exempt share, in percent
	EditElasticity                     // an elasticity, for every category or one
)

// MeasureRef names one measure of a scenario: the Index-th (from 0)
// [[tariff]] or [[retaliation]] table, in file order.
type MeasureRef struct {
	Kind  Kind
	Index int
}

// String is "t0" for the first [[tariff]], "r0" for the first
// [[retaliation]], as the web page's URLs write it.
func (r MeasureRef) String() string {
	if r.Kind == Retaliation {
		return fmt.Sprintf("r%d", r.Index)
	}
	return fmt.Sprintf("t%d", r.Index)
}

// An Edit is one change to a scenario: what a web page's slider and a
// sweep's grid point both are.
type Edit struct {
	Kind    EditKind
	Measure MeasureRef // EditRate, EditExempt
	Param   Param      // EditElasticity
	// Category is the category of an EditElasticity as a baseline code or
	// alias; "" means the [elasticities] default, which every category
	// that the scenario does not override follows.
	Category string
	Value    float64 // percent for rates and shares; the elasticity itself otherwise
}

// Apply returns a Clone of s with the edits made in order; s is not
// changed. b resolves categories written as aliases, so that an edit of
// "ict" changes the scenario's own entry even when it is written "04".
func (s *Scenario) Apply(b *baseline.Baseline, edits ...Edit) (*Scenario, error) {
	c := s.Clone()
	for _, e := range edits {
		if err := c.apply(b, e); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (s *Scenario) apply(b *baseline.Baseline, e Edit) error {
	switch e.Kind {
	case EditRate, EditExempt:
		m, err := s.Measure(e.Measure)
		if err != nil {
			return err
		}
		// An edited value is a number: it replaces a distribution, as an
		// edited elasticity does.
		if e.Kind == EditRate {
			m.Rate, m.RateDist = Percent(e.Value), PercentDist{}
		} else {
			m.Exempt, m.ExemptDist = Percent(e.Value), PercentDist{}
		}
		return nil
	case EditElasticity:
		if e.Param.In(&ElasticitySet{}) == nil {
			return fmt.Errorf("unknown elasticity %s", e.Param)
		}
		if e.Category == "" {
			*e.Param.In(&s.Elasticities.Default) = Number(e.Value)
			return nil
		}
		slug, ok := b.Category(e.Category)
		if !ok {
			return fmt.Errorf("unknown category %q", e.Category)
		}
		key := slug
		for k := range s.Elasticities.Category {
			if sl, ok := b.Category(k); ok && sl == slug {
				key = k
			}
		}
		if s.Elasticities.Category == nil {
			s.Elasticities.Category = map[string]ElasticitySet{}
		}
		set := s.Elasticities.Category[key]
		*e.Param.In(&set) = Number(e.Value)
		s.Elasticities.Category[key] = set
		return nil
	}
	return fmt.Errorf("unknown edit kind %d", int(e.Kind))
}

// Measure returns the measure r names, for changing in place.
func (s *Scenario) Measure(r MeasureRef) (*Measure, error) {
	ms, what := s.Tariffs, "tariff"
	if r.Kind == Retaliation {
		ms, what = s.Retaliations, "retaliation"
	}
	if r.Index < 0 || r.Index >= len(ms) {
		return nil, fmt.Errorf("%s: the scenario has %d %s measure(s), numbered from %s0", r, len(ms), what, r.String()[:1])
	}
	return &ms[r.Index], nil
}

// Params applies an elasticity edit to solved parameters rather than to
// the scenario: it returns a copy of p with e's elasticity set to e.Value
// in category e.Category (a slug), or in every category and the default
// when e.Category is "". Unlike Apply, "every category" includes those
// the scenario overrides: it is what a sweep of σ over all categories
// means. Sweeps use it to re-solve a prepared problem without compiling
// the scenario again.
func (e Edit) Params(p model.Params) model.Params {
	q := model.Params{Default: p.Default, Category: make(map[string]model.Elasticities, len(p.Category)), ExportSupply: p.ExportSupply}
	for k, el := range p.Category {
		if e.Category == "" || k == e.Category {
			e.Param.Set(&el, e.Value)
		}
		q.Category[k] = el
	}
	if e.Category == "" {
		e.Param.Set(&q.Default, e.Value)
	}
	return q
}
