package scrape_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/scraper/scrape"
)

func openArchive(t *testing.T) *archive.Archive {
	t.Helper()
	a, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// expected lists the sample site's articles a scrape must archive: every
// text article that robots.txt allows.
func expected(site *samplesite.Site) map[string]samplesite.Meta {
	out := map[string]samplesite.Meta{}
	for _, m := range site.Articles() {
		if !m.Programme && !m.Disallowed {
			out[m.ID] = m
		}
	}
	return out
}

func articleIDs(t *testing.T, a *archive.Archive) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	var last uint32
	for {
		docs, err := a.After(context.Background(), last, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			return ids
		}
		for _, d := range docs {
			if ids[d.Article.ID] {
				t.Errorf("article %s stored twice", d.Article.ID)
			}
			ids[d.Article.ID] = true
			last = d.Doc
		}
	}
}

// The done check: a site with a robots.txt disallowing a path, one
// URL answering 429 with Retry-After, one 500 then 200: every allowed
// article archived exactly once; a second run fetches no body.
func TestScrapePoliteAndIncremental(t *testing.T) {
	ctx := context.Background()
	site, base := testenv.SampleSite(t, samplesite.Options{})
	want := expected(site)
	var paths []string
	for _, m := range want {
		paths = append(paths, m.Path)
	}
	site.SetFault(paths[0], samplesite.Fault{Status: 429, RetryAfter: "1", Times: 1})
	site.SetFault(paths[1], samplesite.Fault{Status: 500, Times: 1})
	arch := openArchive(t)

	rep, err := scrape.Run(ctx, arch, testenv.ScrapeOptions(t, base))
	if err != nil {
		t.Fatal(err)
	}
	got := articleIDs(t, arch)
	for id := range want {
		if !got[id] {
			t.Errorf("article %s (%s) not archived", id, want[id].Path)
		}
	}
	if len(got) != len(want) {
		t.Errorf("archived %d articles, want %d", len(got), len(want))
	}
	c := rep.Counts
	if c[scrape.New] != int64(len(want)) || c["skipped_robots"] != 1 || c["skipped_not_article"] != 2 || c[scrape.Failed] != 0 {
		t.Errorf("first run counts = %v", c)
	}
	if rep.State != archive.RunDone {
		t.Errorf("state = %s", rep.State)
	}
	for _, r := range site.Requests() {
		if strings.HasPrefix(r.Path, "/a/private/") && r.Path != "/robots.txt" {
			t.Errorf("fetched a path robots.txt disallows: %s", r.Path)
		}
	}

	// Second run: only conditional requests, all answered 304, nothing stored.
	site.ResetRequests()
	rep2, err := scrape.Run(ctx, arch, testenv.ScrapeOptions(t, base))
	if err != nil {
		t.Fatal(err)
	}
	c2 := rep2.Counts
	if c2["fetched"] != 0 || c2[scrape.New] != 0 || c2[scrape.NotModified] != int64(len(want)) {
		t.Errorf("second run counts = %v; want no body fetched, %d not modified", c2, len(want))
	}
	if !strings.Contains(rep2.Summary(), fmt.Sprintf("not modified %d", len(want))) || !strings.Contains(rep2.Summary(), "fetched 0") {
		t.Errorf("summary does not say so: %s", rep2.Summary())
	}
	for _, r := range site.Requests() {
		if strings.HasPrefix(r.Path, "/a/") && (!r.Conditional || r.Status != 304) {
			t.Errorf("second run: %s was not a 304 to a conditional request (status %d)", r.Path, r.Status)
		}
	}

	// An article changes: the next run stores it as updated with a revision.
	var touched string
	for id := range want {
		touched = id
		break
	}
	if err := site.Touch(touched); err != nil {
		t.Fatal(err)
	}
	rep3, err := scrape.Run(ctx, arch, testenv.ScrapeOptions(t, base))
	if err != nil {
		t.Fatal(err)
	}
	if rep3.Counts[scrape.Updated] != 1 || rep3.Counts[scrape.New] != 0 {
		t.Errorf("after Touch: counts = %v, want 1 updated", rep3.Counts)
	}
	revs, err := arch.Revisions(ctx, touched)
	if err != nil || len(revs) != 1 {
		t.Errorf("revisions of %s = %d, %v; want 1", touched, len(revs), err)
	}
	runs, err := arch.Runs(ctx, 10)
	if err != nil || len(runs) != 3 || runs[0].State != archive.RunDone || runs[0].Counts[scrape.Updated] != 1 {
		t.Errorf("runs recorded: %+v, %v", runs, err)
	}
}

