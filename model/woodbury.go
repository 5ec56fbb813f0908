package model

import "math"

// woodburyMax is the largest number of market variables (one per market,
// and one more per market with a free domestic price) solved in market
// space; blocks with more use GMRES, or the dense path when they have few
// unknowns.
const woodburyMax = 64

// The Jacobian of a block is a diagonal plus a matrix of rank the number of
// market variables: a unit's row depends on the other units only through
// y_m = dlog P̂_M = Σ_{g∈m} s_g δ_u(g) of the markets it sells in, and, in a
// market with a domestic flow d, through z_m = δ_d. With ω_k = V_k q̂_k / D_u
// over the unit's varieties, the row of an import unit u is
//
//	Σ_{k∈u} ω_k (A_m y_m + B_m z_m − σ_m δ_u) − ε_u δ_u,   m = m(k),
//
// with A_m = σ−η and B_m = 0 without a domestic flow, and
// A_m = (σ_D−η)(1−s_d) + (σ−σ_D), B_m = (σ_D−η) s_d with one; the row of a
// domestic unit d is (σ_D−η)(1−s_d) y_m + ((σ_D−η) s_d − σ_D − ε_D) δ_d. So
// J = D + U Vᵀ, and by the Sherman–Morrison–Woodbury formula
//
//	δ = D⁻¹ r − D⁻¹ U c,   (I + Vᵀ D⁻¹ U) c = Vᵀ D⁻¹ r,
//
// a solve with a matrix of the size of the market variables: 1×1 (or 2×2
// with a domestic flow) per market under bilateral supply, which is the
// closed-form Sherman–Morrison step. Its cost is Σ_u (varieties of u)², not
// a dense Jacobian's n² columns.

// woodbury holds the scratch of market-space solves, reused block after
// block.
type woodbury struct {
	uPos  []int32   // per unit: position among the block's free units, or −1
	mY    []int32   // per market: column of y_m
	mZ    []int32   // per market: column of z_m, or −1
	mA    []float64 // per market: A_m
	mB    []float64 // per market: B_m
	dinv  []float64 // per free unit: 1/D_u
	k     []float64 // the capacitance matrix I + Vᵀ D⁻¹ U, row-major
	t, c  []float64
	piv   []int
	urow  []float64 // U, row-major: a row per free unit
	check []float64 // J δ, for the residual check
}

