package ge

import (
	"math"
	"testing"
)

// fixedPoint is ge_gravity's algorithm (VKudlay/GEGravity R/ge_gravity.R,
// a port of Zylkin's Stata ge_gravity), kept as an independent check and
// for timing: no tariffs, B_ij = κ_ij^(−θ). It returns the welfare changes
// in the order of the problem's countries and the iterations.
func fixedPoint(t testing.TB, p *Problem, tol float64) ([]float64, int) {
	q, err := prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	n, th := q.n, q.theta
	pi, bb := make([]float64, n*n), make([]float64, n*n)
	for i := range n {
		for j := range n {
			pi[i*n+j] = q.x[i*n+j] / q.e[j]
			bb[i*n+j] = math.Pow(q.kappa[i*n+j], -th)
		}
	}
	w, ph, e := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		w[i], ph[i] = 1, 1
	}
	copy(e, q.e)
	last, xn := make([]float64, n*n), make([]float64, n*n)
	copy(xn, q.x)
	it := 0
	for {
		copy(last, xn)
		var sy, syw float64
		for i := range n {
			s := 0.0
			for j := range n {
				s += pi[i*n+j] * bb[i*n+j] * e[j] / ph[j]
			}
			w[i] = math.Pow(s/q.y[i], 1/(1+th))
			sy += q.y[i]
			syw += q.y[i] * w[i]
		}
		for i := range n {
			w[i] *= sy / syw
		}
		for j := range n {
			s := 0.0
			for k := range n {
				s += pi[k*n+j] * bb[k*n+j] * math.Pow(w[k], -th)
			}
			ph[j] = s
			if q.imb == Multiplicative {
				e[j] = (q.y[j] + q.d[j]) * w[j]
			} else {
				e[j] = q.y[j]*w[j] + q.d[j]
			}
		}
		crit := 0.0
		for i := range n {
			for j := range n {
				xn[i*n+j] = pi[i*n+j] * bb[i*n+j] * math.Pow(w[i], -th) / ph[j] * e[j]
				if xn[i*n+j] > 0 {
					crit = max(crit, math.Abs(math.Log(xn[i*n+j])-math.Log(last[i*n+j])))
				}
			}
		}
		it++
		if crit <= tol || it >= 1000000 {
			break
		}
	}
	wel := make([]float64, n)
	for j := range n {
		P := math.Pow(ph[j], -1/th)
		if q.imb == Multiplicative {
			wel[j] = w[j] / P
		} else {
			wel[j] = (q.y[j]*w[j] + q.d[j]) / (q.y[j] + q.d[j]) / P
		}
	}
	return wel, it
}

// TestNewtonMatchesFixedPoint solves TradeData0014 with ge_gravity's
// algorithm run to a tight tolerance and with Newton.
func TestNewtonMatchesFixedPoint(t *testing.T) {
	for _, imb := range []Imbalance{Additive, Multiplicative} {
		p, _ := tradeData0014(t, imb)
		fp, it := fixedPoint(t, p, 1e-13)
		r, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		for j, c := range r.Countries {
			worst = max(worst, math.Abs(c.WelfareHat-fp[j]))
		}
		t.Logf("%s: fixed point %d iterations, Newton %d; max |ΔŴ| %.2g", imb, it, r.Iterations, worst)
		if worst > 1e-11 {
			t.Errorf("%s: Newton and fixed point differ by %.3g", imb, worst)
		}
	}
}
