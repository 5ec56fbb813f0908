package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// atpShaped mimics the embedded baseline's shape: the US imports from 20
// partners in 10 categories, and each partner's market in each category
// holds the US and one "other suppliers" flow. 25% on two partners and a
// retaliation against the US.
func atpShaped() *Problem {
	r := rand.New(rand.NewPCG(11, 12))
	p := &Problem{Params: el(6.6, 1.4, 1.5)}
	add := func(imp, exp, cat string, v, t0, t1 float64) {
		p.Flows = append(p.Flows, Flow{Importer: imp, Exporter: exp, Category: cat, Value: v, Tariff: t0})
		p.NewTariff = append(p.NewTariff, t1)
	}
	for c := range 10 {
		cat := fmt.Sprintf("c%d", c)
		for i := range 20 {
			partner := fmt.Sprintf("P%02d", i)
			hit := 0.0
			if i < 2 {
				hit = 0.25
			}
			add("US", partner, cat, 100+5000*r.Float64(), 0, hit)
			add(partner, "US", cat, 100+3000*r.Float64(), 0, hit)
			add(partner, "OTH", cat, 100+6000*r.Float64(), 0, 0)
		}
	}
	return p
}

func benchSolve(b *testing.B, p *Problem) {
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		var err error
		res, err = Solve(p)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(p.Flows)), "ns/flow")
	_ = res
}

func BenchmarkSolveATPShaped(b *testing.B) {
	for _, supply := range []Supply{Bilateral, Global} {
		b.Run(supply.String(), func(b *testing.B) {
			p := atpShaped()
			p.Supply = supply
			benchSolve(b, p)
		})
	}
}

// BenchmarkSolveLarge solves synthetic global-supply problems of n
// exporters × n importers × 10 categories; ns/flow should stay flat as n
// grows (the cost is linear in the number of flows).
func BenchmarkSolveLarge(b *testing.B) {
	for _, n := range []int{50, 100, 200} {
		b.Run(fmt.Sprintf("%dx%dx10", n, n), func(b *testing.B) {
			p := randomProblem(rand.New(rand.NewPCG(1, uint64(n))), n, n, 10)
			p.Supply = Global
			benchSolve(b, p)
		})
	}
}

func BenchmarkSolveLinear(b *testing.B) {
	p := randomProblem(rand.New(rand.NewPCG(1, 1)), 100, 100, 10)
	p.Supply, p.Form = Global, Linear
	benchSolve(b, p)
}

// atpNested is atpShaped with the 25% measures 40% exempt (two pieces per
// hit flow) and US domestic sales in every category, the shape of the
// embedded baseline under the split rule once it has domestic rows.
func atpNested() *Problem {
	p := atpShaped()
	p.Params = elD(6.6, 1.4, 1.5, 3.3, 5)
	p.Pieces = make([][]Piece, len(p.Flows))
	for i, t1 := range p.NewTariff {
		if t1 > 0 {
			p.Pieces[i] = []Piece{{0.4, 0}, {0.6, t1}}
			p.NewTariff[i] = 0.6 * t1
		}
	}
	for c := range 10 {
		p.Flows = append(p.Flows, Flow{Importer: "US", Exporter: "US", Category: fmt.Sprintf("c%d", c), Value: 40000})
		p.NewTariff = append(p.NewTariff, 0)
		p.Pieces = append(p.Pieces, nil)
	}
	return p
}

func BenchmarkSolveATPNested(b *testing.B) {
	for _, supply := range []Supply{Bilateral, Global} {
		b.Run(supply.String(), func(b *testing.B) {
			p := atpNested()
			p.Supply = supply
			benchSolve(b, p)
		})
	}
}

// BenchmarkPreparedATPNested is a prepared solve of atpNested (pieces and
// domestic nests) into a reused Result.
func BenchmarkPreparedATPNested(b *testing.B) {
	for _, supply := range []Supply{Bilateral, Global} {
		b.Run(supply.String(), func(b *testing.B) {
			p := atpNested()
			p.Supply = supply
			pp, err := Prepare(p)
			if err != nil {
				b.Fatal(err)
			}
			res, err := pp.SolveInto(nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if res, err = pp.SolveInto(res, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
