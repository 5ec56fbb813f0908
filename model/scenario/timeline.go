package scenario

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/timepath"
)

// Defaults of the [timeline] table.
const (
	// DefaultMonths is the horizon when `months` is not given: two years,
	// a round choice (an assumption, not an estimate).
	DefaultMonths = 24
	// DefaultHalfLife is the adjustment half-life in months when
	// `half_life_months` is not given. It is derived, to first order, from
	// the ratio of short-run (about one year) to long-run trade
	// elasticities: long-run Armington elasticities are about twice the
	// short-run ones (Gallaway, McDaniel and Rivera 2003, 309 US
	// industries), so about half of the long-run response is there after
	// 12 months, and 1 − 2^(−12/h) = ½ gives h = 12. Boehm, Levchenko and
	// Pandalai-Nayar (2023) find 0.76 after one year against 1.75–2.25 in
	// the long run (34–43%), which would give h ≈ 14–20 months: 12 is at
	// the fast end. Both in shared/data/elasticities.csv.
	DefaultHalfLife = 12.0
	// maxMonths bounds the horizon: a century of months is already far
	// beyond what a static baseline can say.
	maxMonths = 1200
)

// Timeline is the [timeline] table: it turns a scenario into a monthly
// path (see model/timepath and docs/MODEL.md, "Time path").
type Timeline struct {
	// Start is the date whose month is the first month of the path.
	Start Date
	// Months is the horizon, DefaultMonths when not given.
	Months int
	// HalfLife is the default adjustment half-life in months
	// (DefaultHalfLife when not given); 0 means trade moves at once.
	HalfLife Months
	// Growth is the default annual growth of the no-tariff path (0 when not
	// given).
	Growth Rate
	// ShortRunMonths is how many months, from the first, use the
	// baseline's short-run elasticities (see Scenario.TimePath); 0 by
	// default.
	ShortRunMonths int
	// Category overrides HalfLife and Growth per category, keyed by the
	// code as written: a slug or an alias.
	Category map[string]TimelineCategory
	Line     int // line of the [timeline] header; 0 if built in code
}

// TimelineCategory is a [timeline.category.K] table.
type TimelineCategory struct {
	HalfLife Months `toml:"half_life_months"`
	Growth   Rate   `toml:"growth"`
}

// Months is a non-negative number of months that may be absent.
type Months struct {
	v   float64
	set bool
}

// MonthsOf returns the number of months v.
func MonthsOf(v float64) Months { return Months{v, true} }

// IsSet reports whether the value was given.
func (m Months) IsSet() bool { return m.set }

// Value returns the number of months; 0 when not set.
func (m Months) Value() float64 { return m.v }

func (m Months) String() string { return strconv.FormatFloat(m.v, 'g', -1, 64) }

// UnmarshalTOML accepts a finite number ≥ 0.
func (m *Months) UnmarshalTOML(v any) error {
	f, ok := number(v)
	if !ok {
		if x, ok := v.(string); ok {
			if err := quotedNumber(x, strings.TrimSpace(x)); err != nil {
				return err
			}
			return &valueError{msg: fmt.Sprintf("%q is not a number of months: want a number such as 6", x)}
		}
		return &valueError{msg: fmt.Sprintf("want a number of months such as 6, got %s", describe(v))}
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return &valueError{msg: fmt.Sprintf("%v months: want a finite number ≥ 0", f)}
	}
	*m = MonthsOf(math.Abs(f))
	return nil
}

// Rate is an annual growth rate written as a percent string, which may be
// absent.
type Rate struct {
	p   Percent
	set bool
}

// RateOf returns the rate p.
func RateOf(p Percent) Rate { return Rate{p, true} }

// IsSet reports whether the rate was given.
func (r Rate) IsSet() bool { return r.set }

// Percent returns the rate; 0 when not set.
func (r Rate) Percent() Percent { return r.p }

// UnmarshalTOML accepts a percent string, as rates do.
func (r *Rate) UnmarshalTOML(v any) error {
	var p Percent
	if err := p.UnmarshalTOML(v); err != nil {
		return err
	}
	*r = RateOf(p)
	return nil
}

// count is a whole number of months ≥ 0 as written; set tells it was.
type count struct {
	n   int
	set bool
}

