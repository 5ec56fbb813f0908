package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validate accepts a scenario whose at is before every measure's start,
// but warns, naming the file and line: the run would change nothing.
func TestValidateWarnsEarlyAt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "early.toml")
	src := "name = \"Early\"\nat = 2024-01-01\n[[tariff]]\nby = \"US\"\non = [\"CN\"]\nrate = \"20%\"\nstart = 2025-02-01\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, "validate", path)
	want := "warning: " + path + ":2: at 2024-01-01 is before every measure's start (the first starts 2025-02-01): nothing is in force\n"
	if code != 0 || stdout != "ok "+path+"\n" || stderr != want {
		t.Errorf("exit %d\nstdout %q\nstderr %q\nwant stderr %q", code, stdout, stderr, want)
	}
}

// The report gives the effective tariff rates under the headline and
// heads its list of measures with the date rather than listing the date
// as a measure; the balance's change is in the one sign convention.
func TestReportHeadline(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	_, stderr, code := runCLI(t, "report", "--out", out, "us-canada-mexico-25")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		"<h3>Measures in force on 2025-03-07</h3><ul><li>United States adds 25% on Canada",
		"Average effective tariff rate on US imports (duties ÷ value of imports): 1.7% before; 2.3% pre-substitution (the new tariffs on the baseline&#39;s imports); 1.9% post-substitution",
		"<td>US trade balance</td><td>−$299B</td><td>−$296B</td><td>&#43;$3.1B</td><td>&#43;1%</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<li>Measures in force") {
		t.Error("the date is listed as a measure")
	}
}

// A partner's headline says whom its trade is with: in a baseline built
// around the US, Canada's exports are its exports to the US.
func TestFocusPartnerHeadline(t *testing.T) {
	stdout, stderr, code := runCLI(t, "run", "--focus", "CA", "-q", "--no-charts", "--out", t.TempDir(), "us-canada-mexico-25-retaliation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "run-focus-ca.stdout", stdout)
	want := "Canada's ATP trade in this baseline (exports to United States only; imports from United States and other suppliers), $ million at world prices"
	if !strings.Contains(stdout, want) {
		t.Errorf("headline title is not %q", want)
	}
	if _, stderr, _ := runCLI(t, "run", "--focus", "OTH", "us-canada-mexico-25"); !strings.Contains(stderr, "it is not a country") || strings.Contains(stderr, " OTH ") {
		t.Errorf("--focus OTH: %q", stderr)
	}
}
