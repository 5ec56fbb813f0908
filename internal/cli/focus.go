package cli

import (
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
	known := b.CountryCodes()
	if !slices.Contains(known, focus) {
		return usagef("--focus %q: unknown country code%s (baseline %s has %s)", focus, suggest.Hint(focus, known), b.Name, strings.Join(known, " "))
	}
	return nil
}
