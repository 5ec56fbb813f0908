package ge

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
)

//go:embed data/gegravity_sample_2006.csv
var sample2006 string

// Sample2006 returns the shipped GE baseline as a Problem with no change
// (every NewTariff equal to the zero baseline Tariff, every TradeCost 1), θ = 4
// and Additive imbalances: total trade of 30 countries in 2006 including
// domestic sales, one aggregate sector, from the sample data of gegravity
// (Peter Herman, USITC), which takes its flows from the data of Yotov,
// Piermartini, Monteiro and Larch (2016), aggregate manufacturing. See
// data/README.md for the provenance. The baseline has no tariffs: 2006
// tariffs are part of the trade costs, so baseline revenue is zero.
//
// The data are old (2006) and coarse (one sector, 30 countries, no rest of
// the world): use them to see the general-equilibrium channels, not for
// forecasts.
func Sample2006() (*Problem, error) {
	flows, err := ReadFlows(strings.NewReader(sample2006), "data/gegravity_sample_2006.csv")
	if err != nil {
		return nil, err
	}
	return &Problem{Flows: flows, Theta: 4}, nil
}

// ReadFlows reads flows from CSV with a header naming at least exporter,
// importer and value, and optionally tariff, new_tariff and trade_cost
// (in any order; other columns are ignored). new_tariff defaults to tariff
// and trade_cost to 1. name is used in errors, which give the line.
func ReadFlows(r io.Reader, name string) ([]Flow, error) {
	sc := bufio.NewScanner(r)
	line := 0
	col := map[string]int{}
	var flows []Flow
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, ",")
		for k := range fields {
			fields[k] = strings.Trim(strings.TrimSpace(fields[k]), `"`)
		}
		if len(col) == 0 {
			for k, h := range fields {
				col[strings.ToLower(h)] = k
			}
			for _, need := range []string{"exporter", "importer", "value"} {
				if _, ok := col[need]; !ok {
					return nil, fmt.Errorf("%s:%d: header has no %q column (want exporter,importer,value[,tariff,new_tariff,trade_cost])", name, line, need)
				}
			}
			continue
		}
		get := func(h string) (string, bool) {
			k, ok := col[h]
			if !ok {
				return "", false
			}
			if k >= len(fields) {
				return "", true
			}
			return fields[k], true
		}
		number := func(h string, def float64) (float64, error) {
			s, ok := get(h)
			if !ok || s == "" && h != "value" {
				return def, nil
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return 0, fmt.Errorf("%s:%d: %s %q is not a number", name, line, h, s)
			}
			return v, nil
		}
		var f Flow
		f.Exporter, _ = get("exporter")
		f.Importer, _ = get("importer")
		if f.Exporter == "" || f.Importer == "" {
			return nil, fmt.Errorf("%s:%d: empty exporter or importer", name, line)
		}
		var err error
		if f.Value, err = number("value", 0); err != nil {
			return nil, err
		}
		if f.Tariff, err = number("tariff", 0); err != nil {
			return nil, err
		}
		if f.NewTariff, err = number("new_tariff", f.Tariff); err != nil {
			return nil, err
		}
		if f.TradeCost, err = number("trade_cost", 1); err != nil {
			return nil, err
		}
		flows = append(flows, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(col) == 0 {
		return nil, fmt.Errorf("%s: no header", name)
	}
	return flows, nil
}
