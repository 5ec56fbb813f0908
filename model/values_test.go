package model

import (
	"fmt"
	"strings"
	"testing"
)

func TestReprepare(t *testing.T) {
	p := &Problem{
		Flows: []Flow{
			{Importer: "US", Exporter: "CN", Category: "a", Value: 100},
			{Importer: "US", Exporter: "MX", Category: "a", Value: 50},
			{Importer: "US", Exporter: "CN", Category: "b", Value: 30},
		},
		NewTariff: []float64{0.25, 0, 0.1},
		Params:    Params{Default: Elasticities{Substitution: 4, ImportDemand: 1.2, ExportSupply: 3}},
	}
	pp, err := Prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	// Other values and pieces on the same flows: Reprepare must solve as
	// a fresh Prepare does.
	q := *p
	q.Flows = []Flow{p.Flows[0], p.Flows[1], p.Flows[2]}
	q.Flows[0].Value, q.Flows[1].Value = 70, 90
	q.Pieces = [][]Piece{{{Share: 0.4, Tariff: 0}, {Share: 0.6, Tariff: 0.25}}, nil, nil}
	want, err := Prepare(&q)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pp.Reprepare(&q)
	if err != nil {
		t.Fatal(err)
	}
	a, err := want.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := got.Solve(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Printed, since NaN fields (no pass-through on an untaxed flow)
	// defeat reflect.DeepEqual; which layout filled each is not a result.
	a.filled, b.filled = filled{}, filled{}
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Errorf("Reprepare solves to\n%+v\nPrepare to\n%+v", b, a)
	}
	// Other flows are refused.
	r := q
	r.Flows = []Flow{q.Flows[1], q.Flows[0], q.Flows[2]}
	if _, err := pp.Reprepare(&r); err == nil || !strings.Contains(err.Error(), "flow 0") {
		t.Errorf("reordered flows: err = %v", err)
	}
	if _, err := pp.Reprepare(&Problem{Flows: q.Flows[:2]}); err == nil {
		t.Error("fewer flows must be refused")
	}
}
