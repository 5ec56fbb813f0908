package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A [timeline] scenario shows its monthly path: the three path charts,
// each downloadable, and the table of months.
func TestTimelinePath(t *testing.T) {
	srv := newServer(t, Options{})
	body := getOK(t, srv, "/results?s=2025-as-it-happened")
	for _, want := range []string{`id="path-h"`, `<table class="months">`, "Jan 2025", "Total",
		`id="chart-path-trade"`, `id="chart-path-imports-by-partner"`, `id="chart-path-tariff-revenue"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the results lack %q", want)
		}
	}
	if svg := getOK(t, srv, "/download/chart/path-trade.svg?s=2025-as-it-happened"); !strings.Contains(svg, "<svg") {
		t.Errorf("path chart download: %.200s", svg)
	}
	// A scenario without a timeline has none.
	if body := getOK(t, srv, "/results?s=us-canada-mexico-25"); strings.Contains(body, `id="path-h"`) {
		t.Error("a scenario without [timeline] shows a path")
	}
}

func getOK(t *testing.T, srv *httptest.Server, path string) string {
	t.Helper()
	resp, body := get(t, srv, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", path, resp.StatusCode, body)
	}
	return body
}
