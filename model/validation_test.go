package model

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

type gsimFixture struct {
	Regions   []string             `json:"regions"`
	M0        [][]float64          `json:"M0"` // [exporter][importer]
	T0        [][]float64          `json:"T0"`
	Em        []float64            `json:"Em"`
	Ex        []float64            `json:"Ex"`
	Es        []float64            `json:"Es"`
	Scenarios map[string]gsimScene `json:"scenarios"`
}

type gsimScene struct {
	T1               [][]float64 `json:"T1"`
	WorldPrice       []float64   `json:"world_price_change"`
	M1               [][]float64 `json:"M1_world_prices"`
	CompositePrice   []float64   `json:"composite_import_price_change"`
	DPS              []float64   `json:"dPS"`
	DCSGSIM          []float64   `json:"dCS_gsim_sgn"`
	DCSStandard      []float64   `json:"dCS_standard"`
	DRevenue         []float64   `json:"dTariffRevenue"`
	DWelfareGSIMForm []float64   `json:"dW_gsim"`
}

func loadGSIM(t *testing.T) gsimFixture {
	t.Helper()
	data, err := os.ReadFile("testdata/gsim_4x4_linear.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx gsimFixture
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	return fx
}

// gsimProblem builds the 4×4 GSIM data as one category with global supply;
// zero cells (US→US, JP→JP) are not flows, and the diagonal cells of the
// aggregates (EU→EU, RW→RW) are trade within them, imports like any other.
func gsimProblem(fx gsimFixture, t1 [][]float64, form Form) *Problem {
	p := &Problem{
		Supply: Global, Form: form, IntraTrade: true,
		Params: Params{Default: Elasticities{Substitution: 5, ImportDemand: 1.25, ExportSupply: 1.5}},
	}
	for r, exp := range fx.Regions {
		for v, imp := range fx.Regions {
			if fx.M0[r][v] == 0 {
				continue
			}
			p.Flows = append(p.Flows, Flow{Importer: imp, Exporter: exp, Category: "all", Value: fx.M0[r][v], Tariff: fx.T0[r][v] - 1})
			p.NewTariff = append(p.NewTariff, t1[r][v]-1)
		}
	}
	return p
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.9g, want %.9g (±%g)", what, got, want, tol)
	}
}

func byCountry(res *Result) map[string]CountryResult {
	m := map[string]CountryResult{}
	for _, c := range res.Countries {
		m[c.Country] = c
	}
	return m
}

func flowValue(res *Result, imp, exp string) float64 {
	for _, f := range res.Flows {
		if f.Importer == imp && f.Exporter == exp {
			return f.NewValue
		}
	}
	return 0
}

// TestGSIMLinear reproduces the three GSIM 4×4 scenarios with the linear
// form to 1e-5 (relative for money, absolute for rates), using the fixture's
// printed precision as a floor.
func TestGSIMLinear(t *testing.T) {
	fx := loadGSIM(t)
	for name, sc := range fx.Scenarios {
		t.Run(name, func(t *testing.T) {
			res, err := Solve(gsimProblem(fx, sc.T1, Linear))
			if err != nil {
				t.Fatal(err)
			}
			cs := byCountry(res)
			prod := map[string]ProducerResult{}
			for _, p := range res.Producers {
				prod[p.Exporter] = p
			}
			mkt := map[string]MarketResult{}
			for _, m := range res.Markets {
				mkt[m.Importer] = m
			}
			for i, r := range fx.Regions {
				near(t, r+" world price", prod[r].PriceHat-1, sc.WorldPrice[i], 1e-6)
				near(t, r+" composite price", mkt[r].PriceIndexHat-1, sc.CompositePrice[i], 1e-6)
				near(t, r+" ΔPS", cs[r].ProducerSurplus, sc.DPS[i], 1e-4)
				near(t, r+" ΔCS", cs[r].ConsumerSurplus, sc.DCSStandard[i], 1e-4)
				near(t, r+" ΔCS GSIM", mkt[r].ConsumerSurplusGSIM, sc.DCSGSIM[i], 1e-4)
				near(t, r+" ΔR", cs[r].RevenueChange, sc.DRevenue[i], 1e-4)
				near(t, r+" ΔW (GSIM CS)", cs[r].ProducerSurplus+mkt[r].ConsumerSurplusGSIM+cs[r].RevenueChange, sc.DWelfareGSIMForm[i], 2e-4)
				for v, imp := range fx.Regions {
					if fx.M0[i][v] == 0 {
						continue
					}
					near(t, r+"→"+imp+" flow", flowValue(res, imp, r), sc.M1[i][v], 1e-4)
				}
			}
		})
	}
}

