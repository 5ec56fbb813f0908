package atpgen

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// Scale is the size of a draw's perturbation of the prior: the standard
// deviations of the logs of two multiplicative lognormal factors. A prior
// cell (p, k) of one flow becomes
//
//	prior_pk · exp(Row · z_p + Cell · z_pk),   z ~ N(0, 1) independent,
//
// before the refit. The row factor moves a partner's size, the cell factor
// its group composition. Cells whose prior value is sourced (the seed-002
// ICT cells) and cells fixed by published shares are not perturbed; they
// move only as far as the margins make them. Scale{} leaves the prior as
// it is.
type Scale struct {
	Row, Cell float64
}

// Default perturbation scale, from the spread of the sourced anchors
// around what an estimator without them would say (docs/DATA.md,
// "Baseline uncertainty"; TestDefaultScale recomputes both from the
// inputs):
//
//   - DefaultRowSigma: the standard deviation of ln(M_2024/M_2022) over the
//     five partners whose US ATP imports are published in both years
//     (0.336): the error of giving each 2022-anchored partner the common
//     growth g, and no more than the error of a judgement weight.
//   - DefaultCellSigma: the root mean square of ln(s_p/S) over the four
//     partners with a sourced ICT share s_p and a sourced or anchored
//     total (TW, TH, CN, MX; S the world ICT share): how far a sourced
//     cell lies from the cell that a prior without partner structure
//     gives it (0.443).
const (
	DefaultRowSigma  = 0.34
	DefaultCellSigma = 0.44
)

// DefaultScale returns Scale{DefaultRowSigma, DefaultCellSigma}.
func DefaultScale() Scale { return Scale{Row: DefaultRowSigma, Cell: DefaultCellSigma} }

// Refitter redraws the estimated partner × group split of the embedded
// baseline (model/baseline/atp2024.csv): it perturbs the estimator's prior
// and refits it to the same margins as [Build] — group totals, published
// and derived partner totals, the world totals, the cells that published
// shares fix — then rounds to cents with the published totals exact, as
// the generator does. Rows that the fit does not make (published or
// derived rows of a future baseline, US domestic sales) keep their values,
// and the other suppliers' flows follow the US exports they are sized by.
//
// A Refitter is safe for concurrent use; each Draw uses its own scratch.
type Refitter struct {
	flows   []model.Flow // the embedded baseline's flows, in its order
	values  []float64    // their embedded values
	fits    [2]compiledFit
	others  []otherRef
	scratch sync.Pool // *refitScratch
}

// compiledFit is one flow's fitting problem in flat, index form, with the
// operations of [Fit] in the same order so that an unperturbed refit is
// bit for bit the generator's.
type compiledFit struct {
	P, K     int
	prior    []float64 // P·K
	fixed    []bool
	fixedVal []float64
	sourced  []bool    // prior cells that a draw leaves as they are
	free     [][]int32 // per constraint: its non-fixed cells, in constraint order
	all      [][]int32 // per constraint: all its cells
	need     []float64 // target less the fixed cells
	target   []float64
	tol      float64
	maxIter  int
	// Rounding: published partner rows (in code order) and their cents,
	// then the world total with its residual on the largest RoW cell.
	exactRows  []int
	exactCents []int64
	worldCents int64
	rowRoW     int
	row        []int32 // cell → index in flows, −1 when the cell has no row
}

// otherRef is an other-suppliers flow: its index, the index of the US
// export flow that sizes it, and the US share s of the market.
type otherRef struct {
	at, us int
	share  float64
}

type refitScratch struct {
	x     []float64
	cents []int64
}

// NewRefitter builds the estimator from the embedded inputs and checks
// that an unperturbed refit reproduces the embedded baseline exactly.
func NewRefitter() (*Refitter, error) {
	e, err := Build()
	if err != nil {
		return nil, err
	}
	return newRefitter(e, baseline.ATP2024())
}

