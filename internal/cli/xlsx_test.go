package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Every run folder has results.xlsx: the headline, one sheet per table
// with units in the header, and the provenance with the commit; --format
// xlsx writes the same workbook to stdout.
func TestResultsWorkbook(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runCLI(t, "run", "-q", "--no-charts", "--out", dir, "us-canada-mexico-25")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// results.json names the commit too ("devel" in a test binary).
	js, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if want := `"tool": "tariffsim ` + versionString() + `"`; !strings.Contains(string(js), want) || !strings.Contains(want, "(devel)") {
		t.Errorf("results.json lacks %s", want)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "results.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"headline", "flows", "pieces", "markets", "producers", "countries", "Provenance"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	head, _ := f.GetRows("flows")
	if len(head) < 2 || head[0][3] != "value0 (million USD)" || head[0][5] != "tariff0_pct (%)" || head[0][0] != "importer" {
		t.Errorf("flows header %q", head[0])
	}
	csvb, _ := os.ReadFile(filepath.Join(dir, "flows.csv"))
	if n := strings.Count(string(csvb), "\n"); len(head) != n {
		t.Errorf("flows sheet has %d rows, flows.csv %d lines", len(head), n)
	}
	prov, _ := f.GetRows("Provenance")
	kv := map[string]string{}
	for _, r := range prov {
		if len(r) == 2 {
			kv[r[0]] = r[1]
		}
	}
	for k, want := range map[string]string{
		"Tool":           "tariffsim " + versionString(),
		"Scenario":       "US 25% on Canada and Mexico (USMCA goods exempt, claim shares of 2025)",
		"Exemption rule": "split",
		"Evaluated on":   "2025-03-07",
		"Baseline":       "US ATP trade 2024",
		"Model":          "exact CES Armington PE, bilateral supply; σ 5",
	} {
		if !strings.HasPrefix(kv[k], want) {
			t.Errorf("Provenance %s = %q, want it to start %q", k, kv[k], want)
		}
	}
	if !strings.Contains(kv["Tool"], "(devel)") {
		t.Errorf("Provenance Tool %q lacks the commit", kv["Tool"])
	}
	rows, _ := f.GetRows("headline")
	found := false
	for _, r := range rows {
		if len(r) == 4 && r[0] == "Effective tariff rate, pre-substitution (%)" && r[1] == "1.7" && r[2] == "2.3" {
			found = true
		}
	}
	if !found {
		t.Errorf("headline sheet lacks the effective rate: %q", rows)
	}
	stdout, _, code := runCLI(t, "run", "-q", "--no-charts", "--out", t.TempDir(), "--format", "xlsx", "us-canada-mexico-25")
	if code != 0 || !bytes.HasPrefix([]byte(stdout), []byte("PK")) {
		t.Errorf("--format xlsx: exit %d, stdout starts %q", code, stdout[:min(4, len(stdout))])
	}
}

// The run's workbook written with its cells set directly holds the parts
// excelize writes setting them one by one, byte for byte and in order
// (internal/xlsx's fast path; only the compression level differs).
func TestResultsWorkbookMatchesExcelize(t *testing.T) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	o := runFlags(fs)
	if err := fs.Parse([]string{"--no-charts"}); err != nil {
		t.Fatal(err)
	}
	e := &env{stdout: io.Discard, stderr: io.Discard}
	for _, name := range []string{"us-canada-mexico-25", "us-canada-mexico-25-retaliation", "2025-as-it-happened"} {
		sc, b, opt, err := o.scenarioFlags.load(name)
		if err != nil {
			t.Fatal(err)
		}
		r, err := solveLoaded(context.Background(), e, o, sc, b, opt)
		if err != nil {
			t.Fatal(err)
		}
		wb, err := r.Workbook()
		if err != nil {
			t.Fatal(err)
		}
		var fast, ref bytes.Buffer
		if _, err := wb.WriteTo(&fast); err != nil {
			t.Fatal(err)
		}
		if _, err := wb.WriteCellByCell(&ref); err != nil {
			t.Fatal(err)
		}
		if got, want := xlsxParts(t, fast.Bytes()), xlsxParts(t, ref.Bytes()); !slices.Equal(got, want) {
			t.Errorf("%s: results.xlsx's parts differ from excelize's cell-by-cell file's", name)
		}
	}
}

// xlsxParts lists a zip's parts as name and content.
func xlsxParts(t *testing.T, b []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, f.Name, string(data))
	}
	return parts
}
