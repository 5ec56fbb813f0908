package baseline

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The columns of an elasticity table: one row per group, parameter and
// horizon with its preset range and the basis of each number.
var elasticityColumns = []string{"group", "parameter", "horizon", "low", "central", "high", "central_basis", "range_basis"}

// FallbackGroup is the group of an elasticity table row that applies to
// every category the table does not list.
const FallbackGroup = "*"

var (
	elasticityParams   = []string{"substitution", "domestic_substitution", "import_demand", "export_supply"}
	elasticityHorizons = []string{"long-run", "short-run"}
	paramSymbol        = map[string]string{"substitution": "σ", "domestic_substitution": "σ_D", "import_demand": "η", "export_supply": "ε"}
)

// ReadElasticities parses an elasticity table (the format of the embedded
// atp_elasticities.csv, described in docs/DATA.md): every group needs a
// row for each parameter (substitution, domestic_substitution,
// import_demand, export_supply) and horizon (long-run, short-run) with
// 0 < low ≤ central ≤ high (+Inf allowed). It returns the defaults per
// group; the group [FallbackGroup] is the fallback. Problems are reported
// with name and line, as a join of *Error values.
func ReadElasticities(r io.Reader, name string) (map[string]Defaults, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: name, Msg: "empty file: want a header " + strings.Join(elasticityColumns, ",")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	for i, c := range elasticityColumns {
		if i >= len(header) || strings.TrimSpace(header[i]) != c {
			return nil, &Error{File: name, Line: 1, Msg: "want the header " + strings.Join(elasticityColumns, ",")}
		}
	}
	out := map[string]Defaults{}
	seen := map[[3]string]int{}
	var errs []error
	bad := func(line int, format string, a ...any) {
		errs = append(errs, &Error{File: name, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		g, p, h := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])
		if g == "" {
			bad(line, "empty group")
			continue
		}
		if !slices.Contains(elasticityParams, p) {
			bad(line, "unknown parameter %q; want one of %s", p, strings.Join(elasticityParams, ", "))
			continue
		}
		if !slices.Contains(elasticityHorizons, h) {
			bad(line, "unknown horizon %q; want long-run or short-run", h)
			continue
		}
		key := [3]string{g, p, h}
		if first, dup := seen[key]; dup {
			bad(line, "%s %s %s appears twice (first on line %d)", g, p, h, first)
			continue
		}
		seen[key] = line
		var v [3]float64
		ok := true
		for i, col := range []string{"low", "central", "high"} {
			x, err := strconv.ParseFloat(strings.TrimSpace(rec[3+i]), 64)
			if err != nil || math.IsNaN(x) || x <= 0 {
				bad(line, "%s %q: want a number > 0 or +Inf", col, rec[3+i])
				ok = false
			}
			v[i] = x
		}
		if !ok {
			continue
		}
		if !(v[0] <= v[1] && v[1] <= v[2]) {
			bad(line, "want low ≤ central ≤ high, got %g, %g, %g", v[0], v[1], v[2])
			continue
		}
		if strings.TrimSpace(rec[6]) == "" || strings.TrimSpace(rec[7]) == "" {
			bad(line, "central_basis and range_basis must say where the numbers come from")
			continue
		}
		d := out[g]
		set(&d, p, h == "short-run", v)
		sym := paramSymbol[p] + " " + h
		d.Source = join(d.Source, fmt.Sprintf("%s %g: %s", sym, v[1], rec[6]))
		d.RangeSource = join(d.RangeSource, fmt.Sprintf("%s %g–%g: %s", sym, v[0], v[2], rec[7]))
		out[g] = d
	}
	for g := range out {
		for _, p := range elasticityParams {
			for _, h := range elasticityHorizons {
				if _, ok := seen[[3]string{g, p, h}]; !ok {
					errs = append(errs, &Error{File: name, Msg: fmt.Sprintf("group %s has no %s %s row", g, p, h)})
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func set(d *Defaults, param string, shortRun bool, v [3]float64) {
	var lo, c, hi *float64
	switch {
	case param == "substitution" && !shortRun:
		lo, c, hi = &d.SubstitutionLow, &d.Substitution, &d.SubstitutionHigh
	case param == "substitution":
		lo, c, hi = &d.SubstitutionShortRunLow, &d.SubstitutionShortRun, &d.SubstitutionShortRunHigh
	case param == "domestic_substitution" && !shortRun:
		lo, c, hi = &d.DomesticSubstitutionLow, &d.DomesticSubstitution, &d.DomesticSubstitutionHigh
	case param == "domestic_substitution":
		lo, c, hi = &d.DomesticSubstitutionShortRunLow, &d.DomesticSubstitutionShortRun, &d.DomesticSubstitutionShortRunHigh
	case param == "import_demand" && !shortRun:
		lo, c, hi = &d.ImportDemandLow, &d.ImportDemand, &d.ImportDemandHigh
	case param == "import_demand":
		lo, c, hi = &d.ImportDemandShortRunLow, &d.ImportDemandShortRun, &d.ImportDemandShortRunHigh
	case param == "export_supply" && !shortRun:
		lo, c, hi = &d.ExportSupplyLow, &d.ExportSupply, &d.ExportSupplyHigh
	default:
		lo, c, hi = &d.ExportSupplyShortRunLow, &d.ExportSupplyShortRun, &d.ExportSupplyShortRunHigh
	}
	*lo, *c, *hi = v[0], v[1], v[2]
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
