// Package ge solves tariffsim's general-equilibrium engine: one-sector
// structural gravity (Armington–CES, trade elasticity θ = σ − 1) with tariff
// revenue rebated to the importer's spending.
//
// Without tariffs the model is the one of ge_gravity (Baier, Yotov and Zylkin
// 2019; Stata package by Tom Zylkin, R port GEGravity) and reproduces its
// published outputs; with tariffs the revenue R′_j = E′_j Σ_i π′_ij t1_ij/(1+t1_ij)
// is added to country j's spending. What GE adds to the partial-equilibrium
// engine of package model is the terms of trade: every country's output price
// ŵ_i moves, so a tariff can raise the imposer's welfare and retaliation
// costs the retaliated.
//
// # Equations
//
// Country i sells X_ij to j at world prices (X_jj > 0 is domestic sales) and
// j levies t0_ij (t0_jj = 0). With
//
//	Y_i = Σ_j X_ij   E_j = Σ_i X_ij (1 + t0_ij)   R_j = Σ_i t0_ij X_ij
//	D_j = E_j − Y_j − R_j   π_ij = X_ij (1 + t0_ij) / E_j
//
// and the shock c_ij = κ_ij · (1 + t1_ij)/(1 + t0_ij) (trade cost times tariff
// factor), the unknowns ŵ_i (numeraire Σ_i ŵ_i Y_i = Σ_i Y_i) solve
//
//	Φ_j   = Σ_k π_kj (ŵ_k c_kj)^(−θ)        P̂_j = Φ_j^(−1/θ)
//	π′_ij = π_ij (ŵ_i c_ij)^(−θ) / Φ_j
//	D′_j  = D_j (Additive) or D_j ŵ_j (Multiplicative)
//	E′_j  = (ŵ_j Y_j + D′_j) / (1 − Σ_i π′_ij t1_ij/(1 + t1_ij))
//	ŵ_i Y_i = Σ_j π′_ij E′_j / (1 + t1_ij)
//
// Welfare is Ŵ_j = (E′_j/E_j)/P̂_j, the change in real spending (> 1 is a
// gain). Under Multiplicative imbalances Σ_j D_j ŵ_j is not zero in general,
// so world spending and world output cannot both hold; like ge_gravity, the
// solver then clears markets up to one world factor (each country's share of
// world sales equals its share of world output, [Result.SalesFactor]), which
// is what reproduces ge_gravity's multiplicative flows.
//
// The terms of trade of j are the change in its export price over its import
// price at world (factory-gate) prices: ŵ_j / Π_{i≠j} ŵ_i^(ω_ij), with ω_ij
// = X_ij / Σ_{k≠j} X_kj the baseline import shares at world prices.
//
// # Solving
//
// [Solve] runs Newton's method on log ŵ with an analytic Jacobian, one
// clearing equation replaced by the numeraire, and a backtracking line
// search, to a relative residual below 1e-12 on every country's sales. It
// measured 3 iterations on the validation cases, against 90 to 200 for
// ge_gravity's damped fixed point (see the benchmarks); where the line search
// stalls far from the solution (near-autarky costs) it takes 20 steps of that
// fixed point and returns to Newton. Non-convergence is a
// [*ConvergenceError]. Under Additive imbalances a large shock can make a
// surplus country's spending negative at the solution; that is reported as
// an [*InputError] naming it.
//
// # Data
//
// The model has one sector: a [Problem] with flows of more than one category
// is an input error; [Aggregate] sums categories into one. [Sample2006]
// loads a shipped 30-country baseline (gegravity's 2006 sample, aggregate
// manufacturing): old and coarse, for illustrating what GE adds, not for
// forecasts.
//
// Money is in the unit of the flows (million USD for the shipped baseline),
// tariffs are fractions (0.25 = 25%) and hats are new/old (1 = no change).
package ge
