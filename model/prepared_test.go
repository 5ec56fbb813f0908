package model

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
)

// A Prepared problem solved with other elasticities gives what Solve gives
// for a problem with those elasticities, from any number of goroutines.
func TestPrepared(t *testing.T) {
	p := atpShaped()
	pp, err := Prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	params := []Params{el(3, 0.8, inf), el(8.8, 2, 1.5), el(1, 1, 0.3)}
	params[1].ExportSupply = map[string]float64{"US": 0.7}
	want := make([]*Result, len(params))
	for i := range params {
		q := *p
		q.Params = params[i]
		if want[i], err = Solve(&q); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := g % len(params)
			got, err := pp.Solve(&params[i])
			if err != nil {
				t.Error(err)
				return
			}
			if !reflect.DeepEqual(nanFree(got), nanFree(want[i])) {
				t.Errorf("params %d: Prepared.Solve differs from Solve", i)
			}
		}()
	}
	wg.Wait()
	// nil keeps the problem's own elasticities.
	own, err := pp.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	direct, _ := Solve(p)
	if !reflect.DeepEqual(nanFree(own), nanFree(direct)) {
		t.Error("Prepared.Solve(nil) differs from Solve")
	}
	// SolveInto reuses a Result and gives the same numbers.
	var reused *Result
	for i := range params {
		if reused, err = pp.SolveInto(reused, &params[i]); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(nanFree(reused), nanFree(want[i])) {
			t.Errorf("params %d: SolveInto differs from Solve", i)
		}
	}
	bad := el(-1, 1, 1)
	if _, err := pp.Solve(&bad); err == nil {
		t.Error("a negative σ was accepted")
	}
}

// nanFree replaces the NaN pass-through of unchanged flows, which
// DeepEqual never finds equal, by a sentinel.
func nanFree(r *Result) *Result {
	c := *r
	c.Flows = append([]FlowResult(nil), r.Flows...)
	for i := range c.Flows {
		if c.Flows[i].PassThrough != c.Flows[i].PassThrough {
			c.Flows[i].PassThrough = -999
		}
	}
	return &c
}

// BenchmarkPreparedDraw is one Monte Carlo draw on a problem shaped like the
// embedded baseline: new σ and η for every category.
func BenchmarkPreparedDraw(b *testing.B) {
	for _, tc := range []struct {
		name string
		eps  float64
	}{{"eps=inf", inf}, {"eps=1.5", 1.5}} {
		b.Run(tc.name, func(b *testing.B) {
			p := atpShaped()
			p.Params = el(5, 1.25, tc.eps)
			pp, err := Prepare(p)
			if err != nil {
				b.Fatal(err)
			}
			r := rand.New(rand.NewPCG(1, 2))
			var res *Result
			b.ReportAllocs()
			for b.Loop() {
				params := Params{Default: Elasticities{Substitution: 2 + 8*r.Float64(), ImportDemand: 0.5 + 2*r.Float64(), ExportSupply: tc.eps}}
				if res, err = pp.SolveInto(res, &params); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
