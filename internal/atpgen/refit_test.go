package atpgen

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/tariffsim/tariffsim/model"
	"github.com/tariffsim/tariffsim/model/baseline"
)

func newTestRefitter(t testing.TB) *Refitter {
	t.Helper()
	r, err := NewRefitter()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// With no noise the refit is the generator: the embedded values, exactly.
func TestRefitZeroNoiseIsEmbedded(t *testing.T) {
	r := newTestRefitter(t)
	b := baseline.ATP2024()
	got, err := r.Draw(nil, rand.New(rand.NewPCG(1, 2)), Scale{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(b.Rows) || r.Len() != len(b.Rows) {
		t.Fatalf("%d values for %d rows", len(got), len(b.Rows))
	}
	flows := r.Flows()
	for i, row := range b.Rows {
		if got[i] != row.Value || flows[i] != row.Flow {
			t.Fatalf("row %d %v: %v, want %v", i, row.Flow, got[i], row.Value)
		}
	}
}

// checkDrawMargins checks the totals every draw must keep: the published
// ones to 1e-9, the estimator's group totals to its rounding.
func checkDrawMargins(t *testing.T, e *Estimate, flows []model.Flow, v []float64) {
	t.Helper()
	imp, exp := map[string]float64{}, map[string]float64{}
	impCat, expCat := map[string]float64{}, map[string]float64{}
	var impTot, expTot float64
	for i, f := range flows {
		switch {
		case f.Importer == f.Exporter:
			// domestic sales: not trade
		case f.Importer == Reporter:
			imp[f.Exporter] += v[i]
			impCat[f.Category] += v[i]
			impTot += v[i]
		case f.Exporter == Reporter:
			exp[f.Importer] += v[i]
			expCat[f.Category] += v[i]
			expTot += v[i]
		}
	}
	near := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.6f, want %.6f", name, got, want)
		}
	}
	const rel = 1e-9
	near("world imports", impTot, 763240, rel)
	near("world exports", expTot, 464290, rel)
	for code, want := range map[string]float64{"CN": 112370, "MX": 102480, "TW": 78940, "IE": 69030, "DE": 38530} {
		near("imports from "+code, imp[code], want, rel)
	}
	near("exports to MX", exp["MX"], 55880, rel)
	near("balance with MX", exp["MX"]-imp["MX"], -46600, rel)
	// Group totals are fitted to 1e-10 and then rounded: within a quarter
	// of a dollar million (half a cent per cell plus the residuals).
	for k, g := range e.Groups {
		near("group imports "+g.Slug, impCat[g.Slug], e.GroupImports[k], 0.25/e.GroupImports[k])
		near("group exports "+g.Slug, expCat[g.Slug], e.GroupExports[k], 0.25/e.GroupExports[k])
	}
}

func TestRefitDraws(t *testing.T) {
	r := newTestRefitter(t)
	e, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	b := baseline.ATP2024()
	fixedExport := map[[2]string]bool{}
	for cell := range e.fits[exportsFlow].problem.Fixed {
		fixedExport[[2]string{e.Partners[cell.I].Code, e.Groups[cell.J].Slug}] = true
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var v []float64
	moved := 0
	for d := range 50 {
		if v, err = r.Draw(v, rng, DefaultScale()); err != nil {
			t.Fatal(err)
		}
		checkDrawMargins(t, e, r.flows, v)
		for i, row := range b.Rows {
			if !(v[i] > 0) {
				t.Fatalf("draw %d: flow %v = %v", d, row.Flow, v[i])
			}
			if row.Status != baseline.Estimated && v[i] != row.Value {
				t.Errorf("draw %d: %s row %v moved", d, row.Status, row.Flow)
			}
			// Cells fixed by published shares move only by a rounding
			// residual when they are their partner's largest cell: half a
			// cent for each of the row's ten cells at most.
			if row.Exporter == Reporter && fixedExport[[2]string{row.Importer, row.Category}] && math.Abs(v[i]-row.Value) > 0.05+1e-9 {
				t.Errorf("draw %d: fixed cell %v moved from %v to %v", d, row.Flow, row.Value, v[i])
			}
			if v[i] != row.Value {
				moved++
			}
		}
		// The other suppliers follow the US exports they are sized by.
		for _, o := range r.others {
			if got := v[o.us] / (v[o.us] + v[o.at]); math.Abs(got-o.share) > 1e-4 {
				t.Errorf("US share of %v = %.5f, want %v", r.flows[o.at], got, o.share)
			}
		}
	}
	if moved < 50*len(b.Rows)*9/10 {
		t.Errorf("only %d of %d values moved over 50 draws", moved, 50*len(b.Rows))
	}
}

func TestRefitSameSeedSameDraw(t *testing.T) {
	r := newTestRefitter(t)
	a, err := r.Draw(nil, rand.New(rand.NewPCG(3, 4)), DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.Draw(nil, rand.New(rand.NewPCG(3, 4)), DefaultScale())
	c, _ := r.Draw(nil, rand.New(rand.NewPCG(3, 5)), DefaultScale())
	if !slices.Equal(a, b) {
		t.Error("same seed, different draws")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds, same draw")
	}
}

func TestRefitScaleErrors(t *testing.T) {
	r := newTestRefitter(t)
	for _, s := range []Scale{{Row: -1}, {Cell: math.NaN()}, {Row: math.Inf(1)}} {
		if _, err := r.Draw(nil, rand.New(rand.NewPCG(1, 1)), s); err == nil {
			t.Errorf("scale %+v: no error", s)
		}
	}
}

// The refit spreads what the margins leave free: a published partner's
// total never moves; an unpublished partner's total varies in logs by
// about σ_row, damped by the block and group margins.
func TestRefitSpread(t *testing.T) {
	r := newTestRefitter(t)
	rng := rand.New(rand.NewPCG(5, 6))
	logs := map[string][]float64{}
	var v []float64
	var err error
	for range 400 {
		if v, err = r.Draw(v, rng, DefaultScale()); err != nil {
			t.Fatal(err)
		}
		tot := map[string]float64{}
		for i, f := range r.flows {
			if f.Importer == Reporter && f.Exporter != Reporter {
				tot[f.Exporter] += v[i]
			}
		}
		for code, x := range tot {
			logs[code] = append(logs[code], math.Log(x))
		}
	}
	for _, code := range []string{"MX", "CN"} {
		if s := sdev(logs[code]); s > 1e-12 {
			t.Errorf("published %s total varies: sd of logs %v", code, s)
		}
	}
	for _, code := range []string{"CA", "TH", "KR", "NL"} {
		if s := sdev(logs[code]); !(s > 0.15 && s < 0.6) {
			t.Errorf("%s: sd of log imports %.3f, want between 0.15 and 0.6 for σ_row %.2f, σ_cell %.2f", code, s, DefaultRowSigma, DefaultCellSigma)
		}
	}
}

func sdev(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}

func BenchmarkRefit(b *testing.B) {
	r := newTestRefitter(b)
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]float64, r.Len())
	var err error
	b.ReportAllocs()
	for b.Loop() {
		if v, err = r.Draw(v, rng, DefaultScale()); err != nil {
			b.Fatal(err)
		}
	}
}

// The default scale is computed from the sourced anchors (docs/DATA.md,
// "Baseline uncertainty"), rounded to two decimals.
func TestDefaultScale(t *testing.T) {
	in, err := loadInputs()
	if err != nil {
		t.Fatal(err)
	}
	e, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	// Row: sd of ln(M_2024 / M_2022) over the partners published in both years.
	var growth []float64
	for _, p := range e.Partners {
		m24, ok24 := in.importsFrom[p.Code]
		m22, ok22 := in.levels2022[p.Code]
		if ok24 && ok22 {
			growth = append(growth, math.Log(m24/m22))
		}
	}
	if len(growth) != 5 {
		t.Fatalf("%d partners published in both years, want 5", len(growth))
	}
	if got := math.Round(sdev(growth)*100) / 100; got != DefaultRowSigma {
		t.Errorf("sd of log growth %.4f rounds to %.2f, DefaultRowSigma is %.2f", sdev(growth), got, DefaultRowSigma)
	}
	// Cell: RMS of ln(s_p / S) over the partners with a sourced ICT cell
	// and a sourced or 2022-anchored total.
	ict := slices.IndexFunc(e.Groups, func(g Group) bool { return g.Slug == "ict" })
	S := e.GroupImports[ict] / in.worldImports
	ss, n := 0.0, 0
	for _, p := range e.Partners {
		cell, ok := in.ictPrior[p.Code]
		_, published := in.importsFrom[p.Code]
		_, anchored := in.levels2022[p.Code]
		if ok && (published || anchored) {
			l := math.Log(cell / e.ImportSizes[p.Code] / S)
			ss += l * l
			n++
		}
	}
	if n != 4 {
		t.Fatalf("%d partners with a sourced ICT share, want 4 (TW, TH, CN, MX)", n)
	}
	if rms := math.Sqrt(ss / float64(n)); math.Round(rms*100)/100 != DefaultCellSigma {
		t.Errorf("RMS of ln(s_p/S) %.4f, DefaultCellSigma is %.2f", rms, DefaultCellSigma)
	}
}

func BenchmarkNewRefitter(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewRefitter(); err != nil {
			b.Fatal(err)
		}
	}
}

