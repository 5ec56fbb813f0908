package baseline

import (
	"fmt"
	"math"
)

// Elasticity ranges of the ATP groups: the presets "low" and "high" of a
// scenario file. Every number is read from shared/data (elasticities.csv,
// atp_group_elasticity_map.csv) or follows a stated rule; docs/DATA.md,
// "Elasticity presets", has the table.
const (
	rangeSigmaLowGTAP = "σ low = ½ × central = the GTAP ESUBD itself (domestic vs imported, without GTAP's ESUBM = 2 × ESUBD rule; Gallaway, McDaniel & Rivera 2003 also find long-run ≈ 2 × short-run)"
	rangeSigmaLowFGO  = "σ low 2.5: Berthou & Fontagné (2015) firm-level tariff elasticity (about −2.5), = ½ × central 5"
	rangeSigmaHighEl  = "σ high: Caliendo & Parro (2015) θ, the highest retrieved for electronics-type sectors (Office 12.95, Electrical 12.91)"
	rangeSigmaHighGYY = "σ high 8.94: top of Giri, Yi & Yilmazkuday (2021) sectoral range 2.97–8.94"
	rangeEtaLow       = "η low 0.76: Boehm, Levchenko & Pandalai-Nayar (2023) one-year elasticity"
	rangeEtaHigh      = "η high 2.25: top of BLPN (2023) long-run range 1.75–2.25"
	rangeEps          = "ε low = high = +Inf: the data give no range (both Fajgelbaum et al. 2020 and Amiti, Redding & Weinstein 2019 find complete pass-through), so the presets do not move ε; write a distribution to vary it"
)

// atpRanges holds σ low, σ high, η low, η high per ATP group ("" is the
// fallback).
var atpRanges = map[string]struct {
	sLo, sHi, eLo, eHi float64
	src                string
}{
	"biotech":     {3.3, 8.94, 0.76, 3.05, rangeSigmaLowGTAP + " (bph 3.3); " + rangeSigmaHighGYY + "; " + rangeEtaLow + "; η high 3.05: Hauk (2012) NAICS 325414 biological products (significant), above BLPN's 2.25"},
	"lifesci":     {3.3, 8.94, 0.76, 2.25, rangeSigmaLowGTAP + " (bph 3.3); " + rangeSigmaHighGYY + "; " + rangeEtaLow + "; " + rangeEtaHigh},
	"opto":        {4.4, 12.91, 0.76, 2.25, rangeSigmaLowGTAP + " (ele 4.4); " + rangeSigmaHighEl + ", Electrical 12.91 (the group's proxy); " + rangeEtaLow + "; " + rangeEtaHigh},
	"ict":         {4.4, 12.95, 0.76, 2.25, rangeSigmaLowGTAP + " (ele 4.4); " + rangeSigmaHighEl + ", Office 12.95 (the group's proxy); " + rangeEtaLow + "; " + rangeEtaHigh},
	"electronics": {4.4, 12.91, 0.76, 2.25, rangeSigmaLowGTAP + " (ele 4.4); " + rangeSigmaHighEl + ", Electrical 12.91; " + rangeEtaLow + "; " + rangeEtaHigh},
	"flexmfg":     {2.5, 8.94, 0.76, 2.25, rangeSigmaLowFGO + "; " + rangeSigmaHighGYY + "; " + rangeEtaLow + "; " + rangeEtaHigh},
	"materials":   {2.5, 8.94, 0.76, 2.25, rangeSigmaLowFGO + "; " + rangeSigmaHighGYY + "; " + rangeEtaLow + "; " + rangeEtaHigh},
	"aerospace":   {2.5, 8.94, 0.76, 2.25, rangeSigmaLowFGO + "; " + rangeSigmaHighGYY + "; " + rangeEtaLow + "; " + rangeEtaHigh},
	"weapons":     {2.5, 8.94, 0.76, 2.25, rangeSigmaLowFGO + "; " + rangeSigmaHighGYY + "; " + rangeEtaLow + "; " + rangeEtaHigh},
	"nuclear":     {2.5, 8.94, 0.61, 2.25, rangeSigmaLowFGO + "; " + rangeSigmaHighGYY + "; η low 0.61: Hauk (2012) NAICS 3336, the group's second proxy, below BLPN's 0.76; " + rangeEtaHigh},
	"":            {2.5, 8.94, 0.76, 2.25, rangeSigmaLowFGO + "; " + rangeSigmaHighGYY + "; " + rangeEtaLow + "; " + rangeEtaHigh},
}

func withRange(slug string, d Defaults) Defaults {
	r := atpRanges[slug]
	d.SubstitutionLow, d.SubstitutionHigh = r.sLo, r.sHi
	d.ImportDemandLow, d.ImportDemandHigh = r.eLo, r.eHi
	d.ExportSupplyLow, d.ExportSupplyHigh = math.Inf(1), math.Inf(1)
	d.RangeSource = r.src + "; " + rangeEps
	return d
}

// Preset returns the value of the preset level ("low", "central" or
// "high") of the elasticity key ("substitution", "import_demand" or
// "export_supply") in d. central is the default itself (the short-run one
// when shortRun and d documents it); low and high are the documented range,
// the same for both horizons. It is an error when d documents no range.
func (d Defaults) Preset(level, key string, shortRun bool) (float64, error) {
	var c, lo, hi float64
	switch key {
	case "substitution":
		c, lo, hi = d.Substitution, d.SubstitutionLow, d.SubstitutionHigh
		if shortRun && d.SubstitutionShortRun != 0 {
			c = d.SubstitutionShortRun
		}
	case "import_demand":
		c, lo, hi = d.ImportDemand, d.ImportDemandLow, d.ImportDemandHigh
		if shortRun {
			c = d.ImportDemandShortRun
		}
	case "export_supply":
		c, lo, hi = d.ExportSupply, d.ExportSupplyLow, d.ExportSupplyHigh
		if shortRun && d.ExportSupplyShortRun != 0 {
			c = d.ExportSupplyShortRun
		}
	default:
		return 0, fmt.Errorf("unknown elasticity %q", key)
	}
	switch level {
	case "central":
		return c, nil
	case "low":
		if lo == 0 {
			return 0, fmt.Errorf("the baseline documents no low value of %s", key)
		}
		return lo, nil
	case "high":
		if hi == 0 {
			return 0, fmt.Errorf("the baseline documents no high value of %s", key)
		}
		return hi, nil
	}
	return 0, fmt.Errorf("unknown preset %q: want low, central or high", level)
}
