package atpgen

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/tariffsim/tariffsim/model/baseline"
)

//go:embed inputs/*.csv
var inputs embed.FS

// Reporter is the reporting country of the baseline.
const Reporter = "US"

// Group is one Census ATP technology group.
type Group struct {
	HITECH string // Census HITECH code, "01".."10"
	Slug   string
	Name   string
}

// Partner is one trading partner (or RestOfWorld).
type Partner struct {
	Code, Name string
}

// RestOfWorld is the code of the aggregate of every partner not listed.
const RestOfWorld = "RoW"

// Estimate is the built baseline with the intermediate figures that
// docs/DATA.md and the tests refer to. Matrices are partner × group, in the
// order of Partners and Groups.
type Estimate struct {
	Groups   []Group
	Partners []Partner
	// GroupExports and GroupImports are the calibrated group totals
	// (million USD, before rounding).
	GroupExports, GroupImports []float64
	// Exports and Imports are the fitted US flows in cents.
	Exports, Imports [][]int64
	// ExportSweeps and ImportSweeps are the IPF sweeps used.
	ExportSweeps, ImportSweeps int
	// Growth2022 is g, the growth from 2022 to 2024 of US ATP imports from
	// the world less the partners published in both years; ImportSizes are
	// the row sizes w_p of the import prior (million USD): published
	// totals, 2022 levels × g, or judgement weights rescaled to what the
	// world total leaves.
	Growth2022  float64
	ImportSizes map[string]float64
	// ClassICTShare is the ICT share s_c of each partner class of
	// inputs/partner_class.csv, the mean over its references.
	ClassICTShare map[string]float64
	// fits are the two fitting problems, kept for [Refitter].
	fits [2]flowFit
	// Domestic are the US producers' domestic sales per group, for the
	// groups that inputs/us_domestic_sales.csv gives a source for.
	Domestic []DomesticSale
	// Rows are the baseline rows, OTH flows included, sorted. They include
	// the domestic rows only when includeDomestic is set.
	Rows []baseline.Row
}

// The two fitted flows, as indices of Estimate.fits.
const (
	exportsFlow = iota
	importsFlow
)

// flowFit is one flow's fitting problem and the totals that rounding keeps
// exact.
type flowFit struct {
	problem   Problem
	published map[string]float64 // partner code → published total
	world     float64
	// sourced are the prior cells taken from a source (the seed-002 ICT
	// cells): a Refitter does not perturb them.
	sourced map[Cell]bool
}

