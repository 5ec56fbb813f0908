package baseline

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

// sums of the US rows of b (OTH rows excluded).
type atpSums struct {
	exp, imp         map[[2]string]float64 // [partner, category]
	expTot, impTot   float64
	expBy, impBy     map[string]float64 // by partner
	expCat, impCat   map[string]float64 // by category
	partners, groups []string
}

func sumATP(t *testing.T, b *Baseline) atpSums {
	t.Helper()
	s := atpSums{exp: map[[2]string]float64{}, imp: map[[2]string]float64{},
		expBy: map[string]float64{}, impBy: map[string]float64{}, expCat: map[string]float64{}, impCat: map[string]float64{}}
	for _, r := range b.Rows {
		switch {
		case r.Domestic():
			// US producers' domestic sales: not trade.
		case r.Importer == "US":
			s.imp[[2]string{r.Exporter, r.Category}] += r.Value
			s.impBy[r.Exporter] += r.Value
			s.impCat[r.Category] += r.Value
			s.impTot += r.Value
		case r.Exporter == "US":
			s.exp[[2]string{r.Importer, r.Category}] += r.Value
			s.expBy[r.Importer] += r.Value
			s.expCat[r.Category] += r.Value
			s.expTot += r.Value
		}
	}
	for _, c := range b.Countries {
		if c.Code != "US" && c.Code != OtherSuppliersCode {
			s.partners = append(s.partners, c.Code)
		}
	}
	for _, c := range b.Categories {
		s.groups = append(s.groups, c.Slug)
	}
	return s
}

// Published figures, million USD: seeds/004 (Mexico News Daily citing
// Census; the totals also match the Census country file's "Advanced
// Technology Products" row, 763,239.06 and 464,290.84).
func TestATP2024PublishedFigures(t *testing.T) {
	s := sumATP(t, ATP2024())
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"total exports", s.expTot, 464290},
		{"total imports", s.impTot, 763240},
		{"imports from China", s.impBy["CN"], 112370},
		{"imports from Mexico", s.impBy["MX"], 102480},
		{"imports from Taiwan", s.impBy["TW"], 78940},
		{"imports from Ireland", s.impBy["IE"], 69030},
		{"imports from Germany", s.impBy["DE"], 38530},
		{"exports to Mexico", s.expBy["MX"], 55880},
		{"balance", s.expTot - s.impTot, -298950},
		{"balance with Mexico (seeds/004: -46.6B)", s.expBy["MX"] - s.impBy["MX"], -46600},
	} {
		if math.Abs(c.got-c.want) > 0.005 {
			t.Errorf("%s = %.2f, want %.2f", c.name, c.got, c.want)
		}
	}
}

// roundsTo reports whether v, rounded to the given decimals, is want.
func roundsTo(v, want float64, decimals int) bool {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p)/p == want
}

