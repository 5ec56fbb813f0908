package present

import (
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// DescribeEdits puts the edits of orig in words, "σ = 6, Canada 40%": the
// one account of what a reader changed, which an edited view carries in
// its chart subtitles, its page, its report's title and its scenario
// file's name (see MarkEdited). A rate or exempt share edited to the value
// orig already has is not a change and is left out; "" means nothing
// changed. Elasticity edits are always changes: they replace whatever orig
// sets per category.
func DescribeEdits(orig *scenario.Scenario, b *baseline.Baseline, edits []scenario.Edit) string {
	var parts []string
	for _, e := range edits {
		switch e.Kind {
		case scenario.EditRate, scenario.EditExempt:
			m, err := orig.Measure(e.Measure) // read only
			if err != nil {
				continue // Apply reports it
			}
			old := float64(m.Rate)
			if e.Kind == scenario.EditExempt {
				old = float64(m.Exempt)
			}
			if e.Value == old {
				continue
			}
			s := measureName(*m, b) + " " + num(e.Value) + "%"
			if e.Kind == scenario.EditExempt {
				s += " exempt"
			}
			parts = append(parts, s)
		case scenario.EditElasticity:
			s := e.Param.Symbol()
			if e.Category != "" {
				slug, _ := b.Category(e.Category)
				s += " (" + b.CategoryName(slug) + ")"
			}
			parts = append(parts, s+" = "+num(e.Value))
		}
	}
	return strings.Join(parts, ", ")
}

// MarkEdited marks sc, a scenario edited as summary says (DescribeEdits),
// so that it cannot pass for the original: its name gets "(edited: …)"
// and its description a first line listing the edits. Charts, reports and
// the scenario file all take their titles from these. An empty summary
// changes nothing.
func MarkEdited(sc *scenario.Scenario, summary string) {
	if summary == "" {
		return
	}
	sc.Name += " (edited: " + summary + ")"
	line := "Edited from the scenario as written: " + summary + "."
	if sc.Description == "" {
		sc.Description = line
		return
	}
	sc.Description = line + " " + sc.Description
}

// measureName is how an edit names a measure: its partners for a US
// tariff ("Canada"), with its categories when it has some ("China,
// Electronics"), and its imposer otherwise ("China on United States",
// "Canada's retaliation").
func measureName(m scenario.Measure, b *baseline.Baseline) string {
	s := partners(m, b)
	switch {
	case m.Kind == scenario.Retaliation:
		s = b.CountryName(m.By) + "'s retaliation"
	case m.By != "US":
		s = b.CountryName(m.By) + " on " + s
	}
	if c := categories(m, b); c != "" {
		s += ", " + c
	}
	return s
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
