package tables

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// The flows, markets and producers are nine tenths of results.json and
// encoding/json spent most of a run's time on their reflection, the
// Marshaler calls of their Numbers and the re-indenting of the result.
// writeDocument writes those three arrays directly, in the bytes
// encoding/json writes for them (TestJSONFastMatchesEncoding), and the
// rest of the document through encoding/json.

// writeDocument writes d as json.Encoder with the indent "  " does.
func writeDocument(w io.Writer, d *Document) error {
	flows, markets, producers := d.Flows, d.Markets, d.Producers
	rest := *d
	// Empty, not nil: encoded as [], which is replaced below (a nil
	// array stays nil, encoded as null).
	if flows != nil {
		rest.Flows = []FlowJSON{}
	}
	if markets != nil {
		rest.Markets = []MarketJSON{}
	}
	if producers != nil {
		rest.Producers = []ProducerJSON{}
	}
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&rest); err != nil {
		return err
	}
	doc := head.Bytes()
	out := make([]byte, 0, len(doc)+len(flows)*900+len(markets)*600+len(producers)*250)
	var err error
	for _, a := range []struct {
		key    string
		null   bool
		n      int
		encode func(b []byte, i int) []byte
	}{
		{"flows", flows == nil, len(flows), func(b []byte, i int) []byte { return appendFlow(b, &flows[i]) }},
		{"markets", markets == nil, len(markets), func(b []byte, i int) []byte { return appendMarket(b, &markets[i]) }},
		{"producers", producers == nil, len(producers), func(b []byte, i int) []byte { return appendProducer(b, &producers[i]) }},
	} {
		if a.null {
			continue
		}
		mark := []byte("\n  \"" + a.key + "\": []")
		at := bytes.Index(doc, mark)
		if at < 0 {
			return fmt.Errorf("tables: no %s in the JSON document", a.key)
		}
		out = append(out, doc[:at+len(mark)-2]...)
		doc = doc[at+len(mark):]
		if a.n == 0 {
			out = append(out, "[]"...)
			continue
		}
		out = append(out, '[')
		for i := range a.n {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, "\n    {"...)
			out = a.encode(out, i)
			out = append(out, "\n    }"...)
		}
		out = append(out, "\n  ]"...)
	}
	out = append(out, doc...)
	_, err = w.Write(out)
	return err
}

// jsonObject appends the fields of one object at a depth, as
// json.Encoder's indentation lays them out.
type jsonObject struct {
	b      []byte
	indent string // "\n" and the fields' indentation
	n      int
}

func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = append(o.b, o.indent...)
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, `": `...)
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

func (o *jsonObject) num(k string, v Number) {
	o.key(k)
	o.b = appendNumber(o.b, v)
}

func (o *jsonObject) boolean(k string, v bool) {
	o.key(k)
	o.b = strconv.AppendBool(o.b, v)
}

// appendNumber appends what Number.MarshalJSON returns (encoding/json
// keeps it as it is: it is compact).
func appendNumber(b []byte, n Number) []byte {
	v := float64(n)
	switch {
	case math.IsNaN(v):
		return append(b, "null"...)
	case math.IsInf(v, 1):
		return append(b, `"inf"`...)
	case math.IsInf(v, -1):
		return append(b, `"-inf"`...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// appendJSONString appends s as encoding/json writes it (with its HTML
// escaping of <, > and &): directly when s is plain printable ASCII, else
// through json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

const fieldIndent = "\n      "

func appendFlow(b []byte, f *FlowJSON) []byte {
	o := jsonObject{b: b, indent: fieldIndent}
	o.str("importer", f.Importer)
	o.str("exporter", f.Exporter)
	o.str("category", f.Category)
	o.num("value0", f.Value0)
	o.num("value1", f.Value1)
	o.num("tariff0_pct", f.Tariff0Pct)
	o.num("tariff1_pct", f.Tariff1Pct)
	o.num("p_hat", f.PHat)
	o.num("consumer_price_hat", f.ConsumerPriceHat)
	o.num("q_hat", f.QHat)
	o.num("pass_through", f.PassThrough)
	o.num("volume_effect", f.Volume)
	o.num("substitution_effect", f.Substitution)
	o.num("price_effect", f.Price)
	o.num("revenue0", f.Revenue0)
	o.num("revenue1", f.Revenue1)
	o.num("dPS", f.DPS)
	o.num("trade_cost", f.TradeCost)
	o.boolean("domestic", f.Domestic)
	if len(f.Pieces) > 0 {
		o.key("pieces")
		o.b = append(o.b, '[')
		for i := range f.Pieces {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = append(o.b, "\n        {"...)
			o.b = appendPiece(o.b, &f.Pieces[i])
			o.b = append(o.b, "\n        }"...)
		}
		o.b = append(o.b, "\n      ]"...)
	}
	return o.b
}

func appendPiece(b []byte, p *PieceJSON) []byte {
	o := jsonObject{b: b, indent: "\n          "}
	o.num("share", p.Share)
	o.num("value0", p.Value0)
	o.num("tariff1_pct", p.Tariff1Pct)
	o.num("consumer_price_hat", p.ConsumerPriceHat)
	o.num("q_hat", p.QHat)
	o.num("value1", p.Value1)
	o.num("revenue1", p.Revenue1)
	return o.b
}

func appendMarket(b []byte, m *MarketJSON) []byte {
	o := jsonObject{b: b, indent: fieldIndent}
	o.str("importer", m.Importer)
	o.str("category", m.Category)
	o.num("sigma", m.Sigma)
	o.num("eta", m.Eta)
	o.num("E0", m.E0)
	o.num("value0", m.Value0)
	o.num("value1", m.Value1)
	o.num("P_hat", m.PHat)
	o.num("Q_hat", m.QHat)
	o.num("dCS", m.DCS)
	o.num("dCS_gsim", m.DCSGSIM)
	o.num("dR", m.DR)
	o.boolean("has_domestic", m.HasDomestic)
	if m.SigmaD != nil {
		o.num("sigma_d", *m.SigmaD)
	}
	if m.EpsD != nil {
		o.num("eps_d", *m.EpsD)
	}
	o.num("domestic0", m.Domestic0)
	o.num("domestic1", m.Domestic1)
	o.num("dPS_domestic", m.DPSDomestic)
	return o.b
}

func appendProducer(b []byte, p *ProducerJSON) []byte {
	o := jsonObject{b: b, indent: fieldIndent}
	o.str("exporter", p.Exporter)
	o.str("category", p.Category)
	o.num("epsilon", p.Epsilon)
	o.num("value0", p.Value0)
	o.num("value1", p.Value1)
	o.num("p_hat", p.PHat)
	o.num("dPS", p.DPS)
	return o.b
}
