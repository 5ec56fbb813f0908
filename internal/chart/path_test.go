package chart

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMarkerLabels records the labels drawn on time-path markers as a
// golden file: measures in words, never data-table ids, merged when they
// fall on the same day, cut with an ellipsis to fit beside the line.
func TestMarkerLabels(t *testing.T) {
	d := func(m, day int) time.Time { return time.Date(2025, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	l := &pathLines{start: d(1, 1), months: 18, markers: []Marker{
		{Date: d(2, 4), ID: "T02", Label: "China 10% (IEEPA fentanyl)"},
		{Date: d(3, 4), ID: "T04", Label: "Canada and Mexico 25% (non-USMCA goods)"},
		{Date: d(3, 4), ID: "T05", Label: "China 20%"},
		{Date: d(3, 4), ID: "T06", Label: "Canada energy 10%"},
		{Date: d(3, 4), ID: "T07", Label: "Mexico potash 10%"},
		{Date: d(4, 5), ID: "T10", Label: "Reciprocal baseline 10% on all partners except Canada and Mexico, with the annex of exempt goods"},
		{Date: d(5, 14), ID: "R02", Label: "China's retaliation on US exports", End: true},
		{Date: d(8, 7), ID: "T21"}, // no label: the id stands in
	}}
	xs, labels := l.markerGroups()
	var b strings.Builder
	st := textStyle(labelSize-1, inkLight, 0, 0)
	for i := range xs {
		fmt.Fprintf(&b, "%5.2f  %s\n", xs[i], labels[i])
		if w := st.Width(labels[i]); w > markerLabelPts {
			t.Errorf("label %q is %v wide, more than %v", labels[i], w, markerLabelPts)
		}
		for _, id := range []string{"T04", "T05", "T06", "T10", "R02"} {
			if strings.Contains(labels[i], id) {
				t.Errorf("label %q shows the row id %s", labels[i], id)
			}
		}
	}
	golden(t, "markers.golden", b.String())
}