func (c *count) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		if x < 0 || x > maxMonths {
			return &valueError{msg: fmt.Sprintf("%d: want a whole number of months from 0 to %d", x, maxMonths)}
		}
		*c = count{int(x), true}
		return nil
	case float64:
		if x == math.Trunc(x) && x >= 0 && x <= maxMonths {
			return &valueError{msg: fmt.Sprintf("%v: write a whole number of months without a decimal point", x), hint: strconv.Itoa(int(x))}
		}
		return &valueError{msg: fmt.Sprintf("%v: want a whole number of months", x)}
	}
	return &valueError{msg: fmt.Sprintf("want a whole number of months such as 24, got %s", describe(v))}
}

// timelineDoc is the [timeline] table as written.
type timelineDoc struct {
	Start          Date                        `toml:"start"`
	Months         count                       `toml:"months"`
	HalfLife       Months                      `toml:"half_life_months"`
	ShortRunMonths count                       `toml:"short_run_months"`
	Growth         Rate                        `toml:"growth"`
	Category       map[string]TimelineCategory `toml:"category"`
}

// timeline converts the [timeline] table; nil when the file has none.
func (d *decoder) timeline(doc *timelineDoc) *Timeline {
	if !d.seen[pathKey([]string{"timeline"})] || d.bad[pathKey([]string{"timeline"})] {
		return nil
	}
	t := &Timeline{
		Start: doc.Start, Months: DefaultMonths, HalfLife: doc.HalfLife, Growth: doc.Growth,
		ShortRunMonths: doc.ShortRunMonths.n, Line: d.loc.line("timeline"),
	}
	if doc.Months.set {
		t.Months = doc.Months.n
	}
	if !t.HalfLife.IsSet() {
		t.HalfLife = MonthsOf(DefaultHalfLife)
	}
	if !d.seen[pathKey([]string{"timeline", "start"})] {
		d.errs.add(t.Line, "", "[timeline] lacks start: the date whose month is the first of the path, e.g. start = 2025-01-01")
	}
	for _, k := range sortedKeysOf(doc.Category) {
		c := doc.Category[k]
		if !c.HalfLife.IsSet() && !c.Growth.IsSet() && !d.hasChild("timeline", "category", k) {
			d.errs.add(d.loc.line("timeline", "category", k), "",
				"[timeline.category.%s] sets nothing: write half_life_months = <months> or growth = \"<rate>%%\"", k)
			continue
		}
		if t.Category == nil {
			t.Category = map[string]TimelineCategory{}
		}
		t.Category[k] = c
	}
	return t
}

// validateTimeline checks the rules of [timeline] that need no baseline.
func (s *Scenario) validateTimeline(errs *errorList) {
	t := s.Timeline
	if t == nil {
		return
	}
	at := func(key ...string) int { return s.line(t.Line, append([]string{"timeline"}, key...)...) }
	if t.Months < 1 || t.Months > maxMonths {
		errs.add(at("months"), "", "months: %d: want a horizon from 1 to %d months", t.Months, maxMonths)
	}
	if t.ShortRunMonths < 0 || t.ShortRunMonths > t.Months {
		errs.add(at("short_run_months"), "", "short_run_months: %d is more than the %d months of the path", t.ShortRunMonths, t.Months)
	}
	checkHL := func(m Months, path ...string) {
		if m.IsSet() && (m.Value() < 0 || math.IsNaN(m.Value()) || math.IsInf(m.Value(), 0)) {
			errs.add(at(path...), "", "half_life_months: %s: want a finite number ≥ 0", m)
		}
	}
	checkGrowth := func(r Rate, path ...string) {
		if r.IsSet() && r.Percent() <= -100 {
			errs.add(at(path...), "", "growth: %s a year would make trade vanish: want a rate above -100%%", r.Percent())
		}
	}
	checkHL(t.HalfLife, "half_life_months")
	checkGrowth(t.Growth, "growth")
	for _, k := range sortedKeysOf(t.Category) {
		checkHL(t.Category[k].HalfLife, "category", k, "half_life_months")
		checkGrowth(t.Category[k].Growth, "category", k, "growth")
	}
}

// checkTimelineCodes reports categories of [timeline.category] that b does
// not know, and two keys for one category.
func (s *Scenario) checkTimelineCodes(errs *errorList, b *baseline.Baseline, c *codes) {
	if s.Timeline == nil {
		return
	}
	seen := map[string]string{}
	for _, k := range sortedKeysOf(s.Timeline.Category) {
		line := s.line(s.Timeline.Line, "timeline", "category", k)
		slug, ok := b.Category(k)
		if !ok {
			errs.add(line, c.categoryHint(k), "[timeline.category]: unknown category %q (baseline %s has %s)", k, b.Name, strings.Join(b.CategoryCodes(), " "))
			continue
		}
		if prev, dup := seen[slug]; dup {
			errs.add(line, "", "[timeline.category.%s] and [timeline.category.%s] are the same category (%s)", prev, k, slug)
		}
		seen[slug] = k
	}
}

