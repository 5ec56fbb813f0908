package scenario

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of s: changing any measure, elasticity,
// timeline entry or list of the copy leaves s as it was. Front ends edit
// a clone (see Edit) and keep the scenario as written for comparison.
func (s *Scenario) Clone() *Scenario {
	if s == nil {
		return nil
	}
	c := *s
	c.Sources = slices.Clone(s.Sources)
	c.Tariffs = cloneMeasures(s.Tariffs)
	c.Retaliations = cloneMeasures(s.Retaliations)
	c.TradeCosts = cloneMeasures(s.TradeCosts)
	c.Elasticities.Category = maps.Clone(s.Elasticities.Category)
	c.Elasticities.Exporter = maps.Clone(s.Elasticities.Exporter)
	if s.Timeline != nil {
		t := *s.Timeline
		t.Category = maps.Clone(s.Timeline.Category)
		c.Timeline = &t
	}
	// The locator is read-only once the file is parsed: sharing it is safe.
	c.loc = s.loc
	return &c
}

func cloneMeasures(ms []Measure) []Measure {
	if ms == nil {
		return nil
	}
	out := make([]Measure, len(ms))
	for i, m := range ms {
		m.On = slices.Clone(m.On)
		m.Categories = slices.Clone(m.Categories)
		out[i] = m
	}
	return out
}