// Generate returns the bytes of model/baseline/atp2024.csv.
func Generate() ([]byte, error) {
	e, err := Build()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := (&baseline.Baseline{Rows: e.Rows}).Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Rules that turn published statements into numbers. Each is documented in
// docs/DATA.md; they are constants here, not inputs, because they are
// choices of method rather than data.
const (
	// ITIF states shares as whole percents: a stated 30% is in [29.5, 30.5).
	shareRounding = 0.5
	// "over 15 percent" is read as 16%: the smallest whole percent that
	// is over 15.
	overShareStep = 1.0
	// Seed 002 gives Jan–Jun 2025 ICT imports and their growth over
	// Jan–Jun 2024; the 2024 prior doubles the implied first half.
	halvesPerYear = 2.0
)

// Build runs the whole estimation from the embedded inputs.
func Build() (*Estimate, error) {
	in, err := loadInputs()
	if err != nil {
		return nil, err
	}
	e := &Estimate{Groups: in.groups, Partners: in.partners}
	P, K := len(in.partners), len(in.groups)
	pi := func(code string) int {
		return slices.IndexFunc(in.partners, func(p Partner) bool { return p.Code == code })
	}
	ki := func(slug string) int {
		return slices.IndexFunc(in.groups, func(g Group) bool { return g.Slug == slug })
	}
	ict := ki("ict")

	// 1. Group totals: assumed composition scaled to the published totals,
	// with ICT imports set by ICT's published share of the deficit.
	E, M := in.worldExports, in.worldImports
	e.GroupExports = scaleTo(in.priorX, E)
	e.GroupImports = make([]float64, K)
	e.GroupImports[ict] = e.GroupExports[ict] + in.ictDeficitShare*(M-E)
	rest := slices.Clone(in.priorM)
	rest[ict] = 0
	for k, v := range scaleTo(rest, M-e.GroupImports[ict]) {
		if k != ict {
			e.GroupImports[k] = v
		}
	}

	// 2. US exports.
	rowX := map[string]float64{"MX": in.exportsTo["MX"]}
	rowX["CN"] = E * in.cnExportsITIF / in.itifWorldExports
	lo := (in.threeShare-shareRounding)/100*E - rowX["MX"] - rowX["CN"]
	hi := rowX["CN"] // ITIF: China is the second largest market, so Canada is below it
	if !(lo < hi) {
		return nil, fmt.Errorf("no Canada export total fits ITIF's three-country share (≥ %.2f) and China's rank (< %.2f)", lo, hi)
	}
	rowX["CA"] = (lo + hi) / 2
	fixedX := map[Cell]float64{}
	setShare := func(p, slug string, pct float64) {
		fixedX[Cell{pi(p), ki(slug)}] = pct / 100 * e.GroupExports[ki(slug)]
	}
	setShare("MX", "ict", in.mxShare2024["ict"])
	setShare("CA", "ict", in.camxShare2024["ict"]-in.mxShare2024["ict"])
	setShare("MX", "electronics", in.mxShare2021["electronics"])
	setShare("CA", "electronics", in.camxShare2024["electronics"]-in.mxShare2021["electronics"])
	mxPart := rowX["MX"] / (rowX["MX"] + rowX["CA"])
	setShare("MX", "flexmfg", in.camxShare2024["flexmfg"]*mxPart)
	setShare("CA", "flexmfg", in.camxShare2024["flexmfg"]*(1-mxPart))
	for slug, pct := range in.cnShareMin {
		setShare("CN", slug, pct+overShareStep)
	}
	priorX := make([][]float64, P)
	for i, p := range in.partners {
		size := in.weightX[p.Code]
		if v, ok := rowX[p.Code]; ok {
			size = v
		}
		priorX[i] = rowPrior(size, e.GroupExports, in.slugs, in.affinity["exports"][p.Code], -1, 0)
	}
	e.fits[exportsFlow] = flowFit{
		problem:   Problem{Prior: priorX, Fixed: fixedX, Constraints: margins(in.partners, in.slugs, e.GroupExports, rowX, E)},
		published: map[string]float64{"MX": rowX["MX"]}, world: E,
	}
	fx, err := Fit(e.fits[exportsFlow].problem)
	if err != nil {
		return nil, fmt.Errorf("US exports: %w", err)
	}
	e.ExportSweeps = fx.Iterations

	// 3. US imports.
	rowM := map[string]float64{}
	for code, v := range in.importsFrom {
		rowM[code] = v
	}
	if e.ImportSizes, e.Growth2022, err = importSizes(in, rowM, M); err != nil {
		return nil, err
	}
	lambda, shares, err := classLogOdds(in, e.ImportSizes, e.GroupImports[ict]/M)
	if err != nil {
		return nil, err
	}
	e.ClassICTShare = shares
	priorM := make([][]float64, P)
	for i, p := range in.partners {
		aff := in.affinity["imports"][p.Code]
		if l, ok := lambda[p.Code]; ok {
			aff = maps.Clone(aff)
			if aff == nil {
				aff = map[string]float64{}
			}
			f, ok := aff["ict"]
			if !ok {
				f = 1
			}
			aff["ict"] = f * math.Exp(l)
		}
		priorM[i] = rowPrior(e.ImportSizes[p.Code], e.GroupImports, in.slugs, aff, ict, in.ictPrior[p.Code])
	}
	sourced := map[Cell]bool{}
	for i, p := range in.partners {
		if in.ictPrior[p.Code] > 0 {
			sourced[Cell{i, ict}] = true
		}
	}
	e.fits[importsFlow] = flowFit{
		problem:   Problem{Prior: priorM, Constraints: margins(in.partners, in.slugs, e.GroupImports, rowM, M)},
		published: rowM, world: M, sourced: sourced,
	}
	fm, err := Fit(e.fits[importsFlow].problem)
	if err != nil {
		return nil, fmt.Errorf("US imports: %w", err)
	}
	e.ImportSweeps = fm.Iterations

	// 4. Round to cents with the published totals exact.
	if e.Exports, err = RoundCents(fx.X, exactTotals(in.partners, fx.X, e.fits[exportsFlow].published, E)); err != nil {
		return nil, fmt.Errorf("US exports: %w", err)
	}
	if e.Imports, err = RoundCents(fm.X, exactTotals(in.partners, fm.X, rowM, M)); err != nil {
		return nil, fmt.Errorf("US imports: %w", err)
	}

	// 5. Rows.
	fixedNote := map[Cell]string{
		{pi("MX"), ki("ict")}:         fmt.Sprintf("ITIF 2024 share %g%%", in.mxShare2024["ict"]),
		{pi("CA"), ki("ict")}:         fmt.Sprintf("ITIF 2024 share %g%% (CA+MX %g%% less MX)", in.camxShare2024["ict"]-in.mxShare2024["ict"], in.camxShare2024["ict"]),
		{pi("MX"), ki("electronics")}: fmt.Sprintf("ITIF 2021 MX share %g%% carried to 2024", in.mxShare2021["electronics"]),
		{pi("CA"), ki("electronics")}: fmt.Sprintf("ITIF 2024 CA+MX %g%% less MX", in.camxShare2024["electronics"]),
		{pi("MX"), ki("flexmfg")}:     fmt.Sprintf("ITIF 2024 CA+MX %g%% split by total exports", in.camxShare2024["flexmfg"]),
		{pi("CA"), ki("flexmfg")}:     fmt.Sprintf("ITIF 2024 CA+MX %g%% split by total exports", in.camxShare2024["flexmfg"]),
	}
	for slug, pct := range in.cnShareMin {
		fixedNote[Cell{pi("CN"), ki(slug)}] = fmt.Sprintf("ITIF: over %g%%, taken as %g%%", pct, pct+overShareStep)
	}
	var rows []baseline.Row
	for i, p := range in.partners {
		for k, g := range in.groups {
			if c := e.Imports[i][k]; c > 0 {
				src := "est. IPF; partner total "
				if _, ok := rowM[p.Code]; ok {
					src += "Census via seeds/004"
				} else if _, ok := in.levels2022[p.Code]; ok {
					src += "estimated, prior 2022 Census level x growth"
				} else {
					src += "estimated"
				}
				if _, ok := lambda[p.Code]; ok && k == ict {
					src += "; ICT prior: East-Asian class share"
				}
				if _, ok := in.ictPrior[p.Code]; ok && k == ict {
					src += "; prior seeds/002"
				}
				t, ok := in.tariff[[2]string{p.Code, g.Slug}]
				if ok {
					src += fmt.Sprintf("; tariff %g%% est.: %s", t.pct, t.short)
				} else {
					src += "; tariff 0 (ITA/aircraft/pharma)"
				}
				rows = append(rows, baseline.Row{
					Flow:   baseline.Flow(Reporter, p.Code, g.Slug, float64(c)/100, t.pct/100),
					Status: baseline.Estimated, Source: src,
				})
			}
			if c := e.Exports[i][k]; c > 0 {
				src := "est. IPF"
				if note, ok := fixedNote[Cell{i, k}]; ok {
					src += "; fixed: " + note + " x est. group exports"
				}
				switch p.Code {
				case "MX":
					src += "; partner total Census via seeds/004"
				case "CN":
					src += "; partner total ITIF share x Census total"
				case "CA":
					src += "; partner total from ITIF 30% (docs/DATA.md)"
				}
				if p.Code == "CN" {
					src += "; partner tariff 0 (ITA; 2018-19 retaliation not in data)"
				} else {
					src += "; partner tariff 0 (ITA)"
				}
				rows = append(rows, baseline.Row{
					Flow:   baseline.Flow(p.Code, Reporter, g.Slug, float64(c)/100, 0),
					Status: baseline.Estimated, Source: src,
				})
			}
		}
	}
	oth, err := baseline.OtherSuppliers(rows, Reporter, baseline.ATPUSShare)
	if err != nil {
		return nil, err
	}
	for i := range oth {
		// Cents, like every other value in the file.
		oth[i].Value = math.Round(oth[i].Value*100) / 100
	}
	rows = append(rows, oth...)

	// 6. US domestic sales (exporter = importer), after OtherSuppliers so
	// that they never size an OTH flow.
	dom, err := loadDomestic(in.slugs)
	if err != nil {
		return nil, err
	}
	groupImports := map[string]float64{}
	for k, g := range in.groups {
		groupImports[g.Slug] = e.GroupImports[k]
	}
	var domRows []baseline.Row
	if e.Domestic, domRows, err = domesticSales(dom, groupImports); err != nil {
		return nil, err
	}
	if includeDomestic {
		rows = append(rows, domRows...)
	}
	rank := map[string]int{}
	for k, g := range in.groups {
		rank[g.Slug] = k
	}
	slices.SortFunc(rows, func(a, b baseline.Row) int {
		return cmp.Or(cmp.Compare(a.Importer, b.Importer), cmp.Compare(a.Exporter, b.Exporter), cmp.Compare(rank[a.Category], rank[b.Category]))
	})
	e.Rows = rows
	return e, nil
}

// scaleTo scales v to sum to total.
func scaleTo(v []float64, total float64) []float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * total / s
	}
	return out
}

