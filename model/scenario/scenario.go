package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/ge"
)

// Scenario is a parsed scenario file.
type Scenario struct {
	// File is the name the scenario was read from (for messages and Slug);
	// "" for a scenario built in code.
	File        string
	Name        string
	Description string
	Sources     []string
	// Date is the evaluation date written as `at`; zero when absent.
	Date         Date
	Model        Model
	Elasticities Elasticities
	Tariffs      []Measure // the [[tariff]] tables, in file order
	Retaliations []Measure // the [[retaliation]] tables, in file order
	TradeCosts   []Measure // the [[trade_cost]] tables, in file order
	// Timeline is the [timeline] table, nil when absent (see timeline.go).
	Timeline *Timeline
	// Uncertainty is the [uncertainty] table.
	Uncertainty Uncertainty

	loc *locator // lines of the file's keys; nil for scenarios built in code
}

// Uncertainty is the [uncertainty] table: how a Monte Carlo run draws.
type Uncertainty struct {
	// Correlation is ρ in [0, 1], the correlation of the normal scores of
	// the distinct random variables of one kind (all σ, all η, all exempt
	// shares, …) through one common factor: each draws
	// z = √ρ·z_common + √(1−ρ)·z_own and takes its own distribution's
	// quantile at Φ(z) (a Gaussian copula). 0, the default, draws them
	// independently.
	Correlation float64
}

// Model is the [model] table.
type Model struct {
	Supply    model.Supply // default Bilateral
	Form      model.Form   // default Exact
	Horizon   Horizon      // default LongRun
	Exemption Exemption    // default Split
	Demand    Demand       // default DemandDefault
	// Engine selects the partial-equilibrium model (PE, the default) or
	// one-sector structural gravity (GE, package model/ge).
	Engine Engine
	// Imbalance is how trade deficits move under GE (default additive);
	// writing it under PE is an error.
	Imbalance ge.Imbalance
}

// Demand says what the η of a scenario measure in markets with domestic
// sales (`[model] demand_elasticity`).
type Demand int

const (
	// DemandDefault follows the baseline: DemandImports when its η
	// defaults are import-demand estimates (baseline.Defaults.ImportsOnly,
	// as ATP2024's), DemandTotal otherwise.
	DemandDefault Demand = iota
	// DemandImports reads every η as the elasticity of import demand; in a
	// market with domestic sales the model uses the total-demand η it
	// implies (model.Elasticities.ImportsOnly, docs/MODEL.md).
	DemandImports
	// DemandTotal reads η as the elasticity of total demand where a market
	// has domestic sales, as the model's equations write it.
	DemandTotal
)

func (d Demand) String() string {
	switch d {
	case DemandDefault:
		return "default"
	case DemandImports:
		return "imports"
	case DemandTotal:
		return "total"
	}
	return fmt.Sprintf("Demand(%d)", int(d))
}

// demandOf is what η measures in a run of s on b.
func (s *Scenario) demandOf(b *baseline.Baseline) Demand {
	if s.Model.Demand != DemandDefault {
		return s.Model.Demand
	}
	if b.Fallback.ImportsOnly {
		return DemandImports
	}
	for _, d := range b.Defaults {
		if d.ImportsOnly {
			return DemandImports
		}
	}
	return DemandTotal
}

// Engine selects the model a scenario is solved with.
type Engine int

const (
	// PE is the partial-equilibrium Armington model (package model).
	PE Engine = iota
	// GE is one-sector structural gravity with tariff revenue (package
	// model/ge): every domestic flow present, one category, θ = σ − 1.
	GE
)

func (e Engine) String() string { return enumString(e, "Engine", engineNames()) }

// engineNames are the names of the engines in the order of their values,
// as String returns them and a scenario writes them (engine = "ge").
func engineNames() []string { return []string{"pe", "ge"} }

// Exemption selects how exempt shares enter the model.
type Exemption int

const (
	// Split makes the exempt goods of a flow separate varieties that pay
	// nothing of the measure (docs/MODEL.md, "Exempt shares are separate
	// varieties").
	Split Exemption = iota
	// Average averages the exempt share into one tariff per flow:
	// t ← t + (1 − x)·rate (add) or t ← x·t + (1 − x)·rate (set), for
	// replicating effective-rate studies.
	Average
)

