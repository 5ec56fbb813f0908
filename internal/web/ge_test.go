package web

import (
	"strings"
	"testing"
)

// The page runs the PE engine on one baseline: shipped GE scenarios are
// not offered, and a pasted one is refused with a pointer to the command
// line rather than solved on the wrong engine.
func TestGEScenariosRefused(t *testing.T) {
	srv := newServer(t, Options{})
	_, body := get(t, srv, "/")
	if strings.Contains(body, "ge-us-canada-mexico-25") {
		t.Error("the page offers a GE scenario")
	}
	const geTOML = "name = \"GE pasted\"\n[model]\nengine = \"ge\"\n[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"20%\"\n"
	resp, body := get(t, srv, "/?"+srcParam(geTOML))
	if resp.StatusCode != 422 || !strings.Contains(body, "tariffsim run") {
		t.Errorf("pasted GE scenario: %d\n%.400s", resp.StatusCode, body)
	}
}