// writeTimeline writes the [timeline] table, every value spelled out.
func (s *Scenario) writeTimeline(bw *bufio.Writer) {
	t := s.Timeline
	if t == nil {
		return
	}
	fmt.Fprintf(bw, "\n[timeline]\nstart = %s\nmonths = %d\nhalf_life_months = %s\n", t.Start, t.Months, t.HalfLife)
	if t.Growth.IsSet() {
		fmt.Fprintf(bw, "growth = %s\n", tomlString(t.Growth.Percent().String()))
	}
	if t.ShortRunMonths != 0 {
		fmt.Fprintf(bw, "short_run_months = %d\n", t.ShortRunMonths)
	}
	for _, k := range sortedKeysOf(t.Category) {
		c := t.Category[k]
		fmt.Fprintf(bw, "\n[timeline.category.%s]\n", tomlKey(k))
		if c.HalfLife.IsSet() {
			fmt.Fprintf(bw, "half_life_months = %s\n", c.HalfLife)
		}
		if c.Growth.IsSet() {
			fmt.Fprintf(bw, "growth = %s\n", tomlString(c.Growth.Percent().String()))
		}
	}
}

// measuresToWrite returns the measures a resolved file keeps: those in
// force on the evaluation date, or with a timeline every measure of the
// selection, since the path applies each in its own months.
func (s *Scenario) measuresToWrite(opt Options) []Measure {
	if s.Timeline == nil {
		return s.InForce(opt)
	}
	return s.selected(opt)
}

// Horizon returns the first day of the first month and the first day after
// the last month of the timeline; ok is false without one.
func (t *Timeline) Horizon() (first, end time.Time, ok bool) {
	if t == nil || t.Start.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	y, m, _ := t.Start.Time().Date()
	first = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return first, first.AddDate(0, t.Months, 0), true
}

// OutsideHorizon returns the measures of the selection that are in force on
// no day of the timeline: they have no effect on the path. Measures in
// force before the first month and still in force then count from the
// first month (the path starts from the baseline regardless).
func (s *Scenario) OutsideHorizon(opt Options) []Measure {
	first, end, ok := s.Timeline.Horizon()
	if !ok {
		return nil
	}
	var out []Measure
	for _, m := range s.selected(opt) {
		if !m.End.IsZero() && m.End.Time().Before(first) || !m.Start.IsZero() && !m.Start.Time().Before(end) {
			out = append(out, m)
		}
	}
	return out
}

// selected returns the measures of opt's selection whatever their dates,
// in the order they are applied: [[tariff]] first, then [[retaliation]].
func (s *Scenario) selected(opt Options) []Measure {
	var out []Measure
	s.each(func(m *Measure, kind Kind, _ int) {
		if opt.Measures == NoMeasures || opt.Measures == TariffsOnly && kind == Retaliation {
			return
		}
		mm := *m
		mm.Kind = kind
		out = append(out, mm)
	})
	return out
}

// MonthlyTariffs returns, for each month of the timeline, the tariff of
// every flow of b (in the order of b.Flows) weighted by days: each day of
// the month gets the tariff of the measures in force that day, stacked as
// in Problem, and the month's rate is the mean over its days. A 25% tariff
// from 4 March thus adds 25% × 28/31 to March. For a flow split into
// pieces it is their baseline-weighted mean (see MonthlyShocks). Call
// Check first.
func (s *Scenario) MonthlyTariffs(b *baseline.Baseline, opt Options) ([][]float64, error) {
	sh, err := s.MonthlyShocks(b, opt)
	if err != nil {
		return nil, err
	}
	return sh.Tariffs, nil
}

// Shocks are the day-weighted measures of every month of a timeline, in
// the order of a baseline's flows.
type Shocks struct {
	// Tariffs[τ][f] is the tariff of flow f in month τ (with pieces,
	// their baseline-weighted mean).
	Tariffs [][]float64
	// Pieces[τ][f] splits flow f in month τ (see model.Problem.Pieces);
	// nil when no month has pieces, Pieces[τ] nil for a month without.
	Pieces [][][]model.Piece
	// TradeCosts[τ][f] is the day-weighted trade-cost factor κ; nil when
	// no trade cost is in force in any month.
	TradeCosts [][]float64
}