func TestScrapeBounds(t *testing.T) {
	ctx := context.Background()
	site, base := testenv.SampleSite(t, samplesite.Options{})
	since := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2025, 10, 31, 0, 0, 0, 0, time.UTC)
	inOctober := 0
	for _, m := range expected(site) {
		if !m.Published.Before(since) && m.Published.Before(until.AddDate(0, 0, 1)) {
			inOctober++
		}
	}
	tests := []struct {
		name  string
		opts  func(o *scrape.Options)
		count int
	}{
		{"max", func(o *scrape.Options) { o.Max = 5 }, 5},
		{"since and until", func(o *scrape.Options) { o.Since, o.Until = since, until }, inOctober},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arch := openArchive(t)
			opts := testenv.ScrapeOptions(t, base)
			tt.opts(&opts)
			if _, err := scrape.Run(ctx, arch, opts); err != nil {
				t.Fatal(err)
			}
			if got := len(articleIDs(t, arch)); got != tt.count {
				t.Errorf("archived %d, want %d", got, tt.count)
			}
		})
	}
}

func TestScrapeFailuresAreRecordedAndRetriedLater(t *testing.T) {
	ctx := context.Background()
	site, base := testenv.SampleSite(t, samplesite.Options{})
	var gone, broken string
	for _, m := range expected(site) {
		if gone == "" {
			gone = m.Path
		} else if broken == "" {
			broken = m.Path
		}
	}
	site.SetFault(gone, samplesite.Fault{Status: 410})
	site.SetFault(broken, samplesite.Fault{Status: 503})
	arch := openArchive(t)
	opts := testenv.ScrapeOptions(t, base)
	opts.Fetch.MaxAttempts = 2
	opts.Fetch.BackoffBase = time.Millisecond
	rep, err := scrape.Run(ctx, arch, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts[scrape.Gone] != 1 || rep.Counts[scrape.Failed] != 1 || len(rep.Errors) == 0 {
		t.Errorf("counts = %v, errors %v", rep.Counts, rep.Errors)
	}
	st, ok, err := arch.FetchState(ctx, base+gone)
	if err != nil || !ok || st.Outcome != scrape.Gone || st.NextDue.Before(time.Now().Add(24*time.Hour)) {
		t.Errorf("gone URL state = %+v, %v", st, err)
	}
	// Next run: neither is asked again yet.
	site.ResetRequests()
	rep, err = scrape.Run(ctx, arch, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range site.Requests() {
		if r.Path == gone || r.Path == broken {
			t.Errorf("%s asked again before it was due", r.Path)
		}
	}
	if rep.Counts["skipped_retry_later"] != 2 {
		t.Errorf("second run counts = %v", rep.Counts)
	}
}

func TestSecondScrapeOfASiteIsSkipped(t *testing.T) {
	ctx := context.Background()
	_, base := testenv.SampleSite(t, samplesite.Options{})
	arch := openArchive(t)
	opts := testenv.ScrapeOptions(t, base)
	ok, _, err := arch.TryLock(ctx, scrape.LockName(opts.Profile.Name), "other")
	if !ok || err != nil {
		t.Fatal("could not take the lock", err)
	}
	rep, err := scrape.Run(ctx, arch, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.State != archive.RunSkipped || !strings.Contains(rep.Summary(), "another scrape") {
		t.Errorf("state %s, summary %q", rep.State, rep.Summary())
	}
	if n := len(articleIDs(t, arch)); n != 0 {
		t.Errorf("a skipped run archived %d articles", n)
	}
}

func TestCancelledScrapeIsInterrupted(t *testing.T) {
	site, base := testenv.SampleSite(t, samplesite.Options{})
	arch := openArchive(t)
	opts := testenv.ScrapeOptions(t, base)
	ctx, cancel := context.WithCancel(context.Background())
	opts.Progress = func(done, _ int) {
		if done == 3 {
			cancel()
		}
	}
	rep, err := scrape.Run(ctx, arch, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.State != archive.RunInterrupted {
		t.Errorf("state = %s, want interrupted", rep.State)
	}
	// A new run completes the work, storing nothing twice.
	if _, err := scrape.Run(context.Background(), arch, testenv.ScrapeOptions(t, base)); err != nil {
		t.Fatal(err)
	}
	if got, want := len(articleIDs(t, arch)), len(expected(site)); got != want {
		t.Errorf("after resuming: %d articles, want %d", got, want)
	}
}