// TestGSIMExact reproduces the exact (non-linear CES) US–EU FTA to 1e-6.
func TestGSIMExact(t *testing.T) {
	fx := loadGSIM(t)
	want := readNonlinear(t, "testdata/gsim_4x4_nonlinear_US_EU_FTA.txt")
	res, err := Solve(gsimProblem(fx, fx.Scenarios["US_EU_FTA"].T1, Exact))
	if err != nil {
		t.Fatal(err)
	}
	if res.Residual > 1e-12 {
		t.Errorf("residual %g", res.Residual)
	}
	cs := byCountry(res)
	prod := map[string]ProducerResult{}
	for _, p := range res.Producers {
		prod[p.Exporter] = p
	}
	mkt := map[string]MarketResult{}
	for _, m := range res.Markets {
		mkt[m.Importer] = m
	}
	for i, r := range fx.Regions {
		// The fixture prints 6 decimals for rates and 3 for money.
		near(t, r+" world price", prod[r].PriceHat-1, want["world"][i], 5e-7)
		near(t, r+" composite price", mkt[r].PriceIndexHat-1, want["composite"][i], 5e-7)
		near(t, r+" ΔR", cs[r].RevenueChange, want["revenue"][i], 5e-4)
		for v, imp := range fx.Regions {
			if fx.M0[i][v] == 0 {
				continue
			}
			near(t, r+"→"+imp, flowValue(res, imp, r), want["flows"][4*i+v], 5e-4)
		}
	}
}

// readNonlinear parses the plain-text fixture: blocks headed by a title line.
func readNonlinear(t *testing.T, path string) map[string][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]float64{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "world price"):
			section = "world"
			continue
		case strings.HasPrefix(line, "new flows"):
			section = "flows"
			continue
		case strings.HasPrefix(line, "composite"):
			section = "composite"
			continue
		case strings.HasPrefix(line, "tariff revenue"):
			section = "revenue"
			continue
		}
		if section == "" {
			continue
		}
		for _, tok := range strings.Fields(line) {
			if v, err := strconv.ParseFloat(tok, 64); err == nil {
				out[section] = append(out[section], v)
			}
		}
	}
	if len(out["world"]) != 4 || len(out["flows"]) != 16 || len(out["composite"]) != 4 || len(out["revenue"]) != 4 {
		t.Fatalf("fixture parse: %v", out)
	}
	return out
}

// TestEMR reproduces emr's simple_armington example: one market with a
// domestic source and two foreign ones, a 10% tariff on one, to 1e-6.
func TestEMR(t *testing.T) {
	data, err := os.ReadFile("testdata/emr_simple_armington_example.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Inputs struct {
			Regions []string  `json:"regions"`
			V0      []float64 `json:"v0"`
			T0      []float64 `json:"t0"`
			Eps     []float64 `json:"eps_supply"`
			Eta     float64   `json:"eta_total_demand"`
			Sigma   float64   `json:"sigma"`
			TauHat  []float64 `json:"tau_hat"`
		} `json:"inputs"`
		Out struct {
			P  []float64 `json:"p_consumer"`
			Q  []float64 `json:"q"`
			P0 float64   `json:"P_index"`
			Q0 float64   `json:"Q_total"`
		} `json:"outputs_hats"`
	}
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	in := fx.Inputs
	for _, supply := range []Supply{Bilateral, Global} {
		p := &Problem{Supply: supply, Params: Params{
			Default:      Elasticities{Substitution: in.Sigma, ImportDemand: -in.Eta, ExportSupply: math.Inf(1)},
			ExportSupply: map[string]float64{},
		}}
		for i, r := range in.Regions {
			p.Flows = append(p.Flows, Flow{Importer: "X", Exporter: r, Category: "k", Value: in.V0[i], Tariff: in.T0[i]})
			p.NewTariff = append(p.NewTariff, (1+in.T0[i])*in.TauHat[i]-1)
			p.Params.ExportSupply[r] = in.Eps[i]
		}
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range res.Flows {
			near(t, supply.String()+" "+f.Exporter+" consumer price", f.ConsumerPriceHat, fx.Out.P[i], 5e-7)
			near(t, supply.String()+" "+f.Exporter+" quantity", f.QuantityHat, fx.Out.Q[i], 5e-7)
		}
		near(t, "P̂", res.Markets[0].PriceIndexHat, fx.Out.P0, 5e-7)
		near(t, "Q̂", res.Markets[0].QuantityHat, fx.Out.Q0, 5e-7)
	}
}