// MonthlyShocks returns the day-weighted tariffs, pieces and trade costs
// of every month of the timeline. A flow split into pieces on some days of
// a month is split in the month at every breakpoint of those days, and
// each piece pays the day-weighted mean of what it pays each day; trade
// costs are weighted by days like tariffs. Call Check first.
func (s *Scenario) MonthlyShocks(b *baseline.Baseline, opt Options) (*Shocks, error) {
	return s.monthlyShocks(context.Background(), b, opt, model.Params{})
}

// monthlyShocks is MonthlyShocks for a checked scenario; params are
// carried into the problems it builds but do not change the shocks. It
// returns ctx.Err() when ctx ends: a century of months walks 36,500 days.
func (s *Scenario) monthlyShocks(ctx context.Context, b *baseline.Baseline, opt Options, params model.Params) (*Shocks, error) {
	first, _, ok := s.Timeline.Horizon()
	if !ok {
		return nil, fmt.Errorf("%s: the scenario has no [timeline] with a start date", s.fileName())
	}
	ms := s.selected(opt)
	// Days with the same measures in force have the same tariffs: solve
	// the stacking once per distinct set (a handful over two years).
	bySet := map[string]*model.Problem{}
	out := &Shocks{Tariffs: make([][]float64, s.Timeline.Months)}
	set := make([]byte, len(ms))
	nf := len(b.Rows)
	for τ := range out.Tariffs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m0 := first.AddDate(0, τ, 0)
		days := m0.AddDate(0, 1, 0).Sub(m0).Hours() / 24
		weight := map[string]float64{}
		var order []string
		for d := m0; d.Before(m0.AddDate(0, 1, 0)); d = d.AddDate(0, 0, 1) {
			var in []Measure
			for i := range ms {
				set[i] = '0'
				if ms[i].InForce(DateOf(d)) {
					set[i] = '1'
					in = append(in, ms[i])
				}
			}
			k := string(set)
			if _, ok := bySet[k]; !ok {
				p, err := s.problem(b, in, params)
				if err != nil {
					return nil, err
				}
				bySet[k] = p
			}
			if _, ok := weight[k]; !ok {
				order = append(order, k)
			}
			weight[k]++
		}
		row := make([]float64, nf)
		var kap []float64
		split := false
		for _, k := range order { // a fixed order keeps the sum reproducible
			w := weight[k] / days
			p := bySet[k]
			for f, t := range p.NewTariff {
				row[f] += w * t
			}
			split = split || p.Pieces != nil
			if p.TradeCost != nil && kap == nil {
				kap = make([]float64, nf)
			}
		}
		if kap != nil {
			for _, k := range order {
				w := weight[k] / days
				for f := range kap {
					c := 1.0
					if tc := bySet[k].TradeCost; tc != nil {
						c = tc[f]
					}
					kap[f] += w * c
				}
			}
			if out.TradeCosts == nil {
				out.TradeCosts = make([][]float64, len(out.Tariffs))
			}
			out.TradeCosts[τ] = kap
		}
		if split {
			ps := monthPieces(bySet, order, weight, days, nf)
			for f, pc := range ps {
				if pc == nil {
					continue
				}
				var mean float64
				for _, x := range pc {
					mean += x.Share * x.Tariff
				}
				row[f] = mean
			}
			if out.Pieces == nil {
				out.Pieces = make([][][]model.Piece, len(out.Tariffs))
			}
			out.Pieces[τ] = ps
		}
		out.Tariffs[τ] = row
	}
	return out, nil
}

// monthPieces merges the pieces of the day-sets of a month: every
// breakpoint of any day splits the month's flow, and each piece pays the
// day-weighted mean of its tariffs. A flow with no pieces on any day gets
// none.
func monthPieces(bySet map[string]*model.Problem, order []string, weight map[string]float64, days float64, nf int) [][]model.Piece {
	out := make([][]model.Piece, nf)
	var cuts []float64
	for f := range nf {
		cuts = append(cuts[:0], 0, 1)
		for _, k := range order {
			p := bySet[k]
			if p.Pieces == nil || len(p.Pieces[f]) == 0 {
				continue
			}
			var c float64
			for _, pc := range p.Pieces[f][:len(p.Pieces[f])-1] {
				c += pc.Share
				cuts = append(cuts, c)
			}
		}
		if len(cuts) == 2 {
			continue
		}
		slices.Sort(cuts)
		cuts = slices.CompactFunc(cuts, func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })
		var ps []model.Piece
		for c := 1; c < len(cuts); c++ {
			// Evaluate each day's tariff inside the piece, away from its
			// ends, where sums of shares may differ in the last place.
			mid := (cuts[c-1] + cuts[c]) / 2
			var t float64
			for _, k := range order {
				t += weight[k] / days * tariffAt(bySet[k], f, mid)
			}
			share := cuts[c] - cuts[c-1]
			if n := len(ps); n > 0 && ps[n-1].Tariff == t {
				ps[n-1].Share += share
			} else {
				ps = append(ps, model.Piece{Share: share, Tariff: t})
			}
		}
		if len(ps) > 1 {
			out[f] = ps
		}
	}
	return out
}

