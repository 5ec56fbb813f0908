package baseline

import "fmt"

// Preset returns the value of the preset level ("low", "central" or
// "high") of the elasticity key ("substitution", "import_demand",
// "export_supply" or "domestic_substitution") in d. central is the default
// itself, the short-run one when shortRun and d documents it; low and high
// are the documented range of that horizon, or the long-run range when d
// documents no short-run one. It is an error when d documents no range.
func (d Defaults) Preset(level, key string, shortRun bool) (float64, error) {
	type rng struct{ c, lo, hi float64 }
	var lr, sr rng
	switch key {
	case "substitution":
		lr = rng{d.Substitution, d.SubstitutionLow, d.SubstitutionHigh}
		sr = rng{d.SubstitutionShortRun, d.SubstitutionShortRunLow, d.SubstitutionShortRunHigh}
	case "import_demand":
		lr = rng{d.ImportDemand, d.ImportDemandLow, d.ImportDemandHigh}
		// η short run is always documented, so 0 is a value here.
		sr = rng{d.ImportDemandShortRun, d.ImportDemandShortRunLow, d.ImportDemandShortRunHigh}
		if shortRun {
			lr.c = d.ImportDemandShortRun
		}
	case "export_supply":
		lr = rng{d.ExportSupply, d.ExportSupplyLow, d.ExportSupplyHigh}
		sr = rng{d.ExportSupplyShortRun, d.ExportSupplyShortRunLow, d.ExportSupplyShortRunHigh}
	case "domestic_substitution":
		lr = rng{d.DomesticSubstitution, d.DomesticSubstitutionLow, d.DomesticSubstitutionHigh}
		sr = rng{d.DomesticSubstitutionShortRun, d.DomesticSubstitutionShortRunLow, d.DomesticSubstitutionShortRunHigh}
	default:
		return 0, fmt.Errorf("unknown elasticity %q", key)
	}
	r := lr
	if shortRun {
		if sr.c != 0 {
			r.c = sr.c
		}
		if sr.lo != 0 && sr.hi != 0 {
			r.lo, r.hi = sr.lo, sr.hi
		}
	}
	switch level {
	case "central":
		if r.c == 0 && key == "domestic_substitution" {
			return 0, fmt.Errorf("the baseline documents no %s", key)
		}
		return r.c, nil
	case "low":
		if r.lo == 0 {
			return 0, fmt.Errorf("the baseline documents no low value of %s", key)
		}
		return r.lo, nil
	case "high":
		if r.hi == 0 {
			return 0, fmt.Errorf("the baseline documents no high value of %s", key)
		}
		return r.hi, nil
	}
	return 0, fmt.Errorf("unknown preset %q: want low, central or high", level)
}
