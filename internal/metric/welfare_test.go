package metric

import (
	"math"
	"testing"

	"github.com/tariffsim/tariffsim/model"
)

func TestCoverageOf(t *testing.T) {
	inf := math.Inf(1)
	res := &model.Result{
		Markets: []model.MarketResult{
			{Importer: "US", Category: "aerospace", HasDomestic: true},
			{Importer: "US", Category: "ict"},
			{Importer: "CA", Category: "ict", HasDomestic: true},
		},
		Producers: []model.ProducerResult{
			{Exporter: "US", Category: "ict", ExportSupply: inf, Value0: 10},
			{Exporter: "US", Category: "aerospace", ExportSupply: 2, Value0: 0}, // sells nothing abroad
			{Exporter: "CA", Category: "ict", ExportSupply: 3, Value0: 5},
		},
		Countries: []model.CountryResult{{Country: "US", Exports0: 10, Exports1: 8, Domestic0: 50, Domestic1: 52, DomesticSurplus: 1, Welfare: -3}},
	}
	only := &model.Result{Countries: []model.CountryResult{{Country: "US", Exports0: 10, Exports1: 10, Welfare: -3}}}
	c := CoverageOf(res, only, "US")
	if c.Markets != 2 || c.WithDomestic != 1 || len(c.DomesticCategories) != 1 || c.DomesticCategories[0] != "aerospace" {
		t.Errorf("markets: %+v", c)
	}
	if !c.ExportsInfinite || c.FiniteExportSupply != 0 {
		t.Errorf("a producer without exports decides nothing: %+v", c)
	}
	if !c.Retaliated || c.RetaliationExports != -2 || c.RetaliationWelfare != 0 || c.RetaliationExportsPct() != -20 || c.ExportsPct() != -20 {
		t.Errorf("retaliation: %+v", c)
	}
	if c.Domestic0 != 50 || c.DomesticSurplus != 1 {
		t.Errorf("domestic: %+v", c)
	}
	res.Producers[1].Value0 = 1
	if c := CoverageOf(res, nil, "US"); c.ExportsInfinite || c.FiniteExportSupply != 1 || c.Retaliated {
		t.Errorf("finite ε: %+v", c)
	}
}