func (e Exemption) String() string { return enumString(e, "Exemption", exemptionNames()) }

// exemptionNames are the names of the Exemption values in their order.
func exemptionNames() []string { return []string{"split", "average"} }

// Horizon selects which of a baseline's default elasticities apply.
type Horizon int

const (
	// LongRun uses the baseline's long-run defaults.
	LongRun Horizon = iota
	// ShortRun uses the baseline's short-run defaults (about one year):
	// η short run, and σ and ε short run where the baseline documents them.
	ShortRun
)

func (h Horizon) String() string { return enumString(h, "Horizon", horizonNames()) }

// horizonNames are the names of the horizons in the order of their values.
func horizonNames() []string { return []string{"long-run", "short-run"} }

// enumString is the String method of an enumeration whose values are 0,
// 1, … in the order of names: the name of v, or typ(v) for any other v.
func enumString[T ~int](v T, typ string, names []string) string {
	if v >= 0 && int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, int(v))
}

// ElasticitySet is a group of elasticities, each of which may be absent.
type ElasticitySet struct {
	Substitution         Elasticity `toml:"substitution"`          // σ
	ImportDemand         Elasticity `toml:"import_demand"`         // η
	ExportSupply         Elasticity `toml:"export_supply"`         // ε
	DomesticSubstitution Elasticity `toml:"domestic_substitution"` // σ_D
	DomesticSupply       Elasticity `toml:"domestic_supply"`       // ε_D
}

// Elasticities is the [elasticities] table.
type Elasticities struct {
	// Default applies to every category (over the baseline's defaults).
	Default ElasticitySet
	// Category overrides Default per category, keyed by the code as
	// written: a slug or an alias.
	Category map[string]ElasticitySet
	// Exporter overrides ε for everything an exporter sells.
	Exporter map[string]Elasticity
}

// Kind tells a [[tariff]] from a [[retaliation]] measure.
type Kind int

const (
	// Tariff is a measure of the scenario's main actor.
	Tariff Kind = iota
	// Retaliation is a partner's answer, reported separately.
	Retaliation
	// TradeCost is a [[trade_cost]]: a change in an iceberg, non-tariff
	// trade cost, which earns no revenue.
	TradeCost
)

func (k Kind) String() string {
	switch k {
	case Retaliation:
		return "retaliation"
	case TradeCost:
		return "trade_cost"
	}
	return "tariff"
}

// Mode tells how a measure combines with the rate already applied.
type Mode int

const (
	// Add stacks the rate on top: t += (1−x)·rate.
	Add Mode = iota
	// Set replaces the rate on the non-exempt share: t = x·t + (1−x)·rate.
	Set
)

func (m Mode) String() string {
	if m == Set {
		return "set"
	}
	return "add"
}

// The rates a measure may set, in percent: the bounds of the web page's
// rate fields, so that a file and the page accept the same measures. A
// rate below −100% would pay importers more than the goods cost; the US
// rate on China reached 145% on 10 April 2025, and far beyond 1000% the
// model's constant elasticities mean nothing and the numbers only
// overflow. See docs/LIMITS.md.
const (
	MinRate Percent = -100
	MaxRate Percent = 1000
)

// Measure is one [[tariff]], [[retaliation]] or [[trade_cost]] table.
type Measure struct {
	Kind Kind
	By   string   // the importer that imposes it
	On   []string // exporters; "*" = every exporter selling to By except By
	// Categories are slugs or aliases; nil or "*" means all.
	Categories []string
	Rate       Percent // tariffs and retaliations
	Exempt     Percent // share of the flow that pays nothing
	// Change is a trade cost's change, > −100% (trade costs only): the
	// cost factor of the flows it matches is multiplied by 1 + Change.
	Change Percent
	// RateDist, ExemptDist and ChangeDist are set when the file gives the
	// value as a distribution; Rate, Exempt and Change then hold its
	// median, the value of a plain run.
	RateDist, ExemptDist, ChangeDist PercentDist
	Mode                             Mode
	Start, End                       Date // zero = open
	Note                             string
	Line                             int // line of the table's header; 0 if built in code
}

