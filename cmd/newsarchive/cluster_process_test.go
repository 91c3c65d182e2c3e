package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/internal/pgtest"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// More than one machine: one PostgreSQL archive, two `serve` nodes with
// their own indexes and a separate `scrape` process. Both nodes converge to
// the same totals, facets and exports; one node killed with -9 while new
// articles arrive catches up by itself after a restart; entities are found
// once (by the node holding the lease) and every node shows them.
func TestTwoNodesOnePostgresArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	pg := pgtest.URL(t)
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	want := expectedArticles(site)
	node := func(data string) *server {
		return startServer(t, []string{"NEWSARCHIVE_ARCHIVE=" + pg, "NEWSARCHIVE_DATA=" + data},
			"--addr", "127.0.0.1:0", "--index-every", "100ms")
	}
	dataA, dataB := t.TempDir(), t.TempDir()
	a, b := node(dataA), node(dataB)

	if _, code := run1(t, []string{"NEWSARCHIVE_ARCHIVE=" + pg, "NEWSARCHIVE_DATA=" + t.TempDir()},
		"scrape", "--base-url", siteURL, "--allow-private", "--rate", "100"); code != 0 {
		t.Fatalf("scrape exited %d", code)
	}
	converged := func(total int) {
		t.Helper()
		for _, n := range []*server{a, b} {
			waitUntil(t, 60*time.Second, fmt.Sprintf("%d articles on %s", total, n.url), func() bool {
				var h struct{ Articles, Pending int }
				n.getJSON(t, "/healthz", &h)
				return n.searchTotal(t) == total && h.Pending == 0
			})
		}
		for _, path := range []string{"/api/search?facet_size=100&size=100", "/api/search?q=summit&facet_size=100&sort=newest",
			"/api/search?person=Sergei+Lavrov&facet_size=100", "/api/export?format=ndjson", "/api/export?format=csv"} {
			if ga, gb := bodyOf(t, a.url+path), bodyOf(t, b.url+path); ga != gb {
				t.Errorf("%s: the nodes answer differently:\n%.400s\n%.400s", path, ga, gb)
			}
		}
	}
	converged(want)

	// Node B is killed; articles arrive meanwhile; A takes them, B catches
	// up after its restart.
	b.signal(syscall.SIGKILL)
	b.wait(10 * time.Second)
	arch, err := archive.Open(context.Background(), pg)
	if err != nil {
		t.Fatal(err)
	}
	defer arch.Close()
	for i := range 3 {
		art := &article.Article{ID: fmt.Sprint(99000100 + i), URL: fmt.Sprintf("https://www.rferl.org/a/%d.html", 99000100+i),
			Site: "rferl", Language: "en", Title: fmt.Sprintf("Zorbakistan Talks, Day %d", i+1),
			Body: "Sergei Lavrov met officials in Tbilisi on Monday.", Published: time.Date(2025, 11, 27, 9, i, 0, 0, time.UTC)}
		if _, err := arch.SaveArticle(context.Background(), art, nil); err != nil {
			t.Fatal(err)
		}
	}
	b = node(dataB)
	converged(want + 3)
	a.stop(t)
	b.stop(t)
}

// bodyOf is a GET's body with the time a search took left out.
func bodyOf(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, body)
	}
	return tookMS.ReplaceAllString(strings.TrimSpace(string(body)), "")
}

var tookMS = regexp.MustCompile(`"took_ms":[0-9.e+-]+,?`)

// PostgreSQL goes away for a while: a node says so (healthz 503
// "unavailable", searches that need the archive 503 with Retry-After, no
// stack trace, no crash), then recovers by itself when it is back, and
// articles archived after it came back are indexed.
func TestNodeOutlivesAPostgresOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	pg := pgtest.URL(t)
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	want := expectedArticles(site)
	env := []string{"NEWSARCHIVE_ARCHIVE=" + pg, "NEWSARCHIVE_DATA=" + t.TempDir()}
	if _, code := run1(t, env, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100"); code != 0 {
		t.Fatalf("scrape exited %d", code)
	}
	n := startServer(t, env, "--addr", "127.0.0.1:0", "--index-every", "100ms")
	waitUntil(t, 60*time.Second, "the node to index the archive", func() bool { return n.searchTotal(t) == want })

	restore := pgtest.Outage(t)
	var h map[string]any
	if code := n.getJSON(t, "/healthz", &h); code != http.StatusServiceUnavailable || h["archive"] != "unavailable" {
		t.Errorf("healthz during the outage: %d %v", code, h)
	}
	resp, err := http.Get(n.url + "/api/search?q=water")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "archive cannot be reached") {
		t.Errorf("search during the outage: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	time.Sleep(500 * time.Millisecond) // the indexer's loop meets the outage too
	restore()

	waitUntil(t, 30*time.Second, "the node to recover", func() bool {
		var h map[string]any
		return n.getJSON(t, "/healthz", &h) == http.StatusOK
	})
	arch, err := archive.Open(context.Background(), pg)
	if err != nil {
		t.Fatal(err)
	}
	defer arch.Close()
	art := &article.Article{ID: "99000200", URL: "https://www.rferl.org/a/99000200.html", Site: "rferl", Language: "en",
		Title: "After The Outage", Body: "Sergei Lavrov spoke in Tbilisi on Monday.", Published: time.Date(2025, 11, 28, 9, 0, 0, 0, time.UTC)}
	if _, err := arch.SaveArticle(context.Background(), art, nil); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 30*time.Second, "the new article in search", func() bool { return n.searchTotal(t) == want+1 })
	n.stop(t)
}

// PostgreSQL goes away in the middle of a scrape: the scrape stops at the
// next page it cannot store (exit 2, saying why) instead of fetching pages
// it cannot keep; run again once the database is back, it finishes the
// work with every article archived once.
func TestScrapeStopsWhenPostgresGoesAway(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	pg := pgtest.URL(t)
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	want := expectedArticles(site)
	slow := site.Articles()[len(site.Articles())/2].Path
	site.SetFault(slow, samplesite.Fault{Delay: 2 * time.Second, Times: 1})
	env := []string{"NEWSARCHIVE_ARCHIVE=" + pg, "NEWSARCHIVE_DATA=" + t.TempDir()}
	scr := start(t, env, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100")
	requested(t, site, slow)
	restore := pgtest.Outage(t)
	code := scr.wait(time.Minute)
	restore()
	if code == 0 || !strings.Contains(scr.stderr.String(), "cannot be reached") {
		t.Errorf("scrape during the outage: exit %d, %s", code, scr.stderr)
	}
	if _, code := run1(t, env, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100"); code != 0 {
		t.Fatalf("scrape after the outage exited %d", code)
	}
	arch, err := archive.Open(context.Background(), pg)
	if err != nil {
		t.Fatal(err)
	}
	defer arch.Close()
	if c, err := arch.Count(context.Background()); err != nil || c.Articles != want {
		t.Errorf("after the outage and a second scrape: %+v, %v; want %d articles", c, err, want)
	}
}