func TestATP2024Shares(t *testing.T) {
	s := sumATP(t, ATP2024())
	pct := func(a, b float64) float64 { return 100 * a / b }
	for _, c := range []struct {
		name     string
		got      float64
		want     float64
		decimals int
	}{
		// seeds/001: ICT is 77.4% of the 2024 ATP deficit.
		{"ICT share of the deficit", pct(s.impCat["ict"]-s.expCat["ict"], s.impTot-s.expTot), 77.4, 1},
		// seeds/000 (ITIF 2024 shares of US group exports).
		{"Mexico share of ICT exports", pct(s.exp[[2]string{"MX", "ict"}], s.expCat["ict"]), 24, 0},
		{"Canada+Mexico share of ICT exports", pct(s.exp[[2]string{"MX", "ict"}]+s.exp[[2]string{"CA", "ict"}], s.expCat["ict"]), 36, 0},
		{"Canada+Mexico share of electronics exports", pct(s.exp[[2]string{"MX", "electronics"}]+s.exp[[2]string{"CA", "electronics"}], s.expCat["electronics"]), 29, 0},
		{"Canada+Mexico share of flexible manufacturing exports", pct(s.exp[[2]string{"MX", "flexmfg"}]+s.exp[[2]string{"CA", "flexmfg"}], s.expCat["flexmfg"]), 21, 0},
		{"Mexico+China+Canada share of exports", pct(s.expBy["MX"]+s.expBy["CN"]+s.expBy["CA"], s.expTot), 30, 0},
		// ITIF: China imports "nearly $46 billion" of $521B; applied as a share.
		{"China's exports on ITIF's $521B basis", 521 * s.expBy["CN"] / s.expTot, 46, 0},
		// seeds/004: Mexico had a 13.4% share of US ATP imports.
		{"Mexico share of imports", pct(s.impBy["MX"], s.impTot), 13.4, 1},
	} {
		if !roundsTo(c.got, c.want, c.decimals) {
			t.Errorf("%s = %.4f, want %v to %d decimals", c.name, c.got, c.want, c.decimals)
		}
	}
	// seeds/000: China takes over 15% of US exports of three groups.
	for _, g := range []string{"flexmfg", "nuclear", "opto"} {
		if sh := pct(s.exp[[2]string{"CN", g}], s.expCat[g]); !(sh > 15) {
			t.Errorf("China share of %s exports = %.2f%%, want over 15%%", g, sh)
		}
	}
}

// top returns the country (RoW excluded: it is not a country) with the
// largest value of f, and the runner-up value.
func top(partners []string, f func(p string) float64) (string, float64) {
	best, second := "", 0.0
	for _, p := range partners {
		if p == "RoW" {
			continue
		}
		if best == "" || f(p) > f(best) {
			if best != "" {
				second = f(best)
			}
			best = p
		} else if f(p) > second {
			second = f(p)
		}
	}
	return best, second
}

