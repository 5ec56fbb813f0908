package ge

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Imbalance says how a country's trade deficit moves in the counterfactual.
type Imbalance int

const (
	// Additive keeps each deficit D_j fixed in units of the numeraire
	// (ge_gravity's default).
	Additive Imbalance = iota
	// Multiplicative scales each deficit with the country's output price,
	// D′_j = D_j ŵ_j, so spending stays a fixed multiple of income
	// (Anderson and Yotov 2016; ge_gravity's "multiplicative" option).
	Multiplicative
)

// String returns "additive" or "multiplicative", the spellings of the
// scenario language.
func (m Imbalance) String() string {
	switch m {
	case Additive:
		return "additive"
	case Multiplicative:
		return "multiplicative"
	}
	return fmt.Sprintf("Imbalance(%d)", int(m))
}

// MarshalText writes String, so that JSON and TOML carry the words.
func (m Imbalance) MarshalText() ([]byte, error) {
	if m != Additive && m != Multiplicative {
		return nil, fmt.Errorf("ge: unknown imbalance %d", int(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads what ParseImbalance reads.
func (m *Imbalance) UnmarshalText(b []byte) error {
	v, err := ParseImbalance(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// ParseImbalance reads "additive" (or "") and "multiplicative".
func ParseImbalance(s string) (Imbalance, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "additive":
		return Additive, nil
	case "multiplicative":
		return Multiplicative, nil
	}
	return 0, fmt.Errorf("ge: unknown imbalance %q (want \"additive\" or \"multiplicative\")", s)
}

// Flow is the baseline trade from Exporter to Importer and the shock to it.
type Flow struct {
	Importer, Exporter string
	// Category is informational: every flow of a Problem must have the same
	// one (use Aggregate to sum categories).
	Category string
	// Value is the baseline flow at world prices, ≥ 0. Every domestic flow
	// (Importer == Exporter) must be > 0.
	Value float64
	// Tariff is the baseline ad valorem tariff t0 (> −1; 0 on domestic flows).
	Tariff float64
	// NewTariff is the counterfactual tariff t1 (> −1; 0 on domestic flows).
	// It is the rate itself, not a change: set it equal to Tariff for no change.
	NewTariff float64
	// TradeCost is the counterfactual iceberg trade-cost factor κ (> 0; 1 is
	// no change, and 0 is read as 1). A ge_gravity partial effect β maps to
	// κ = exp(−β/θ).
	TradeCost float64
}

// Problem is one general-equilibrium counterfactual.
type Problem struct {
	// Countries fixes the order of the results. If nil, it is the sorted set
	// of the flows' codes; if set, every flow must name listed countries.
	Countries []string
	// Flows lists at most one flow per (importer, exporter) pair; a missing
	// foreign pair is a zero flow.
	Flows []Flow
	// Theta is the trade elasticity θ = σ − 1 > 0.
	Theta float64
	// Imbalance is Additive (the zero value) or Multiplicative.
	Imbalance Imbalance
	// MaxIter caps Newton iterations (0: 100).
	MaxIter int
	// Tol is the convergence tolerance on the relative residual (0: 1e-12).
	Tol float64
}

// InputError is a problem with the data of a Problem.
type InputError struct {
	Country string // the country concerned, if any
	Msg     string
}

func (e *InputError) Error() string { return "ge: " + e.Msg }

// ConvergenceError reports that Newton's method stopped before the
// relative residual fell below the tolerance.
type ConvergenceError struct {
	Iterations int
	Residual   float64 // the largest relative clearing residual
	Country    string  // where it is largest
}

func (e *ConvergenceError) Error() string {
	return fmt.Sprintf("ge: no convergence after %d iterations: relative residual %.3g (largest for %s)",
		e.Iterations, e.Residual, e.Country)
}

// prepared is a validated problem in dense form: index i*n+j is exporter i,
// importer j.
type prepared struct {
	n         int
	codes     []string
	theta     float64
	imb       Imbalance
	maxIter   int
	tol       float64
	x         []float64 // X_ij
	t0, t1    []float64
	kappa     []float64
	y, e, d   []float64 // Y_i, E_j, D_j
	r         []float64 // R_j
	index     map[string]int
	flowIndex []int // per Problem flow, its i*n+j
}

// flowName names flow k in errors; it is a type so that the name is only
// formatted when an error is.
type flowName struct {
	k int
	f Flow
}

func (fn flowName) String() string {
	return fmt.Sprintf("flow %d (%s→%s)", fn.k+1, fn.f.Exporter, fn.f.Importer)
}

func validNumber(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func prepare(p *Problem) (*prepared, error) {
	if p == nil {
		return nil, &InputError{Msg: "nil problem"}
	}
	if !(p.Theta > 0) || math.IsInf(p.Theta, 0) {
		return nil, &InputError{Msg: fmt.Sprintf("trade elasticity θ = %v must be positive and finite (θ = σ − 1)", p.Theta)}
	}
	if p.Imbalance != Additive && p.Imbalance != Multiplicative {
		return nil, &InputError{Msg: fmt.Sprintf("unknown imbalance %v", p.Imbalance)}
	}
	if len(p.Flows) == 0 {
		return nil, &InputError{Msg: "no flows"}
	}
	cats := map[string]bool{}
	for _, f := range p.Flows {
		cats[f.Category] = true
	}
	if len(cats) > 1 {
		cs := make([]string, 0, len(cats))
		for c := range cats {
			cs = append(cs, fmt.Sprintf("%q", c))
		}
		slices.Sort(cs)
		return nil, &InputError{Msg: fmt.Sprintf("flows of %d categories (%s): the GE engine has one sector; sum them with ge.Aggregate", len(cs), strings.Join(cs, ", "))}
	}
	codes := p.Countries
	if codes == nil {
		set := map[string]bool{}
		for _, f := range p.Flows {
			set[f.Importer] = true
			set[f.Exporter] = true
		}
		for c := range set {
			codes = append(codes, c)
		}
		slices.Sort(codes)
	}
	n := len(codes)
	q := &prepared{
		n: n, codes: slices.Clone(codes), theta: p.Theta, imb: p.Imbalance,
		maxIter: p.MaxIter, tol: p.Tol,
		x: make([]float64, n*n), t0: make([]float64, n*n), t1: make([]float64, n*n),
		kappa: make([]float64, n*n),
		y:     make([]float64, n), e: make([]float64, n), d: make([]float64, n), r: make([]float64, n),
		index: make(map[string]int, n), flowIndex: make([]int, len(p.Flows)),
	}
	if q.maxIter <= 0 {
		q.maxIter = 100
	}
	if !(q.tol > 0) {
		q.tol = 1e-12
	}
	for i, c := range codes {
		if _, dup := q.index[c]; dup {
			return nil, &InputError{Country: c, Msg: fmt.Sprintf("country %s listed twice in Countries", c)}
		}
		q.index[c] = i
	}
	for k := range q.kappa {
		q.kappa[k] = 1
	}
	seen := make([]bool, n*n)
	for k, f := range p.Flows {
		i, ok := q.index[f.Exporter]
		if !ok {
			return nil, q.unknown(k, "exporter", f.Exporter)
		}
		j, ok := q.index[f.Importer]
		if !ok {
			return nil, q.unknown(k, "importer", f.Importer)
		}
		at := flowName{k, f}
		ij := i*n + j
		if seen[ij] {
			return nil, &InputError{Country: f.Importer, Msg: at.String() + ": a second flow for this pair; sum them (ge.Aggregate) first"}
		}
		seen[ij] = true
		q.flowIndex[k] = ij
		if !validNumber(f.Value) || f.Value < 0 {
			return nil, &InputError{Country: f.Importer, Msg: fmt.Sprintf("%s: value %v must be ≥ 0 and finite", at, f.Value)}
		}
		if !validNumber(f.Tariff) || f.Tariff <= -1 || !validNumber(f.NewTariff) || f.NewTariff <= -1 {
			return nil, &InputError{Country: f.Importer, Msg: fmt.Sprintf("%s: tariffs %v → %v must be finite and > −1", at, f.Tariff, f.NewTariff)}
		}
		kap := f.TradeCost
		if kap == 0 {
			kap = 1
		}
		if !validNumber(kap) || kap < 0 {
			return nil, &InputError{Country: f.Importer, Msg: fmt.Sprintf("%s: trade-cost factor %v must be > 0 and finite", at, f.TradeCost)}
		}
		if i == j && (f.Tariff != 0 || f.NewTariff != 0 || kap != 1) {
			return nil, &InputError{Country: f.Importer, Msg: fmt.Sprintf("%s: a domestic flow takes no tariff or trade-cost change (tariffs %v → %v, κ = %v)", at, f.Tariff, f.NewTariff, kap)}
		}
		q.x[ij], q.t0[ij], q.t1[ij], q.kappa[ij] = f.Value, f.Tariff, f.NewTariff, kap
	}
	var missing []string
	for i, c := range codes {
		if q.x[i*n+i] <= 0 {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &InputError{Country: missing[0], Msg: fmt.Sprintf("no domestic flow (exporter = importer, value > 0) for %s: the GE model needs every country's sales to itself", strings.Join(missing, ", "))}
	}
	for i := range n {
		for j := range n {
			v := q.x[i*n+j]
			q.y[i] += v
			q.e[j] += v * (1 + q.t0[i*n+j])
			q.r[j] += q.t0[i*n+j] * v
		}
	}
	for j := range n {
		q.d[j] = q.e[j] - q.y[j] - q.r[j]
	}
	return q, nil
}

func (q *prepared) unknown(k int, role, code string) error {
	msg := fmt.Sprintf("flow %d: %s %q is not in Countries", k+1, role, code)
	if h := closest(code, q.codes); h != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", h)
	}
	return &InputError{Country: code, Msg: msg}
}

// closest returns the code nearest to s by edit distance (at most 2), or "".
func closest(s string, codes []string) string {
	best, bestD := "", 3
	for _, c := range codes {
		if strings.EqualFold(s, c) {
			return c
		}
		if d := editDistance(strings.ToUpper(s), strings.ToUpper(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Aggregate sums flows of several categories into one sector, so that a
// multi-category baseline can be solved by the GE engine. Flows are grouped
// by (importer, exporter) in order of first appearance; the group's Value
// is the sum, and Tariff, NewTariff and TradeCost are means weighted by
// baseline Value (plain means if the group's value is 0). The value-weighted
// baseline tariff keeps baseline revenue exact; the new tariff is the
// baseline-weighted mean rate, as the PE engine reports a split flow's
// tariff, so aggregation ignores the composition change within a pair.
// Category is set to the one category's name when there is only one, else "".
func Aggregate(flows []Flow) []Flow {
	type key struct{ imp, exp string }
	type acc struct {
		f            Flow
		w, t0, t1, k float64
		count        int
		c0, c1, ck   float64
	}
	order := []key{}
	groups := map[key]*acc{}
	cats := map[string]bool{}
	for _, f := range flows {
		cats[f.Category] = true
		k := key{f.Importer, f.Exporter}
		a := groups[k]
		if a == nil {
			a = &acc{f: Flow{Importer: f.Importer, Exporter: f.Exporter}}
			groups[k] = a
			order = append(order, k)
		}
		kap := f.TradeCost
		if kap == 0 {
			kap = 1
		}
		a.w += f.Value
		a.t0 += f.Value * f.Tariff
		a.t1 += f.Value * f.NewTariff
		a.k += f.Value * kap
		a.count++
		a.c0 += f.Tariff
		a.c1 += f.NewTariff
		a.ck += kap
	}
	cat := ""
	if len(cats) == 1 {
		for c := range cats {
			cat = c
		}
	}
	out := make([]Flow, 0, len(order))
	for _, k := range order {
		a := groups[k]
		f := a.f
		f.Category = cat
		f.Value = a.w
		if a.w > 0 {
			f.Tariff, f.NewTariff, f.TradeCost = a.t0/a.w, a.t1/a.w, a.k/a.w
		} else {
			c := float64(a.count)
			f.Tariff, f.NewTariff, f.TradeCost = a.c0/c, a.c1/c, a.ck/c
		}
		out = append(out, f)
	}
	return out
}