// tariffAt returns the tariff that flow f pays in p at rank u of its goods.
func tariffAt(p *model.Problem, f int, u float64) float64 {
	if p.Pieces == nil || len(p.Pieces[f]) == 0 {
		return p.NewTariff[f]
	}
	var c float64
	for _, pc := range p.Pieces[f] {
		c += pc.Share
		if u < c {
			return pc.Tariff
		}
	}
	return p.Pieces[f][len(p.Pieces[f])-1].Tariff
}

func (s *Scenario) fileName() string {
	if s.File == "" {
		return "scenario"
	}
	return s.File
}

// TimePath applies s to b month by month: the day-weighted tariffs of
// every month (see MonthlyTariffs), the half-life and growth of every flow
// from [timeline] (its category table, else its defaults), and the
// elasticities. With short_run_months = N, months 0 … N−1 use the
// baseline's short-run defaults (η short run, and σ and ε short run where
// the baseline documents them), as horizon = "short-run" does, and later
// months the scenario's own horizon; elasticities the scenario sets itself
// apply in both.
func (s *Scenario) TimePath(b *baseline.Baseline, opt Options) (*timepath.Problem, error) {
	if s.Timeline == nil {
		return nil, fmt.Errorf("%s: the scenario has no [timeline] table", s.fileName())
	}
	c, err := s.Compile(b)
	if err != nil {
		return nil, err
	}
	return c.TimePath(opt)
}

// timePath is TimePath for a checked scenario with a timeline whose
// long-run parameters are long.
func (s *Scenario) timePath(ctx context.Context, b *baseline.Baseline, opt Options, long model.Params) (*timepath.Problem, error) {
	shocks, err := s.monthlyShocks(ctx, b, opt, long)
	if err != nil {
		return nil, err
	}
	t := s.Timeline
	p := &timepath.Problem{
		Start: t.Start.Time(), Months: t.Months, Flows: b.Flows(), Tariffs: shocks.Tariffs,
		Pieces: shocks.Pieces, TradeCosts: shocks.TradeCosts,
		Params: []model.Params{long}, Supply: s.Model.Supply, Form: s.Model.Form,
	}
	if t.ShortRunMonths > 0 {
		sr := *s
		sr.Model.Horizon = ShortRun
		short, err := sr.Params(b)
		if err != nil {
			return nil, err
		}
		p.Params = append(p.Params, short)
		p.Regime = make([]int, t.Months)
		for τ := range min(t.ShortRunMonths, t.Months) {
			p.Regime[τ] = 1
		}
	}
	over := map[string]TimelineCategory{}
	for k, c := range t.Category {
		if slug, ok := b.Category(k); ok {
			over[slug] = c
		}
	}
	p.HalfLife = make([]float64, len(p.Flows))
	p.Growth = make([]float64, len(p.Flows))
	for f, fl := range p.Flows {
		h, g := t.HalfLife.Value(), t.Growth.Percent().Fraction()
		if c, ok := over[fl.Category]; ok {
			if c.HalfLife.IsSet() {
				h = c.HalfLife.Value()
			}
			if c.Growth.IsSet() {
				g = c.Growth.Percent().Fraction()
			}
		}
		p.HalfLife[f], p.Growth[f] = h, g
	}
	return p, nil
}

// HalfLifeFor returns the half-life of category slug (b's slug) in months.
func (t *Timeline) HalfLifeFor(b *baseline.Baseline, slug string) float64 {
	for k, c := range t.Category {
		if s, ok := b.Category(k); ok && s == slug && c.HalfLife.IsSet() {
			return c.HalfLife.Value()
		}
	}
	return t.HalfLife.Value()
}

// scope says which measures a resolved file keeps (see measuresToWrite).
func scope(timeline bool) string {
	if timeline {
		return " (all of them: [timeline] applies each in its own months; codes resolved)"
	}
	return " (those in force only; codes resolved)"
}