// rowPrior spreads a partner's assumed total over the groups in proportion
// to the group totals times the partner's affinities. If known ≥ 0 the
// prior of column known is given (seed-002 ICT imports) and the rest of the
// row shares what is left.
func rowPrior(size float64, groupTotals []float64, slugs []string, aff map[string]float64, known int, knownValue float64) []float64 {
	w := slices.Clone(groupTotals)
	for k := range w {
		if f, ok := aff[slugs[k]]; ok {
			w[k] *= f
		}
	}
	if known >= 0 && knownValue > 0 {
		w[known] = 0
		row := scaleTo(w, math.Max(size-knownValue, 0.05*size))
		row[known] = knownValue
		return row
	}
	return scaleTo(w, size)
}

// margins returns the constraints of one flow: group totals (columns), the
// totals of partners in fixed, and one block constraint that gives the
// partners without a fixed total what is left of world.
func margins(partners []Partner, slugs []string, groupTotals []float64, fixed map[string]float64, world float64) []Constraint {
	var cons []Constraint
	var block []Cell
	left := world
	for i, p := range partners {
		var cells []Cell
		for k := range groupTotals {
			cells = append(cells, Cell{i, k})
		}
		if v, ok := fixed[p.Code]; ok {
			cons = append(cons, Constraint{Name: "partner " + p.Code, Cells: cells, Target: v})
			left -= v
		} else {
			block = append(block, cells...)
		}
	}
	cons = append(cons, Constraint{Name: "partners without a published total", Cells: block, Target: left})
	for k, g := range groupTotals {
		var cells []Cell
		for i := range partners {
			cells = append(cells, Cell{i, k})
		}
		cons = append(cons, Constraint{Name: "group " + slugs[k], Cells: cells, Target: g})
	}
	return cons
}