// TestEMRDomesticNest reproduces the same emr example with its domestic
// source as a domestic flow: with σ_D = σ the two nests collapse into
// emr's one, and η is emr's total demand elasticity.
func TestEMRDomesticNest(t *testing.T) {
	data, err := os.ReadFile("testdata/emr_simple_armington_example.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Inputs struct {
			Regions []string  `json:"regions"`
			V0      []float64 `json:"v0"`
			Eps     []float64 `json:"eps_supply"`
			Eta     float64   `json:"eta_total_demand"`
			Sigma   float64   `json:"sigma"`
			TauHat  []float64 `json:"tau_hat"`
		} `json:"inputs"`
		Out struct {
			P  []float64 `json:"p_consumer"`
			Q  []float64 `json:"q"`
			P0 float64   `json:"P_index"`
			Q0 float64   `json:"Q_total"`
		} `json:"outputs_hats"`
	}
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	in := fx.Inputs
	if in.Regions[0] != "dom" {
		t.Fatalf("the fixture's first source is %q, not the domestic one", in.Regions[0])
	}
	for _, supply := range []Supply{Bilateral, Global} {
		p := &Problem{Supply: supply, Params: Params{
			Default: Elasticities{Substitution: in.Sigma, ImportDemand: -in.Eta, ExportSupply: math.Inf(1),
				DomesticSubstitution: in.Sigma, DomesticSupply: in.Eps[0]},
			ExportSupply: map[string]float64{},
		}}
		for i, r := range in.Regions {
			exp := r
			if i == 0 {
				exp = "X" // the importer's own producers
			}
			p.Flows = append(p.Flows, Flow{Importer: "X", Exporter: exp, Category: "k", Value: in.V0[i]})
			p.NewTariff = append(p.NewTariff, in.TauHat[i]-1)
			if i > 0 {
				p.Params.ExportSupply[r] = in.Eps[i]
			}
		}
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range res.Flows {
			near(t, supply.String()+" "+f.Exporter+" consumer price", f.ConsumerPriceHat, fx.Out.P[i], 5e-7)
			near(t, supply.String()+" "+f.Exporter+" quantity", f.QuantityHat, fx.Out.Q[i], 5e-7)
		}
		if !res.Flows[0].Domestic {
			t.Error("the domestic source is not a domestic flow")
		}
		near(t, "P̂", res.Markets[0].PriceIndexHat, fx.Out.P0, 5e-7)
		near(t, "Q̂", res.Markets[0].QuantityHat, fx.Out.Q0, 5e-7)
	}
}

// With ε = ∞ the pieces of a flow are exactly separate varieties: the same
// market with the pieces as flows of their own gives the same quantities.
func TestPiecesAreVarieties(t *testing.T) {
	pr := el(5, 1.25, inf)
	a := oneMarket([]float64{60, 40}, []float64{0.05, 0}, []float64{0, 0}, pr, Bilateral)
	a.Pieces = [][]Piece{{{0.25, 0.05}, {0.75, 0.3}}, nil}
	b := oneMarket([]float64{15, 45, 40}, []float64{0.05, 0.05, 0}, []float64{0.05, 0.3, 0}, pr, Bilateral)
	ra, err := Solve(a)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Solve(b)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "exempt piece", ra.Flows[0].Pieces[0].QuantityHat, rb.Flows[0].QuantityHat, 1e-13)
	near(t, "paying piece", ra.Flows[0].Pieces[1].QuantityHat, rb.Flows[1].QuantityHat, 1e-13)
	near(t, "other source", ra.Flows[1].QuantityHat, rb.Flows[2].QuantityHat, 1e-13)
	near(t, "ΔCS", ra.Markets[0].ConsumerSurplus, rb.Markets[0].ConsumerSurplus, 1e-10)
	near(t, "ΔR", ra.Markets[0].RevenueChange, rb.Markets[0].RevenueChange, 1e-10)
}

// TestNestedReference compares a problem with nested exempt shares, a
// domestic nest with finite ε and ε_D and a trade cost, in both supply
// modes, with an independent solve of the same equations in levels
// (testdata/nested_reference.py, standard-library Python).
func TestNestedReference(t *testing.T) {
	want := map[Supply][]float64{
		Bilateral: {50.99304008354026, 41.26458314682702, 20.632291573413493, 202.02656717701308, 25.727174256941307, 55.40094917052354},
		Global:    {51.6804498922174, 39.697463900667906, 20.768971564504117, 202.45512478602905, 24.989870559495603, 56.44802143944316},
	}
	for supply, w := range want {
		p := &Problem{Supply: supply, Params: elD(5, 1.25, 1.5, 2.5, 2),
			Flows: []Flow{
				{Importer: "A", Exporter: "X", Category: "k", Value: 60, Tariff: 0.05},
				{Importer: "A", Exporter: "Y", Category: "k", Value: 40},
				{Importer: "A", Exporter: "Z", Category: "k", Value: 20, Tariff: 0.1},
				{Importer: "A", Exporter: "A", Category: "k", Value: 200},
				{Importer: "B", Exporter: "X", Category: "k", Value: 30},
				{Importer: "B", Exporter: "Y", Category: "k", Value: 50},
			},
			NewTariff: []float64{0, 0, 0.1, 0, 0, 0},
			Pieces:    [][]Piece{{{0.3, 0.05}, {0.3, 0.15}, {0.4, 0.35}}, nil, nil, nil, {{0.5, 0}, {0.5, 0.25}}, nil},
			TradeCost: []float64{1, 1, 1, 1, 1, 0.95},
		}
		res, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range res.Flows {
			near(t, fmt.Sprintf("%v %s←%s", supply, f.Importer, f.Exporter), f.NewValue, w[i], 1e-9*w[i])
		}
	}
}
