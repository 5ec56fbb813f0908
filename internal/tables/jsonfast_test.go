package tables

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

func encodingJSON(t *testing.T, d *Document) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestJSONFastMatchesEncoding: the directly written arrays give the bytes
// encoding/json gives, for a solved run and for a document with every
// kind of value (NaN, ±Inf, texts that JSON or HTML escapes, optional
// fields, pieces, empty arrays).
func TestJSONFastMatchesEncoding(t *testing.T) {
	real := NewDocument(smallRun(t))
	s := Number(2.5)
	odd := &Document{
		Tool: "tariffsim x",
		Flows: []FlowJSON{
			{Importer: "US", Exporter: `a "b" \ c`, Category: "Information & Communications", Value0: Number(math.NaN()), Value1: Number(math.Inf(1)),
				Tariff0Pct: Number(math.Inf(-1)), PHat: 1e-300, QHat: 1e21, Domestic: true,
				Pieces: []PieceJSON{{Share: 0.38, Value0: 1}, {Share: 0.62, Revenue1: Number(math.Copysign(0, -1))}}},
			{Importer: "<script>", Exporter: "Côte d’Ivoire", Category: "tab\tnew\nline\u2028", Pieces: []PieceJSON{}},
			{Importer: "bad \xff utf-8"},
		},
		Markets:   []MarketJSON{{Importer: "US", Category: "Aerospace", HasDomestic: true, SigmaD: &s, EpsD: new(Number(math.Inf(1)))}, {}},
		Producers: []ProducerJSON{{Exporter: "CA", Category: "x", Epsilon: Number(math.Inf(1))}},
	}
	empty := &Document{Flows: []FlowJSON{}, Markets: nil, Producers: []ProducerJSON{}}
	for name, d := range map[string]*Document{"run": real, "odd": odd, "empty": empty} {
		var b bytes.Buffer
		if err := writeDocument(&b, d); err != nil {
			t.Fatal(err)
		}
		if want := encodingJSON(t, d); !bytes.Equal(b.Bytes(), want) {
			i := 0
			for i < min(b.Len(), len(want)) && b.Bytes()[i] == want[i] {
				i++
			}
			t.Errorf("%s: differs from encoding/json at byte %d:\n%s\nwant\n%s", name, i, b.Bytes()[max(0, i-80):min(b.Len(), i+80)], want[max(0, i-80):min(len(want), i+80)])
		}
	}
}