// exactTotals lists the totals that rounding keeps exact: each published
// partner total (residual on the partner's largest cell), then the world
// total (residual on the largest Rest-of-world cell).
func exactTotals(partners []Partner, x [][]float64, published map[string]float64, world float64) []Exact {
	largest := func(i int) Cell {
		return Cell{i, slices.Index(x[i], slices.Max(x[i]))}
	}
	var ex []Exact
	var all []Cell
	codes := make([]string, 0, len(published))
	for c := range published {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for i := range partners {
		for k := range x[i] {
			all = append(all, Cell{i, k})
		}
	}
	for _, code := range codes {
		i := slices.IndexFunc(partners, func(p Partner) bool { return p.Code == code })
		var cells []Cell
		for k := range x[i] {
			cells = append(cells, Cell{i, k})
		}
		ex = append(ex, Exact{Name: code, Cells: cells, Target: cents(published[code]), Adjust: largest(i)})
	}
	row := slices.IndexFunc(partners, func(p Partner) bool { return p.Code == RestOfWorld })
	return append(ex, Exact{Name: "world", Cells: all, Target: cents(world), Adjust: largest(row)})
}

func cents(v float64) int64 { return int64(math.Round(v * 100)) }

type tariff struct {
	pct   float64
	short string // for the row's source; the file's basis column has the detail
}

// inputsData is everything read from inputs/, in million USD.
type inputsData struct {
	groups         []Group
	slugs          []string
	partners       []Partner
	priorX, priorM []float64 // by group
	weightX        map[string]float64
	weightM        map[string]float64
	affinity       map[string]map[string]map[string]float64 // flow → partner → slug → factor
	worldExports   float64
	worldImports   float64
	importsFrom    map[string]float64
	exportsTo      map[string]float64
	// ITIF.
	itifWorldExports, cnExportsITIF, threeShare float64
	mxShare2024, camxShare2024, mxShare2021     map[string]float64 // by slug, percent
	cnShareMin                                  map[string]float64 // by slug, percent
	ictDeficitShare                             float64            // fraction
	ictPrior                                    map[string]float64 // by partner: 2024 ICT imports prior
	tariff                                      map[[2]string]tariff
	// 2022 US ATP imports by partner and the 2022 world total (press
	// copies of Census data).
	levels2022 map[string]float64
	world2022  float64
	classes    map[string]*partnerClass
}

// partnerClass is a set of partners whose import prior shares the ICT
// log odds of its references (inputs/partner_class.csv).
type partnerClass struct {
	name                string
	references, members []string
}

// importSizes returns the row sizes w_p of the import prior and the growth
// factor g. Published partners keep their totals; a partner with a 2022
// level and no 2024 figure gets w_p = L_p,2022 · g, where
//
//	g = (M_2024 − Σ_B M_p,2024) / (M_2022 − Σ_B M_p,2022)
//
// over the set B of partners published in both years: the growth of the
// aggregate the anchored partners belong to. The judgement weights of
// partner_prior.csv share what is left of the world total.
func importSizes(in *inputsData, published map[string]float64, world float64) (map[string]float64, float64, error) {
	num, den := world, in.world2022
	for _, p := range in.partners { // partner order: sums are reproducible
		if v, ok := in.levels2022[p.Code]; ok {
			if m, ok := published[p.Code]; ok {
				num -= m
				den -= v
			}
		}
	}
	if !(num > 0 && den > 0) {
		return nil, 0, fmt.Errorf("growth 2022-24 of the world less the partners published in both years: %.2f / %.2f", num, den)
	}
	g := num / den
	sizes := map[string]float64{}
	left, judged := world, 0.0
	var rest []string
	for _, p := range in.partners {
		w, hasWeight := in.weightM[p.Code]
		l, hasLevel := in.levels2022[p.Code]
		m, isPublished := published[p.Code]
		switch {
		case isPublished:
			sizes[p.Code] = m
			left -= m
		case hasLevel && hasWeight:
			return nil, 0, fmt.Errorf("partner %s: both a 2022 level (partner_levels_2022.csv) and an imports weight (partner_prior.csv): keep one", p.Code)
		case hasLevel:
			sizes[p.Code] = l * g
			left -= l * g
		case hasWeight:
			judged += w
			rest = append(rest, p.Code)
		default:
			return nil, 0, fmt.Errorf("partner %s: no published total, 2022 level or imports weight", p.Code)
		}
	}
	if !(left > 0) || !(judged > 0) {
		return nil, 0, fmt.Errorf("the published and 2022-anchored partners leave %.2f of world imports to partners weighing %.2f", left, judged)
	}
	for _, code := range rest {
		sizes[code] = in.weightM[code] * left / judged
	}
	return sizes, g, nil
}

// classLogOdds returns, for each member of a class of partner_class.csv,
// the shift λ of the log odds of ICT in its import prior, and the class
// shares. The class ICT share s_c is the mean of its references' sourced
// shares (seed-002 ICT cell / row size); against the world share S,
//
//	λ_c = ln(s_c / (1 − s_c)) − ln(S / (1 − S)),
//
// so that a member without other affinities gets the ICT share s_c.
func classLogOdds(in *inputsData, sizes map[string]float64, world float64) (map[string]float64, map[string]float64, error) {
	logit := func(s float64) float64 { return math.Log(s / (1 - s)) }
	lambda, shares := map[string]float64{}, map[string]float64{}
	for _, name := range slices.Sorted(maps.Keys(in.classes)) {
		c := in.classes[name]
		if len(c.references) == 0 || len(c.members) == 0 {
			return nil, nil, fmt.Errorf("inputs/partner_class.csv: class %s needs references and members", name)
		}
		s := 0.0
		for _, ref := range c.references {
			v, ok := in.ictPrior[ref]
			if !ok {
				return nil, nil, fmt.Errorf("inputs/partner_class.csv: reference %s of class %s has no sourced ICT cell (seed002_ict_h1_2025.csv)", ref, name)
			}
			s += v / sizes[ref]
		}
		s /= float64(len(c.references))
		if !(s > 0 && s < 1) {
			return nil, nil, fmt.Errorf("inputs/partner_class.csv: class %s ICT share %.3f, want in (0, 1)", name, s)
		}
		shares[name] = s
		for _, m := range c.members {
			if _, ok := in.ictPrior[m]; ok {
				return nil, nil, fmt.Errorf("inputs/partner_class.csv: member %s of class %s has its own ICT cell: make it a reference", m, name)
			}
			if _, ok := lambda[m]; ok {
				return nil, nil, fmt.Errorf("inputs/partner_class.csv: partner %s in two classes", m)
			}
			lambda[m] = logit(s) - logit(world)
		}
	}
	return lambda, shares, nil
}
