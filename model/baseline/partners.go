package baseline

import (
	"slices"
	"strings"
)

// PartnerCodes are the country codes a user may name (a --focus, a
// partner metric, a list of suggestions): CountryCodes without
// OtherSuppliersCode, which is a modelling device (every other supplier
// of a partner's market, lumped together), not a country whose trade
// means anything on its own.
func (b *Baseline) PartnerCodes() []string {
	return slices.DeleteFunc(b.CountryCodes(), func(c string) bool { return c == OtherSuppliersCode })
}

// CountryCode returns the code of the country called name ("Mexico",
// any case), so that a name typed where a code belongs can be suggested
// as its code.
func (b *Baseline) CountryCode(name string) (string, bool) {
	name = strings.TrimSpace(name)
	for _, c := range b.Countries {
		if c.Name != "" && strings.EqualFold(c.Name, name) {
			return c.Code, true
		}
	}
	return "", false
}
