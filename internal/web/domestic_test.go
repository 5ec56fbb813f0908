package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/model/baseline"
)

// σ_D and ε_D have sliders where the baseline has a domestic flow (the
// embedded baseline: US aerospace), and moving them changes the results.
func TestDomesticSliders(t *testing.T) {
	srv := newServer(t, Options{})
	page := getOK(t, srv, "/")
	domestic := map[string]bool{}
	for _, r := range atp.Rows {
		if r.Domestic() {
			domestic[r.Category] = true
		}
	}
	if len(domestic) == 0 {
		t.Fatal("the embedded baseline has no domestic flow")
	}
	for _, want := range []string{`name="sigma_d"`, `name="eps_d"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, c := range atp.Categories {
		for _, key := range []string{"sigma_d.", "eps_d."} {
			if has := strings.Contains(page, `name="`+key+c.Slug+`"`); has != domestic[c.Slug] {
				t.Errorf("%s%s slider shown: %v; the category has a domestic flow: %v", key, c.Slug, has, domestic[c.Slug])
			}
		}
	}
	// Without domestic flows there is no σ_D or ε_D slider at all.
	nodom := *atp
	nodom.Rows = slices.DeleteFunc(slices.Clone(atp.Rows), func(r baseline.Row) bool { return r.Domestic() })
	resp, p := get(t, newServer(t, Options{Baseline: &nodom}), "/")
	if resp.StatusCode != 200 {
		t.Fatalf("no domestic flows: %d", resp.StatusCode)
	}
	if strings.Contains(p, `name="sigma_d`) || strings.Contains(p, `name="eps_d`) {
		t.Error("σ_D or ε_D slider without a domestic flow")
	}
	ref := importsAfter(t, getOK(t, srv, "/results"))
	for _, q := range []string{"set=sigma_d&sigma_d=6", "set=sigma_d.aerospace&sigma_d.aerospace=0.5", "set=eps_d&eps_d=0"} {
		if got := importsAfter(t, getOK(t, srv, "/results?"+q)); got == ref {
			t.Errorf("%s: imports after %s, unchanged", q, got)
		}
	}
	if resp, body := get(t, srv, "/results?set=sigma_d&sigma_d=0"); resp.StatusCode != 400 {
		t.Errorf("σ_D = 0: status %d, want 400: %.300s", resp.StatusCode, body)
	}
}

// The page shows the run's warnings as a visible note, and the welfare
// notes say what each figure covers.
func TestWarningsNote(t *testing.T) {
	srv := newServer(t, Options{})
	src := `name = "Subsidy"
[[tariff]]
by = "US"
on = ["FR"]
rate = "-50%"
`
	body := getOK(t, srv, "/results?"+srcParam(src))
	if !strings.Contains(body, `class="note warnings"`) || !strings.Contains(body, "subsid") {
		t.Errorf("no warning note for an import subsidy:\n%.3000s", body)
	}
	// Every US market of the embedded baseline has domestic sales.
	if !strings.Contains(body, "Producer surplus 0 by assumption (ε = ∞)") || !strings.Contains(body, "domestic producers are in every market") {
		t.Errorf("welfare notes missing")
	}
	early := `name = "Too early"
at = 2025-01-01
[[tariff]]
by = "US"
on = ["FR"]
rate = "10%"
start = 2025-02-01
`
	body = getOK(t, srv, "/results?"+srcParam(early))
	if !strings.Contains(body, `class="note warnings"`) || !strings.Contains(body, "before every measure") {
		t.Errorf("no warning note for a date before every measure")
	}
	plain := getOK(t, srv, "/results?"+url.Values{"s": {"us-canada-mexico-25"}}.Encode())
	if strings.Contains(plain, `class="note warnings"`) {
		t.Error("a warning note without a warning")
	}
	if !strings.Contains(plain, "exemption split") {
		t.Error("the Model line does not name the exemption rule")
	}
}
