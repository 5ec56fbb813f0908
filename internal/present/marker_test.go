package present

import (
	"testing"

	"github.com/tariffsim/tariffsim/model/scenario"
)

func TestMarkerLabel(t *testing.T) {
	for _, c := range []struct {
		m    scenario.Measure
		want string
	}{
		{scenario.Measure{Note: "T21: EU 15% all-in (MFN included)"}, "EU 15% all-in (MFN included)"},
		{scenario.Measure{Note: "T10, T21: UK, Singapore and unlisted countries 10%"}, "UK, Singapore and unlisted countries 10%"},
		{scenario.Measure{Note: "Canada's counter-tariffs"}, "Canada's counter-tariffs"},
		{scenario.Measure{By: "US", On: []string{"CA", "MX"}, Rate: 25}, "US 25% on CA, MX"},
		{scenario.Measure{By: "US", On: []string{"*"}, Rate: 10, Note: "T10: "}, "US 10% on all partners"},
	} {
		if got := markerLabel(c.m); got != c.want {
			t.Errorf("markerLabel(%+v) = %q, want %q", c.m, got, c.want)
		}
	}
}
