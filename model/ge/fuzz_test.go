package ge

import (
	"strings"
	"testing"
)

func FuzzReadFlows(f *testing.F) {
	f.Add("exporter,importer,value\nA,A,1\nA,B,2\nB,A,3\nB,B,4\n")
	f.Add("importer,exporter,value,tariff,new_tariff,trade_cost\nA,A,1,0,0,1\nB,A,2,0.1,0.3,0.9\n")
	f.Add("exporter,importer\nA,B\n")
	f.Add("exporter,importer,value\nA,,x\n")
	f.Fuzz(func(t *testing.T, s string) {
		flows, err := ReadFlows(strings.NewReader(s), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if len(flows) == 0 {
			return
		}
		// Whatever was read must either solve or give an error, never panic.
		_, _ = Solve(&Problem{Theta: 4, Flows: flows, MaxIter: 20})
	})
}