// solveWoodbury sets x to the solution of J x = r over the free units of
// block b (in the order of free), at the state of the last eval. It
// reports false, leaving x undefined, when the block has too many market
// variables, when a pivot vanishes or when the step's residual
// ‖J x − r‖∞ is not small against ‖r‖∞: the caller then takes the dense
// or the iterative path, which also diagnose a singular Jacobian.
func (ls *linearSolver) solveWoodbury(x, r []float64) bool {
	w := ls.w
	s := w.s
	b, free := ls.b, ls.free
	wb := &w.wood
	nm, nu := len(s.mSigma), len(s.uEps)
	if len(wb.mY) != nm {
		wb.mY, wb.mZ = make([]int32, nm), make([]int32, nm)
		wb.mA, wb.mB = make([]float64, nm), make([]float64, nm)
	}
	if len(wb.uPos) != nu {
		wb.uPos = make([]int32, nu)
		for u := range wb.uPos {
			wb.uPos[u] = -1
		}
	}
	for u := s.bU[b]; u < s.bU[b+1]; u++ {
		wb.uPos[u] = -1
	}
	for i, u := range free {
		wb.uPos[u] = int32(i)
	}
	nc := 0
	for m := s.bM[b]; m < s.bM[b+1]; m++ {
		sigma, eta := s.mSigma[m], s.mEta[m]
		wb.mY[m], wb.mZ[m] = int32(nc), -1
		nc++
		d := s.mDom[m]
		if d < 0 {
			wb.mA[m], wb.mB[m] = sigma-eta, 0
			continue
		}
		sigD, sd := s.mSigD[m], w.mSd[m]
		wb.mA[m] = (sigD-eta)*(1-sd) + (sigma - sigD)
		wb.mB[m] = (sigD - eta) * sd
		if wb.uPos[s.unit[d]] >= 0 {
			wb.mZ[m] = int32(nc)
			nc++
		}
	}
	if nc > woodburyMax {
		return false
	}
	n := len(free)
	wb.dinv = resize(wb.dinv, n)
	for i, u := range free {
		var diag float64
		if s.uDom[u] {
			k := s.uFlows[u][0]
			m := s.market[k]
			sigD, sd := s.mSigD[m], w.mSd[m]
			diag = (sigD-s.mEta[m])*sd - sigD - s.uEps[u]
		} else {
			for _, k := range s.uFlows[u] {
				diag -= s.value[k] * w.q[k] * s.mSigma[s.market[k]]
			}
			diag = diag/w.uD[u] - s.uEps[u]
		}
		if diag == 0 || math.IsNaN(diag) {
			return false
		}
		wb.dinv[i] = 1 / diag
	}

	// U's rows, dense over the market variables: row i is unit free[i]'s.
	wb.urow = resize(wb.urow, n*nc)
	urow := wb.urow
	clear(urow)
	for i, u := range free {
		row := urow[i*nc : (i+1)*nc]
		if s.uDom[u] {
			m := s.market[s.uFlows[u][0]]
			row[wb.mY[m]] = (s.mSigD[m] - s.mEta[m]) * (1 - w.mSd[m])
			continue
		}
		inv := 1 / w.uD[u]
		for _, k := range s.uFlows[u] {
			mk := s.market[k]
			om := s.value[k] * w.q[k] * inv
			row[wb.mY[mk]] += om * wb.mA[mk]
			if z := wb.mZ[mk]; z >= 0 {
				row[z] += om * wb.mB[mk]
			}
		}
	}

	wb.k = resize(wb.k, nc*nc)
	wb.t, wb.c = resize(wb.t, nc), resize(wb.c, nc)
	kk, t := wb.k, wb.t
	clear(kk)
	for a := range nc {
		kk[a*nc+a] = 1
	}
	for m := s.bM[b]; m < s.bM[b+1]; m++ {
		row := kk[int(wb.mY[m])*nc : int(wb.mY[m]+1)*nc]
		var ta float64
		for g := s.mStart[m]; g < s.mEnd[m]; g++ {
			i := wb.uPos[s.unit[g]]
			if i < 0 {
				continue
			}
			coef := w.share[g] * wb.dinv[i]
			ta += coef * r[i]
			u := s.unit[g]
			if vs := s.uFlows[u]; 4*len(vs) < nc {
				// A unit that sells in few of the block's markets: its
				// row of U is sparse.
				cw := coef / w.uD[u]
				for _, k := range vs {
					mk := s.market[k]
					om := cw * s.value[k] * w.q[k]
					row[wb.mY[mk]] += om * wb.mA[mk]
					if z := wb.mZ[mk]; z >= 0 {
						row[z] += om * wb.mB[mk]
					}
				}
				continue
			}
			ur := urow[int(i)*nc : int(i+1)*nc]
			ur = ur[:len(row)]
			for l, v := range ur {
				row[l] += coef * v
			}
		}
		t[wb.mY[m]] = ta
		if z := wb.mZ[m]; z >= 0 {
			i := wb.uPos[s.unit[s.mDom[m]]]
			zrow := kk[int(z)*nc : int(z+1)*nc]
			coef := wb.dinv[i]
			for l, v := range urow[int(i)*nc : int(i+1)*nc] {
				zrow[l] += coef * v
			}
			t[z] = coef * r[i]
		}
	}
	wb.piv = resize(wb.piv, nc)
	if !luSolve(kk, nc, wb.piv, t, wb.c) {
		return false
	}
	c := wb.c
	for i := range free {
		var uc float64
		for l, v := range urow[i*nc : (i+1)*nc] {
			uc += v * c[l]
		}
		x[i] = wb.dinv[i] * (r[i] - uc)
	}

	// The step's residual replaces a condition estimate: a step that does
	// not solve the system goes to the slower, guarded paths.
	wb.check = resize(wb.check, n)
	ls.apply(wb.check, x)
	var rn, en float64
	for i := range r {
		rn = max(rn, math.Abs(r[i]))
		en = max(en, math.Abs(wb.check[i]-r[i]))
	}
	return en <= 1e-9*rn
}

// luSolve solves the n×n system a x = t by Gaussian elimination with
// partial pivoting, overwriting a (row-major) and t. It reports false when
// a pivot is negligible against the largest entry of its column.
func luSolve(a []float64, n int, piv []int, t, x []float64) bool {
	var scale float64
	for _, v := range a[:n*n] {
		scale = max(scale, math.Abs(v))
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return false
	}
	for j := range n {
		p, big := j, math.Abs(a[j*n+j])
		for i := j + 1; i < n; i++ {
			if v := math.Abs(a[i*n+j]); v > big {
				p, big = i, v
			}
		}
		if big <= 1e-13*scale {
			return false
		}
		piv[j] = p
		if p != j {
			rj, rp := a[j*n:(j+1)*n], a[p*n:(p+1)*n]
			for l := range rj {
				rj[l], rp[l] = rp[l], rj[l]
			}
			t[j], t[p] = t[p], t[j]
		}
		rj := a[j*n+j : (j+1)*n]
		inv := 1 / rj[0]
		rj1 := rj[1:]
		for i := j + 1; i < n; i++ {
			ri := a[i*n+j : (i+1)*n]
			f := ri[0] * inv
			if f == 0 {
				continue
			}
			ri[0] = f
			ri1 := ri[1:]
			ri1 = ri1[:len(rj1)]
			for l, v := range rj1 {
				ri1[l] -= f * v
			}
			t[i] -= f * t[j]
		}
	}
	for i := n - 1; i >= 0; i-- {
		v := t[i]
		for l := i + 1; l < n; l++ {
			v -= a[i*n+l] * x[l]
		}
		x[i] = v / a[i*n+i]
	}
	return true
}