// InForce reports whether m is in force on d (both ends included).
func (m *Measure) InForce(d Date) bool {
	return (m.Start.IsZero() || !d.Before(m.Start)) && (m.End.IsZero() || !m.End.Before(d))
}

// Parse parses a scenario. file names it in messages. The error, if any,
// joins one *Error per problem (see Errors).
func Parse(data []byte, file string) (*Scenario, error) {
	s, errs, err := parse(data, file)
	if err != nil {
		return nil, err
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Validate parses a scenario and checks it against b, reporting every
// problem of both kinds together, sorted by line: what `tariffsim validate`
// shows. It returns the scenario only when there is no problem.
func Validate(data []byte, file string, b *baseline.Baseline) (*Scenario, error) {
	s, errs, err := parse(data, file)
	if err != nil {
		return nil, err
	}
	s.checkCodes(errs, b)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// parse decodes data; a syntax error is returned as err, every other
// problem is collected in errs along with the (partial) scenario.
func parse(data []byte, file string) (*Scenario, *errorList, error) {
	src := string(data)
	// The decoder rejects UTF-16 (a NUL among the first bytes) itself, with
	// a better message than the nesting scan would give.
	if !strings.ContainsRune(src[:min(len(src), 9)], 0) {
		if le := checkNesting(src); le != nil {
			return nil, nil, &Error{File: file, Line: le.line, Msg: le.msg}
		}
	}
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return nil, nil, syntaxError(file, data, err)
	}
	errs := &errorList{file: file}
	d := &decoder{errs: errs, loc: locate(src), seen: map[string]bool{}, parents: map[string]bool{}, bad: map[string]bool{}}
	var doc fileDoc
	d.decode(raw, reflect.ValueOf(&doc).Elem(), nil)
	s := d.convert(&doc)
	s.File = file
	s.validate(errs, func(path ...string) bool { return d.bad[pathKey(path)] })
	return s, errs, nil
}

func syntaxError(file string, src []byte, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e := &Error{File: file, Line: max(pe.Position.Line, 0), Msg: pe.Message}
		e.Excerpt = excerpt(pe, src)
		return e
	}
	e := &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
	}
	return e
}

