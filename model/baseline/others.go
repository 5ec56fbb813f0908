package baseline

import "fmt"

// OtherSuppliersCode is the exporter code of the flows that stand for all
// suppliers other than the reporting country in a partner's import market.
const OtherSuppliersCode = "OTH"

// OtherSuppliers returns, for every flow in rows that reporter exports to a
// partner, a flow into the same partner market from OtherSuppliersCode,
// sized so that reporter holds usShare(partner, category) of that market:
//
//	V_OTH = V_reporter · (1 − s) / s
//
// Without it, a partner's retaliation against the reporter could only shrink
// the partner's market; with it, trade is diverted to other suppliers. The
// new rows have status Estimated, no tariff (ATP trade is mostly under the
// WTO Information Technology Agreement) and a source that states the share.
// A share outside (0, 1] is an error.
func OtherSuppliers(rows []Row, reporter string, usShare func(partner, category string) float64) ([]Row, error) {
	var out []Row
	for _, r := range rows {
		if r.Exporter != reporter || r.Importer == reporter {
			continue
		}
		s := usShare(r.Importer, r.Category)
		if !(s > 0 && s <= 1) {
			return nil, fmt.Errorf("share of %s in %s's %s imports is %v: want a share in (0, 1]", reporter, r.Importer, r.Category, s)
		}
		if s == 1 {
			continue
		}
		out = append(out, Row{
			Flow:   Flow(r.Importer, OtherSuppliersCode, r.Category, r.Value*(1-s)/s, 0),
			Status: Estimated,
			Source: fmt.Sprintf("assumption: %s supplies %.0f%% of %s's %s imports (docs/DATA.md)", reporter, 100*s, r.Importer, r.Category),
		})
	}
	return out, nil
}
