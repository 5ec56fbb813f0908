package chart

import (
	"github.com/tariffsim/tariffsim/internal/chart/charttest"
	"github.com/tariffsim/tariffsim/model"
)

type modelResult = model.Result

func testMeta() Meta {
	return Meta{
		Scenario:       "China 60%, others 20%, with retaliation",
		Version:        "tariffsim 0.1.0",
		Baseline:       "US ATP trade 2024",
		EstimatedShare: 0.37,
		Focus:          "US",
		FocusName:      "US",
		CountryName:    charttest.CountryName,
		CategoryName:   charttest.CategoryName,
	}
}
