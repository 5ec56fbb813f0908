package present

import (
	"fmt"
	"strings"

	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

// The one way a measure is put in words: its partners, its categories
// and its period, from which the summary's description, the web page's
// slider label and the report's list of dated measures are made.

// DescribeMeasure puts a measure in words for summaries and reports:
// "United States adds 20% on China, Electronics (10% of trade exempt),
// from 2025-03-04".
func DescribeMeasure(m scenario.Measure, b *baseline.Baseline) string {
	var sb strings.Builder
	if m.Kind == scenario.Retaliation {
		sb.WriteString("Retaliation: ")
	}
	switch {
	case m.Kind == scenario.TradeCost:
		fmt.Fprintf(&sb, "%s changes the trade cost by %s on %s", b.CountryName(m.By), m.Change, partners(m, b))
	case m.Mode == scenario.Set:
		fmt.Fprintf(&sb, "%s sets %s on %s", b.CountryName(m.By), m.Rate, partners(m, b))
	default:
		fmt.Fprintf(&sb, "%s adds %s on %s", b.CountryName(m.By), m.Rate, partners(m, b))
	}
	// A semicolon keeps the partners and the categories apart: "on
	// Ireland, Germany; in Life Science, Opto-Electronics".
	if c := categories(m, b); c != "" {
		sb.WriteString("; in " + c)
	} else {
		sb.WriteString("; all categories")
	}
	if m.Exempt != 0 {
		fmt.Fprintf(&sb, " (%s of trade exempt)", m.Exempt)
	}
	if p := Period(m); p != "" {
		sb.WriteString(", " + p)
	}
	return sb.String()
}

// MeasureLabel says who taxes whom, on what and when, but not the rate:
// "United States on China: Electronics, from 2025-03-04". The web page's
// sliders show the rate, and a label saying "25%" beside a slider at 40%
// would contradict it.
func MeasureLabel(m scenario.Measure, b *baseline.Baseline) string {
	s := b.CountryName(m.By) + " on " + partners(m, b)
	if c := categories(m, b); c != "" {
		s += ": " + c
	}
	if p := Period(m); p != "" {
		s += ", " + p
	}
	return s
}

// Period is when m is in force: "2025-03-04 to 2025-04-01", "from
// 2025-03-04", "until 2025-04-01", or "" when it always is.
func Period(m scenario.Measure) string {
	switch {
	case !m.Start.IsZero() && !m.End.IsZero():
		return fmt.Sprintf("%s to %s", m.Start, m.End)
	case !m.Start.IsZero():
		return fmt.Sprintf("from %s", m.Start)
	case !m.End.IsZero():
		return fmt.Sprintf("until %s", m.End)
	}
	return ""
}

// partners names the exporters m taxes: "every partner" for "*".
func partners(m scenario.Measure, b *baseline.Baseline) string {
	if len(m.On) == 1 && m.On[0] == "*" {
		return "every partner"
	}
	var names []string
	for _, c := range m.On {
		names = append(names, b.CountryName(c))
	}
	return strings.Join(names, ", ")
}

// categories names the categories m applies to, "" for all of them.
func categories(m scenario.Measure, b *baseline.Baseline) string {
	if len(m.Categories) == 0 || (len(m.Categories) == 1 && m.Categories[0] == "*") {
		return ""
	}
	var names []string
	for _, c := range m.Categories {
		slug, _ := b.Category(c)
		names = append(names, b.CategoryName(slug))
	}
	return strings.Join(names, ", ")
}
