// Package timepath computes month-by-month trade paths: tariffs that
// arrive, change and lift on given months, and trade that moves toward
// each month's equilibrium with a half-life instead of at once.
//
// A [Problem] holds the baseline flows (annual values, as in a baseline),
// the tariff of every flow in every month (already day-weighted, see
// model/scenario), the elasticities, a half-life and an annual growth rate
// per flow, and optionally each month's pieces (flows split by exempt
// shares) and trade-cost factors. [Solve] solves the equilibrium of every month with
// [model.Solve] — once per distinct tariff vector, since consecutive months
// usually share their rates — and runs the partial-adjustment recursion of
// shared/docs/model-spec.md ("Time path"):
//
//	V(τ0−1) = V_f
//	V(τ)    = V_eq(τ) + (V(τ−1) − V_eq(τ)) · 2^(−1/h)      (h = 0: V(τ) = V_eq(τ))
//
// # Units and growth
//
// Flow values are annual (million USD a year); path values are monthly,
// one twelfth of the annual rate, so that summing months gives a period's
// trade. The no-tariff path grows at the flow's annual rate g:
//
//	N_f(τ) = V_f/12 · G_f(τ),   G_f(τ) = (1+g)^((τ+1)/12)
//
// so that the month before the first (τ = −1, the starting point of the
// recursion) is the baseline itself. The tariff path grows with it: the
// recursion runs on the ratio r = V/N, starting from r(−1) = 1 and moving
// toward r_eq(τ) = V1_f(τ)/V_f, and V(τ) = N_f(τ)·r(τ). This is exact for the
// model rather than an approximation, as long as every flow of a market
// (importer × category) grows at one rate: the hat-algebra solution depends
// only on value shares, which a common growth factor leaves unchanged, so
// the equilibrium of the grown baseline is G·V_eq. Per-category growth
// rates satisfy that condition.
package timepath
