package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tariffsim/tariffsim/internal/suggest"
	"github.com/tariffsim/tariffsim/model/baseline"
)

// checkFocus makes sure an explicit --focus names a country of b.
func checkFocus(focus string, b *baseline.Baseline) error {
	if focus == "" {
		return nil
	}
	// OTH (baseline.OtherSuppliersCode) is not offered: it lumps every
	// other supplier of a market together and has no trade of its own.
	known := b.PartnerCodes()
	if !slices.Contains(known, focus) {
		hint := suggest.Hint(focus, known)
		if c, ok := b.CountryCode(focus); ok && slices.Contains(known, c) {
			hint = fmt.Sprintf("; did you mean %q?", c)
		}
		if focus == baseline.OtherSuppliersCode {
			hint = ": it is not a country but every other supplier of a partner's market, lumped together"
		}
		return usagef("--focus %q: unknown country code%s (baseline %s has %s)", focus, hint, b.Name, strings.Join(known, " "))
	}
	return nil
}
