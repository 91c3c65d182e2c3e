package scrape_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/scraper/scrape"
)

func serve(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// A run in which every request failed is recorded as failed with its
// reason and returns an error; a site that answers with nothing (new) to
// archive, or fails only some pages, is a done run.
func TestScrapeThatFetchedNothingFails(t *testing.T) {
	tests := []struct {
		name string
		base func(t *testing.T) string
		// fail: the run must fail and its error say this.
		fail string
		// summary: the summary must say this.
		summary string
	}{
		{"connection refused", func(t *testing.T) string { return testenv.ClosedPort(t) }, "discovery requests failed, the first", "discovered 0 (discovery requests failed "},
		{"server errors everywhere", func(t *testing.T) string {
			return serve(t, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
		}, "robots.txt unreachable: status 503", "discovered 0 (discovery requests failed "},
		{"no robots.txt, discovery answers 500", func(t *testing.T) string {
			return serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				http.Error(w, "oops", http.StatusInternalServerError)
			})
		}, "/sitemap.xml: status 500", "discovered 0 (discovery requests failed "},
		{"TLS certificate not trusted", func(t *testing.T) string {
			srv := httptest.NewTLSServer(samplesite.New(samplesite.Options{}))
			t.Cleanup(srv.Close)
			return srv.URL
		}, "certificate", "discovered 0 (discovery requests failed "},
		{"discovery answers, every article page fails", func(t *testing.T) string {
			site, base := testenv.SampleSite(t, samplesite.Options{})
			for _, m := range site.Articles() {
				site.SetFault(m.Path, samplesite.Fault{Status: http.StatusBadGateway})
			}
			return base
		}, "article pages failed, the first: fetch ", "fetched 0, new 0"},
		{"the site has no articles", func(t *testing.T) string {
			return serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/sitemap.xml" {
					w.Header().Set("Content-Type", "text/xml")
					w.Write([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`))
					return
				}
				http.NotFound(w, r)
			})
		}, "", "discovered 0 (discovery requests failed"},
		{"some article pages fail", func(t *testing.T) string {
			site, base := testenv.SampleSite(t, samplesite.Options{})
			for _, m := range expected(site) {
				site.SetFault(m.Path, samplesite.Fault{Status: http.StatusServiceUnavailable})
				break
			}
			return base
		}, "", "failed 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			arch := openArchive(t)
			opts := testenv.ScrapeOptions(t, tt.base(t))
			opts.Fetch.MaxAttempts = 2
			opts.Fetch.BackoffBase = time.Millisecond
			rep, err := scrape.Run(ctx, arch, opts)
			if rep == nil {
				t.Fatalf("no report: %v", err)
			}
			t.Logf("summary %q, err %v", rep.Summary(), err)
			if !strings.Contains(rep.Summary(), tt.summary) {
				t.Errorf("summary %q, want it to say %q", rep.Summary(), tt.summary)
			}
			run, rerr := arch.Run(ctx, rep.RunID)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if tt.fail == "" {
				if err != nil || rep.State != archive.RunDone || run.State != archive.RunDone {
					t.Errorf("err %v, state %s, recorded %s; want a done run", err, rep.State, run.State)
				}
				return
			}
			if !errors.Is(err, scrape.ErrNothingFetched) || !strings.Contains(err.Error(), tt.fail) {
				t.Errorf("err %v, want ErrNothingFetched saying %q", err, tt.fail)
			}
			if rep.State != archive.RunFailed || run.State != archive.RunFailed {
				t.Errorf("state %s, recorded %s; want failed", rep.State, run.State)
			}
			if err != nil && !strings.Contains(strings.Join(run.Errors, "\n"), err.Error()) {
				t.Errorf("recorded errors %q do not hold the run's error %q", run.Errors, err)
			}
		})
	}
}
