package model

import (
	"errors"
	"math"
)

// gmresWork holds GMRES's arrays, reused from solve to solve.
type gmresWork struct {
	vs, h              [][]float64
	cs, sn, g, y, z, w []float64
}

// solve solves A x = b by restarted GMRES with right preconditioning by
// the diagonal minv ≈ diag(A)⁻¹, to ‖b − A x‖ ≤ rtol ‖b‖. apply(dst, v)
// sets dst = A v. gonum has no iterative linear solver; this follows Saad,
// Iterative Methods for Sparse Linear Systems, 2nd ed., Algorithm 9.5.
func (gw *gmresWork) solve(apply func(dst, v []float64), minv, b, x []float64, rtol float64, restart, maxIter int) error {
	n := len(b)
	clear(x)
	bnorm := norm2(b)
	if bnorm == 0 {
		return nil
	}
	if len(gw.vs) != restart+1 || len(gw.vs[0]) != n {
		gw.vs = make([][]float64, restart+1)
		for i := range gw.vs {
			gw.vs[i] = make([]float64, n)
		}
		gw.h = make([][]float64, restart+1)
		for i := range gw.h {
			gw.h[i] = make([]float64, restart)
		}
		gw.cs, gw.sn, gw.g, gw.y = make([]float64, restart), make([]float64, restart), make([]float64, restart+1), make([]float64, restart)
		gw.z, gw.w = make([]float64, n), make([]float64, n)
	}
	vs, h := gw.vs, gw.h
	cs, sn, g, y, z, w := gw.cs, gw.sn, gw.g, gw.y, gw.z, gw.w
	for total := 0; total < maxIter; {
		apply(w, x)
		for i := range w {
			w[i] = b[i] - w[i]
		}
		beta := norm2(w)
		if beta <= rtol*bnorm {
			return nil
		}
		for i := range w {
			vs[0][i] = w[i] / beta
		}
		clear(g)
		g[0] = beta
		j := 0
		for j < restart && total < maxIter {
			total++
			for i := range z {
				z[i] = minv[i] * vs[j][i]
			}
			apply(w, z)
			for i := 0; i <= j; i++ {
				d := dot(w, vs[i])
				h[i][j] = d
				for l := range w {
					w[l] -= d * vs[i][l]
				}
			}
			hn := norm2(w)
			h[j+1][j] = hn
			if hn != 0 {
				for l := range w {
					vs[j+1][l] = w[l] / hn
				}
			}
			for i := 0; i < j; i++ {
				t := cs[i]*h[i][j] + sn[i]*h[i+1][j]
				h[i+1][j] = -sn[i]*h[i][j] + cs[i]*h[i+1][j]
				h[i][j] = t
			}
			den := math.Hypot(h[j][j], h[j+1][j])
			if den == 0 {
				return errors.New("GMRES broke down on a singular Jacobian")
			}
			cs[j], sn[j] = h[j][j]/den, h[j+1][j]/den
			h[j][j], h[j+1][j] = den, 0
			g[j+1] = -sn[j] * g[j]
			g[j] = cs[j] * g[j]
			j++
			if math.Abs(g[j]) <= rtol*bnorm || hn == 0 {
				break
			}
		}
		for i := j - 1; i >= 0; i-- {
			s := g[i]
			for l := i + 1; l < j; l++ {
				s -= h[i][l] * y[l]
			}
			y[i] = s / h[i][i]
		}
		clear(z)
		for i := 0; i < j; i++ {
			for l := range z {
				z[l] += y[i] * vs[i][l]
			}
		}
		for l := range x {
			x[l] += minv[l] * z[l]
		}
	}
	apply(w, x)
	for i := range w {
		w[i] = b[i] - w[i]
	}
	if norm2(w) <= rtol*bnorm {
		return nil
	}
	return errors.New("the iterative linear solver (GMRES) did not converge")
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func norm2(a []float64) float64 { return math.Sqrt(dot(a, a)) }
