package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/tariffsim/tariffsim/internal/web"
)

// The report the web page offers for download is the report 'tariffsim
// report' writes for the same scenario, byte for byte: both come from one
// pipeline run, the monthly path included.
func TestWebReportIsCLIReport(t *testing.T) {
	for _, name := range []string{"2025-as-it-happened", "us-canada-mexico-25-retaliation"} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "report.html")
			if _, stderr, code := runCLI(t, "report", "--out", file, name); code != 0 {
				t.Fatalf("report: exit %d: %s", code, stderr)
			}
			cli, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			h, err := web.New(web.Options{Version: versionString()})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			resp, err := http.Get(srv.URL + "/download/report.html?s=" + name)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("download: %d %v %.300s", resp.StatusCode, err, got)
			}
			if !bytes.Equal(got, cli) {
				i := 0
				for i < min(len(got), len(cli)) && got[i] == cli[i] {
					i++
				}
				t.Fatalf("the web report (%d bytes) differs from the CLI's (%d bytes) at byte %d:\nweb: %.200q\ncli: %.200q",
					len(got), len(cli), i, got[max(0, i-40):min(len(got), i+160)], cli[max(0, i-40):min(len(cli), i+160)])
			}
			if name == "2025-as-it-happened" && !bytes.Contains(cli, []byte("Jan 2025")) {
				t.Error("the report has no monthly path")
			}
		})
	}
}
