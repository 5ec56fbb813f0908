package atpgen

import (
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// table is one CSV file of inputs/, read by column name so that the files
// can keep every provenance column of the shared data pack.
type table struct {
	name string
	col  map[string]int
	rows [][]string
}

func readTable(name string) (*table, error) {
	f, err := inputs.Open("inputs/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("inputs/%s: %w", name, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("inputs/%s: no rows", name)
	}
	t := &table{name: name, col: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		t.col[h] = i
	}
	return t, nil
}

func (t *table) str(r []string, col string) string {
	i, ok := t.col[col]
	if !ok {
		panic(fmt.Sprintf("inputs/%s has no column %q", t.name, col)) // a bug in this package, caught by its tests
	}
	return strings.TrimSpace(r[i])
}

// num parses a number; an empty cell is absent (ok false).
func (t *table) num(r []string, col string) (float64, bool, error) {
	s := t.str(r, col)
	if s == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("inputs/%s: %s = %q is not a number", t.name, col, s)
	}
	return v, true, nil
}

func (t *table) mustNum(r []string, col string) (float64, error) {
	v, ok, err := t.num(r, col)
	if err == nil && !ok {
		err = fmt.Errorf("inputs/%s: %s is empty in row %q", t.name, col, strings.Join(r, ","))
	}
	return v, err
}

const billion = 1000 // million USD per billion USD