func newRefitter(e *Estimate, b *baseline.Baseline) (*Refitter, error) {
	r := &Refitter{}
	index := make(map[[3]string]int, len(b.Rows))
	for i, row := range b.Rows {
		r.flows = append(r.flows, row.Flow)
		r.values = append(r.values, row.Value)
		index[[3]string{row.Importer, row.Exporter, row.Category}] = i
	}
	rowRoW := slices.IndexFunc(e.Partners, func(p Partner) bool { return p.Code == RestOfWorld })
	for f := range e.fits {
		ff := e.fits[f]
		pr := ff.problem
		P, K := len(pr.Prior), len(e.Groups)
		c := compiledFit{P: P, K: K, prior: make([]float64, P*K), fixed: make([]bool, P*K), fixedVal: make([]float64, P*K),
			sourced: make([]bool, P*K),
			tol:     pr.Tol, maxIter: pr.MaxIter, rowRoW: rowRoW, row: make([]int32, P*K)}
		if c.tol == 0 {
			c.tol = 1e-10
		}
		if c.maxIter == 0 {
			c.maxIter = 10000
		}
		for i, row := range pr.Prior {
			copy(c.prior[i*K:], row)
		}
		for cell := range ff.sourced {
			c.sourced[cell.I*K+cell.J] = true
		}
		for cell, v := range pr.Fixed {
			c.fixed[cell.I*K+cell.J] = true
			c.fixedVal[cell.I*K+cell.J] = v
		}
		for _, con := range pr.Constraints {
			var free, all []int32
			fixed := 0.0
			for _, cell := range con.Cells {
				at := int32(cell.I*K + cell.J)
				all = append(all, at)
				if c.fixed[at] {
					fixed += c.fixedVal[at]
				} else {
					free = append(free, at)
				}
			}
			c.free = append(c.free, free)
			c.all = append(c.all, all)
			c.target = append(c.target, con.Target)
			c.need = append(c.need, math.Max(con.Target-fixed, 0))
		}
		for _, code := range slices.Sorted(maps.Keys(ff.published)) {
			i := slices.IndexFunc(e.Partners, func(p Partner) bool { return p.Code == code })
			c.exactRows = append(c.exactRows, i)
			c.exactCents = append(c.exactCents, cents(ff.published[code]))
		}
		c.worldCents = cents(ff.world)
		for i, p := range e.Partners {
			for k, g := range e.Groups {
				key := [3]string{Reporter, p.Code, g.Slug}
				if f == exportsFlow {
					key = [3]string{p.Code, Reporter, g.Slug}
				}
				at, ok := index[key]
				c.row[i*K+k] = -1
				if !ok {
					continue
				}
				if b.Rows[at].Status != baseline.Estimated {
					return nil, fmt.Errorf("atpgen: flow %v is fitted but has status %q in the embedded baseline", key, b.Rows[at].Status)
				}
				c.row[i*K+k] = int32(at)
			}
		}
		r.fits[f] = c
	}
	for i, row := range b.Rows {
		if row.Exporter != baseline.OtherSuppliersCode {
			continue
		}
		us, ok := index[[3]string{row.Importer, Reporter, row.Category}]
		if !ok {
			return nil, fmt.Errorf("atpgen: other suppliers' flow into %s %s has no US flow", row.Importer, row.Category)
		}
		r.others = append(r.others, otherRef{at: i, us: us, share: baseline.ATPUSShare(row.Importer, row.Category)})
	}
	r.scratch.New = func() any {
		n := 0
		for _, c := range r.fits {
			n = max(n, c.P*c.K)
		}
		return &refitScratch{x: make([]float64, n), cents: make([]int64, n)}
	}
	got, err := r.Draw(nil, rand.New(rand.NewPCG(0, 0)), Scale{})
	if err != nil {
		return nil, err
	}
	for i, v := range got {
		if v != r.values[i] {
			return nil, fmt.Errorf("atpgen: the embedded baseline is stale (flow %v: %v embedded, %v refitted): run go generate ./model/baseline", r.flows[i], r.values[i], v)
		}
	}
	return r, nil
}

// Len is the number of flows of the embedded baseline.
func (r *Refitter) Len() int { return len(r.flows) }

// Flows returns the flows of the embedded baseline in the order of Draw's
// values (the order of baseline.ATP2024().Rows).
func (r *Refitter) Flows() []model.Flow { return slices.Clone(r.flows) }

