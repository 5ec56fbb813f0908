// Package scenarios holds the scenario files that ship with tariffsim,
// compiled into the binary so that `tariffsim list` and `tariffsim run
// <name>` work from any directory.
//
// Each file cites the rows of the project's tariff-action table
// (tariff_actions_2025.csv) that it encodes, quoting each row's source and
// URL in its sources, and says in its description what it assumes and what
// it leaves out.
package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/model/scenario"
)

// FS holds the shipped scenario files, at its root.
//
//go:embed *.toml
var FS embed.FS

// Info describes one shipped scenario.
type Info struct {
	File        string // e.g. "china-2025-04-peak.toml"
	Name        string
	Description string
	// Engine is the scenario's [model] engine: PE or GE (whose
	// scenarios run on the GE baseline, ge2006).
	Engine scenario.Engine
}

// Slug returns the name to give `tariffsim run`: the file without .toml.
func (i Info) Slug() string { return strings.TrimSuffix(i.File, ".toml") }

// List returns the shipped scenarios sorted by file name. A file that does
// not parse is an error: the tests keep that from shipping.
func List() ([]Info, error) {
	files, err := fs.Glob(FS, "*.toml")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	out := make([]Info, 0, len(files))
	for _, f := range files {
		s, err := scenario.LoadFS(FS, f)
		if err != nil {
			return nil, err
		}
		out = append(out, Info{File: f, Name: s.Name, Description: s.Description, Engine: s.Model.Engine})
	}
	return out, nil
}

// Load parses the shipped scenario called name, with or without ".toml".
func Load(name string) (*scenario.Scenario, error) {
	file := strings.TrimSuffix(name, ".toml") + ".toml"
	if _, err := fs.Stat(FS, file); err != nil {
		var slugs []string
		if infos, lerr := List(); lerr == nil {
			for _, i := range infos {
				slugs = append(slugs, i.Slug())
			}
		}
		return nil, fmt.Errorf("no shipped scenario %q (have: %s)", name, strings.Join(slugs, ", "))
	}
	return scenario.LoadFS(FS, file)
}
