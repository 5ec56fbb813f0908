package web

import (
	"net/url"
	"strings"
	"testing"
)

// σ_D and ε_D have sliders where the baseline has a domestic flow (the
// embedded baseline: US aerospace), and moving them changes the results.
func TestDomesticSliders(t *testing.T) {
	srv := newServer(t, Options{})
	page := getOK(t, srv, "/")
	for _, want := range []string{`name="sigma_d"`, `name="eps_d"`, `name="sigma_d.aerospace"`, `name="eps_d.aerospace"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, not := range []string{`name="sigma_d.ict"`, `name="eps_d.biotech"`} {
		if strings.Contains(page, not) {
			t.Errorf("page has %s: ict and biotech have no domestic flow", not)
		}
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
	if !strings.Contains(body, "Producer surplus 0 by assumption (ε = ∞)") || !strings.Contains(body, "buyers&#39; surplus on the import composite") {
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
