package model

import (
	"cmp"
	"math"
	"slices"
)

// result assembles the Result from a solved work.
func (w *work) result() *Result {
	s := w.s
	p := s.p
	res := &Result{Supply: p.Supply, Form: p.Form, Flows: make([]FlowResult, s.numFlows())}

	// Markets first: the flows need P̂ and Q̂.
	markets := make([]MarketResult, len(s.mSigma))
	for m := range markets {
		mr := &markets[m]
		mr.Importer, mr.Category = s.mImport[m], s.mCat[m]
		sigma, eta := s.mSigma[m], s.mEta[m]
		mr.Elasticities = Elasticities{Substitution: sigma, ImportDemand: eta}
		mr.Expenditure0 = s.mExpend0[m]
		e0 := mr.Expenditure0
		if w.linear {
			var dp float64
			for k := s.mStart[m]; k < s.mStart[m+1]; k++ {
				dp += math.Exp(s.logTheta[k]) * ((1+w.x[s.unit[k]])*s.tau[k] - 1)
			}
			mr.PriceIndexHat = 1 + dp
			mr.QuantityHat = 1 - eta*dp
			mr.ConsumerSurplus = -e0*dp + 0.5*eta*e0*dp*dp
			mr.ConsumerSurplusGSIM = -e0*dp - 0.5*eta*e0*dp*dp*sign(dp)
		} else {
			logP := w.mLogP[m]
			mr.PriceIndexHat = math.Exp(logP)
			mr.QuantityHat = math.Exp(-eta * logP)
			if math.Abs(1-eta) < 1e-12 {
				mr.ConsumerSurplus = -e0 * logP
			} else {
				mr.ConsumerSurplus = -e0 * math.Expm1((1-eta)*logP) / (1 - eta)
			}
			mr.ConsumerSurplusGSIM = mr.ConsumerSurplus
		}
	}

	unitPS := make([]float64, len(s.uEps))
	unitP := make([]float64, len(s.uEps))
	for u := range s.uEps {
		eps, x := s.uEps[u], w.x[u]
		switch {
		case w.linear:
			unitP[u] = 1 + x
		default:
			unitP[u] = math.Exp(x)
		}
		switch {
		case math.IsInf(eps, 1):
		case w.linear:
			unitPS[u] = s.uX[u]*x + 0.5*eps*s.uX[u]*x*x
		default:
			unitPS[u] = s.uX[u] * math.Expm1((1+eps)*x) / (1 + eps)
		}
	}

	for k := range s.numFlows() {
		i := s.orig[k]
		m, u := s.market[k], s.unit[k]
		mr := &markets[m]
		fr := &res.Flows[i]
		fr.Flow = p.Flows[i]
		fr.NewTariff = s.t1[k]
		fr.Tau = s.tau[k]
		fr.PriceHat = unitP[u]
		fr.ConsumerPriceHat = fr.PriceHat * fr.Tau
		if w.linear {
			fr.QuantityHat = 1 + w.mhat[k]
		} else {
			fr.QuantityHat = w.q[k]
		}
		v := fr.Value
		fr.NewValue = v * fr.PriceHat * fr.QuantityHat
		fr.NewConsumerValue = fr.NewValue * (1 + fr.NewTariff)
		fr.Revenue0 = fr.Tariff * v
		fr.Revenue1 = fr.NewTariff * fr.NewValue
		fr.PassThrough = math.NaN()
		if fr.Tau != 1 {
			fr.PassThrough = (fr.ConsumerPriceHat - 1) / (fr.Tau - 1)
		}
		fr.VolumeEffect = v * (mr.QuantityHat - 1)
		fr.PriceEffect = v * fr.QuantityHat * (fr.PriceHat - 1)
		if w.linear {
			fr.SubstitutionEffect = fr.NewValue - v - fr.VolumeEffect - fr.PriceEffect
		} else {
			sub := math.Exp(-mr.Elasticities.Substitution * (w.logPi[k] - w.mLogP[m]))
			fr.SubstitutionEffect = v * mr.QuantityHat * (sub - 1)
		}
		if p.Supply == Bilateral {
			fr.ProducerSurplus = unitPS[u]
		}
		mr.Value0 += v
		mr.Value1 += fr.NewValue
		mr.Revenue0 += fr.Revenue0
		mr.Revenue1 += fr.Revenue1
	}
	for m := range markets {
		markets[m].RevenueChange = markets[m].Revenue1 - markets[m].Revenue0
	}
	slices.SortFunc(markets, func(a, b MarketResult) int {
		return cmp.Or(cmp.Compare(a.Importer, b.Importer), cmp.Compare(a.Category, b.Category))
	})
	res.Markets = markets

	// Producers: exporter × category.
	type key struct{ e, c string }
	prodIndex := map[key]int{}
	var prodUnit []int32 // the supply unit of each producer under global supply
	for k := range s.numFlows() {
		f := &res.Flows[s.orig[k]]
		u := s.unit[k]
		kk := key{f.Exporter, f.Category}
		j, ok := prodIndex[kk]
		if !ok {
			j = len(res.Producers)
			prodIndex[kk] = j
			res.Producers = append(res.Producers, ProducerResult{Exporter: f.Exporter, Category: f.Category, ExportSupply: s.uEps[u]})
			prodUnit = append(prodUnit, u)
		}
		pr := &res.Producers[j]
		pr.Value0 += f.Value
		pr.Value1 += f.NewValue
		pr.PriceHat += f.Value * f.PriceHat // divided by Value0 below
		if p.Supply == Bilateral {
			pr.ProducerSurplus += unitPS[u]
		} else if s.uFlows[u][0] == int32(k) {
			pr.ProducerSurplus = unitPS[u]
		}
	}
	for j := range res.Producers {
		pr := &res.Producers[j]
		pr.PriceHat /= pr.Value0
		if p.Supply == Global {
			// Exactly the unit's price, not a rounded weighted mean.
			pr.PriceHat = unitP[prodUnit[j]]
		}
	}
	slices.SortFunc(res.Producers, func(a, b ProducerResult) int {
		return cmp.Or(cmp.Compare(a.Exporter, b.Exporter), cmp.Compare(a.Category, b.Category))
	})

	res.Countries = countries(res)
	return res
}

func countries(res *Result) []CountryResult {
	idx := map[string]int{}
	var cs []CountryResult
	// get's pointer is valid only until the next call: append may move cs.
	get := func(c string) *CountryResult {
		i, ok := idx[c]
		if !ok {
			i = len(cs)
			idx[c] = i
			cs = append(cs, CountryResult{Country: c})
		}
		return &cs[i]
	}
	for _, f := range res.Flows {
		get(f.Importer)
		exp := get(f.Exporter)
		imp := &cs[idx[f.Importer]]
		imp.Imports0 += f.Value
		imp.Imports1 += f.NewValue
		exp.Exports0 += f.Value
		exp.Exports1 += f.NewValue
	}
	for _, m := range res.Markets {
		c := get(m.Importer)
		c.ConsumerSurplus += m.ConsumerSurplus
		c.RevenueChange += m.RevenueChange
	}
	for _, p := range res.Producers {
		get(p.Exporter).ProducerSurplus += p.ProducerSurplus
	}
	for i := range cs {
		cs[i].Welfare = cs[i].ConsumerSurplus + cs[i].RevenueChange + cs[i].ProducerSurplus
	}
	slices.SortFunc(cs, func(a, b CountryResult) int { return cmp.Compare(a.Country, b.Country) })
	return cs
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
