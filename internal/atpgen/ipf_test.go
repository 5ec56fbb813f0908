package atpgen

import (
	"math"
	"strings"
	"testing"
)

func rowsCols(r, c []float64) []Constraint {
	var cons []Constraint
	for i, v := range r {
		var cells []Cell
		for j := range c {
			cells = append(cells, Cell{i, j})
		}
		cons = append(cons, Constraint{Name: "row", Cells: cells, Target: v})
	}
	for j, v := range c {
		var cells []Cell
		for i := range r {
			cells = append(cells, Cell{i, j})
		}
		cons = append(cons, Constraint{Name: "col", Cells: cells, Target: v})
	}
	return cons
}

func checkConstraints(t *testing.T, x [][]float64, cons []Constraint, tol float64) {
	t.Helper()
	for _, c := range cons {
		s := 0.0
		for _, cell := range c.Cells {
			s += x[cell.I][cell.J]
		}
		if math.Abs(s-c.Target) > tol*math.Max(1, c.Target) {
			t.Errorf("%s: sum %v, want %v", c.Name, s, c.Target)
		}
	}
	for i := range x {
		for j, v := range x[i] {
			if !(v >= 0) {
				t.Errorf("cell (%d,%d) = %v", i, j, v)
			}
		}
	}
}

// With a uniform prior the KL projection on row and column totals is the
// independence table r_i c_j / T: IPF must find it.
func TestFitUniformPriorGivesIndependence(t *testing.T) {
	r, c := []float64{10, 30, 60}, []float64{50, 25, 25}
	prior := [][]float64{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}
	res, err := Fit(Problem{Prior: prior, Constraints: rowsCols(r, c)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range r {
		for j := range c {
			if want := r[i] * c[j] / 100; math.Abs(res.X[i][j]-want) > 1e-9 {
				t.Errorf("x[%d][%d] = %v, want %v", i, j, res.X[i][j], want)
			}
		}
	}
}

func TestFitMarginsFixedCellsAndZeros(t *testing.T) {
	prior := [][]float64{{5, 1, 0, 2}, {1, 8, 3, 1}, {2, 2, 2, 9}}
	r, c := []float64{40, 70, 90}, []float64{60, 50, 30, 60}
	fixed := map[Cell]float64{{0, 0}: 25, {2, 3}: 33.3}
	cons := rowsCols(r, c)
	// A block constraint over two rows' first columns, like the partner blocks.
	cons = append(cons, Constraint{Name: "block", Cells: []Cell{{1, 0}, {1, 1}, {2, 0}, {2, 1}}, Target: 75})
	res, err := Fit(Problem{Prior: prior, Fixed: fixed, Constraints: cons, Tol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	checkConstraints(t, res.X, cons, 1e-11)
	for c, v := range fixed {
		if res.X[c.I][c.J] != v {
			t.Errorf("fixed cell %v = %v, want exactly %v", c, res.X[c.I][c.J], v)
		}
	}
	if res.X[0][2] != 0 {
		t.Errorf("zero prior cell became %v", res.X[0][2])
	}
	if res.Iterations >= 10000 || res.MaxRelErr > 1e-12 {
		t.Errorf("iterations %d, residual %v", res.Iterations, res.MaxRelErr)
	}
	if prior[0][0] != 5 {
		t.Error("Fit changed the prior")
	}
}

func TestFitErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Problem
		want string
	}{
		{"fixed exceeds target", Problem{Prior: [][]float64{{1, 1}}, Fixed: map[Cell]float64{{0, 0}: 5},
			Constraints: []Constraint{{Name: "row", Cells: []Cell{{0, 0}, {0, 1}}, Target: 3}}}, "more than the target"},
		{"zero prior", Problem{Prior: [][]float64{{0, 0}},
			Constraints: []Constraint{{Name: "row", Cells: []Cell{{0, 0}, {0, 1}}, Target: 3}}}, "prior is zero"},
		{"negative prior", Problem{Prior: [][]float64{{-1}}}, "≥ 0"},
		{"outside", Problem{Prior: [][]float64{{1}}, Constraints: []Constraint{{Name: "c", Cells: []Cell{{0, 3}}, Target: 1}}}, "outside"},
		{"inconsistent", Problem{Prior: [][]float64{{1, 1}, {1, 1}}, MaxIter: 50,
			Constraints: rowsCols([]float64{1, 1}, []float64{5, 5})}, "no convergence"},
	} {
		if _, err := Fit(c.p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestRoundCents(t *testing.T) {
	x := [][]float64{{1.004, 2.004, 3.004}, {0.333, 0.333, 0.333}}
	all := []Cell{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}
	c, err := RoundCents(x, []Exact{
		{Name: "row 0", Cells: all[:3], Target: 602, Adjust: Cell{0, 2}},
		{Name: "all", Cells: all, Target: 702, Adjust: Cell{1, 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c[0][0]+c[0][1]+c[0][2] != 602 || c[0][2] != 302 {
		t.Errorf("row 0 = %v", c[0])
	}
	if s := c[0][0] + c[0][1] + c[0][2] + c[1][0] + c[1][1] + c[1][2]; s != 702 || c[1][0] != 34 {
		t.Errorf("cents %v, sum %d", c, s)
	}
	if _, err := RoundCents(x, []Exact{{Name: "neg", Cells: all[:1], Target: -5, Adjust: Cell{0, 0}}}); err == nil {
		t.Error("no error for a negative cell")
	}
	if _, err := RoundCents(x, []Exact{{Name: "bad", Cells: all[:1], Target: 1, Adjust: Cell{1, 1}}}); err == nil {
		t.Error("no error for an adjust cell outside the total")
	}
}