func TestATP2024Rankings(t *testing.T) {
	s := sumATP(t, ATP2024())
	ranked := func(vals map[string]float64, want []string) []string {
		var got []string
		for _, p := range s.partners {
			if p != "RoW" {
				got = append(got, p)
			}
		}
		slices.SortFunc(got, func(a, b string) int { return -cmpFloat(vals[a], vals[b]) })
		return got[:len(want)]
	}
	// seeds/004: China, Mexico, Taiwan, Ireland, Germany are the top five suppliers.
	if got, want := ranked(s.impBy, []string{"CN", "MX", "TW", "IE", "DE"}), []string{"CN", "MX", "TW", "IE", "DE"}; !slices.Equal(got, want) {
		t.Errorf("top suppliers %v, want %v", got, want)
	}
	// ITIF: Mexico, China, Canada are the three largest markets, China second.
	if got, want := ranked(s.expBy, []string{"MX", "CN", "CA"}), []string{"MX", "CN", "CA"}; !slices.Equal(got, want) {
		t.Errorf("top markets %v, want %v", got, want)
	}
	// seeds/001: ICT suppliers China, Taiwan, Mexico in that order.
	ict := map[string]float64{}
	aero := map[string]float64{}
	for _, p := range s.partners {
		ict[p] = s.imp[[2]string{p, "ict"}]
		aero[p] = s.imp[[2]string{p, "aerospace"}]
	}
	if got, want := ranked(ict, []string{"CN", "TW", "MX"}), []string{"CN", "TW", "MX"}; !slices.Equal(got, want) {
		t.Errorf("top ICT suppliers %v, want %v", got, want)
	}
	// seeds/001: Canada is the top aerospace supplier.
	if p, _ := top(s.partners, func(p string) float64 { return aero[p] }); p != "CA" {
		t.Errorf("top aerospace supplier %s, want CA", p)
	}
	// ITIF: China top market for aerospace and nuclear; Mexico for ICT.
	for g, want := range map[string]string{"aerospace": "CN", "nuclear": "CN", "ict": "MX"} {
		if p, _ := top(s.partners, func(p string) float64 { return s.exp[[2]string{p, g}] }); p != want {
			t.Errorf("top %s market %s, want %s", g, p, want)
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// seeds/001 and 002: aerospace is the only significant surplus; weapons are
// in (small) surplus; every other group is in deficit.
func TestATP2024GroupBalances(t *testing.T) {
	s := sumATP(t, ATP2024())
	bal := func(g string) float64 { return s.expCat[g] - s.impCat[g] }
	if !(bal("aerospace") > 0) || !(bal("weapons") > 0) || !(bal("weapons") < 0.1*bal("aerospace")) {
		t.Errorf("aerospace balance %.0f, weapons %.0f: want both surpluses, weapons below 10%% of aerospace", bal("aerospace"), bal("weapons"))
	}
	for _, g := range s.groups {
		if g != "aerospace" && g != "weapons" && !(bal(g) < 0) {
			t.Errorf("%s balance %.0f: want a deficit", g, bal(g))
		}
	}
}

func TestATP2024Structure(t *testing.T) {
	b := ATP2024()
	wantCats := []string{"biotech", "lifesci", "opto", "ict", "electronics", "flexmfg", "materials", "aerospace", "weapons", "nuclear"}
	for i, c := range b.Categories {
		if c.Slug != wantCats[i] || len(c.Aliases) != 1 || c.Aliases[0] != []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10"}[i] {
			t.Errorf("category %d = %+v", i, c)
		}
		if got, ok := b.Category(c.Aliases[0]); !ok || got != c.Slug {
			t.Errorf("Category(%q) = %q, %v", c.Aliases[0], got, ok)
		}
	}
	if len(b.Categories) != 10 || !slices.Equal(b.CategoryCodes(), slices.Sorted(slices.Values(wantCats))) {
		t.Errorf("categories %v", b.CategoryCodes())
	}
	wantCountries := []string{"CA", "CH", "CN", "DE", "FR", "GB", "IE", "IL", "IN", "IT", "JP", "KR", "MX", "MY", "NL", OtherSuppliersCode, "RoW", "SG", "TH", "TW", "US", "VN"}
	if got := b.CountryCodes(); !slices.Equal(got, wantCountries) {
		t.Errorf("countries %v, want %v", got, wantCountries)
	}
	for _, code := range wantCountries {
		if b.CountryName(code) == code {
			t.Errorf("country %s has no name", code)
		}
	}
	seen := map[[3]string]bool{}
	usExports := map[[2]string]float64{}
	for _, r := range b.Rows {
		key := [3]string{r.Importer, r.Exporter, r.Category}
		if seen[key] {
			t.Errorf("duplicate flow %v", key)
		}
		seen[key] = true
		if r.Status != Estimated || r.Source == "" {
			t.Errorf("%v: status %q source %q", key, r.Status, r.Source)
		}
		if r.Domestic() {
			// The domestic nest's rows: US sales only, tariff 0.
			if r.Importer != "US" || r.Tariff != 0 || !(r.Value > 0) {
				t.Errorf("bad domestic flow %+v", r.Flow)
			}
			continue
		}
		if !(r.Value > 0) || (r.Importer != "US" && r.Exporter != "US" && r.Exporter != OtherSuppliersCode) {
			t.Errorf("bad flow %+v", r.Flow)
		}
		if r.Exporter == "US" {
			usExports[[2]string{r.Importer, r.Category}] = r.Value
		}
		// Tariffs in force in 2024: Section 301 on China, zero elsewhere.
		if (r.Importer != "US" || r.Exporter != "CN") && r.Tariff != 0 {
			t.Errorf("%v: tariff %v, want 0", key, r.Tariff)
		}
		if r.Importer == "US" && r.Exporter == "CN" && r.Category != "biotech" && !(r.Tariff > 0 && r.Tariff <= 0.25) {
			t.Errorf("%v: Section 301 tariff %v, want in (0, 25%%]", key, r.Tariff)
		}
	}
	// Every partner market has its other suppliers, sized by ATPUSShare.
	for _, r := range b.Rows {
		if r.Exporter != OtherSuppliersCode {
			continue
		}
		us, ok := usExports[[2]string{r.Importer, r.Category}]
		if !ok {
			t.Errorf("OTH flow into %s %s without a US flow", r.Importer, r.Category)
			continue
		}
		delete(usExports, [2]string{r.Importer, r.Category})
		if sh := us / (us + r.Value); math.Abs(sh-ATPUSShare(r.Importer, r.Category)) > 1e-4 {
			t.Errorf("US share of %s %s = %.5f, want %v", r.Importer, r.Category, sh, ATPUSShare(r.Importer, r.Category))
		}
	}
	if len(usExports) > 0 {
		t.Errorf("partner markets without other suppliers: %v", usExports)
	}
}

// Nothing in the data is published at the level of a row: every cell is
// estimated, and Provenance says so.
func TestATP2024Provenance(t *testing.T) {
	p := ATP2024().Provenance()
	if p.Estimated != p.Total || p.Published != 0 || p.Derived != 0 || p.EstimatedShare() != 1 {
		t.Errorf("provenance %+v", p)
	}
}

func TestATP2024IsACopy(t *testing.T) {
	a := ATP2024()
	a.Rows[0].Value = -1
	a.Categories[0].Aliases[0] = "xx"
	a.Defaults["ict"] = Defaults{}
	a.Countries[0].Name = "changed"
	b := ATP2024()
	if b.Rows[0].Value == -1 || b.Categories[0].Aliases[0] == "xx" || b.Defaults["ict"].Substitution == 0 || b.Countries[0].Name == "changed" {
		t.Error("ATP2024 returned shared state")
	}
}

func TestATP2024Defaults(t *testing.T) {
	b := ATP2024()
	for _, c := range b.Categories {
		d, ok := b.Defaults[c.Slug]
		if !ok {
			t.Errorf("no defaults for %s", c.Slug)
			continue
		}
		// The rules of docs/DATA.md: σ 5 (FGO 2022), σ short run ½ × long run
		// (Gallaway, McDaniel & Rivera 2003), σ_D 2.0 and 0.76 (BLPN 2023),
		// η short run ½ × long run, ε = +Inf at both horizons.
		if d.Substitution != 5 || d.SubstitutionShortRun != 2.5 || d.DomesticSubstitution != 2 || d.DomesticSubstitutionShortRun != 0.76 ||
			math.Abs(d.ImportDemandShortRun-d.ImportDemand/2) > 1e-12 || !math.IsInf(d.ExportSupply, 1) || !math.IsInf(d.ExportSupplyShortRun, 1) ||
			d.Source == "" || d.RangeSource == "" {
			t.Errorf("%s defaults %+v", c.Slug, d)
		}
		if math.Abs(d.SubstitutionShortRunHigh-d.SubstitutionHigh/2) > 1e-12 || math.Abs(d.SubstitutionShortRunLow-d.SubstitutionLow/2) > 1e-12 {
			t.Errorf("%s: σ short-run range %v–%v is not ½ × %v–%v", c.Slug, d.SubstitutionShortRunLow, d.SubstitutionShortRunHigh, d.SubstitutionLow, d.SubstitutionHigh)
		}
	}
	f := b.DefaultsFor("no such group")
	if f.Substitution != 5 || f.ImportDemand != 1.355 || f.ImportDemandShortRun != 0.6775 || !math.IsInf(f.ExportSupply, 1) || f.Source == "" {
		t.Errorf("fallback %+v", f)
	}
	// Spot checks against the sources: GTAP ESUBM for electronics is the
	// top of the ICT range; ICT's η is the mean of Hauk's 3341 and 3342.
	if d := b.Defaults["ict"]; d.SubstitutionHigh != 8.8 || d.ImportDemand != 0.94 || d.DomesticSubstitutionHigh != 4.4 {
		t.Errorf("ict %+v", d)
	}
}

func TestATP2024RoundTrip(t *testing.T) {
	b := ATP2024()
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != atp2024CSV {
		t.Error("Write(ATP2024()) differs from the embedded file")
	}
	c, err := Read(&buf, "again")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Rows, c.Rows) {
		t.Error("Read(Write(b)) changed the rows")
	}
}
