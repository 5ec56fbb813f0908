package scenario

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// The file's schema. The loader decodes the TOML into a generic tree with
// BurntSushi/toml (which does the syntax) and then walks that tree into
// these structs itself, by reflection over their `toml` tags. Doing the
// walk here rather than with toml.Decode into the structs is what lets
// Parse report every problem of a file: toml.Decode stops at the first
// value it cannot decode, matches keys regardless of case, and only knows
// one position per key path.

type fileDoc struct {
	Name         string          `toml:"name"`
	Description  string          `toml:"description"`
	Sources      []string        `toml:"sources"`
	At           Date            `toml:"at"`
	Model        modelDoc        `toml:"model"`
	Elasticities elasticitiesDoc `toml:"elasticities"`
	Tariff       []measureDoc    `toml:"tariff"`
	Retaliation  []measureDoc    `toml:"retaliation"`
	TradeCost    []tradeCostDoc  `toml:"trade_cost"`
	Timeline     timelineDoc     `toml:"timeline"` // timeline.go
	Uncertainty  uncertaintyDoc  `toml:"uncertainty"`
}

type uncertaintyDoc struct {
	Correlation correlationValue `toml:"correlation"`
}

type modelDoc struct {
	Supply    string `toml:"supply"`
	Form      string `toml:"form"`
	Horizon   string `toml:"horizon"`
	Exemption string `toml:"exemption"`
	Demand    string `toml:"demand_elasticity"`
	Engine    string `toml:"engine"`
	Imbalance string `toml:"imbalance"`
}

type elasticitiesDoc struct {
	Substitution Elasticity `toml:"substitution"`
	ImportDemand Elasticity `toml:"import_demand"`
	ExportSupply Elasticity `toml:"export_supply"`
	// The domestic nest, used where a market has a domestic flow.
	DomesticSubstitution Elasticity               `toml:"domestic_substitution"`
	DomesticSupply       Elasticity               `toml:"domestic_supply"`
	Category             map[string]ElasticitySet `toml:"category"`
	Exporter             map[string]exporterDoc   `toml:"exporter"`
}

type exporterDoc struct {
	ExportSupply Elasticity `toml:"export_supply"`
}

type measureDoc struct {
	By         string           `toml:"by"`
	On         codeList         `toml:"on"`
	Categories codeList         `toml:"categories"`
	Rate       uncertainPercent `toml:"rate"`
	Exempt     uncertainPercent `toml:"exempt"`
	Mode       string           `toml:"mode"`
	Start      Date             `toml:"start"`
	End        Date             `toml:"end"`
	Note       string           `toml:"note"`
}

type tradeCostDoc struct {
	By         string           `toml:"by"`
	On         codeList         `toml:"on"`
	Categories codeList         `toml:"categories"`
	Change     uncertainPercent `toml:"change"`
	Start      Date             `toml:"start"`
	End        Date             `toml:"end"`
	Note       string           `toml:"note"`
}

var unmarshalerType = reflect.TypeFor[toml.Unmarshaler]()

// fields returns the `toml` tag names of a struct type with field indices.
func fields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}

// keyHomes maps every key of the schema to the tables it may appear in,
// for the message about a key written in the wrong table. It is built from
// the struct tags so that it cannot drift from the schema.
var keyHomes = func() map[string][]string {
	homes := map[string][]string{}
	var walk func(t reflect.Type, where string)
	walk = func(t reflect.Type, where string) {
		for name, i := range fields(t) {
			if !slices.Contains(homes[name], where) {
				homes[name] = append(homes[name], where)
			}
			ft := t.Field(i).Type
			if reflect.PointerTo(ft).Implements(unmarshalerType) {
				continue
			}
			sub := strings.TrimSuffix(strings.TrimPrefix(where, "["), "]")
			if sub == "the top level" {
				sub = ""
			} else {
				sub += "."
			}
			switch ft.Kind() {
			case reflect.Struct:
				walk(ft, "["+sub+name+"]")
			case reflect.Map:
				if ft.Elem().Kind() == reflect.Struct {
					walk(ft.Elem(), "["+sub+name+".<code>]")
				}
			case reflect.Slice:
				if ft.Elem().Kind() == reflect.Struct {
					walk(ft.Elem(), "[["+sub+name+"]]")
				}
			}
		}
	}
	walk(reflect.TypeFor[fileDoc](), "the top level")
	for _, h := range homes {
		sort.Strings(h)
	}
	return homes
}()

