package model

import "math"

// woodburyMax is the largest number of market variables (one per market,
// and one more per market with a free domestic price) solved in market
// space; blocks with more use GMRES, or the dense path when they have few
// unknowns.
const woodburyMax = 64

// guardPivot is the relative size of a pivot (or of a domestic unit's
// diagonal entry) below which a market-space step is checked against the
// Jacobian, ‖J δ − r‖∞ ≤ 1e-9 ‖r‖∞, and left to the dense or iterative
// path when it fails.
const guardPivot = 1e-6

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
	uPos []int32   // per unit: position among the block's free units, or −1
	mY   []int32   // per market: column of y_m
	mZ   []int32   // per market: column of z_m, or −1
	mA   []float64 // per market: A_m
	mB   []float64 // per market: B_m
	dinv []float64 // per free unit: 1/D_u
	k    []float64 // the capacitance matrix I + Vᵀ D⁻¹ U, row-major
	t, c []float64
	piv  []int
	// shaky is set when a pivot of the solve was small: its step is then
	// checked against the Jacobian.
	shaky bool
	urow  []float64 // U, row-major: a row per free unit
	// The hub path (see capacitanceHubs).
	hubs   []int32 // free positions of the hubs
	hubCol []int32 // per free position: its hub's column, or −1
	isHub  []bool
	e, ab  []float64
	wv     []float64
	check  []float64 // J δ, for the residual check
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
	wb.shaky = false
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
		if s.uDom[u] && math.Abs(diag) <= guardPivot*(s.mSigD[s.market[s.uFlows[u][0]]]+s.mEta[s.market[s.uFlows[u][0]]]) {
			wb.shaky = true
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

	wb.t, wb.c = resize(wb.t, nc), resize(wb.c, nc)
	// Units that sell in more than one market ("hubs") are what couples
	// the markets; when they are few, K is block diagonal plus their
	// rank, and is solved that way.
	wb.hubs = wb.hubs[:0]
	for i, u := range free {
		if s.uDom[u] {
			continue
		}
		vs := s.uFlows[u]
		for _, k := range vs[1:] {
			if s.market[k] != s.market[vs[0]] {
				wb.hubs = append(wb.hubs, int32(i))
				break
			}
		}
	}
	if 2*len(wb.hubs) < nc {
		if !ls.capacitanceHubs(nc, r) {
			return false
		}
	} else if !ls.capacitanceDense(nc, r) {
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

	// The step's residual replaces a condition estimate: when a pivot or
	// a diagonal entry was small, a step that does not solve the system
	// goes to the slower, guarded paths.
	if !wb.shaky {
		return true
	}
	wb.check = resize(wb.check, n)
	ls.apply(wb.check, x)
	var rn, en float64
	for i := range r {
		rn = max(rn, math.Abs(r[i]))
		en = max(en, math.Abs(wb.check[i]-r[i]))
	}
	return en <= 1e-9*rn
}

// capacitanceDense solves K c = Vᵀ D⁻¹ r for c (wb.c) with K formed
// densely.
func (ls *linearSolver) capacitanceDense(nc int, r []float64) bool {
	w := ls.w
	s := w.s
	b := ls.b
	wb := &w.wood
	urow := wb.urow
	wb.k = resize(wb.k, nc*nc)
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
	return luSolve(kk, nc, wb.piv, t, wb.c, &wb.shaky)
}

// capacitanceHubs solves K c = Vᵀ D⁻¹ r for c (wb.c) as K = E + A Bᵀ: E
// holds what units selling in one market give, a 1×1 or (with a free
// domestic price) 2×2 block per market, and column h of A and of B what hub
// h gives, a_h = V's row of h (its shares in the markets where it sells)
// and b_h = U's row of h over D_h. By Woodbury again,
// c = E⁻¹t − E⁻¹A (I + Bᵀ E⁻¹ A)⁻¹ Bᵀ E⁻¹ t, with a system of the number of
// hubs.
func (ls *linearSolver) capacitanceHubs(nc int, r []float64) bool {
	w := ls.w
	s := w.s
	b, free := ls.b, ls.free
	wb := &w.wood
	urow := wb.urow
	nh := len(wb.hubs)
	// isHub marks hubs by free position.
	wb.isHub = resize(wb.isHub, len(free))
	clear(wb.isHub)
	for _, i := range wb.hubs {
		wb.isHub[i] = true
	}
	// E's blocks: e[4·m'] = E_yy, E_yz, E_zy, E_zz for the block's market m'.
	nmb := int(s.bM[b+1] - s.bM[b])
	wb.e = resize(wb.e, 4*nmb)
	e := wb.e
	clear(e)
	t := wb.t
	clear(t)
	wb.ab = resize(wb.ab, 2*nc*nh)
	am, bm := wb.ab[:nc*nh], wb.ab[nc*nh:] // column-major, column h at h·nc
	clear(am)
	for h, i := range wb.hubs {
		copy(bm[h*nc:(h+1)*nc], urow[int(i)*nc:(int(i)+1)*nc])
		for l := h * nc; l < (h+1)*nc; l++ {
			bm[l] *= wb.dinv[i]
		}
	}
	hubCol := wb.hubCol[:0]
	for range free {
		hubCol = append(hubCol, -1)
	}
	for h, i := range wb.hubs {
		hubCol[i] = int32(h)
	}
	wb.hubCol = hubCol
	for m := s.bM[b]; m < s.bM[b+1]; m++ {
		mb := 4 * int(m-s.bM[b])
		e[mb], e[mb+3] = 1, 1
		y, z := wb.mY[m], wb.mZ[m]
		var ta float64
		for g := s.mStart[m]; g < s.mEnd[m]; g++ {
			i := wb.uPos[s.unit[g]]
			if i < 0 {
				continue
			}
			coef := w.share[g] * wb.dinv[i]
			ta += coef * r[i]
			if h := hubCol[i]; h >= 0 {
				am[int(h)*nc+int(y)] += w.share[g]
				continue
			}
			row := urow[int(i)*nc : (int(i)+1)*nc]
			e[mb] += coef * row[y]
			if z >= 0 {
				e[mb+1] += coef * row[z]
			}
		}
		t[y] = ta
		if z >= 0 {
			i := wb.uPos[s.unit[s.mDom[m]]]
			coef := wb.dinv[i]
			row := urow[int(i)*nc : (int(i)+1)*nc]
			e[mb+2] += coef * row[y]
			e[mb+3] += coef * row[z]
			t[z] = coef * r[i]
		}
	}
	// einv applies E⁻¹ in place to the vector v over the market variables.
	einv := func(v []float64) bool {
		for m := s.bM[b]; m < s.bM[b+1]; m++ {
			mb := 4 * int(m-s.bM[b])
			y, z := wb.mY[m], wb.mZ[m]
			if z < 0 {
				if e[mb] == 0 {
					return false
				}
				if math.Abs(e[mb]) <= guardPivot {
					wb.shaky = true
				}
				v[y] /= e[mb]
				continue
			}
			det := e[mb]*e[mb+3] - e[mb+1]*e[mb+2]
			if det == 0 || math.IsNaN(det) {
				return false
			}
			if math.Abs(det) <= guardPivot*(math.Abs(e[mb]*e[mb+3])+math.Abs(e[mb+1]*e[mb+2])) {
				wb.shaky = true
			}
			vy, vz := v[y], v[z]
			v[y] = (e[mb+3]*vy - e[mb+1]*vz) / det
			v[z] = (e[mb]*vz - e[mb+2]*vy) / det
		}
		return true
	}
	c := wb.c
	copy(c, t)
	if !einv(c) {
		return false
	}
	if nh == 0 {
		return true
	}
	// Y = E⁻¹ A in am's place; M = I + Bᵀ Y; M w = Bᵀ c0.
	for h := range nh {
		if !einv(am[h*nc : (h+1)*nc]) {
			return false
		}
	}
	wb.k = resize(wb.k, nh*nh)
	wb.wv = resize(wb.wv, 2*nh)
	mm, rhs, sol := wb.k, wb.wv[:nh], wb.wv[nh:]
	for p := range nh {
		bp := bm[p*nc : (p+1)*nc]
		rhs[p] = dot(bp, c)
		for q := range nh {
			v := dot(bp, am[q*nc:(q+1)*nc])
			if p == q {
				v++
			}
			mm[p*nh+q] = v
		}
	}
	wb.piv = resize(wb.piv, nh)
	if !luSolve(mm, nh, wb.piv, rhs, sol, &wb.shaky) {
		return false
	}
	for q := range nh {
		yq := am[q*nc : (q+1)*nc]
		for l := range c {
			c[l] -= yq[l] * sol[q]
		}
	}
	return true
}

// luSolve solves the n×n system a x = t by Gaussian elimination with
// partial pivoting, overwriting a (row-major) and t. It reports false when
// a pivot is negligible against the largest entry of its column.
func luSolve(a []float64, n int, piv []int, t, x []float64, shaky *bool) bool {
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
		if big <= guardPivot*scale {
			*shaky = true
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
