package ge

import (
	"math"
	"testing"
)

// TestGEGravityCanadaJapan reruns gegravity's (USITC, Python) OneSectorGE
// example, a Canada–Japan PTA on its 2006 sample with σ = 5, from the
// baseline flows gegravity itself modelled (its "baseline modeled trade",
// which include domestic sales). The PTA raises t^(1−σ) on CAN↔JPN by
// gegravity's documented +60.18165% (its PTA coefficient, 0.4711 when
// rounded), that is κ = 1.6018165^(−1/θ) with θ = σ − 1 = 4.
func TestGEGravityCanadaJapan(t *testing.T) {
	bil := readCSV(t, "gegravity_sample_CAN_JPN_pta_bilateral_results.csv")
	ctry := readCSV(t, "gegravity_sample_CAN_JPN_pta_country_results.csv")
	const theta = 4.0
	pta := math.Log(1.6018165)
	for _, tc := range []struct {
		imb        Imbalance
		wTol, xTol float64
	}{{Multiplicative, 2e-4, 3e-3}, {Additive, 2e-4, 3e-3}} {
		imb := tc.imb
		p := &Problem{Theta: theta, Imbalance: imb}
		for _, r := range bil {
			f := Flow{Importer: r["importer"], Exporter: r["exporter"], Value: num(t, r, "baseline modeled trade")}
			if (f.Importer == "CAN" && f.Exporter == "JPN") || (f.Importer == "JPN" && f.Exporter == "CAN") {
				f.TradeCost = math.Exp(-pta / theta)
			}
			p.Flows = append(p.Flows, f)
		}
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		// gegravity normalises prices on a reference importer (DEU), not on
		// world output, so nominal flows differ by one common factor: compare
		// each flow's change relative to the world's.
		var w0, w1, g1 float64
		for k, r := range bil {
			w0 += res.Flows[k].Value0
			w1 += res.Flows[k].Value1
			g1 += num(t, r, "experiment trade")
		}
		var maxX float64
		for k, r := range bil {
			got := res.Flows[k].Value1 / w1 / (res.Flows[k].Value0 / w0)
			want := num(t, r, "experiment trade") / g1 / (num(t, r, "baseline modeled trade") / w0)
			maxX = max(maxX, math.Abs(got/want-1))
		}
		// gegravity's welfare statistic is (E/P)_baseline/(E/P)_experiment:
		// below 1 is a gain, so it is 1/Ŵ.
		var maxW float64
		for _, r := range ctry {
			c := res.Country(r["country"])
			maxW = max(maxW, math.Abs(1/c.WelfareHat-num(t, r, "welfare statistic")))
		}
		t.Logf("%s: max |1/Ŵ − welfare statistic| %.3g, max relative error of flows' shares %.3g; CAN %+.4f%%, JPN %+.4f%%",
			imb, maxW, maxX, res.Country("CAN").WelfarePct, res.Country("JPN").WelfarePct)
		if maxW > tc.wTol || maxX > tc.xTol {
			t.Errorf("%s: gap to gegravity beyond its own inconsistency: welfare %.3g > %g or flows %.3g > %g", imb, maxW, tc.wTol, maxX, tc.xTol)
		}
	}
}
