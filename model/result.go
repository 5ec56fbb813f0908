package model

import (
	"fmt"
	"math"
)

// filled records which problem's strings a Result holds, so that a
// prepared solve into it writes only numbers: the layout that wrote them
// and the arrays it wrote them into.
type filled struct {
	l         *layout
	flows     *FlowResult
	markets   *MarketResult
	producers *ProducerResult
	countries *CountryResult
}

func first[T any](xs []T) *T {
	if len(xs) == 0 {
		return nil
	}
	return &xs[0]
}

// result assembles the Result from a solved work, into res's slices when
// they have the right lengths (Prepared.SolveInto reuses them draw after
// draw). Names (importers, exporters, categories) are written only when
// res does not hold them already from an earlier solve of the same
// problem.
func (w *work) result(res *Result) *Result {
	s := w.s
	p := s.p
	l := s.layout
	if res == nil {
		res = &Result{}
	}
	nm := len(s.mSigma)
	named := res.filled.l == l && len(res.Flows) == len(s.fOrig) && len(res.Markets) == nm &&
		len(res.Producers) == len(l.prodExporter) && len(res.Countries) == len(l.countries) &&
		res.filled.flows == first(res.Flows) && res.filled.markets == first(res.Markets) &&
		res.filled.producers == first(res.Producers) && res.filled.countries == first(res.Countries)
	res.Supply, res.Form = p.Supply, p.Form
	if !named {
		res.Flows = resize(res.Flows, len(s.fOrig))
		res.Producers = resize(res.Producers, len(l.prodExporter))
		res.Countries = resize(res.Countries, len(l.countries))
		res.Markets = resize(res.Markets, nm)
		// The pieces of every split flow in one array.
		var np int
		for j := range s.fOrig {
			if v := int(s.fVar[j+1] - s.fVar[j]); v > 1 {
				np += v
			}
		}
		var pieces []PieceResult
		if np > 0 {
			pieces = make([]PieceResult, np)
		}
		for j, i := range s.fOrig {
			fr := &res.Flows[i]
			fr.Flow = p.Flows[i]
			fr.Pieces = nil
			if v := int(s.fVar[j+1] - s.fVar[j]); v > 1 {
				fr.Pieces, pieces = pieces[:v:v], pieces[v:]
			}
		}
		for m := range nm {
			mr := &res.Markets[l.marketRank[m]]
			mr.Importer, mr.Category = s.mImport[m], s.mCat[m]
		}
		for j := range res.Producers {
			res.Producers[j].Exporter, res.Producers[j].Category = l.prodExporter[j], l.prodCategory[j]
		}
		for c := range res.Countries {
			res.Countries[c].Country = l.countries[c]
		}
		res.filled = filled{l, first(res.Flows), first(res.Markets), first(res.Producers), first(res.Countries)}
	}
	res.Warnings = res.Warnings[:0]

	// Markets first: the flows need P̂ and Q̂.
	// importQ is Q̂_M per market, for the volume effect.
	w.importQ = resize(w.importQ, nm)
	importQ := w.importQ
	for m := range nm {
		mr := &res.Markets[l.marketRank[m]]
		sigma, eta := s.mSigma[m], s.mEta[m]
		mr.Elasticities = Elasticities{Substitution: sigma, ImportDemand: eta}
		mr.Expenditure0 = s.mExpend0[m]
		mr.Value0, mr.Value1 = 0, 0
		mr.HasDomestic = false
		mr.Domestic0, mr.Domestic1 = 0, 0
		mr.DomesticPriceHat = 1
		mr.DomesticSurplus = 0
		mr.Revenue0, mr.Revenue1, mr.RevenueChange = 0, 0, 0
		e0 := mr.Expenditure0
		if w.linear {
			var dp float64
			for k := s.mStart[m]; k < s.mEnd[m]; k++ {
				dp += math.Exp(s.logTheta[k]) * ((1+w.x[s.unit[k]])*s.tau[k]*s.kappa[k] - 1)
			}
			mr.PriceIndexHat = 1 + dp
			mr.QuantityHat = 1 - eta*dp
			mr.ConsumerSurplus = -e0*dp + 0.5*eta*e0*dp*dp
			mr.ConsumerSurplusGSIM = -e0*dp - 0.5*eta*e0*dp*dp*sign(dp)
			mr.ImportPriceIndexHat, mr.ImportQuantityHat = mr.PriceIndexHat, mr.QuantityHat
		} else {
			// exp and expm1 of a zero, which most markets have, without
			// calling them: exp(±0) = 1, expm1(±0) = ±0.
			exp := func(x float64) float64 {
				if x == 0 {
					return 1
				}
				return math.Exp(x)
			}
			logP := w.mLogP[m]
			mr.PriceIndexHat = exp(logP)
			mr.QuantityHat = exp(-eta * logP)
			if math.Abs(1-eta) < 1e-12 {
				mr.ConsumerSurplus = -e0 * logP
			} else if z := (1 - eta) * logP; z == 0 {
				mr.ConsumerSurplus = -e0 * z / (1 - eta)
			} else {
				mr.ConsumerSurplus = -e0 * math.Expm1(z) / (1 - eta)
			}
			mr.ConsumerSurplusGSIM = mr.ConsumerSurplus
			mr.ImportPriceIndexHat, mr.ImportQuantityHat = mr.PriceIndexHat, mr.QuantityHat
			if s.mDom[m] >= 0 {
				sigD := s.mSigD[m]
				mr.HasDomestic = true
				mr.Elasticities.DomesticSubstitution = sigD
				mr.Elasticities.DomesticSupply = s.uEps[s.unit[s.mDom[m]]]
				mr.ImportPriceIndexHat = exp(w.mLogPM[m])
				mr.ImportQuantityHat = exp((sigD-eta)*logP - sigD*w.mLogPM[m])
			}
		}
		importQ[m] = mr.ImportQuantityHat
	}

	nu := len(s.uEps)
	w.unitPS = resize(w.unitPS, nu)
	w.unitP = resize(w.unitP, nu)
	unitPS, unitP := w.unitPS, w.unitP
	for u := range nu {
		eps, x := s.uEps[u], w.x[u]
		switch {
		case w.linear:
			unitP[u] = 1 + x
		default:
			unitP[u] = w.uP[u]
		}
		switch {
		case math.IsInf(eps, 1):
			unitPS[u] = 0
		case w.linear:
			unitPS[u] = s.uX[u]*x + 0.5*eps*s.uX[u]*x*x
		case x == 0:
			unitPS[u] = s.uX[u] * ((1 + eps) * x) / (1 + eps) // expm1(±0) = ±0
		default:
			unitPS[u] = s.uX[u] * math.Expm1((1+eps)*x) / (1 + eps)
		}
	}

	for j := range res.Producers {
		u := s.unit[s.fVar[l.producerFirstFlow[j]]]
		pr := &res.Producers[j]
		pr.ExportSupply = s.uEps[u]
		pr.Value0, pr.Value1, pr.PriceHat, pr.ProducerSurplus = 0, 0, 0, 0
		if p.Supply == Global {
			// Exactly the unit's price and surplus, not a rounded mean.
			pr.PriceHat = unitP[u]
			pr.ProducerSurplus = unitPS[u]
		}
	}
	for c := range res.Countries {
		cr := &res.Countries[c]
		name := cr.Country
		*cr = CountryResult{}
		cr.Country = name
	}

	// piece fills the figures of variety k of a flow with value v.
	piece := func(k int32, v, ph float64, pr *PieceResult) {
		m := s.market[k]
		pr.NewTariff = s.t1[k]
		pr.ConsumerPriceHat = ph * s.kappa[k] * s.tau[k]
		if w.linear {
			pr.QuantityHat = 1 + w.mhat[k]
		} else {
			pr.QuantityHat = w.q[k]
		}
		pr.NewValue = v * ph * pr.QuantityHat
		pr.Revenue1 = pr.NewTariff * pr.NewValue
		if k == s.mDom[m] {
			return
		}
		pr.VolumeEffect = v * (importQ[m] - 1)
		pr.PriceEffect = v * pr.QuantityHat * (ph - 1)
		if w.linear {
			pr.SubstitutionEffect = pr.NewValue - v - pr.VolumeEffect - pr.PriceEffect
		} else {
			// S = (π̂/P̂_M)^(−σ) = q̂/Q̂_M.
			pr.SubstitutionEffect = v * importQ[m] * (w.q[k]/importQ[m] - 1)
		}
	}

	negative, subsidised := 0, 0
	worstV, worstT := math.Inf(1), math.Inf(1)
	worstVFlow, worstTFlow := -1, -1
	for j := range s.fOrig {
		i := s.fOrig[j]
		lo, hi := s.fVar[j], s.fVar[j+1]
		m, u := s.market[lo], s.unit[lo]
		fr := &res.Flows[i]
		fr.Value, fr.Tariff = p.Flows[i].Value, p.Flows[i].Tariff
		fr.Domestic = lo == s.mDom[m]
		fr.TradeCost = s.kappa[lo]
		fr.PriceHat = unitP[u]
		fr.DomesticEffect, fr.ProducerSurplus = 0, 0
		v := fr.Value
		var pr PieceResult
		if hi-lo == 1 {
			piece(lo, v, fr.PriceHat, &pr)
			fr.NewTariff = s.t1[lo]
			fr.Tau = s.tau[lo]
			fr.QuantityHat = pr.QuantityHat
			fr.NewValue = pr.NewValue
			fr.NewConsumerValue = fr.NewValue * (1 + fr.NewTariff)
			fr.Revenue1 = pr.Revenue1
			fr.VolumeEffect, fr.SubstitutionEffect, fr.PriceEffect = pr.VolumeEffect, pr.SubstitutionEffect, pr.PriceEffect
			if fr.Pieces != nil {
				fr.Pieces = nil
			}
			if fr.NewTariff < 0 {
				subsidised++
				if fr.NewTariff < worstT {
					worstT, worstTFlow = fr.NewTariff, i
				}
			}
		} else {
			var qv, tbar float64
			sub := false
			np := int(hi - lo)
			if cap(fr.Pieces) < np {
				fr.Pieces = make([]PieceResult, np)
			} else if len(fr.Pieces) != np {
				fr.Pieces = fr.Pieces[:np]
			}
			fr.NewValue, fr.NewConsumerValue, fr.Revenue1 = 0, 0, 0
			fr.VolumeEffect, fr.SubstitutionEffect, fr.PriceEffect = 0, 0, 0
			for k := lo; k < hi; k++ {
				pr := &fr.Pieces[k-lo]
				*pr = PieceResult{Share: s.share[k], Value: s.value[k]}
				piece(k, s.value[k], fr.PriceHat, pr)
				tbar += pr.Share * pr.NewTariff
				qv += pr.Value * pr.QuantityHat
				fr.NewValue += pr.NewValue
				fr.NewConsumerValue += pr.NewValue * (1 + pr.NewTariff)
				fr.Revenue1 += pr.Revenue1
				fr.VolumeEffect += pr.VolumeEffect
				fr.SubstitutionEffect += pr.SubstitutionEffect
				fr.PriceEffect += pr.PriceEffect
				if pr.NewTariff < 0 {
					sub = true
					if pr.NewTariff < worstT {
						worstT, worstTFlow = pr.NewTariff, i
					}
				}
			}
			if sub {
				subsidised++
			}
			fr.NewTariff = tbar
			fr.Tau = (1 + tbar) / (1 + fr.Tariff)
			fr.QuantityHat = qv / v
		}
		fr.ConsumerPriceHat = fr.PriceHat * fr.TradeCost * fr.Tau
		fr.Revenue0 = fr.Tariff * v
		fr.PassThrough = math.NaN()
		if wedge := fr.TradeCost * fr.Tau; wedge != 1 {
			fr.PassThrough = (fr.ConsumerPriceHat - 1) / (wedge - 1)
		}
		if fr.NewValue < 0 {
			negative++
			if fr.NewValue < worstV {
				worstV, worstVFlow = fr.NewValue, i
			}
		}
		mr := &res.Markets[l.marketRank[m]]
		if fr.Domestic {
			fr.DomesticEffect = fr.NewValue - v
			fr.ProducerSurplus = unitPS[u]
			mr.Domestic0, mr.Domestic1 = v, fr.NewValue
			mr.DomesticPriceHat = fr.PriceHat
			mr.DomesticSurplus = unitPS[u]
			c := &res.Countries[l.flowImp[j]]
			c.Domestic0 += v
			c.Domestic1 += fr.NewValue
			c.DomesticSurplus += unitPS[u]
			continue
		}
		pr2 := &res.Producers[l.prodOf[j]]
		pr2.Value0 += v
		pr2.Value1 += fr.NewValue
		if p.Supply == Bilateral {
			fr.ProducerSurplus = unitPS[u]
			pr2.ProducerSurplus += unitPS[u]
			pr2.PriceHat += v * fr.PriceHat // divided by Value0 below
		}
		mr.Value0 += v
		mr.Value1 += fr.NewValue
		mr.Revenue0 += fr.Revenue0
		mr.Revenue1 += fr.Revenue1
		imp, exp := &res.Countries[l.flowImp[j]], &res.Countries[l.flowExp[j]]
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
	for m := range nm {
		mr := &res.Markets[l.marketRank[m]]
		mr.RevenueChange = mr.Revenue1 - mr.Revenue0
		c := &res.Countries[l.marketCountry[m]]
		c.ConsumerSurplus += mr.ConsumerSurplus
		c.RevenueChange += mr.RevenueChange
	}
	for j := range res.Producers {
		res.Countries[l.producerCountry[j]].ProducerSurplus += res.Producers[j].ProducerSurplus
	}
	for c := range res.Countries {
		cr := &res.Countries[c]
		cr.Welfare = cr.ConsumerSurplus + cr.RevenueChange + cr.ProducerSurplus
		if cr.DomesticSurplus != 0 {
			cr.Welfare += cr.DomesticSurplus
		}
	}
	if negative > 0 {
		worstVName := flowName(p.Flows[worstVFlow])
		res.Warnings = append(res.Warnings, Warning{Kind: NegativeFlows, Count: negative, Flow: worstVName, Value: worstV,
			Message: fmt.Sprintf("%d new flow%s negative (most negative: %s, %.1f million USD): the %s form far from the baseline gives trade below zero; read these results as a replication, not a forecast",
				negative, plural(negative, " is", "s are"), worstVName, worstV, p.Form)})
	}
	if subsidised > 0 {
		worstTName := flowName(p.Flows[worstTFlow])
		res.Warnings = append(res.Warnings, Warning{Kind: ImportSubsidy, Count: subsidised, Flow: worstTName, Value: worstT,
			Message: fmt.Sprintf("%d flow%s a negative new tariff, an import subsidy (largest: %s, %.4g%%)",
				subsidised, plural(subsidised, " has", "s have"), worstTName, 100*worstT)})
	}
	extreme, worstP, worstPFlow := 0, 1.0, 0
	for i := range res.Flows {
		ph := res.Flows[i].PriceHat
		if ph > MaxPriceFactor || ph < 1/MaxPriceFactor || ph != ph {
			extreme++
			if ph != ph || math.Abs(math.Log(ph)) > math.Abs(math.Log(worstP)) {
				worstP, worstPFlow = ph, i
			}
		}
	}
	if extreme > 0 {
		name := flowName(p.Flows[worstPFlow])
		res.Warnings = append(res.Warnings, Warning{Kind: ExtremePrices, Count: extreme, Flow: name, Value: worstP,
			Message: fmt.Sprintf("%d producer price%s moved by more than a factor of %d (most: %s, p̂ = %.4g): the equilibrium is far outside what constant elasticities describe, or ill-determined (η = 0 with ε near 0); do not read these numbers as a forecast",
				extreme, plural(extreme, "", "s"), MaxPriceFactor, name, worstP)})
	}
	if len(res.Warnings) == 0 {
		res.Warnings = nil
	}
	return res
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
