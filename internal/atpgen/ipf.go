package atpgen

import (
	"fmt"
	"math"
	"slices"
)

// Cell indexes one entry of a matrix: row i, column j.
type Cell struct{ I, J int }

// Constraint asks that the cells of Cells sum to Target.
type Constraint struct {
	Name   string
	Cells  []Cell
	Target float64
}

// Problem is a fitting problem: find X close to Prior (in the
// Kullback–Leibler sense) with X = Fixed on the fixed cells and every
// constraint met.
type Problem struct {
	Prior       [][]float64 // non-negative; zero cells stay zero
	Fixed       map[Cell]float64
	Constraints []Constraint
	Tol         float64 // largest relative constraint error accepted; 1e-10 if 0
	MaxIter     int     // sweeps over all constraints; 10000 if 0
}

// Result is a fitted matrix.
type Result struct {
	X          [][]float64
	Iterations int     // sweeps used
	MaxRelErr  float64 // largest relative constraint error left
}

// Fit solves p by iterative proportional fitting over arbitrary subsets
// (Deming–Stephan 1940 generalised; Csiszár 1975): each sweep scales the free
// cells of every constraint in turn so that the constraint holds,
//
//	x_c ← x_c · (T − F) / Σ_{c free} x_c,
//
// where F is the sum of the constraint's fixed cells. With 0/1 constraints
// this converges, when the problem is feasible, to the matrix that minimises
// Σ x log(x / prior) subject to the constraints, so the prior's pattern is
// kept wherever the data say nothing. Fixed cells are never scaled, and
// cells are never negative. A constraint whose fixed cells exceed its target,
// or whose free cells are all zero while the target needs them, is an error.
func Fit(p Problem) (Result, error) {
	tol, maxIter := p.Tol, p.MaxIter
	if tol == 0 {
		tol = 1e-10
	}
	if maxIter == 0 {
		maxIter = 10000
	}
	x := make([][]float64, len(p.Prior))
	for i, row := range p.Prior {
		x[i] = slices.Clone(row)
		for j, v := range row {
			if !(v >= 0) || math.IsInf(v, 0) {
				return Result{}, fmt.Errorf("prior cell (%d,%d) = %v: want a finite number ≥ 0", i, j, v)
			}
		}
	}
	for c, v := range p.Fixed {
		if c.I < 0 || c.I >= len(x) || c.J < 0 || c.J >= len(x[c.I]) {
			return Result{}, fmt.Errorf("fixed cell (%d,%d) outside the matrix", c.I, c.J)
		}
		if !(v >= 0) || math.IsInf(v, 0) {
			return Result{}, fmt.Errorf("fixed cell (%d,%d) = %v: want a finite number ≥ 0", c.I, c.J, v)
		}
		x[c.I][c.J] = v
	}
	// The free part each constraint must reach never changes.
	need := make([]float64, len(p.Constraints))
	for k, con := range p.Constraints {
		fixed, free := 0.0, 0.0
		for _, c := range con.Cells {
			if c.I < 0 || c.I >= len(x) || c.J < 0 || c.J >= len(x[c.I]) {
				return Result{}, fmt.Errorf("constraint %s: cell (%d,%d) outside the matrix", con.Name, c.I, c.J)
			}
			if _, ok := p.Fixed[c]; ok {
				fixed += x[c.I][c.J]
			} else {
				free += x[c.I][c.J]
			}
		}
		need[k] = con.Target - fixed
		if need[k] < -tol*math.Max(1, math.Abs(con.Target)) {
			return Result{}, fmt.Errorf("constraint %s: fixed cells sum to %.2f, more than the target %.2f", con.Name, fixed, con.Target)
		}
		if need[k] > 0 && free == 0 {
			return Result{}, fmt.Errorf("constraint %s: target %.2f needs %.2f from free cells whose prior is zero", con.Name, con.Target, need[k])
		}
		need[k] = math.Max(need[k], 0)
	}
	var res Result
	for it := 1; it <= maxIter; it++ {
		for k, con := range p.Constraints {
			free := 0.0
			for _, c := range con.Cells {
				if _, ok := p.Fixed[c]; !ok {
					free += x[c.I][c.J]
				}
			}
			if free == 0 {
				continue
			}
			f := need[k] / free
			for _, c := range con.Cells {
				if _, ok := p.Fixed[c]; !ok {
					x[c.I][c.J] *= f
				}
			}
		}
		res = Result{X: x, Iterations: it, MaxRelErr: maxRelErr(x, p.Constraints)}
		if res.MaxRelErr <= tol {
			return res, nil
		}
	}
	return res, fmt.Errorf("no convergence after %d sweeps: largest relative constraint error %.3g (are the constraints consistent?)", maxIter, res.MaxRelErr)
}

func maxRelErr(x [][]float64, cons []Constraint) float64 {
	worst := 0.0
	for _, con := range cons {
		s := 0.0
		for _, c := range con.Cells {
			s += x[c.I][c.J]
		}
		worst = math.Max(worst, math.Abs(s-con.Target)/math.Max(1, math.Abs(con.Target)))
	}
	return worst
}

// Exact is a total that rounding must preserve: the cents of Cells must sum
// to Target (in cents), with the residual put on Adjust.
type Exact struct {
	Name   string
	Cells  []Cell
	Target int64 // cents
	Adjust Cell  // must be one of Cells
}

// RoundCents rounds x (million USD) to 0.01 and then, for each exact total in
// order, adds the rounding residual to its Adjust cell, so that published
// totals hold exactly. Later totals see earlier adjustments, so list the
// narrow totals (one partner) before the wide ones (the world). The residual
// of each total is a few cents; an adjustment that would make a cell
// negative is an error.
func RoundCents(x [][]float64, exact []Exact) ([][]int64, error) {
	c := make([][]int64, len(x))
	for i, row := range x {
		c[i] = make([]int64, len(row))
		for j, v := range row {
			c[i][j] = int64(math.Round(v * 100))
		}
	}
	for _, e := range exact {
		var s int64
		in := false
		for _, cell := range e.Cells {
			s += c[cell.I][cell.J]
			in = in || cell == e.Adjust
		}
		if !in {
			return nil, fmt.Errorf("total %s: adjust cell (%d,%d) is not one of its cells", e.Name, e.Adjust.I, e.Adjust.J)
		}
		c[e.Adjust.I][e.Adjust.J] += e.Target - s
		if c[e.Adjust.I][e.Adjust.J] < 0 {
			return nil, fmt.Errorf("total %s: rounding residual makes cell (%d,%d) negative", e.Name, e.Adjust.I, e.Adjust.J)
		}
	}
	return c, nil
}
