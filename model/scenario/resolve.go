package scenario

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// codes knows a baseline's country and category codes for checking and
// for "did you mean" hints.
type codes struct {
	b         *baseline.Baseline
	countries []string
	isCountry map[string]bool
}

func newCodes(b *baseline.Baseline) *codes {
	c := &codes{b: b, countries: b.CountryCodes(), isCountry: map[string]bool{}}
	for _, k := range c.countries {
		c.isCountry[k] = true
	}
	return c
}

// suggest returns the likeliest meant code: a case-insensitive match of a
// code, then of a long name, then the closest code or name.
func suggest(s string, codes []string, names map[string]string) string {
	for _, c := range codes {
		if strings.EqualFold(s, c) {
			return c
		}
	}
	for n, c := range names {
		if strings.EqualFold(s, n) {
			return c
		}
	}
	if c := closest(s, codes); c != "" {
		return c
	}
	ns := sortedKeysOf(names)
	if n := closest(s, ns); n != "" {
		return names[n]
	}
	return ""
}

func (c *codes) countryHint(code string) string {
	names := map[string]string{}
	for _, k := range c.b.Countries {
		if k.Name != "" && c.isCountry[k.Code] {
			names[k.Name] = k.Code
		}
	}
	return suggest(code, c.countries, names)
}

func (c *codes) categoryHint(code string) string {
	var cands []string
	names := map[string]string{}
	for _, k := range c.b.Categories {
		cands = append(cands, k.Slug)
		cands = append(cands, k.Aliases...)
		if k.Name != "" {
			names[k.Name] = k.Slug
		}
		for _, w := range k.Words {
			names[w] = k.Slug // "semiconductors": electronics
		}
	}
	cands = append(cands, c.b.CategoryCodes()...)
	h := suggest(code, cands, names)
	if slug, ok := c.b.Category(h); ok {
		return slug
	}
	return h
}

func (c *codes) listCountries() string { return strings.Join(c.countries, " ") }

// matcher is a measure with its codes resolved against a baseline.
type matcher struct {
	by   string
	on   map[string]bool // nil: every exporter but by
	cats map[string]bool // nil: every category
}

func (mt *matcher) match(f model.Flow) bool {
	if f.Importer != mt.by || f.Exporter == mt.by {
		return false
	}
	if mt.on != nil && !mt.on[f.Exporter] {
		return false
	}
	return mt.cats == nil || mt.cats[f.Category]
}

// compile resolves m's codes; unknown ones are left out (Check reports
// them).
func compile(m *Measure, b *baseline.Baseline) *matcher {
	mt := &matcher{by: m.By}
	if !slices.Contains(m.On, "*") {
		mt.on = map[string]bool{}
		for _, c := range m.On {
			mt.on[c] = true
		}
	}
	if len(m.Categories) > 0 && !slices.Contains(m.Categories, "*") {
		mt.cats = map[string]bool{}
		for _, c := range m.Categories {
			if slug, ok := b.Category(c); ok {
				mt.cats[slug] = true
			}
		}
	}
	return mt
}

// Check checks s against a baseline: every country code (by, on,
// elasticities.exporter) and category (categories, elasticities.category)
// must exist in b, categories by slug or alias; every measure must match at
// least one flow of b. It also repeats the checks of Parse, for scenarios
// built or changed in code. Every problem is reported.
func (s *Scenario) Check(b *baseline.Baseline) error {
	errs := &errorList{file: s.File}
	s.validate(errs, nil)
	s.checkCodes(errs, b)
	return errs.err()
}