func loadInputs() (*inputsData, error) {
	in := &inputsData{
		weightX: map[string]float64{}, weightM: map[string]float64{},
		affinity:    map[string]map[string]map[string]float64{"exports": {}, "imports": {}},
		importsFrom: map[string]float64{}, exportsTo: map[string]float64{},
		mxShare2024: map[string]float64{}, camxShare2024: map[string]float64{}, mxShare2021: map[string]float64{},
		cnShareMin: map[string]float64{}, ictPrior: map[string]float64{}, tariff: map[[2]string]tariff{},
	}
	var errs []error
	try := func(v float64, err error) float64 {
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}

	t, err := readTable("group_prior.csv")
	if err != nil {
		return nil, err
	}
	byName := map[string]string{} // Census group name → slug
	for _, r := range t.rows {
		g := Group{HITECH: t.str(r, "hitech"), Slug: t.str(r, "slug"), Name: t.str(r, "name")}
		in.groups = append(in.groups, g)
		in.slugs = append(in.slugs, g.Slug)
		byName[g.Name] = g.Slug
		in.priorX = append(in.priorX, try(t.mustNum(r, "exports_prior_busd"))*billion)
		in.priorM = append(in.priorM, try(t.mustNum(r, "imports_prior_busd"))*billion)
	}

	if t, err = readTable("partner_prior.csv"); err != nil {
		return nil, err
	}
	byCountry := map[string]string{} // partner name → code
	for _, r := range t.rows {
		p := Partner{Code: t.str(r, "code"), Name: t.str(r, "name")}
		in.partners = append(in.partners, p)
		byCountry[p.Name] = p.Code
		if v, ok, err := t.num(r, "exports_weight_busd"); ok {
			in.weightX[p.Code] = v * billion
		} else if err != nil {
			errs = append(errs, err)
		}
		if v, ok, err := t.num(r, "imports_weight_busd"); ok {
			in.weightM[p.Code] = v * billion
		} else if err != nil {
			errs = append(errs, err)
		}
	}

	if t, err = readTable("affinity.csv"); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		flow, p := t.str(r, "flow"), t.str(r, "partner")
		if in.affinity[flow] == nil {
			errs = append(errs, fmt.Errorf("inputs/affinity.csv: flow %q", flow))
			continue
		}
		if in.affinity[flow][p] == nil {
			in.affinity[flow][p] = map[string]float64{}
		}
		in.affinity[flow][p][t.str(r, "slug")] = try(t.mustNum(r, "factor"))
	}

	// Census totals as reported by seed 004 (USD billion, two decimals).
	if t, err = readTable("atp_2024_seed_figures.csv"); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		v := try(t.mustNum(r, "value")) * billion
		name, flow := t.str(r, "partner"), t.str(r, "flow")
		switch {
		case name == "World (total)" && flow == "exports":
			in.worldExports = v
		case name == "World (total)" && flow == "imports":
			in.worldImports = v
		case name == "World (total)":
		case flow == "imports":
			in.importsFrom[byCountry[name]] = v
		case flow == "exports":
			in.exportsTo[byCountry[name]] = v
		}
	}

	if t, err = readTable("atp_by_country_2024.csv"); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		name, flow := t.str(r, "partner"), t.str(r, "flow")
		switch {
		case name == "World (total)" && flow == "exports" && t.str(r, "status") == "read":
			in.itifWorldExports = try(t.mustNum(r, "value")) * billion
		case name == "Mexico+China+Canada (combined)" && flow == "export_share":
			in.threeShare = try(t.mustNum(r, "value"))
		}
	}

	if t, err = readTable("atp_group_country_shares.csv"); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		if t.str(r, "metric") != "share_of_US_group_exports" {
			continue
		}
		slug, ok := byName[t.str(r, "group")]
		if !ok {
			errs = append(errs, fmt.Errorf("inputs/atp_group_country_shares.csv: unknown group %q", t.str(r, "group")))
			continue
		}
		v := try(t.mustNum(r, "value"))
		switch year, p := t.str(r, "year"), t.str(r, "partner"); {
		case year == "2024" && p == "Mexico":
			in.mxShare2024[slug] = v
		case year == "2024" && p == "Canada+Mexico":
			in.camxShare2024[slug] = v
		case year == "2021" && p == "Mexico":
			in.mxShare2021[slug] = v
		}
	}

	if t, err = readTable("seed_figures_extra.csv"); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		v := try(t.mustNum(r, "value"))
		switch id := t.str(r, "id"); {
		case id == "ict_deficit_share":
			in.ictDeficitShare = v / 100
		case id == "cn_exports_itif":
			in.cnExportsITIF = v * billion
		case strings.HasPrefix(id, "cn_share_"):
			in.cnShareMin[t.str(r, "slug")] = v
		}
	}

	if t, err = readTable("seed002_ict_h1_2025.csv"); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		h1 := try(t.mustNum(r, "ict_imports_h1_2025_busd"))
		g := try(t.mustNum(r, "yoy_growth_pct"))
		in.ictPrior[t.str(r, "code")] = halvesPerYear * h1 / (1 + g/100) * billion
	}

	if t, err = readTable("partner_levels_2022.csv"); err != nil {
		return nil, err
	}
	in.levels2022 = map[string]float64{}
	for i, r := range t.rows {
		v := try(t.mustNum(r, "value_musd"))
		switch name := t.str(r, "partner"); {
		case name == "World total":
			in.world2022 = v
		case byCountry[name] == "":
			errs = append(errs, fmt.Errorf("inputs/partner_levels_2022.csv:%d: partner %q is not in partner_prior.csv", i+2, name))
		default:
			in.levels2022[byCountry[name]] = v
		}
	}

	if t, err = readTable("partner_class.csv"); err != nil {
		return nil, err
	}
	in.classes = map[string]*partnerClass{}
	for i, r := range t.rows {
		name, code, role := t.str(r, "class"), t.str(r, "partner"), t.str(r, "role")
		if _, ok := byCode(in.partners, code); !ok {
			errs = append(errs, fmt.Errorf("inputs/partner_class.csv:%d: unknown partner %q", i+2, code))
			continue
		}
		c := in.classes[name]
		if c == nil {
			c = &partnerClass{name: name}
			in.classes[name] = c
		}
		switch role {
		case "reference":
			c.references = append(c.references, code)
		case "member":
			c.members = append(c.members, code)
		default:
			errs = append(errs, fmt.Errorf("inputs/partner_class.csv:%d: role %q, want reference or member", i+2, role))
		}
	}

	if t, err = readTable("tariffs_2024.csv"); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		in.tariff[[2]string{t.str(r, "exporter"), t.str(r, "slug")}] = tariff{pct: try(t.mustNum(r, "tariff_pct")), short: t.str(r, "short")}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("atpgen inputs: %v", errs)
	}
	for name, v := range map[string]float64{"world exports": in.worldExports, "world imports": in.worldImports,
		"ITIF world exports": in.itifWorldExports, "ITIF three-country share": in.threeShare,
		"ICT deficit share": in.ictDeficitShare, "ITIF China exports": in.cnExportsITIF} {
		if v == 0 {
			return nil, fmt.Errorf("atpgen inputs: %s not found", name)
		}
	}
	if in.world2022 == 0 {
		return nil, fmt.Errorf("atpgen inputs: partner_levels_2022.csv has no World total")
	}
	return in, nil
}

func byCode(partners []Partner, code string) (int, bool) {
	for i, p := range partners {
		if p.Code == code {
			return i, true
		}
	}
	return -1, false
}
