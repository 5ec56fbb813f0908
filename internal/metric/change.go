package metric

import "math"

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