// checkCodes adds to errs every code of s that b does not know and every
// measure that matches no flow of b.
func (s *Scenario) checkCodes(errs *errorList, b *baseline.Baseline) {
	c := newCodes(b)
	country := func(code string, line int, what string) bool {
		if c.isCountry[code] {
			return true
		}
		errs.add(line, c.countryHint(code), "%s: unknown country code %q (baseline %s has %s)", what, code, b.Name, c.listCountries())
		return false
	}
	category := func(code string, line int, what string) (string, bool) {
		if slug, ok := b.Category(code); ok {
			return slug, true
		}
		errs.add(line, c.categoryHint(code), "%s: unknown category %q (baseline %s has %s)", what, code, b.Name, strings.Join(b.CategoryCodes(), " "))
		return "", false
	}
	flows := b.Flows()
	s.each(func(m *Measure, kind Kind, i int) {
		at := func(key string) int { return s.line(m.Line, measurePath(kind, i, key)...) }
		ok := m.By != "" && len(m.On) > 0
		if m.By != "" && m.By != "*" {
			ok = country(m.By, at("by"), "by") && ok
		}
		for _, code := range m.On {
			if code != "*" {
				ok = country(code, at("on"), "on") && ok
			}
		}
		for _, code := range m.Categories {
			if code != "*" {
				_, cok := category(code, at("categories"), "categories")
				ok = cok && ok
			}
		}
		if !ok {
			return
		}
		mt := compile(m, b)
		if !slices.ContainsFunc(flows, mt.match) {
			cats := "any category"
			if mt.cats != nil {
				cats = strings.Join(sortedKeysOf(mt.cats), ", ")
			}
			errs.add(m.Line, "", "[[%s]] by %s on %s matches no flow of baseline %s: %s imports nothing from them in %s",
				kind, m.By, strings.Join(m.On, ", "), b.Name, m.By, cats)
		}
	})
	seen := map[string]string{}
	for _, k := range sortedKeysOf(s.Elasticities.Category) {
		line := s.line(0, "elasticities", "category", k)
		slug, ok := category(k, line, "[elasticities.category]")
		if !ok {
			continue
		}
		if prev, dup := seen[slug]; dup {
			errs.add(line, "", "[elasticities.category.%s] and [elasticities.category.%s] are the same category (%s)", prev, k, slug)
		}
		seen[slug] = k
	}
	for _, k := range sortedKeysOf(s.Elasticities.Exporter) {
		country(k, s.line(0, "elasticities", "exporter", k), "[elasticities.exporter]")
	}
	s.checkTimelineCodes(errs, b, c)
}

