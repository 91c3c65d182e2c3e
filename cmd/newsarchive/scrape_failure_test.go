package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"newsarchive/archive"
	"newsarchive/internal/testenv"
)

// A scrape of which nothing could be fetched (every connection refused,
// every answer a server error) prints its summary with the failed requests
// counted, exits 2 with one line saying why, and is recorded as failed; a
// site that answers but has nothing to archive is a scrape that worked.
func TestScrapeOfAnUnreachableSiteFails(t *testing.T) {
	refused := testenv.ClosedPort(t)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	t.Cleanup(down.Close)
	empty := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sitemap.xml" {
			w.Header().Set("Content-Type", "text/xml")
			w.Write([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(empty.Close)

	tests := []struct {
		name  string
		base  string
		code  int
		says  string // the last line of stderr, when it fails
		state string // of the recorded run
	}{
		{"connection refused", refused, 2, "connection refused", archive.RunFailed},
		{"server errors", down.URL, 2, "status 503", archive.RunFailed},
		{"nothing to archive", empty.URL, 0, "", archive.RunDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // the fetcher's retries wait a few seconds
			data := t.TempDir()
			code, out, errOut := cli(t, context.Background(), "--data", data, "scrape", "--base-url", tt.base, "--allow-private", "--rate", "100")
			last := lastLine(errOut)
			t.Logf("exit %d, stdout %q, last line %q", code, out, last)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			if !strings.HasPrefix(out, "rferl: discovered 0 (discovery requests failed ") {
				t.Errorf("stdout %q, want the summary counting the failed discovery requests", out)
			}
			if tt.code != 0 {
				if !strings.HasPrefix(last, "newsarchive: scrape rferl: nothing could be fetched: ") || !strings.Contains(last, tt.says) {
					t.Errorf("last line %q, want one line saying nothing could be fetched and %q", last, tt.says)
				}
			} else if strings.HasPrefix(last, "newsarchive: ") {
				t.Errorf("a scrape that worked ends with an error line: %q", last)
			}
			arch := openArchive(t, data)
			defer arch.Close()
			runs, err := arch.Runs(context.Background(), 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 1 || runs[0].State != tt.state {
				t.Fatalf("runs recorded: %+v, want one %s", runs, tt.state)
			}
			if tt.code != 0 && !strings.Contains(strings.Join(runs[0].Errors, "\n"), "nothing could be fetched") {
				t.Errorf("the failed run's errors %q do not say why it failed", runs[0].Errors)
			}
		})
	}
}
