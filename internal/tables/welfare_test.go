package tables

import (
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/metric"
)

func TestWelfareNotes(t *testing.T) {
	cat := func(s string) string { return map[string]string{"aerospace": "Aerospace"}[s] }
	for _, tc := range []struct {
		name string
		c    metric.Coverage
		want []string
	}{
		{"no domestic flow, ε = ∞", metric.Coverage{Country: "US", Markets: 10, ExportsInfinite: true, Exports0: 200, Exports1: 150},
			[]string{
				"Consumer surplus: buyers' surplus on the import composite (also holds import-competing producers' surplus: no domestic producers in these markets).",
				"Producer surplus 0 by assumption (ε = ∞): US exporters' sales -50 (-25.0%).",
			}},
		{"one domestic market, retaliation", metric.Coverage{Country: "US", Markets: 10, WithDomestic: 1, DomesticCategories: []string{"aerospace"},
			Domestic0: 100, Domestic1: 110, DomesticSurplus: 4, ExportsInfinite: true, Exports0: 200, Exports1: 190,
			Retaliated: true, RetaliationExports: -10},
			[]string{
				"Consumer surplus: buyers' surplus in Aerospace (with domestic producers); in the other 9 markets, buyers' surplus on the import composite (also holds import-competing producers' surplus: no domestic producers in these markets).",
				"Producer surplus 0 by assumption (ε = ∞): US exporters' sales -10 (-5.0%).",
				"Domestic producers' surplus +4: their sales at home +10 (+10.0%).",
				"Retaliation: US exporters' sales -10 (-5.0%) because of it; with ε = ∞ this costs US welfare nothing by assumption, not as a finding (docs/MODEL.md, \"What the PE model can and cannot say about retaliation\").",
			}},
		{"finite ε, every market domestic", metric.Coverage{Country: "US", Markets: 2, WithDomestic: 2, FiniteExportSupply: 3, Exports0: 100, Exports1: 90,
			Retaliated: true, RetaliationExports: -10, RetaliationWelfare: -2},
			[]string{
				"Consumer surplus: buyers' surplus (domestic producers are in every market).",
				"Producer surplus of US exporters (finite ε): US exporters' sales -10 (-10.0%).",
				"Retaliation: US exporters' sales -10 (-10.0%) because of it; US welfare -2.",
			}},
	} {
		got := WelfareNotes(tc.c, nil, cat)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestExemptionLine(t *testing.T) {
	if !strings.HasPrefix(ExemptionLine("split"), "split:") || !strings.HasPrefix(ExemptionLine("average"), "average:") || ExemptionLine("") != "" {
		t.Errorf("ExemptionLine: %q %q %q", ExemptionLine("split"), ExemptionLine("average"), ExemptionLine(""))
	}
}