// Params returns the elasticities of every category of b: per category,
// the scenario's [elasticities.category.K], else its [elasticities], else
// b's documented defaults for K (short-run ones when horizon =
// "short-run"; for σ_D and ε_D, b's fallback ones when K documents none);
// exporters' ε overrides go into ExportSupply. Call Check
// first: codes that b does not know are ignored here.
func (s *Scenario) Params(b *baseline.Baseline) (model.Params, error) {
	pick := func(d baseline.Defaults) model.Elasticities {
		e := model.Elasticities{Substitution: d.Substitution, ImportDemand: d.ImportDemand, ExportSupply: d.ExportSupply,
			DomesticSubstitution: d.DomesticSubstitution, DomesticSupply: d.DomesticSupply, ImportsOnly: s.demandOf(b) == DemandImports}
		if d.DomesticSubstitution == 0 {
			// A category that documents no domestic nest takes the
			// baseline's fallback one.
			e.DomesticSubstitution, e.DomesticSupply = b.Fallback.DomesticSubstitution, b.Fallback.DomesticSupply
		}
		if s.Model.Horizon == ShortRun {
			e.ImportDemand = d.ImportDemandShortRun
			if d.SubstitutionShortRun != 0 {
				e.Substitution = d.SubstitutionShortRun
			}
			if d.ExportSupplyShortRun != 0 {
				e.ExportSupply = d.ExportSupplyShortRun
			}
			if d.DomesticSubstitutionShortRun != 0 {
				e.DomesticSubstitution = d.DomesticSubstitutionShortRun
			}
		}
		return e
	}
	errs := &errorList{file: s.File}
	// value is what a plain run uses: the number, a distribution's median,
	// or a preset resolved against the category's documented range d.
	value := func(e Elasticity, key string, d baseline.Defaults, cat string, path ...string) float64 {
		name, ok := e.Preset()
		if !ok {
			return e.Value()
		}
		v, err := d.Preset(string(name), key, s.Model.Horizon == ShortRun)
		if err != nil {
			errs.add(s.line(0, append(path, key)...), "", "%s = %q for %s: %v", key, name, cat, err)
		}
		return v
	}
	apply := func(e *model.Elasticities, set ElasticitySet, d baseline.Defaults, cat string, path ...string) {
		if set.Substitution.IsSet() {
			e.Substitution = value(set.Substitution, "substitution", d, cat, path...)
		}
		if set.ImportDemand.IsSet() {
			e.ImportDemand = value(set.ImportDemand, "import_demand", d, cat, path...)
		}
		if set.ExportSupply.IsSet() {
			e.ExportSupply = value(set.ExportSupply, "export_supply", d, cat, path...)
		}
		if set.DomesticSubstitution.IsSet() {
			e.DomesticSubstitution = value(set.DomesticSubstitution, "domestic_substitution", d, cat, path...)
		}
		if set.DomesticSupply.IsSet() {
			e.DomesticSupply = value(set.DomesticSupply, "domestic_supply", d, cat, path...)
		}
	}
	p := model.Params{Category: map[string]model.Elasticities{}}
	p.Default = pick(b.Fallback)
	p.Default.ImportsOnly = s.demandOf(b) == DemandImports
	apply(&p.Default, s.Elasticities.Default, b.Fallback, "categories without defaults", "elasticities")
	over := map[string]ElasticitySet{}
	for _, k := range sortedKeysOf(s.Elasticities.Category) {
		if slug, ok := b.Category(k); ok {
			over[slug] = s.Elasticities.Category[k]
		}
	}
	cats := b.CategoryCodes()
	for slug := range over {
		if !slices.Contains(cats, slug) {
			cats = append(cats, slug)
		}
	}
	slices.Sort(cats)
	overKey := map[string]string{} // slug → the key as written
	for _, k := range sortedKeysOf(s.Elasticities.Category) {
		if slug, ok := b.Category(k); ok {
			overKey[slug] = k
		}
	}
	for _, k := range cats {
		d := b.DefaultsFor(k)
		e := pick(d)
		apply(&e, s.Elasticities.Default, d, "category "+k, "elasticities")
		apply(&e, over[k], d, "category "+k, "elasticities", "category", overKey[k])
		if err := e.Validate(); err != nil {
			errs.add(0, "", "category %s: %v (from the scenario's [elasticities] or baseline %s's defaults)", k, err, b.Name)
		}
		p.Category[k] = e
	}
	for _, k := range sortedKeysOf(s.Elasticities.Exporter) {
		if p.ExportSupply == nil {
			p.ExportSupply = map[string]float64{}
		}
		p.ExportSupply[k] = value(s.Elasticities.Exporter[k], "export_supply", b.Fallback, "exporter "+k, "elasticities", "exporter", k)
	}
	return p, errs.err()
}

// Problem applies s to b: it checks s (see Check), then computes the new
// tariffs of every flow from the measures in force (see InForce), its
// trade-cost factor and the elasticities (see Params).
//
// With exemption = "split" (the default) a flow that measures in force
// exempt in part splits into pieces (model.Problem.Pieces): ranking the
// flow's goods on u in [0, 1), the goods exempt from a measure with share
// x are those with u < x, so with b_0 = 0 < b_1 < … < b_K = 1 the distinct
// values of {0, 1} and the exempt shares, piece k has share b_k − b_{k−1}
// and pays measure j (add: t += rate; set: t = rate) iff b_{k−1} ≥ x_j.
// Adjacent pieces with the same tariff are merged; a flow left with one
// piece has none, and NewTariff[i] is then its tariff (otherwise the
// pieces' baseline-weighted mean). With exemption = "average" every flow
// is one variety: t += (1 − x)·rate (add), t = x·t + (1 − x)·rate (set).
//
// A trade cost multiplies the flow's cost factor κ by 1 + change
// (TradeCost; nil when no trade cost is in force). A new tariff of −100%
// or less on any piece is an error naming the measure's line.
func (s *Scenario) Problem(b *baseline.Baseline, opt Options) (*model.Problem, error) {
	c, err := s.Compile(b)
	if err != nil {
		return nil, err
	}
	return c.Problem(opt)
}

