package metric

import (
	"math"

	"github.com/tariffsim/tariffsim/model"
)

// PctChange is the percent change of a figure from before to after, the
// one sign convention of every tariffsim output (summary, web page,
// report, backtest): 100 × (after − before) ÷ |before|. Dividing by the
// size of before, not by before, gives a change the sign of after −
// before whatever the sign of before, so a trade balance (exports −
// imports) that improves from −100 to −90 is +10%: the deficit shrank
// by a tenth. It is NaN when before is 0, where no percentage means
// anything.
func PctChange(before, after float64) float64 {
	if before == 0 {
		return math.NaN()
	}
	return 100 * (after - before) / math.Abs(before)
}

// EffectiveRates are the focus country's average effective tariff rates
// on its imports, in percent: duties over the value of imports, as The
// Budget Lab at Yale reports them ("State of U.S. Tariffs"; docs/MODEL.md,
// "Effective tariff rates").
type EffectiveRates struct {
	// Before is the baseline's rate, R0/V0 = Σ t0 V / Σ V.
	Before float64
	// PreSubstitution is the new tariffs on the baseline's imports,
	// Σ t1 V / Σ V: the rate before buyers shift between suppliers, which
	// measures the cost buyers face at today's mix.
	PreSubstitution float64
	// PostSubstitution is the new tariffs on the new imports, R1/V1 =
	// Σ t1 V1 / Σ V1: the duties collected per dollar of imports once
	// trade has moved, lower when trade moves toward lightly taxed
	// suppliers.
	PostSubstitution float64
}

// EffectiveRatesOf sums the focus country's imports (domestic sales
// left out) in res; a rate with no imports to divide by is NaN.
func EffectiveRatesOf(res *model.Result, focus string) EffectiveRates {
	var v0, v1, r0, static, r1 float64
	for _, f := range res.Flows {
		if f.Importer != focus || f.Domestic {
			continue
		}
		v0 += f.Value
		v1 += f.NewValue
		r0 += f.Revenue0
		static += f.NewTariff * f.Value // with pieces, Σ t1_k V_k
		r1 += f.Revenue1
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return 100 * a / b
	}
	return EffectiveRates{Before: ratio(r0, v0), PreSubstitution: ratio(static, v0), PostSubstitution: ratio(r1, v1)}
}
