package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// The scraper refuses loopback and private addresses unless
// --allow-private says otherwise: with a loopback --base-url it says so in
// one line and the site gets no request at all.
func TestScrapeRefusesPrivateAddresses(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	data := t.TempDir()
	for _, args := range [][]string{
		{"scrape", "--base-url", siteURL, "--rate", "100"},
		{"scrape", "--base-url", strings.Replace(siteURL, "127.0.0.1", "localhost", 1)},
		{"serve", "--addr", "127.0.0.1:0", "--schedule", "@every 1s", "--base-url", siteURL},
	} {
		p, code := run1(t, []string{"NEWSARCHIVE_DATA=" + data}, args...)
		if code == 0 || !strings.Contains(p.stderr.String(), "add --allow-private") {
			t.Errorf("%s: status %d, %q; want a refusal that names --allow-private", strings.Join(args, " "), code, p.stderr)
		}
	}
	if n := len(site.Requests()); n != 0 {
		t.Errorf("the site got %d requests without --allow-private", n)
	}
	// A name that resolves to a loopback address is refused when the
	// fetcher dials it, after DNS: scraper/fetch TestPrivateAddressRefused.
}

// Redirects are followed only within the site's hosts; pages and sitemaps
// are capped in size (an 11 MB page, a sitemap that inflates to 80 MB);
// what breaks a boundary is skipped and reported, the rest is archived.
func TestScrapeBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	var caught atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		caught.Add(1)
		w.Write([]byte("<html>elsewhere</html>"))
	}))
	t.Cleanup(elsewhere.Close)

	arts := site.Articles()
	var offSite, inSite, huge samplesite.Meta
	for _, a := range arts {
		switch {
		case a.Disallowed || a.Programme:
		case offSite.ID == "":
			offSite = a
		case inSite.ID == "":
			inSite = a
		case huge.ID == "":
			huge = a
		}
	}
	site.SetFault(offSite.Path, samplesite.Fault{Redirect: elsewhere.URL + "/a/moved/" + offSite.ID + ".html"})
	site.SetFault(inSite.Path, samplesite.Fault{Redirect: inSite.Path + "?utm_source=moved", Times: 1}) // within the site: followed
	site.SetFault(huge.Path, samplesite.Fault{Body: append([]byte("<html><body>"), bytes.Repeat([]byte("<p>x</p>"), 11<<20/8)...)})
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`))
	zw.Write(bytes.Repeat([]byte(" "), 80<<20))
	zw.Close()
	site.SetFault("/sitemap_8_news.xml.gz", samplesite.Fault{Body: bomb.Bytes(), ContentType: "application/x-gzip"})

	data := t.TempDir()
	p, code := run1(t, []string{"NEWSARCHIVE_DATA=" + data}, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100")
	if code != 0 {
		t.Fatalf("scrape exited %d\n%s", code, p.stderr)
	}
	if n := caught.Load(); n != 0 {
		t.Errorf("the scraper followed a redirect off the site: %d requests elsewhere", n)
	}
	ids := archivedIDs(t, data)
	if ids[offSite.ID] || ids[huge.ID] || !ids[inSite.ID] {
		t.Errorf("archived: off-site redirect %v (want false), 11 MB page %v (want false), in-site redirect %v (want true)",
			ids[offSite.ID], ids[huge.ID], ids[inSite.ID])
	}
	if want := expectedArticles(site) - 2; len(ids) != want {
		t.Errorf("%d articles archived, want %d", len(ids), want)
	}
	arch := openArchive(t, data)
	defer arch.Close()
	runs, err := arch.Runs(context.Background(), 1)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs: %v %v", runs, err)
	}
	r := runs[0]
	errs := strings.Join(r.Errors, "\n")
	if r.Counts["skipped_off_site"] != 1 || r.Counts["failed"] != 1 {
		t.Errorf("counts %v: want one skipped off site and one failed", r.Counts)
	}
	for _, want := range []string{huge.ID, "sitemap_8_news.xml.gz"} {
		if !strings.Contains(errs, want) {
			t.Errorf("run errors do not mention %s:\n%s", want, errs)
		}
	}
	t.Logf("run errors:\n%s", errs)
}

// Without an admin token the admin route is off (403), whatever is sent.
func TestAdminRouteOffWithoutToken(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	srv := startServer(t, []string{"NEWSARCHIVE_DATA=" + t.TempDir()}, "--addr", "127.0.0.1:0")
	for _, auth := range []string{"", "Bearer ", "Bearer anything-at-all-0123456789"} {
		h := http.Header{}
		if auth != "" {
			h.Set("Authorization", auth)
		}
		a := srv.do(http.MethodPost, "/api/scrape", h, strings.NewReader(`{"site":"rferl"}`))
		if a.status != http.StatusForbidden || a.problem() != "" || !strings.Contains(a.body, "admin routes are off") {
			t.Errorf("Authorization %q: %d %s %q; want 403 saying the admin routes are off", auth, a.status, a.problem(), a.body)
		}
	}
	if runs := srv.jobs(t).Runs; len(runs) != 0 {
		t.Errorf("%d runs recorded", len(runs))
	}
}