// problem applies the measures ms, in order, to b.
func (s *Scenario) problem(b *baseline.Baseline, ms []Measure, params model.Params) (*model.Problem, error) {
	mts := make([]*matcher, len(ms))
	for i := range ms {
		mts[i] = compile(&ms[i], b)
	}
	flows := b.Flows()
	nt := make([]float64, len(flows))
	var pieces [][]model.Piece
	var kappa []float64
	errs := &errorList{file: s.File}
	tooLow := func(f model.Flow, t float64, last int) {
		line := 0
		if last >= 0 {
			line = ms[last].Line
		}
		errs.add(line, "", "the new tariff of %s on %s in %s is %s%%: a tariff must stay above -100%%",
			f.Importer, f.Exporter, f.Category, strconv.FormatFloat(100*t, 'g', 6, 64))
	}
	var applied []int
	var cuts []float64
	for i, f := range flows {
		applied = applied[:0]
		k := 1.0
		split := false
		for j := range ms {
			if !mts[j].match(f) {
				continue
			}
			if ms[j].Kind == TradeCost {
				k *= 1 + ms[j].Change.Fraction()
				continue
			}
			applied = append(applied, j)
			if x := ms[j].Exempt.Fraction(); x > 0 && x < 1 {
				split = true
			}
		}
		if k != 1 {
			if kappa == nil {
				kappa = make([]float64, len(flows))
				for f := range kappa {
					kappa[f] = 1
				}
			}
			kappa[i] = k
		}
		if s.Model.Exemption == Average || !split {
			t, last := f.Tariff, -1
			for _, j := range applied {
				x, r := ms[j].Exempt.Fraction(), ms[j].Rate.Fraction()
				switch {
				case s.Model.Exemption == Split && x >= 1:
					// Every good of the flow is exempt.
					continue
				case ms[j].Mode == Set:
					t = x*t + (1-x)*r
				default:
					t += (1 - x) * r
				}
				last = j
			}
			if t <= -1 || math.IsNaN(t) || math.IsInf(t, 0) {
				tooLow(f, t, last)
			}
			nt[i] = t
			continue
		}
		cuts = append(cuts[:0], 0, 1)
		for _, j := range applied {
			if x := ms[j].Exempt.Fraction(); x > 0 && x < 1 {
				cuts = append(cuts, x)
			}
		}
		slices.Sort(cuts)
		cuts = slices.Compact(cuts)
		var ps []model.Piece
		var mean float64
		for c := 1; c < len(cuts); c++ {
			t, last := f.Tariff, -1
			for _, j := range applied {
				if cuts[c-1] < ms[j].Exempt.Fraction() {
					continue // this piece is exempt from measure j
				}
				if r := ms[j].Rate.Fraction(); ms[j].Mode == Set {
					t = r
				} else {
					t += r
				}
				last = j
			}
			if t <= -1 || math.IsNaN(t) || math.IsInf(t, 0) {
				tooLow(f, t, last)
			}
			share := cuts[c] - cuts[c-1]
			if n := len(ps); n > 0 && ps[n-1].Tariff == t {
				ps[n-1].Share += share
			} else {
				ps = append(ps, model.Piece{Share: share, Tariff: t})
			}
		}
		for _, pc := range ps {
			mean += pc.Share * pc.Tariff
		}
		if len(ps) == 1 {
			nt[i] = ps[0].Tariff
			continue
		}
		if pieces == nil {
			pieces = make([][]model.Piece, len(flows))
		}
		pieces[i] = ps
		nt[i] = mean
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return &model.Problem{Flows: flows, NewTariff: nt, Pieces: pieces, TradeCost: kappa, Params: params,
		Supply: s.Model.Supply, Form: s.Model.Form}, nil
}

// Resolve returns the scenario that a run of s on b with opt amounts to:
// its evaluation date written as `at`, every category's elasticities
// spelled out, and only the measures in force, with "*" and aliases
// replaced by the codes of the flows they match.
func (s *Scenario) Resolve(b *baseline.Baseline, opt Options) (*Scenario, error) {
	p, err := s.Problem(b, opt)
	if err != nil {
		return nil, err
	}
	r := &Scenario{
		File: s.File, Name: s.Name, Description: s.Description,
		Sources: slices.Clone(s.Sources), Date: s.date(opt), Model: s.Model, Timeline: s.Timeline,
	}
	// What η measures is spelled out too: the resolved file must run the
	// same on a baseline whose defaults say otherwise.
	if s.Model.Engine == PE {
		r.Model.Demand = s.demandOf(b)
	}
	// The domestic nest's elasticities are spelled out only where they can
	// matter: in a baseline with domestic flows, and when σ_D is given.
	dom := slices.ContainsFunc(p.Flows, func(f model.Flow) bool { return f.Importer == f.Exporter })
	set := func(e model.Elasticities) ElasticitySet {
		es := ElasticitySet{Substitution: Number(e.Substitution), ImportDemand: Number(e.ImportDemand), ExportSupply: Number(e.ExportSupply)}
		if dom && e.DomesticSubstitution > 0 && !math.IsInf(e.DomesticSubstitution, 0) && e.DomesticSupply >= 0 {
			es.DomesticSubstitution, es.DomesticSupply = Number(e.DomesticSubstitution), Number(e.DomesticSupply)
		}
		return es
	}
	// The default may come from a baseline without a fallback; keep only
	// what is valid, which is all a category that b lacks could use.
	d := p.Params.Default
	if d.Substitution > 0 && !math.IsInf(d.Substitution, 0) {
		r.Elasticities.Default.Substitution = Number(d.Substitution)
	}
	if d.ImportDemand >= 0 && !math.IsInf(d.ImportDemand, 0) {
		r.Elasticities.Default.ImportDemand = Number(d.ImportDemand)
	}
	if d.ExportSupply >= 0 {
		r.Elasticities.Default.ExportSupply = Number(d.ExportSupply)
	}
	if ds := set(d); ds.DomesticSubstitution.IsSet() {
		r.Elasticities.Default.DomesticSubstitution, r.Elasticities.Default.DomesticSupply = ds.DomesticSubstitution, ds.DomesticSupply
	}
	// A distribution stays a distribution (a Monte Carlo run draws from
	// it; its median is what the plain run used); presets become the
	// numbers they resolved to.
	keepDist := func(dst *Elasticity, srcs ...Elasticity) {
		for _, e := range srcs {
			if e.IsSet() {
				if _, ok := e.Dist(); ok {
					*dst = e
				}
				return
			}
		}
	}
	sd := s.Elasticities.Default
	keepDist(&r.Elasticities.Default.Substitution, sd.Substitution)
	keepDist(&r.Elasticities.Default.ImportDemand, sd.ImportDemand)
	keepDist(&r.Elasticities.Default.ExportSupply, sd.ExportSupply)
	if r.Elasticities.Default.DomesticSubstitution.IsSet() {
		keepDist(&r.Elasticities.Default.DomesticSubstitution, sd.DomesticSubstitution)
		keepDist(&r.Elasticities.Default.DomesticSupply, sd.DomesticSupply)
	}
	over := map[string]ElasticitySet{}
	for _, k := range sortedKeysOf(s.Elasticities.Category) {
		if slug, ok := b.Category(k); ok {
			over[slug] = s.Elasticities.Category[k]
		}
	}
	r.Elasticities.Category = map[string]ElasticitySet{}
	for k, e := range p.Params.Category {
		es := set(e)
		keepDist(&es.Substitution, over[k].Substitution, sd.Substitution)
		keepDist(&es.ImportDemand, over[k].ImportDemand, sd.ImportDemand)
		keepDist(&es.ExportSupply, over[k].ExportSupply, sd.ExportSupply)
		if es.DomesticSubstitution.IsSet() {
			keepDist(&es.DomesticSubstitution, over[k].DomesticSubstitution, sd.DomesticSubstitution)
			keepDist(&es.DomesticSupply, over[k].DomesticSupply, sd.DomesticSupply)
		}
		r.Elasticities.Category[k] = es
	}
	for k, v := range p.Params.ExportSupply {
		if r.Elasticities.Exporter == nil {
			r.Elasticities.Exporter = map[string]Elasticity{}
		}
		ex := Number(v)
		keepDist(&ex, s.Elasticities.Exporter[k])
		r.Elasticities.Exporter[k] = ex
	}
	for _, m := range s.measuresToWrite(opt) {
		mt := compile(&m, b)
		on, cats := map[string]bool{}, map[string]bool{}
		for _, f := range p.Flows {
			if mt.match(f) {
				on[f.Exporter], cats[f.Category] = true, true
			}
		}
		m.On, m.Categories, m.Line = sortedKeysOf(on), sortedKeysOf(cats), 0
		switch m.Kind {
		case Tariff:
			r.Tariffs = append(r.Tariffs, m)
		case Retaliation:
			r.Retaliations = append(r.Retaliations, m)
		default:
			r.TradeCosts = append(r.TradeCosts, m)
		}
	}
	return r, nil
}

// WriteResolved writes, as a scenario file that Parse accepts, exactly what
// a run of s on b with opt does (see Resolve), so that a result can be
// reproduced from its output folder alone.
func (s *Scenario) WriteResolved(w io.Writer, b *baseline.Baseline, opt Options) error {
	r, err := s.Resolve(b, opt)
	if err != nil {
		return err
	}
	date := "none: every measure applies"
	if !r.Date.IsZero() {
		date = r.Date.String()
	}
	which := [...]string{"[[tariff]] and [[retaliation]]", "[[tariff]] only", "none"}[min(max(int(opt.Measures), 0), 2)]
	if len(s.TradeCosts) > 0 && opt.Measures != NoMeasures {
		which += ", and [[trade_cost]]"
	}
	from := s.File
	if from == "" {
		from = "(built in code)"
	}
	return r.write(w, []string{
		"Resolved scenario: exactly what tariffsim ran.",
		"From: " + from,
		"Baseline: " + b.Name,
		"Evaluation date: " + date,
		"Measures: " + which + scope(s.Timeline != nil),
	})
}

// WriteTOML writes s as a scenario file that Parse accepts.
func (s *Scenario) WriteTOML(w io.Writer) error { return s.write(w, nil) }

func (s *Scenario) write(w io.Writer, comments []string) error {
	bw := bufio.NewWriter(w)
	for _, c := range comments {
		fmt.Fprintf(bw, "# %s\n", strings.NewReplacer("\n", " ", "\r", " ").Replace(c))
	}
	fmt.Fprintf(bw, "name = %s\n", tomlString(s.Name))
	if s.Description != "" {
		fmt.Fprintf(bw, "description = %s\n", tomlString(s.Description))
	}
	switch len(s.Sources) {
	case 0:
	case 1:
		fmt.Fprintf(bw, "sources = %s\n", tomlStrings(s.Sources))
	default:
		fmt.Fprintf(bw, "sources = [\n")
		for _, src := range s.Sources {
			fmt.Fprintf(bw, "  %s,\n", tomlString(src))
		}
		fmt.Fprintf(bw, "]\n")
	}
	if !s.Date.IsZero() {
		fmt.Fprintf(bw, "at = %s\n", s.Date)
	}
	if s.Model.Engine == GE {
		// GE's one elasticity is σ (θ = σ − 1); the PE keys are errors.
		fmt.Fprintf(bw, "\n[model]\nengine = %q\nimbalance = %q\n", s.Model.Engine, s.Model.Imbalance)
	} else {
		fmt.Fprintf(bw, "\n[model]\nsupply = %q\nform = %q\nhorizon = %q\n", s.Model.Supply, s.Model.Form, s.Model.Horizon)
	}
	if s.Model.Exemption != Split {
		// Split is the default; writing it only when not keeps the files
		// of scenarios without exemptions as they were.
		fmt.Fprintf(bw, "exemption = %q\n", s.Model.Exemption)
	}
	if s.Model.Demand != DemandDefault {
		fmt.Fprintf(bw, "demand_elasticity = %q\n", s.Model.Demand)
	}
	writeSet := func(set ElasticitySet) {
		for _, p := range []struct {
			k string
			e Elasticity
		}{{"substitution", set.Substitution}, {"import_demand", set.ImportDemand}, {"export_supply", set.ExportSupply},
			{"domestic_substitution", set.DomesticSubstitution}, {"domestic_supply", set.DomesticSupply}} {
			if p.e.IsSet() && (s.Model.Engine != GE || p.k == "substitution") {
				fmt.Fprintf(bw, "%s = %s\n", p.k, p.e)
			}
		}
	}
	e := s.Elasticities
	fmt.Fprintf(bw, "\n[elasticities]\n")
	writeSet(e.Default)
	for _, k := range sortedKeysOf(e.Category) {
		fmt.Fprintf(bw, "\n[elasticities.category.%s]\n", tomlKey(k))
		writeSet(e.Category[k])
	}
	for _, k := range sortedKeysOf(e.Exporter) {
		fmt.Fprintf(bw, "\n[elasticities.exporter.%s]\nexport_supply = %s\n", tomlKey(k), e.Exporter[k])
	}
	s.writeTimeline(bw)
	if s.Uncertainty.Correlation != 0 {
		fmt.Fprintf(bw, "\n[uncertainty]\ncorrelation = %s\n", strconv.FormatFloat(s.Uncertainty.Correlation, 'g', -1, 64))
	}
	s.each(func(m *Measure, kind Kind, _ int) {
		fmt.Fprintf(bw, "\n[[%s]]\nby = %s\non = %s\n", kind, tomlString(m.By), tomlStrings(m.On))
		if len(m.Categories) > 0 {
			fmt.Fprintf(bw, "categories = %s\n", tomlStrings(m.Categories))
		}
		if kind == TradeCost {
			if m.ChangeDist.IsSet() {
				fmt.Fprintf(bw, "change = %s\n", m.ChangeDist)
			} else {
				fmt.Fprintf(bw, "change = %s\n", tomlString(m.Change.String()))
			}
		} else {
			if m.RateDist.IsSet() {
				fmt.Fprintf(bw, "rate = %s\n", m.RateDist)
			} else {
				fmt.Fprintf(bw, "rate = %s\n", tomlString(m.Rate.String()))
			}
		}
		if m.ExemptDist.IsSet() {
			fmt.Fprintf(bw, "exempt = %s\n", m.ExemptDist)
		} else if m.Exempt != 0 {
			fmt.Fprintf(bw, "exempt = %s\n", tomlString(m.Exempt.String()))
		}
		if m.Mode != Add {
			fmt.Fprintf(bw, "mode = %q\n", m.Mode)
		}
		if !m.Start.IsZero() {
			fmt.Fprintf(bw, "start = %s\n", m.Start)
		}
		if !m.End.IsZero() {
			fmt.Fprintf(bw, "end = %s\n", m.End)
		}
		if m.Note != "" {
			fmt.Fprintf(bw, "note = %s\n", tomlString(m.Note))
		}
	})
	return bw.Flush()
}

// tomlString quotes s as a TOML basic string (Go's strconv.Quote would
// write \x escapes, which TOML lacks).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func tomlStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func tomlKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return tomlString(k)
}
