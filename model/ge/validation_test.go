package ge

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// readCSV reads a testdata CSV into header-keyed rows.
func readCSV(t testing.TB, name string) []map[string]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for k, h := range recs[0] {
			m[h] = r[k]
		}
		rows = append(rows, m)
	}
	return rows
}

func num(t testing.TB, row map[string]string, col string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row[col], 64)
	if err != nil {
		t.Fatalf("column %s: %v", col, err)
	}
	return v
}

// tradeData0014 is ge_gravity's EU-enlargement counterfactual: θ = 4 and,
// on each new EU pair, the partial effect β = eu_effect (0.224249) as a trade
// cost κ = exp(−β/θ), so that κ^(−θ) = exp(β) as in ge_gravity's B_ij.
func tradeData0014(t testing.TB, imb Imbalance) (*Problem, []map[string]string) {
	rows := readCSV(t, "ge_gravity_TradeData0014_y2000_stata.csv")
	p := &Problem{Theta: 4, Imbalance: imb}
	for _, r := range rows {
		beta := num(t, r, "eu_effect")
		if (beta != 0) != (r["new_eu_pair"] == "1") {
			t.Fatalf("%s→%s: eu_effect %v but new_eu_pair %s", r["exporter"], r["importer"], beta, r["new_eu_pair"])
		}
		p.Flows = append(p.Flows, Flow{Importer: r["importer"], Exporter: r["exporter"],
			Value: num(t, r, "trade"), TradeCost: math.Exp(-beta / p.Theta)})
	}
	return p, rows
}

func TestGEGravityTradeData0014(t *testing.T) {
	for _, tc := range []struct {
		imb          Imbalance
		wCol, xCol   string
		wTol, relTol float64
	}{
		{Additive, "w_eu", "X_eu", 1e-6, 1e-6},
		{Multiplicative, "w_mult", "X_mult", 1e-6, 1e-6},
	} {
		t.Run(tc.imb.String(), func(t *testing.T) {
			p, rows := tradeData0014(t, tc.imb)
			res, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			var maxW, maxX, maxXAbs float64
			for k, r := range rows {
				c := res.Country(r["exporter"])
				// ge_gravity reports the exporter's welfare on each row.
				dw := math.Abs(c.WelfareHat - num(t, r, tc.wCol))
				maxW = max(maxW, dw)
				want := num(t, r, tc.xCol)
				got := res.Flows[k].Value1
				maxX = max(maxX, math.Abs(got/want-1))
				maxXAbs = max(maxXAbs, math.Abs(got-want))
			}
			t.Logf("%s: %d iterations, residual %.2g; max |Δwelfare| %.3g, max relative |ΔX| %.3g (abs %.3g)",
				tc.imb, res.Iterations, res.Residual, maxW, maxX, maxXAbs)
			if maxW > tc.wTol {
				t.Errorf("welfare: max abs error %.3g > %g", maxW, tc.wTol)
			}
			if maxX > tc.relTol {
				t.Errorf("flows: max relative error %.3g > %g", maxX, tc.relTol)
			}
		})
	}
}
