package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckInputs(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mk := func(rel string) string {
		p := filepath.Join(root, rel)
		must(os.MkdirAll(filepath.Dir(p), 0o777))
		must(os.WriteFile(p, []byte("x"), 0o644))
		return p
	}
	scen := mk("proj/scenario.toml")
	flows := mk("proj/data/flows.csv")
	outside := mk("elsewhere/s.toml")
	mk("proj/output/us/summary.txt")
	sibling := mk("proj/output-old/s.toml") // shares a prefix with proj/output
	link := filepath.Join(root, "proj", "link-to-proj")
	must(os.Symlink(filepath.Join(root, "proj"), link))
	inLink := filepath.Join(root, "elsewhere", "flows-link.csv")
	must(os.Symlink(flows, inLink))
	hard := filepath.Join(root, "elsewhere", "hard.csv")
	must(os.Link(flows, hard))

	t.Chdir(filepath.Join(root, "proj"))
	for _, tc := range []struct {
		name   string
		out    string
		inputs []string
		want   string // substring of the error; "" for none
	}{
		{"out . holds the scenario", ".", []string{"scenario.toml"}, "contains the input scenario.toml"},
		{"out . and an absolute input", ".", []string{scen}, "contains the input"},
		{"input deep inside", filepath.Join(root, "proj"), []string{outside, flows}, "contains the input " + flows},
		{"out through a symlink", link, []string{scen}, "contains the input"},
		{"input is a symlink into out", "data", []string{inLink}, "contains the input " + inLink},
		{"out is the input file", "data/flows.csv", []string{flows}, "is the input"},
		{"out is a hard link of the input", hard, []string{"data/flows.csv"}, "is the input"},
		{"out .. holds the input", "..", []string{"scenario.toml"}, "contains the input"},
		{"separate folders", "output/us", []string{scen, flows}, ""},
		{"prefix is not containment", "output", []string{sibling}, ""},
		{"out does not exist", "output/new", []string{scen}, ""},
		{"input does not exist", ".", []string{"missing.toml"}, ""},
		{"no inputs (shipped scenario)", ".", []string{""}, ""},
	} {
		err := CheckInputs(tc.out, tc.inputs...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}
