package ge

import "math"

// Result is a solved counterfactual.
type Result struct {
	Theta     float64   `json:"theta"`
	Imbalance Imbalance `json:"imbalance"`
	Countries []Country `json:"countries"`
	// Flows follows the order of Problem.Flows.
	Flows []FlowResult `json:"flows"`
	// Iterations is the number of Newton steps; Residual the final largest
	// relative clearing residual.
	Iterations int     `json:"iterations"`
	Residual   float64 `json:"residual"`
	// SalesFactor is world sales over world output, Σ_ij X′_ij / Σ_i ŵ_i Y_i:
	// 1 under Additive imbalances (to rounding), and 1 + Σ_j D_j(ŵ_j − 1)/Σ_i Y_i
	// without tariffs under Multiplicative ones, where every country's sales
	// are its output times this factor (see the package documentation).
	SalesFactor float64 `json:"sales_factor"`
}

// Country holds one country's results. Suffix 0 is the baseline, 1 the
// counterfactual; money is at world prices in the unit of the flows.
type Country struct {
	Code string `json:"code"`
	// WageHat is ŵ, the change in the price of the country's output
	// (numeraire: world output at baseline prices).
	WageHat float64 `json:"w_hat"`
	// PriceHat is P̂, the change in its consumer price index.
	PriceHat float64 `json:"p_hat"`
	// WelfareHat is Ŵ = (E′/E)/P̂, the change in real spending; > 1 is a gain.
	WelfareHat float64 `json:"welfare_hat"`
	// WelfarePct is 100 (Ŵ − 1).
	WelfarePct float64 `json:"welfare_pct"`
	// RealWageHat is ŵ/P̂; it equals WelfareHat when trade is balanced and
	// there are no tariffs, or under Multiplicative imbalances without tariffs.
	RealWageHat float64 `json:"real_wage_hat"`
	// TermsOfTradeHat is ŵ_j / Π_{i≠j} ŵ_i^ω_ij with ω_ij the baseline shares
	// of j's imports at world prices: export over import prices.
	TermsOfTradeHat float64 `json:"tot_hat"`
	// Output is ŵY (factor income), Spending E (consumer prices, including
	// tariffs), Revenue the tariff revenue and Deficit D = E − Y − R.
	Output0   float64 `json:"output0"`
	Output1   float64 `json:"output1"`
	Spending0 float64 `json:"spending0"`
	Spending1 float64 `json:"spending1"`
	Revenue0  float64 `json:"revenue0"`
	Revenue1  float64 `json:"revenue1"`
	Deficit0  float64 `json:"deficit0"`
	Deficit1  float64 `json:"deficit1"`
	// Exports and Imports are foreign sales and purchases at world prices.
	Exports0 float64 `json:"exports0"`
	Exports1 float64 `json:"exports1"`
	Imports0 float64 `json:"imports0"`
	Imports1 float64 `json:"imports1"`
	// DomesticShare is π_jj, the share of spending on the country's own goods.
	DomesticShare0 float64 `json:"domestic_share0"`
	DomesticShare1 float64 `json:"domestic_share1"`
}

// RevenueChange is Revenue1 − Revenue0.
func (c *Country) RevenueChange() float64 { return c.Revenue1 - c.Revenue0 }

// FlowResult is one flow's results, at world prices.
type FlowResult struct {
	Importer  string  `json:"importer"`
	Exporter  string  `json:"exporter"`
	Value0    float64 `json:"value0"`
	Value1    float64 `json:"value1"`
	Tariff0   float64 `json:"tariff0"`
	Tariff1   float64 `json:"tariff1"`
	TradeCost float64 `json:"trade_cost"`
	Revenue0  float64 `json:"revenue0"`
	Revenue1  float64 `json:"revenue1"`
}

// Change is Value1 − Value0.
func (f *FlowResult) Change() float64 { return f.Value1 - f.Value0 }

// ChangePct is 100 (Value1/Value0 − 1), NaN for a zero baseline flow.
func (f *FlowResult) ChangePct() float64 {
	if f.Value0 == 0 {
		return math.NaN()
	}
	return 100 * (f.Value1/f.Value0 - 1)
}

// Country returns the results of code, or nil.
func (r *Result) Country(code string) *Country {
	for i := range r.Countries {
		if r.Countries[i].Code == code {
			return &r.Countries[i]
		}
	}
	return nil
}

func (s *solver) result(p *Problem) *Result {
	q, n := s.q, s.n
	res := &Result{Theta: q.theta, Imbalance: q.imb, Iterations: s.iters, Residual: s.resid,
		Countries: make([]Country, n), Flows: make([]FlowResult, len(p.Flows)),
		SalesFactor: s.worldS / s.worldW}
	for j := range n {
		c := &res.Countries[j]
		c.Code = q.codes[j]
		c.WageHat = s.w[j]
		c.PriceHat = math.Pow(s.phiHat[j], -1/q.theta)
		eHat := s.eHat[j]
		c.WelfareHat = eHat / c.PriceHat
		c.WelfarePct = 100 * (c.WelfareHat - 1)
		c.RealWageHat = c.WageHat / c.PriceHat
		c.Output0, c.Output1 = q.y[j], s.w[j]*q.y[j]
		c.Spending0, c.Spending1 = q.e[j], q.e[j]*eHat
		c.Revenue0 = q.r[j]
		c.Deficit0 = q.d[j]
		if q.imb == Multiplicative {
			c.Deficit1 = q.d[j] * s.w[j]
		} else {
			c.Deficit1 = q.d[j]
		}
		imp0, logImp := 0.0, 0.0
		for i := range n {
			ij := i*n + j
			c.Revenue1 += q.t1[ij] * s.xp[ij]
			if i != j {
				imp0 += q.x[ij]
				logImp += q.x[ij] * s.x[i]
				c.Imports0 += q.x[ij]
				c.Imports1 += s.xp[ij]
				c.Exports0 += q.x[j*n+i]
				c.Exports1 += s.xp[j*n+i]
			}
		}
		c.TermsOfTradeHat = s.w[j]
		if imp0 > 0 {
			c.TermsOfTradeHat = math.Exp(s.x[j] - logImp/imp0)
		}
		jj := j*n + j
		c.DomesticShare0 = q.x[jj] / q.e[j]
		c.DomesticShare1 = s.xp[jj] / c.Spending1
	}
	for k, f := range p.Flows {
		ij := q.flowIndex[k]
		res.Flows[k] = FlowResult{Importer: f.Importer, Exporter: f.Exporter,
			Value0: q.x[ij], Value1: s.xp[ij], Tariff0: q.t0[ij], Tariff1: q.t1[ij],
			TradeCost: q.kappa[ij], Revenue0: q.t0[ij] * q.x[ij], Revenue1: q.t1[ij] * s.xp[ij]}
	}
	return res
}
