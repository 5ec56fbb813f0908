package buildinfo

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func TestFrom(t *testing.T) {
	const full = "0ba7ab9c1d2e3f405162738495a6b7c8d9e0f1a2"
	settings := func(kv ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8"}
		for i := 0; i < len(kv); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return bi
	}
	for _, c := range []struct {
		name     string
		bi       *debug.BuildInfo
		ok       bool
		commit   string
		modified bool
		str      string
	}{
		{"no build info", nil, false, "devel", false, "tariffsim 0.1.0 (devel)"},
		{"no vcs", settings("-buildmode", "exe"), true, "devel", false, "tariffsim 0.1.0 (devel)"},
		{"clean", settings("vcs", "git", "vcs.revision", full, "vcs.modified", "false"), true, "0ba7ab9c1d2e", false, "tariffsim 0.1.0 (0ba7ab9c1d2e)"},
		{"dirty", settings("vcs.revision", full, "vcs.modified", "true"), true, "0ba7ab9c1d2e+dirty", true, "tariffsim 0.1.0 (0ba7ab9c1d2e+dirty)"},
		{"short revision kept", settings("vcs.revision", "abc123"), true, "abc123", false, "tariffsim 0.1.0 (abc123)"},
		{"modified without a revision", settings("vcs.modified", "true"), true, "devel", false, "tariffsim 0.1.0 (devel)"},
	} {
		in := From(c.bi, c.ok)
		if in.Commit != c.commit || in.Modified != c.modified || in.String() != c.str || in.Version != Version {
			t.Errorf("%s: %+v, String %q; want commit %q, modified %v, %q", c.name, in, in.String(), c.commit, c.modified, c.str)
		}
	}
	in := From(settings("vcs.revision", full, "vcs.time", "2026-11-30T18:04:05Z"), true)
	if want := time.Date(2026, 11, 30, 18, 4, 5, 0, time.UTC); !in.Time.Equal(want) || in.Go != "go1.26.8" {
		t.Errorf("time %v, go %q", in.Time, in.Go)
	}
	if in := From(settings("vcs.time", "yesterday"), true); !in.Time.IsZero() {
		t.Errorf("unparsable vcs.time gave %v", in.Time)
	}
}

// TestRead checks the test binary's own information: go test stamps no
// VCS settings, so it is a devel build, but the form must hold either way.
func TestRead(t *testing.T) {
	in := Read()
	if !regexp.MustCompile(`^(devel|[0-9a-f]{1,12}(\+dirty)?)$`).MatchString(in.Commit) {
		t.Errorf("commit %q", in.Commit)
	}
	if in.Go == "" {
		t.Error("no Go version in the test binary's build info")
	}
}

func ExampleInfo_String() {
	bi := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0ba7ab9c1d2e3f405162738495a6b7c8d9e0f1a2"},
		{Key: "vcs.modified", Value: "true"},
	}}
	fmt.Println(From(bi, true))
	fmt.Println(From(nil, false))
	// Output:
	// tariffsim 0.1.0 (0ba7ab9c1d2e+dirty)
	// tariffsim 0.1.0 (devel)
}

// TestCitationMatches checks that CITATION.cff cites the version this
// package reports and the licence in LICENSE, so that a release cannot
// bump one and forget the other.
func TestCitationMatches(t *testing.T) {
	cff, err := os.ReadFile(filepath.Join("..", "..", "CITATION.cff"))
	if err != nil {
		t.Fatal(err)
	}
	lic, err := os.ReadFile(filepath.Join("..", "..", "LICENSE"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"cff-version: 1.2.0\n",
		"version: \"" + Version + "\"\n",
		"license: Apache-2.0\n",
		"  - name: \"tariffsim contributors\"\n",
		"repository-code: \"https://github.com/tariffsim/tariffsim\"\n",
	} {
		if !strings.Contains(string(cff), want) {
			t.Errorf("CITATION.cff has no line %q", strings.TrimSpace(want))
		}
	}
	if !strings.Contains(string(lic), "Apache License\n                           Version 2.0, January 2004") {
		t.Error("LICENSE is not the Apache License 2.0 that CITATION.cff names")
	}
}