// Values returns the embedded baseline's values in the same order.
func (r *Refitter) Values() []float64 { return slices.Clone(r.values) }

// Draw perturbs the prior with s, drawing the normal variates from rng
// (per flow, exports then imports; per partner a row variate then one per
// group), refits, and returns the new value of every flow in the order of
// Flows, appended to dst[:0]. Rows that the fit does not make keep their
// embedded values. Scale{} returns the embedded values exactly.
func (r *Refitter) Draw(dst []float64, rng *rand.Rand, s Scale) ([]float64, error) {
	if !(s.Row >= 0 && s.Cell >= 0) || math.IsInf(s.Row, 0) || math.IsInf(s.Cell, 0) {
		return nil, fmt.Errorf("atpgen: perturbation scale %+v: want finite σ ≥ 0", s)
	}
	dst = append(dst[:0], r.values...)
	sc := r.scratch.Get().(*refitScratch)
	defer r.scratch.Put(sc)
	for f := range r.fits {
		if err := r.fits[f].refit(dst, sc, rng, s); err != nil {
			return nil, err
		}
	}
	for _, o := range r.others {
		v := dst[o.us]
		dst[o.at] = math.Round(v*(1-o.share)/o.share*100) / 100
	}
	return dst, nil
}

func (c *compiledFit) refit(dst []float64, sc *refitScratch, rng *rand.Rand, s Scale) error {
	x := sc.x[:c.P*c.K]
	for i := range c.P {
		zr := rng.NormFloat64()
		for k := range c.K {
			at := i*c.K + k
			z := rng.NormFloat64()
			if c.fixed[at] {
				x[at] = c.fixedVal[at]
				continue
			}
			x[at] = c.prior[at]
			if !c.sourced[at] && (s.Row != 0 || s.Cell != 0) {
				x[at] *= math.Exp(s.Row*zr + s.Cell*z)
			}
		}
	}
	// IPF as in Fit: same sums, same order.
	converged := false
	for it := 1; it <= c.maxIter && !converged; it++ {
		for k, free := range c.free {
			sum := 0.0
			for _, at := range free {
				sum += x[at]
			}
			if sum == 0 {
				continue
			}
			f := c.need[k] / sum
			for _, at := range free {
				x[at] *= f
			}
		}
		worst := 0.0
		for k, all := range c.all {
			sum := 0.0
			for _, at := range all {
				sum += x[at]
			}
			worst = math.Max(worst, math.Abs(sum-c.target[k])/math.Max(1, math.Abs(c.target[k])))
		}
		converged = worst <= c.tol
	}
	if !converged {
		return fmt.Errorf("atpgen: refit: no convergence after %d sweeps", c.maxIter)
	}
	// Rounding as in RoundCents(x, exactTotals(...)).
	ct := sc.cents[:c.P*c.K]
	for at, v := range x {
		ct[at] = int64(math.Round(v * 100))
	}
	adjust := func(lo, hi int, target int64, largestRow int) error {
		var sum int64
		for at := lo; at < hi; at++ {
			sum += ct[at]
		}
		row := x[largestRow*c.K : (largestRow+1)*c.K]
		at := largestRow*c.K + slices.Index(row, slices.Max(row))
		ct[at] += target - sum
		if ct[at] < 0 {
			return fmt.Errorf("atpgen: refit: rounding residual makes cell (%d,%d) negative", at/c.K, at%c.K)
		}
		return nil
	}
	for j, i := range c.exactRows {
		if err := adjust(i*c.K, (i+1)*c.K, c.exactCents[j], i); err != nil {
			return err
		}
	}
	if err := adjust(0, c.P*c.K, c.worldCents, c.rowRoW); err != nil {
		return err
	}
	for at, row := range c.row {
		if row < 0 {
			continue
		}
		if ct[at] <= 0 {
			return fmt.Errorf("atpgen: refit: flow %d rounds to %d cents: want a positive value", row, ct[at])
		}
		dst[row] = float64(ct[at]) / 100
	}
	return nil
}
