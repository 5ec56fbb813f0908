package scenario

import (
	"fmt"
	"strings"

	dym "github.com/tariffsim/tariffsim/internal/suggest"
	"github.com/tariffsim/tariffsim/model"
)

// Param names one elasticity of the model: the one enum that the scenario
// file's keys, the web page's sliders, sweep's --param and sensitivity's
// table all use. Each has two spellings that users type: the scenario
// file's key ("substitution") and its short form ("sigma").
type Param int

const (
	Substitution         Param = iota + 1 // σ, between suppliers of one market
	ImportDemand                          // η, of a market's composite import
	ExportSupply                          // ε, of an exporter's supply
	DomesticSubstitution                  // σ_D, between imports and domestic sales
	DomesticSupply                        // ε_D, of domestic producers
)

// AllParams lists the elasticities in the order tables show them.
var AllParams = []Param{Substitution, ImportDemand, ExportSupply, DomesticSubstitution, DomesticSupply}

// ModelParams are the elasticities the engine reads (model.Elasticities):
// what sweeps, sensitivity and Monte Carlo draws vary. σ_D and ε_D only
// matter in markets with a domestic flow (see baseline.HasDomestic).
var ModelParams = AllParams

var paramInfo = [...]struct{ key, short, symbol, title string }{
	Substitution:         {"substitution", "sigma", "σ", "Substitution elasticity σ"},
	ImportDemand:         {"import_demand", "eta", "η", "Import demand elasticity η"},
	ExportSupply:         {"export_supply", "eps", "ε", "Export supply elasticity ε"},
	DomesticSubstitution: {"domestic_substitution", "sigma_d", "σ_D", "Domestic substitution elasticity σ_D"},
	DomesticSupply:       {"domestic_supply", "eps_d", "ε_D", "Domestic supply elasticity ε_D"},
}

func (p Param) valid() bool { return p > 0 && int(p) < len(paramInfo) }

// Key is the scenario file's key: "substitution", "import_demand", ...
func (p Param) Key() string {
	if !p.valid() {
		return fmt.Sprintf("Param(%d)", int(p))
	}
	return paramInfo[p].key
}

// Short is the short spelling: "sigma", "eta", "eps", "sigma_d", "eps_d".
func (p Param) Short() string {
	if !p.valid() {
		return p.Key()
	}
	return paramInfo[p].short
}

// Symbol is the Greek letter: σ, η, ε, σ_D, ε_D.
func (p Param) Symbol() string {
	if !p.valid() {
		return p.Key()
	}
	return paramInfo[p].symbol
}

// Title is the elasticity in words with its symbol, for axis titles:
// "Substitution elasticity σ".
func (p Param) Title() string {
	if !p.valid() {
		return p.Key()
	}
	return paramInfo[p].title
}

// String is Key.
func (p Param) String() string { return p.Key() }

// ParseParam reads an elasticity by either spelling ("substitution" or
// "sigma", any case). An unknown name is an error that suggests the
// nearest spelling of either vocabulary.
func ParseParam(s string) (Param, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	var names []string
	for _, p := range AllParams {
		if n == p.Key() || n == p.Short() {
			return p, nil
		}
		names = append(names, p.Key(), p.Short())
	}
	return 0, fmt.Errorf("unknown elasticity %q%s (want one of %s)", s, dym.Hint(n, names), strings.Join(names, ", "))
}

// In returns the field of set that p names, or nil for an invalid p.
func (p Param) In(set *ElasticitySet) *Elasticity {
	switch p {
	case Substitution:
		return &set.Substitution
	case ImportDemand:
		return &set.ImportDemand
	case ExportSupply:
		return &set.ExportSupply
	case DomesticSubstitution:
		return &set.DomesticSubstitution
	case DomesticSupply:
		return &set.DomesticSupply
	}
	return nil
}

// Domestic reports whether p is an elasticity of the domestic nest (σ_D,
// ε_D), which only markets with a domestic flow read.
func (p Param) Domestic() bool { return p == DomesticSubstitution || p == DomesticSupply }

// Get returns p's value in e; ok is false for an elasticity the engine
// does not read (see ModelParams).
func (p Param) Get(e model.Elasticities) (v float64, ok bool) {
	switch p {
	case Substitution:
		return e.Substitution, true
	case ImportDemand:
		return e.ImportDemand, true
	case ExportSupply:
		return e.ExportSupply, true
	case DomesticSubstitution:
		return e.DomesticSubstitution, true
	case DomesticSupply:
		return e.DomesticSupply, true
	}
	return 0, false
}

// Set sets p in e to v; it reports false, and changes nothing, for an
// elasticity the engine does not read.
func (p Param) Set(e *model.Elasticities, v float64) bool {
	switch p {
	case Substitution:
		e.Substitution = v
	case ImportDemand:
		e.ImportDemand = v
	case ExportSupply:
		e.ExportSupply = v
	case DomesticSubstitution:
		e.DomesticSubstitution = v
	case DomesticSupply:
		e.DomesticSupply = v
	default:
		return false
	}
	return true
}
