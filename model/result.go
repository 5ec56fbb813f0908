package model

import "math"

// result assembles the Result from a solved work, into res's slices when
// they have the right lengths (Prepared.SolveInto reuses them draw after
// draw).
func (w *work) result(res *Result) *Result {
	s := w.s
	p := s.p
	l := s.layout
	if res == nil {
		res = &Result{}
	}
	res.Supply, res.Form = p.Supply, p.Form
	res.Flows = resize(res.Flows, s.numFlows())
	res.Producers = resize(res.Producers, len(l.prodExporter))
	res.Countries = resize(res.Countries, len(l.countries))
	res.Markets = resize(res.Markets, len(s.mSigma))

	// Markets first, in solver order: the flows need P̂ and Q̂.
	markets := w.markets
	if len(markets) != len(s.mSigma) {
		markets = make([]MarketResult, len(s.mSigma))
		w.markets = markets
	}
	for m := range markets {
		mr := &markets[m]
		*mr = MarketResult{Importer: s.mImport[m], Category: s.mCat[m]}
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

	for j := range res.Producers {
		u := s.unit[l.producerFirstFlow[j]]
		res.Producers[j] = ProducerResult{Exporter: l.prodExporter[j], Category: l.prodCategory[j], ExportSupply: s.uEps[u]}
		if p.Supply == Global {
			// Exactly the unit's price and surplus, not a rounded mean.
			res.Producers[j].PriceHat = unitP[u]
			res.Producers[j].ProducerSurplus = unitPS[u]
		}
	}
	for c := range res.Countries {
		res.Countries[c] = CountryResult{Country: l.countries[c]}
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
		pr := &res.Producers[l.prodOf[k]]
		pr.Value0 += v
		pr.Value1 += fr.NewValue
		if p.Supply == Bilateral {
			fr.ProducerSurplus = unitPS[u]
			pr.ProducerSurplus += unitPS[u]
			pr.PriceHat += v * fr.PriceHat // divided by Value0 below
		}
		mr.Value0 += v
		mr.Value1 += fr.NewValue
		mr.Revenue0 += fr.Revenue0
		mr.Revenue1 += fr.Revenue1
		imp, exp := &res.Countries[l.flowImp[k]], &res.Countries[l.flowExp[k]]
		imp.Imports0 += v
		imp.Imports1 += fr.NewValue
		exp.Exports0 += v
		exp.Exports1 += fr.NewValue
	}
	if p.Supply == Bilateral {
		for j := range res.Producers {
			res.Producers[j].PriceHat /= res.Producers[j].Value0
		}
	}
	for m := range markets {
		markets[m].RevenueChange = markets[m].Revenue1 - markets[m].Revenue0
		c := &res.Countries[l.marketCountry[m]]
		c.ConsumerSurplus += markets[m].ConsumerSurplus
		c.RevenueChange += markets[m].RevenueChange
	}
	for j := range res.Producers {
		res.Countries[l.producerCountry[j]].ProducerSurplus += res.Producers[j].ProducerSurplus
	}
	for c := range res.Countries {
		cr := &res.Countries[c]
		cr.Welfare = cr.ConsumerSurplus + cr.RevenueChange + cr.ProducerSurplus
	}
	for r, m := range l.marketOrder {
		res.Markets[r] = markets[m]
	}
	return res
}

// resize returns a slice of length n, reusing xs when it is long enough.
func resize[T any](xs []T, n int) []T {
	if cap(xs) >= n {
		return xs[:n]
	}
	return make([]T, n)
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
