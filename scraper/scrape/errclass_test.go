package scrape_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"newsarchive/archive"
	"newsarchive/scraper/fetch"
	"newsarchive/scraper/scrape"
)

// Each error a run records maps to a class that holds nothing of its text.
func TestErrorClass(t *testing.T) {
	const inner = "http://10.0.0.5:8080"
	refused := errors.New("dial tcp 10.0.0.5:8080: connect: connection refused")
	tests := []struct {
		name, msg, class string
	}{
		{"status", (&fetch.StatusError{URL: inner + "/a/1.html", Code: 503, Attempts: 4}).Error(), scrape.ClassFetch},
		{"network", (&fetch.TransportError{URL: inner + "/a/1.html", Attempts: 4, Err: refused}).Error(), scrape.ClassFetch},
		{"too large", fmt.Errorf("fetch %s/a/1.html: %w", inner, fetch.ErrTooLarge).Error(), scrape.ClassFetch},
		{"nothing fetched", fmt.Errorf("scrape rferl: %w: all 5 discovery requests failed, the first %s/sitemap.xml: %v",
			scrape.ErrNothingFetched, inner, refused).Error(), scrape.ClassFetch},
		{"parse", "parse " + inner + "/a/1.html: no title", scrape.ClassParse},
		{"discovery source", inner + "/sitemap.xml: status 500 after 4 tries", scrape.ClassDiscovery},
		{"discovery", fmt.Errorf("discover rferl: %w", refused).Error(), scrape.ClassDiscovery},
		{"disk full", fmt.Errorf("scrape rferl stopped: %w", fmt.Errorf("archive article 1: %w: no space left on /srv/data", archive.ErrDiskFull)).Error(), scrape.ClassArchiveWrite},
		{"unwritable", fmt.Errorf("archive article 1: %w: it is read-only", archive.ErrUnwritable).Error(), scrape.ClassArchiveWrite},
		{"archive read", "fetch state of " + inner + "/a/1.html: dial tcp 10.0.0.9:5432: connection refused", scrape.ClassArchive},
		{"archive write", "record fetch state of " + inner + "/a/1.html: pq: deadlock detected", scrape.ClassArchive},
		{"shutdown", "stopped by a shutdown before it finished; the next run resumes", scrape.ClassShutdown},
		{"process died", "the process running this scrape stopped before it finished", scrape.ClassProcessDied},
		{"locked", "another scrape (pid 4242) held the lock", scrape.ClassLocked},
		{"more", "… more errors in the log", scrape.ClassMore},
		{"anything else", "pq: password authentication failed for user \"scraper\" at 10.0.0.9", scrape.ClassOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := scrape.ErrorClass(tc.msg)
			if got != tc.class {
				t.Errorf("ErrorClass(%q) = %q, want %q", tc.msg, got, tc.class)
			}
			for _, secret := range []string{"10.0.0", "4242", "/srv", "scraper", "rferl"} {
				if strings.Contains(got, secret) {
					t.Errorf("class %q holds %q", got, secret)
				}
			}
		})
	}
}

func TestPublicErrors(t *testing.T) {
	errs := []string{
		"fetch http://10.0.0.5/a/1.html: status 503 after 4 tries",
		"parse http://10.0.0.5/a/2.html: no title",
		"fetch http://10.0.0.5/a/3.html: status 502 after 4 tries",
		"fetch http://10.0.0.5/a/4.html: timed out",
	}
	got := scrape.PublicErrors(errs)
	if want := []string{"fetch failed (3)", "parse failed"}; !slices.Equal(got, want) {
		t.Errorf("PublicErrors = %q, want %q", got, want)
	}
	if got := scrape.PublicErrors(nil); got == nil || len(got) != 0 {
		t.Errorf("PublicErrors(nil) = %#v, want an empty list (JSON [])", got)
	}
}