// Rows the fit does not make keep their values in every draw: here a
// derived US domestic-sales row (as includeDomestic would write) and a
// published row of another market. A fitted flow that the baseline marks
// published is refused: the refit would move it.
func TestRefitKeepsRowsItDoesNotMake(t *testing.T) {
	e, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	b := baseline.ATP2024()
	b.Rows = append(b.Rows,
		baseline.Row{Flow: baseline.Flow(Reporter, Reporter, "aerospace", 107204.76, 0), Status: baseline.Derived, Source: "test"},
		baseline.Row{Flow: baseline.Flow("CA", "MX", "ict", 1234.5, 0), Status: baseline.Published, Source: "test"})
	r, err := newRefitter(e, b)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	n := len(b.Rows)
	for range 20 {
		v, err := r.Draw(nil, rng, DefaultScale())
		if err != nil {
			t.Fatal(err)
		}
		if v[n-2] != 107204.76 || v[n-1] != 1234.5 {
			t.Fatalf("rows outside the fit moved: %v, %v", v[n-2], v[n-1])
		}
	}
	b = baseline.ATP2024()
	i := slices.IndexFunc(b.Rows, func(r baseline.Row) bool { return r.Importer == Reporter && r.Exporter == "CA" })
	b.Rows[i].Status = baseline.Published
	if _, err := newRefitter(e, b); err == nil {
		t.Error("no error for a fitted flow marked published")
	}
}

// Draws from several goroutines share one Refitter and match sequential
// draws of the same seeds.
func TestRefitConcurrent(t *testing.T) {
	r := newTestRefitter(t)
	const n = 8
	want := make([][]float64, n)
	for i := range n {
		var err error
		if want[i], err = r.Draw(nil, rand.New(rand.NewPCG(uint64(i), 1)), DefaultScale()); err != nil {
			t.Fatal(err)
		}
	}
	got := make([][]float64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			got[i], _ = r.Draw(nil, rand.New(rand.NewPCG(uint64(i), 1)), DefaultScale())
		})
	}
	wg.Wait()
	for i := range n {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("draw %d differs when drawn concurrently", i)
		}
	}
}
