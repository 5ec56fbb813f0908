package ge

import "testing"

func benchSolve(b *testing.B, p *Problem) {
	b.ReportAllocs()
	var it int
	for b.Loop() {
		r, err := Solve(p)
		if err != nil {
			b.Fatal(err)
		}
		it = r.Iterations
	}
	b.ReportMetric(float64(it), "newton-steps")
}

// BenchmarkTradeData0014 solves ge_gravity's 44-country EU enlargement.
func BenchmarkTradeData0014(b *testing.B) {
	p, _ := tradeData0014(b, Additive)
	benchSolve(b, p)
}

// BenchmarkSample2006 solves the 30-country US tariff war with retaliation.
func BenchmarkSample2006(b *testing.B) {
	p, err := Sample2006()
	if err != nil {
		b.Fatal(err)
	}
	usTariff(p, true)
	benchSolve(b, p)
}

// BenchmarkFixedPoint44 times ge_gravity's own damped fixed point (step
// 1/(1+θ), stop at max |Δ ln X| < 1e-8, no tariffs) on the same case, for
// the choice of Newton.
func BenchmarkFixedPoint44(b *testing.B) {
	p, _ := tradeData0014(b, Additive)
	b.ReportAllocs()
	var it int
	for b.Loop() {
		_, it = fixedPoint(b, p, 1e-8)
	}
	b.ReportMetric(float64(it), "iterations")
}
