package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/tariffsim/tariffsim/internal/chart/charttest"
)

// TestContentSecurityPolicy: a report opened from disk (a download, an
// emailed file) has no server to send a policy header, so it carries its
// own: no script runs and nothing loads from anywhere, while everything
// the report itself uses (its <style>, the charts' style attributes, the
// font as a data: URL) is allowed, so that it still looks right offline.
func TestContentSecurityPolicy(t *testing.T) {
	r, _ := sample(t, charttest.Options{Tariff: 1, Retaliation: true})
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatchIndex(out)
	if m == nil {
		t.Fatal("report.html has no Content-Security-Policy meta element")
	}
	policy := out[m[2]:m[3]]
	// A meta policy covers only what follows it, so it must come before
	// anything it governs.
	for _, tag := range []string{"<style", "<svg", "<title", "<link", "<script"} {
		if i := strings.Index(out, tag); i >= 0 && i < m[0] {
			t.Errorf("%s comes before the policy", tag)
		}
	}
	directives := map[string]string{}
	for _, d := range strings.Split(policy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{
		"default-src": "'none'", "style-src": "'unsafe-inline'", "font-src": "data:", "img-src": "data:",
		"base-uri": "'none'", "form-action": "'none'",
	} {
		if got := directives[name]; got != want {
			t.Errorf("%s %q, want %q (policy %q)", name, got, want, policy)
		}
	}
	if _, ok := directives["script-src"]; ok {
		t.Errorf("the policy allows scripts: %q", policy)
	}
	// What the report uses must be what the policy allows.
	if strings.Contains(out, "<script") {
		t.Error("the report has a script, which its policy blocks")
	}
	for _, u := range regexp.MustCompile(`url\(([^)]{0,20})`).FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(strings.Trim(u[1], `"'`), "data:") {
			t.Errorf("the report loads url(%s…), which its policy blocks", u[1])
		}
	}
	for _, s := range regexp.MustCompile(`\s(?:src|href)="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		if v := s[1]; !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") {
			t.Errorf("the report refers to %q, which its policy blocks or which leaves the file", v)
		}
	}
	if !strings.Contains(out, "@font-face") || !strings.Contains(out, ` style="`) {
		t.Error("the sample no longer has the inline font and style attributes this test is about")
	}
}
