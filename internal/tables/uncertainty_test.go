package tables

import (
	"encoding/json"
	"strings"
	"testing"
)

// Siblings follow their number, in order, and other keys are untouched.
func TestBandsJSON(t *testing.T) {
	h := HeadlineJSON{Country: "US", Imports0: 2, Imports1: 1, Welfare: -3,
		Bands: Bands{"imports1": {0.5, 1, 2}, "welfare": {-4, -3, -2.5}}}
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		`{"country":"US","imports0":2,"imports1":1,"imports1_p5":0.5,"imports1_p50":1,"imports1_p95":2,"exports0":0`,
		`"welfare":-3,"welfare_p5":-4,"welfare_p50":-3,"welfare_p95":-2.5,"effective_tariff0_pct":`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("got %s\nwant it to contain %s", s, want)
		}
	}
	// Without bands the plain encoding is unchanged.
	h.Bands = nil
	b, _ = json.Marshal(h)
	type plain HeadlineJSON
	p, _ := json.Marshal(plain(h))
	if string(b) != string(p) || strings.Contains(string(b), "_p5") {
		t.Errorf("no bands: %s", b)
	}
}
