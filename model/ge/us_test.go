package ge

import "testing"

// usTariff sets 25% on US imports from CAN and MEX and, with retaliation,
// 25% on their imports from the US.
func usTariff(p *Problem, retaliate bool) {
	for k := range p.Flows {
		f := &p.Flows[k]
		if f.Importer == "USA" && (f.Exporter == "CAN" || f.Exporter == "MEX") {
			f.NewTariff = f.Tariff + 0.25
		}
		if retaliate && f.Exporter == "USA" && (f.Importer == "CAN" || f.Importer == "MEX") {
			f.NewTariff = f.Tariff + 0.25
		}
	}
}

func TestUSCanadaMexico(t *testing.T) {
	for _, imb := range []Imbalance{Additive, Multiplicative} {
		for _, ret := range []bool{false, true} {
			p, err := Sample2006()
			if err != nil {
				t.Fatal(err)
			}
			p.Imbalance = imb
			usTariff(p, ret)
			r, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []string{"USA", "CAN", "MEX"} {
				x := r.Country(c)
				t.Logf("%s retaliation=%v %s: welfare %+.4f%%, ŵ %.6f, P̂ %.6f, ToT %+.4f%%, R′ %.0f", imb, ret, c, x.WelfarePct, x.WageHat, x.PriceHat, 100*(x.TermsOfTradeHat-1), x.Revenue1)
			}
		}
	}
}