// decoder walks a generic TOML tree into a struct, collecting errors.
type decoder struct {
	errs *errorList
	loc  *locator
	seen map[string]bool // paths that were present in the file
	// parents are the paths of seen paths' parents (see hasChild).
	parents map[string]bool
	bad     map[string]bool // paths whose value was already reported
}

func (d *decoder) fail(path []string, hint, format string, a ...any) {
	d.bad[pathKey(path)] = true
	d.errs.add(d.loc.line(path...), hint, "%s: %s", keyName(path), fmt.Sprintf(format, a...))
}

// keyName names the last key of path for a message (without indices).
func keyName(path []string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if !strings.HasPrefix(path[i], "[") {
			return path[i]
		}
	}
	return "file"
}

func (d *decoder) decode(raw any, rv reflect.Value, path []string) {
	d.see(path)
	if rv.CanAddr() {
		if u, ok := rv.Addr().Interface().(toml.Unmarshaler); ok {
			if err := u.UnmarshalTOML(raw); err != nil {
				if ve, ok := err.(*valueError); ok {
					d.fail(path, ve.hint, "%s", ve.msg)
				} else {
					d.fail(path, "", "%v", err)
				}
			}
			return
		}
	}
	switch rv.Kind() {
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			d.fail(path, "", "want a table, got %s", describe(raw))
			return
		}
		fs := fields(rv.Type())
		for _, k := range sortedKeys(m) {
			kp := append(slices.Clip(path), k)
			if i, ok := fs[k]; ok {
				d.decode(m[k], rv.Field(i), kp)
				continue
			}
			d.unknown(kp, fs)
		}
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			d.fail(path, "", "want a table, got %s", describe(raw))
			return
		}
		if rv.IsNil() {
			rv.Set(reflect.MakeMap(rv.Type()))
		}
		for _, k := range sortedKeys(m) {
			e := reflect.New(rv.Type().Elem()).Elem()
			d.decode(m[k], e, append(slices.Clip(path), k))
			rv.SetMapIndex(reflect.ValueOf(k), e)
		}
	case reflect.Slice:
		var elems []any
		switch x := raw.(type) {
		case []any:
			elems = x
		case []map[string]any:
			for _, e := range x {
				elems = append(elems, e)
			}
		default:
			if rv.Type().Elem().Kind() == reflect.Struct {
				d.fail(path, "", "want an array of tables: write [[%s]] with double brackets, one per measure", keyName(path))
			} else {
				d.fail(path, "", "want an array, got %s", describe(raw))
			}
			return
		}
		out := reflect.MakeSlice(rv.Type(), len(elems), len(elems))
		for i, e := range elems {
			d.decode(e, out.Index(i), append(slices.Clip(path), index(i)))
		}
		rv.Set(out)
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			d.fail(path, "", "want a string, got %s", describe(raw))
			return
		}
		rv.SetString(s)
	default:
		d.fail(path, "", "internal error: cannot decode into %s", rv.Type())
	}
}

// unknown reports a key that the table at path does not have.
func (d *decoder) unknown(path []string, fs map[string]int) {
	d.see(path)
	k := path[len(path)-1]
	known := make([]string, 0, len(fs))
	for name := range fs {
		known = append(known, name)
	}
	sort.Strings(known)
	line := d.loc.line(path...)
	for _, name := range known {
		if strings.EqualFold(name, k) {
			d.errs.add(line, name, "unknown key %q: keys are case-sensitive", k)
			return
		}
	}
	if homes := keyHomes[k]; len(homes) > 0 {
		d.errs.add(line, "", "key %q does not belong here: it goes in %s", k, strings.Join(homes, " or "))
		return
	}
	hint := closest(k, known)
	for _, p := range AllParams {
		// The web page's and sweep's short names (sigma, eta, eps) are
		// not the file's keys; say which key they mean.
		if k == p.Short() && slices.Contains(known, p.Key()) {
			hint = p.Key()
		}
	}
	d.errs.add(line, hint, "unknown key %q (known keys here: %s)", k, strings.Join(known, ", "))
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// hasChild reports whether any key under path was in the file.
func (d *decoder) hasChild(path ...string) bool { return d.parents[pathKey(path)] }

// see records that path was in the file. The set of parents makes hasChild
// a lookup: scanning every seen path instead made a file of 9,000 empty
// [elasticities.exporter] tables (64 KiB) take 1.1 s.
func (d *decoder) see(path []string) {
	d.seen[pathKey(path)] = true
	if len(path) > 0 {
		d.parents[pathKey(path[:len(path)-1])] = true
	}
}