// excerpt returns the source lines and caret of pe.ErrorWithPosition,
// without its header, which repeats the message. ErrorWithPosition (toml
// v1.6.0) indexes the input with the error's line and column unchecked and
// panics on some inputs (for example `"\` at the end of a file, reported at
// line 0), so it is called only for positions inside the input, and a panic
// costs the excerpt, not the program.
func excerpt(pe toml.ParseError, src []byte) (ex string) {
	defer func() {
		if recover() != nil {
			ex = ""
		}
	}()
	if pe.Position.Line < 1 || pe.Position.Col < 1 || pe.Position.Line > bytes.Count(src, []byte("\n"))+1 {
		return ""
	}
	_, ex, _ = strings.Cut(pe.ErrorWithPosition(), ":\n\n")
	return ex
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// convert turns the decoded document into a Scenario, checking the
// enumerations.
func (d *decoder) convert(doc *fileDoc) *Scenario {
	s := &Scenario{
		Name:        doc.Name,
		Description: doc.Description,
		Sources:     doc.Sources,
		Date:        doc.At,
		loc:         d.loc,
	}
	enum := func(path []string, v string, names ...string) int {
		if v == "" && !d.seen[pathKey(path)] || d.bad[pathKey(path)] {
			return 0
		}
		for i, n := range names {
			if v == n {
				return i
			}
		}
		d.fail(path, closest(v, names), "%q is not one of %s", v, quoteAll(names))
		return 0
	}
	s.Model.Supply = model.Supply(enum([]string{"model", "supply"}, doc.Model.Supply, "bilateral", "global"))
	s.Model.Form = model.Form(enum([]string{"model", "form"}, doc.Model.Form, "exact", "linear"))
	s.Model.Horizon = Horizon(enum([]string{"model", "horizon"}, doc.Model.Horizon, horizonNames()...))
	s.Model.Exemption = Exemption(enum([]string{"model", "exemption"}, doc.Model.Exemption, exemptionNames()...))
	if doc.Model.Demand != "" {
		s.Model.Demand = Demand(1 + enum([]string{"model", "demand_elasticity"}, doc.Model.Demand, "imports", "total"))
	}
	s.Model.Engine = Engine(enum([]string{"model", "engine"}, doc.Model.Engine, engineNames()...))
	s.Model.Imbalance = ge.Imbalance(enum([]string{"model", "imbalance"}, doc.Model.Imbalance, "additive", "multiplicative"))
	d.checkEngine(s)

	s.Timeline = d.timeline(&doc.Timeline)
	s.Uncertainty.Correlation = doc.Uncertainty.Correlation.v
	e := doc.Elasticities
	s.Elasticities.Default = ElasticitySet{e.Substitution, e.ImportDemand, e.ExportSupply, e.DomesticSubstitution, e.DomesticSupply}
	s.Elasticities.Category = e.Category
	if e.Exporter != nil {
		s.Elasticities.Exporter = map[string]Elasticity{}
		for k, v := range e.Exporter {
			if !v.ExportSupply.IsSet() && !d.hasChild("elasticities", "exporter", k) {
				d.errs.add(d.loc.line("elasticities", "exporter", k), "",
					"[elasticities.exporter.%s] sets nothing: write export_supply = <number>", k)
				continue
			}
			s.Elasticities.Exporter[k] = v.ExportSupply
		}
	}
	for _, kind := range []Kind{Tariff, Retaliation} {
		docs, name := doc.Tariff, "tariff"
		if kind == Retaliation {
			docs, name = doc.Retaliation, "retaliation"
		}
		for i, md := range docs {
			path := []string{name, index(i)}
			m := Measure{
				Kind: kind, By: strings.TrimSpace(md.By), On: md.On, Categories: md.Categories,
				Rate: md.Rate.p, Exempt: md.Exempt.p, RateDist: md.Rate.dist, ExemptDist: md.Exempt.dist,
				Start: md.Start, End: md.End, Note: md.Note,
				Line: d.loc.line(path...),
			}
			m.Mode = Mode(enum(append(path, "mode"), md.Mode, "add", "set"))
			for _, req := range []struct{ key, what string }{
				{"by", `the importer that imposes the measure, e.g. by = "US"`},
				{"on", `the exporters it applies to, e.g. on = ["CN"] or on = "*"`},
				{"rate", `the rate, e.g. rate = "25%"`},
			} {
				if !d.seen[pathKey(append(path, req.key))] {
					d.errs.add(m.Line, "", "[[%s]] lacks %s: %s", name, req.key, req.what)
				}
			}
			if bp := pathKey(append(path, "by")); d.seen[bp] && !d.bad[bp] && m.By == "" {
				d.fail(append(path, "by"), "", "empty: want a country code such as \"US\"")
			}
			if kind == Tariff {
				s.Tariffs = append(s.Tariffs, m)
			} else {
				s.Retaliations = append(s.Retaliations, m)
			}
		}
	}
	for i, td := range doc.TradeCost {
		path := []string{"trade_cost", index(i)}
		m := Measure{
			Kind: TradeCost, By: strings.TrimSpace(td.By), On: td.On, Categories: td.Categories,
			Change: td.Change.p, ChangeDist: td.Change.dist, Start: td.Start, End: td.End, Note: td.Note, Line: d.loc.line(path...),
		}
		for _, req := range []struct{ key, what string }{
			{"by", `the importer whose trade cost changes, e.g. by = "US"`},
			{"on", `the exporters it applies to, e.g. on = ["CN"] or on = "*"`},
			{"change", `the change in the cost, e.g. change = "-5%"`},
		} {
			if !d.seen[pathKey(append(path, req.key))] {
				d.errs.add(m.Line, "", "[[trade_cost]] lacks %s: %s", req.key, req.what)
			}
		}
		if bp := pathKey(append(path, "by")); d.seen[bp] && !d.bad[bp] && m.By == "" {
			d.fail(append(path, "by"), "", "empty: want a country code such as \"US\"")
		}
		s.TradeCosts = append(s.TradeCosts, m)
	}
	return s
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// line returns the line of a key of the file, or fallback when the
// scenario was not read from a file or the key is not in it.
func (s *Scenario) line(fallback int, path ...string) int {
	if l, ok := s.loc.lookup(path...); ok {
		return l
	}
	return fallback
}

// measurePath is the locator path of the i-th measure of a kind.
func measurePath(kind Kind, i int, key ...string) []string {
	return append([]string{kind.String(), index(i)}, key...)
}

// each calls f for every measure, [[tariff]] first, then [[retaliation]],
// then [[trade_cost]], with its kind (from the list it is in) and its index
// in that list.
func (s *Scenario) each(f func(m *Measure, kind Kind, i int)) {
	for i := range s.Tariffs {
		f(&s.Tariffs[i], Tariff, i)
	}
	for i := range s.Retaliations {
		f(&s.Retaliations[i], Retaliation, i)
	}
	for i := range s.TradeCosts {
		f(&s.TradeCosts[i], TradeCost, i)
	}
}

// validate checks the rules that need no baseline. reported tells which
// keys already have an error (their value is then meaningless); nil for
// scenarios built in code.
func (s *Scenario) validate(errs *errorList, reported func(path ...string) bool) {
	if reported == nil {
		reported = func(...string) bool { return false }
	}
	if strings.TrimSpace(s.Name) == "" && !reported("name") {
		errs.add(s.line(0, "name"), "", "name is required: a short title such as name = \"US 25%% on Canada and Mexico\"")
	}
	checkSet := func(set ElasticitySet, path ...string) {
		for _, p := range []struct {
			key string
			e   Elasticity
		}{{"substitution", set.Substitution}, {"import_demand", set.ImportDemand}, {"export_supply", set.ExportSupply},
			{"domestic_substitution", set.DomesticSubstitution}, {"domestic_supply", set.DomesticSupply}} {
			if _, preset := p.e.Preset(); !p.e.IsSet() || preset {
				continue // a preset is checked when Params resolves it
			}
			line := s.line(0, append(path, p.key)...)
			switch {
			case p.e.Value() < 0 || math.IsNaN(p.e.Value()):
				errs.add(line, "", "%s: elasticities are magnitudes ≥ 0", p.key)
			case math.IsInf(p.e.Value(), 1) && p.key != "export_supply" && p.key != "domestic_supply":
				errs.add(line, "", "%s: \"inf\" is only allowed for export_supply (ε) and domestic_supply (ε_D); want a finite number", p.key)
			case p.key == "substitution" && p.e.Value() == 0:
				errs.add(line, "", "substitution: σ must be > 0 (σ = 0 makes the CES aggregate undefined)")
			case p.key == "domestic_substitution" && p.e.Value() == 0:
				errs.add(line, "", "domestic_substitution: σ_D must be > 0 (σ_D = 0 makes the CES aggregate undefined)")
			}
		}
	}
	checkSet(s.Elasticities.Default, "elasticities")
	for _, k := range sortedKeysOf(s.Elasticities.Category) {
		checkSet(s.Elasticities.Category[k], "elasticities", "category", k)
	}
	for _, k := range sortedKeysOf(s.Elasticities.Exporter) {
		checkSet(ElasticitySet{ExportSupply: s.Elasticities.Exporter[k]}, "elasticities", "exporter", k)
	}
	s.validateTimeline(errs)
	s.validateEngine(errs)
	s.each(func(m *Measure, kind Kind, i int) {
		at := func(key string) int { return s.line(m.Line, measurePath(kind, i, key)...) }
		if m.By == "*" {
			errs.add(at("by"), "", "by: a measure has one imposer; write one country code, not \"*\"")
		}
		for _, c := range m.On {
			if c == m.By && c != "" {
				what := "a tariff"
				if kind == TradeCost {
					what = "a trade cost"
				}
				errs.add(at("on"), "", "on: %s cannot impose %s on itself (by = %q)", c, what, m.By)
			}
		}
		if kind == TradeCost && m.Change <= -100 {
			errs.add(at("change"), "", "change: %s would make the trade cost vanish: want a change above -100%%", m.Change)
		}
		if kind == TradeCost && m.Change > MaxRate {
			errs.add(at("change"), "", "change: %g%% is more than a scenario may set, %s", float64(m.Change), MaxRate)
		}
		if kind != TradeCost && (m.Rate < MinRate || m.Rate > MaxRate) {
			errs.add(at("rate"), "", "rate: %g%% is outside the rates a scenario may set, %s to %s", float64(m.Rate), MinRate, MaxRate)
		}
		if err := checkPercentDist(m.RateDist, float64(MinRate), float64(MaxRate)); err != nil {
			errs.add(at("rate"), "", "rate: %v", err)
		}
		if err := checkPercentDist(m.ExemptDist, 0, 100); err != nil {
			errs.add(at("exempt"), "", "exempt: %v", err)
		}
		if err := checkPercentDist(m.ChangeDist, -100+1e-9, float64(MaxRate)); err != nil {
			errs.add(at("change"), "", "change: %v", err)
		}
		if m.Exempt < 0 || m.Exempt > 100 {
			errs.add(at("exempt"), "", "exempt: %s is a share of the flow and must be between 0%% and 100%%", m.Exempt)
		}
		if !m.Start.IsZero() && !m.End.IsZero() && m.End.Before(m.Start) {
			errs.add(at("end"), "", "end %s is before start %s", m.End, m.Start)
		}
	})
}

// Slug returns a name for an output folder: the file name without .toml,
// else one made from the name, else "scenario".
func (s *Scenario) Slug() string {
	if s.File != "" {
		base := strings.TrimSuffix(filepath.Base(filepath.ToSlash(s.File)), ".toml")
		if sl := slugify(base, false); sl != "" {
			return sl
		}
	}
	if sl := slugify(s.Name, true); sl != "" {
		return sl
	}
	return "scenario"
}

func slugify(s string, lower bool) string {
	if lower {
		s = strings.ToLower(s)
	}
	var b strings.Builder
	dash := false
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || (!lower && r == '.')
		if r == '%' && lower {
			b.WriteString("pct")
			dash = false
			continue
		}
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-.")
}

// Selection chooses which measures a run applies.
type Selection int

const (
	// AllMeasures applies [[tariff]] and [[retaliation]] measures.
	AllMeasures Selection = iota
	// TariffsOnly applies every measure but [[retaliation]] (the
	// [[tariff]] and [[trade_cost]] measures), to see what the retaliation
	// adds.
	TariffsOnly
	// NoMeasures applies nothing: the baseline run.
	NoMeasures
)

// Options control how a scenario is applied.
type Options struct {
	// At is the evaluation date; zero means the scenario's default (see At).
	At time.Time
	// Measures selects which measures apply.
	Measures Selection
}

// At returns the evaluation date: opt.At, else the scenario's `at`, else
// the latest start of any measure (whatever opt.Measures, so that runs with
// and without retaliation are evaluated on the same date). ok is false when
// there is no date at all; every measure then applies.
func (s *Scenario) At(opt Options) (date time.Time, ok bool) {
	d := s.date(opt)
	return d.Time(), !d.IsZero()
}

func (s *Scenario) date(opt Options) Date {
	if !opt.At.IsZero() {
		return DateOf(opt.At)
	}
	if !s.Date.IsZero() {
		return s.Date
	}
	var latest Date
	for _, ms := range [][]Measure{s.Tariffs, s.Retaliations, s.TradeCosts} {
		for _, m := range ms {
			if !m.Start.IsZero() && latest.Before(m.Start) {
				latest = m.Start
			}
		}
	}
	return latest
}

// InForce returns the measures that a run with opt applies, in the order
// they are applied: [[tariff]] measures first, then [[retaliation]], then
// [[trade_cost]] (whose order does not matter: their factors multiply).
func (s *Scenario) InForce(opt Options) []Measure {
	d := s.date(opt)
	var out []Measure
	lists := [][]Measure{s.Tariffs, s.Retaliations, s.TradeCosts}
	for k, ms := range lists {
		if opt.Measures == NoMeasures || opt.Measures == TariffsOnly && Kind(k) == Retaliation {
			continue
		}
		for _, m := range ms {
			if d.IsZero() || m.InForce(d) {
				m.Kind = Kind(k)
				out = append(out, m)
			}
		}
	}
	return out
}

func sortedKeysOf[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
