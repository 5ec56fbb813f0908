package baseline

import (
	"slices"
	"testing"
)

func TestPartnerCodes(t *testing.T) {
	b := ATP2024()
	codes := b.PartnerCodes()
	if slices.Contains(codes, OtherSuppliersCode) || !slices.Contains(b.CountryCodes(), OtherSuppliersCode) {
		t.Errorf("PartnerCodes %v must leave out %s, which CountryCodes has", codes, OtherSuppliersCode)
	}
	if len(codes) != len(b.CountryCodes())-1 {
		t.Errorf("PartnerCodes has %d codes, CountryCodes %d", len(codes), len(b.CountryCodes()))
	}
	if c, ok := b.CountryCode("mexico"); !ok || c != "MX" {
		t.Errorf("CountryCode(mexico) = %q, %v", c, ok)
	}
	if _, ok := b.CountryCode("Atlantis"); ok {
		t.Error("CountryCode(Atlantis) found")
	}
}
