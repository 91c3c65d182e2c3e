package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/jobs"
	"newsarchive/scraper/pangea"
	"newsarchive/search"
)

// xssID is the sample article whose title holds <script> and <img onerror>.
const xssID = "33599020"

type uiEnv struct {
	*testenv.Env
	srv  *Server
	http *httptest.Server
}

func newUIEnv(t testing.TB) *uiEnv {
	t.Helper()
	return newUIEnvOf(t, samplesite.Options{})
}

// newUIEnvOf is newUIEnv on a sample site with options.
func newUIEnvOf(t testing.TB, opts samplesite.Options) *uiEnv {
	t.Helper()
	env := testenv.Filled(t, opts)
	srv := &Server{Engine: env.Engine, Archive: env.Archive, Log: slog.New(slog.DiscardHandler)}
	ts := httptest.NewServer(handler(t, srv))
	t.Cleanup(ts.Close)
	return &uiEnv{Env: env, srv: srv, http: ts}
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, base, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" { // net/http sends req.Host, not a Host header
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

func (e *uiEnv) total(t testing.TB, q search.Query) int {
	t.Helper()
	if q.Size == 0 {
		q.Size = search.DefaultSize
	}
	if q.Page == 0 {
		q.Page = 1
	}
	res, err := e.Engine.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestUIPages(t *testing.T) {
	e := newUIEnv(t)
	all := e.total(t, search.Query{})
	lavrov := e.total(t, search.Query{Filter: map[string][]string{"person": {"Sergei Lavrov"}}})
	if all < 30 || lavrov == 0 || lavrov >= all {
		t.Fatalf("unexpected sample archive: %d articles, %d mention Sergei Lavrov", all, lavrov)
	}
	tests := []struct {
		name, path string
		status     int
		want       []string
		dontWant   []string
	}{
		{"landing", "/", 200, []string{
			`data-total="` + strconv.Itoa(all) + `"`, `<h2 id="facet-person">People</h2>`, `<h2 id="facet-country">Countries</h2>`,
			`<h2 id="facet-date">Mentioned dates</h2>`, `<h2 id="facet-section">Sections</h2>`,
			`href="/search?person=Sergei&#43;Lavrov"`, `<svg viewBox=`, `class="bar"`, `rel="alternate" type="application/atom+xml"`,
			`href="/api/export?format=csv"`, `href="/api/export?format=ndjson"`, `href="/feed.atom"`, `rel="next"`,
			`aria-current="true">Relevance</b>`, `&lt;script&gt;alert(1)&lt;/script&gt;`,
		}, []string{"The archive is empty", `<script>alert`}},
		{"search page is the landing page", "/search", 200, []string{`data-total="` + strconv.Itoa(all) + `"`}, nil},
		{"text query highlights", "/search?q=summit", 200, []string{`<mark>`, `value="summit"`, `href="/feed.atom?q=summit"`}, nil},
		{"filter shows a chip and keeps it in links", "/search?person=Sergei+Lavrov&sort=newest", 200, []string{
			`data-total="` + strconv.Itoa(lavrov) + `"`, `<li class="chip" data-name="person">`, `<span class="chip-value" dir="auto">Sergei Lavrov</span>`,
			`class="remove" href="/search?sort=newest"`, `<input type="hidden" name="person" value="Sergei Lavrov">`,
			`href="/api/export?format=csv&amp;person=Sergei&#43;Lavrov&amp;sort=newest"`, `href="/feed.atom?person=Sergei&#43;Lavrov"`,
			`class="value selected"`,
		}, nil},
		{"date range chip", "/search?from=2025-11-01&to=2025-11-30", 200, []string{`data-name="published"`, `1 Nov 2025 – 30 Nov 2025`, `by day`}, nil},
		{"no results suggests removing each filter", "/search?q=zzzqqqxx&person=Sergei+Lavrov&country=Russia", 200, []string{
			"No articles match", `href="/search?country=Russia&amp;q=zzzqqqxx"`, `href="/search?person=Sergei&#43;Lavrov&amp;q=zzzqqqxx"`,
			`href="/search?country=Russia&amp;person=Sergei&#43;Lavrov"`, `data-total="0"`,
		}, nil},
		{"deep page", "/search?page=2&size=10", 200, []string{`<ol class="hits" start="11">`, `rel="prev"`, `aria-current="page" class="current">2</a>`}, nil},
		{"page past the end", "/search?q=summit&page=99", 200, []string{`past the last result`, `<a href="/search?q=summit">Back to the first page</a>`}, nil},
		{"more values page", "/facets/person?person=Sergei+Lavrov", 200, []string{`Sergei Lavrov`, `name="prefix"`, `<input type="hidden" name="person" value="Sergei Lavrov">`}, nil},
		{"value search", "/facets/person?prefix=lav", 200, []string{`Sergei Lavrov`, `href="/search?person=Sergei&#43;Lavrov"`}, []string{"Donald Trump"}},
		{"article", "/articles/33565458", 200, []string{`<h1 id="article-title" lang="en" dir="auto">`, `Read the original`, `class="tag person" href="/search?person=`, `class="body"`}, nil},
		{"article escapes its title", "/articles/" + xssID, 200, []string{
			`&lt;script&gt;alert(1)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`, `<title>Kremlin Critics`,
		}, []string{`<script>alert`, `<img src=x`}},
		{"jobs", "/jobs", 200, []string{`<span class="state state-done">done</span>`, `<td>rferl</td>`, `does not schedule scrapes`}, nil},
		{"bad date is a 400 page", "/search?from=2025-13-01", 400, []string{`Bad Request`, `from=&#34;2025-13-01&#34; is not a valid day`}, nil},
		{"unknown parameter is a 400 page", "/search?bogus=1", 400, []string{`unknown parameter &#34;bogus&#34;`}, nil},
		{"bad article id", "/articles/abc", 400, []string{`an article id is the number`}, nil},
		{"missing article", "/articles/999999", 404, []string{`Not Found`, `article 999999`}, nil},
		{"unknown facet", "/facets/colour", 400, []string{`unknown facet`}, nil},
		{"unknown page", "/no/such/page", 404, []string{`Not Found`, `Start a new search`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, e.http.URL, tc.path)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tc.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html; charset=UTF-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP %q", csp)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			for _, w := range tc.dontWant {
				if strings.Contains(r.body, w) {
					t.Errorf("page holds %s", w)
				}
			}
			checkInert(t, r.body)
		})
	}
}

func TestUIFeed(t *testing.T) {
	e := newUIEnv(t)
	lavrov := e.total(t, search.Query{Filter: map[string][]string{"person": {"Sergei Lavrov"}}})
	tests := []struct {
		name, query string
		items       int
	}{
		{"all articles: the newest 50 at most", "", min(e.total(t, search.Query{}), feedSize)},
		{"one person", "person=Sergei+Lavrov", lavrov},
		{"no match", "q=zzzqqqxx", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, e.http.URL, "/feed.atom?"+tc.query)
			if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("status %d, type %q\n%s", r.status, r.header.Get("Content-Type"), r.body)
			}
			feed, err := gofeed.NewParser().ParseString(r.body)
			if err != nil {
				t.Fatalf("not a feed: %v\n%s", err, r.body)
			}
			if feed.FeedType != "atom" || feed.Title == "" || feed.UpdatedParsed == nil {
				t.Errorf("feed type %q title %q updated %v", feed.FeedType, feed.Title, feed.UpdatedParsed)
			}
			if len(feed.Items) != tc.items {
				t.Fatalf("%d entries, want %d", len(feed.Items), tc.items)
			}
			var last time.Time
			for i, it := range feed.Items {
				if it.GUID == "" || it.Title == "" || it.UpdatedParsed == nil || it.PublishedParsed == nil || !strings.HasPrefix(it.Link, "/articles/") {
					t.Errorf("entry %d incomplete: %+v", i, it)
				}
				if i > 0 && it.PublishedParsed.After(last) {
					t.Errorf("entry %d is newer than the one before", i)
				}
				last = *it.PublishedParsed
			}
		})
	}
	t.Run("scraped markup stays text", func(t *testing.T) {
		a, err := e.Archive.Article(context.Background(), xssID)
		if err != nil {
			t.Fatal(err)
		}
		r := get(t, e.http.URL, "/feed.atom?q="+url.QueryEscape(`"foreign agent"`))
		if strings.Contains(r.body, "<script") || strings.Contains(r.body, "<img") {
			t.Errorf("raw markup in the feed:\n%s", r.body)
		}
		if !strings.Contains(r.body, `<summary type="text">`) {
			t.Errorf("summaries are not text constructs")
		}
		feed, err := gofeed.NewParser().ParseString(r.body)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range feed.Items {
			if strings.HasSuffix(it.Link, "/articles/"+xssID) {
				found = true
				if it.Title != a.Title {
					t.Errorf("title %q, want the stored text %q", it.Title, a.Title)
				}
			}
		}
		if !found {
			t.Errorf("article %s not in the feed", xssID)
		}
	})
	t.Run("bad parameters", func(t *testing.T) {
		r := get(t, e.http.URL, "/feed.atom?sort=sideways")
		if r.status != 400 || !strings.Contains(r.body, `"error"`) {
			t.Errorf("status %d: %s", r.status, r.body)
		}
	})
}

func TestUIExportLinksMatchTheSearch(t *testing.T) {
	e := newUIEnv(t)
	page := get(t, e.http.URL, "/search?person=Sergei+Lavrov&page=2&size=3")
	want := e.total(t, search.Query{Filter: map[string][]string{"person": {"Sergei Lavrov"}}})
	doc, err := html.Parse(strings.NewReader(page.body))
	if err != nil {
		t.Fatal(err)
	}
	var href string
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "href" && strings.HasPrefix(a.Val, "/api/export?format=csv") {
				href = a.Val
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if href == "" {
		t.Fatal("no CSV export link")
	}
	r := get(t, e.http.URL, href)
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != want {
		t.Errorf("export %s has %d rows, the search %d", href, len(rows)-1, want)
	}
}

func TestStaticAssets(t *testing.T) {
	e := newUIEnv(t)
	ui, err := newRenderer()
	if err != nil {
		t.Fatal(err)
	}
	css, _ := ui.Assets().Lookup("app.css")
	tests := []struct {
		name, path string
		header     []string
		status     int
		cache      string
	}{
		{"fingerprinted", css.Path, nil, 200, "public, max-age=31536000, immutable"},
		{"plain name", "/static/app.css", nil, 200, "public, max-age=300"},
		{"not modified", css.Path, []string{"If-None-Match", css.ETag}, 304, "public, max-age=31536000, immutable"},
		{"stale fingerprint", "/static/app.0000000000.css", nil, 404, ""},
		{"traversal", "/static/../go.mod", nil, 404, ""},
		{"encoded traversal", "/static/..%2f..%2fgo.mod", nil, 404, ""},
		{"encoded traversal to a template", "/static/..%2fhtml%2flayout.html", nil, 404, ""},
		{"a source file", "/static/embed.go", nil, 404, ""},
		{"directory", "/static/", nil, 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, e.http.URL, tc.path, tc.header...)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d", r.status, tc.status)
			}
			if got := r.header.Get("Cache-Control"); tc.cache != "" && got != tc.cache {
				t.Errorf("Cache-Control %q, want %q", got, tc.cache)
			}
			if tc.status == 200 {
				if r.header.Get("ETag") != css.ETag || r.body != string(css.Body) || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
					t.Errorf("ETag %q, type %q, %d bytes", r.header.Get("ETag"), r.header.Get("Content-Type"), len(r.body))
				}
			}
		})
	}
}

// TestSearchPageWeight measures the search page of the sample archive:
// its HTML and the CSS and JS it loads must stay under 100 KB.
func TestSearchPageWeight(t *testing.T) {
	e := newUIEnv(t)
	page := get(t, e.http.URL, "/")
	doc, err := html.Parse(strings.NewReader(page.body))
	if err != nil {
		t.Fatal(err)
	}
	var assets []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			if n.Data == "script" && attrs["src"] != "" {
				assets = append(assets, attrs["src"])
			}
			if n.Data == "link" && attrs["rel"] == "stylesheet" {
				assets = append(assets, attrs["href"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(assets) != 2 {
		t.Fatalf("the page loads %v, want one stylesheet and one script", assets)
	}
	total := len(page.body)
	sizes := []string{fmt.Sprintf("HTML %d", len(page.body))}
	for _, a := range assets {
		r := get(t, e.http.URL, a)
		if r.status != 200 {
			t.Fatalf("%s: status %d", a, r.status)
		}
		total += len(r.body)
		sizes = append(sizes, fmt.Sprintf("%s %d", filepath.Base(a), len(r.body)))
	}
	t.Logf("search page weight: %d bytes (%s)", total, strings.Join(sizes, ", "))
	if total >= 100*1024 {
		t.Errorf("the search page weighs %d bytes; keep it under 100 KB", total)
	}
}

func TestEmptyArchive(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	arch, err := archive.Open(ctx, filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { arch.Close() })
	ix, err := indexer.Open(ctx, dir, arch, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv := &Server{Engine: &search.Engine{Index: ix, Archive: arch}, Archive: arch, Log: slog.New(slog.DiscardHandler)}
	ts := httptest.NewServer(handler(t, srv))
	t.Cleanup(ts.Close)
	for _, path := range []string{"/", "/search?q=anything"} {
		r := get(t, ts.URL, path)
		if r.status != 200 || !strings.Contains(r.body, "The archive is empty") || !strings.Contains(r.body, "newsarchive demo") ||
			!strings.Contains(r.body, "newsarchive scrape") {
			t.Errorf("%s: status %d, no hint to fill the archive:\n%s", path, r.status, r.body)
		}
	}
	r := get(t, ts.URL, "/jobs")
	if r.status != 200 || !strings.Contains(r.body, "No scrape has run yet") {
		t.Errorf("jobs: status %d\n%s", r.status, r.body)
	}
}

func TestJobsPageFromScheduler(t *testing.T) {
	e := newUIEnv(t)
	at := time.Date(2025, 11, 26, 9, 30, 0, 0, time.UTC)
	e.srv.Jobs = fixedJobs{view: jobs.View{Enabled: true, Next: []jobs.NextRun{{Site: "rferl", At: at}}, Runs: []archive.Run{{
		ID: 7, Site: "rferl", Trigger: "schedule", State: archive.RunFailed, StartedAt: at.Add(-time.Hour),
		FinishedAt: at.Add(-time.Hour + 95*time.Second), Counts: map[string]int64{"fetched": 12, "new": 3},
		PID: 48213, Host: "scraper-7.internal", Options: map[string]any{"origin": "http://10.20.30.40:8080"},
		Errors: []string{`fetch http://10.20.30.40:8080/a/1.html: status 503 <b>after</b> 4 tries`,
			`fetch http://10.20.30.40:8080/a/2.html: network error: dial tcp 10.20.30.40:8080: connection refused`,
			`archive article 2: the archive cannot be written: disk full`},
	}}}}
	ts := httptest.NewServer(handler(t, e.srv))
	t.Cleanup(ts.Close)
	r := get(t, ts.URL, "/jobs")
	for _, w := range []string{"Scheduled", `<b>rferl</b> next at <time datetime="2025-11-26T09:30:00Z">26 Nov 2025, 09:30 UTC</time>`,
		`state-failed`, `schedule`, `(1 min 35 s)`, `fetched <b>12</b>`, `3 errors`, `<li dir="auto">fetch failed (2)</li>`,
		`<li dir="auto">archive write failed</li>`} {
		if !strings.Contains(r.body, w) {
			t.Errorf("jobs page lacks %s", w)
		}
	}
	// The page is public: no process id, host name, origin or error text.
	for _, w := range []string{"48213", "scraper-7", "10.20.30.40", "status 503", "refused", "disk full"} {
		if strings.Contains(r.body, w) {
			t.Errorf("jobs page shows %q", w)
		}
	}
	e.srv.Jobs = fixedJobs{err: fmt.Errorf("scheduler: %w", context.DeadlineExceeded)}
	ts2 := httptest.NewServer(handler(t, e.srv))
	t.Cleanup(ts2.Close)
	if r := get(t, ts2.URL, "/jobs"); r.status != http.StatusServiceUnavailable {
		t.Errorf("a failing source: status %d", r.status)
	}
}

func TestArticleRevisions(t *testing.T) {
	e := newUIEnv(t)
	ctx := context.Background()
	a, err := e.Archive.Article(ctx, "33565458")
	if err != nil {
		t.Fatal(err)
	}
	oldTitle := a.Title
	a.Title += " (corrected)"
	a.Updated = a.Published.Add(3 * time.Hour)
	if res, err := e.Archive.SaveArticle(ctx, a, []byte("<html></html>")); err != nil || res != archive.Updated {
		t.Fatalf("save: %v %v", res, err)
	}
	r := get(t, e.http.URL, "/articles/33565458")
	for _, w := range []string{"Earlier versions", "Version 1", html.EscapeString(oldTitle), "updated <time"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("article page lacks %s", w)
		}
	}
}

func TestArticleUnsafeURLsAreNotLinks(t *testing.T) {
	e := newUIEnv(t)
	ctx := context.Background()
	a, err := e.Archive.Article(ctx, "33565458")
	if err != nil {
		t.Fatal(err)
	}
	a.URL, a.Image, a.ImageCaption = "javascript:alert(1)//https://www.rferl.org/a/1.html", "data:text/html,<b>x</b>", "caption"
	if _, err := e.Archive.SaveArticle(ctx, a, []byte("<html></html>")); err != nil {
		t.Fatal(err)
	}
	r := get(t, e.http.URL, "/articles/33565458")
	if strings.Contains(r.body, "Read the original") || strings.Contains(r.body, "on the original site") {
		t.Errorf("an unsafe URL became a link")
	}
	checkInert(t, r.body)
}

// TestRenderConcurrently renders the pages from many goroutines (run with -race).
func TestRenderConcurrently(t *testing.T) {
	e := newUIEnv(t)
	paths := []string{"/", "/search?q=summit&person=Sergei+Lavrov", "/articles/" + xssID, "/jobs", "/facets/country", "/search?bad=1"}
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Add(1)
		go func(path string) {
			defer wg.Done()
			res, err := http.Get(e.http.URL + path)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode >= 500 {
				t.Errorf("%s: status %d", path, res.StatusCode)
			}
		}(paths[i%len(paths)])
	}
	wg.Wait()
}

// A feed's links never come from the request: a forged Host or
// X-Forwarded-Host/-Proto leaves no trace in it. Without a public URL the
// links are paths; with one, they are absolute on it.
func TestFeedLinksIgnoreHost(t *testing.T) {
	const evil = "evil.example"
	forged := []string{"Host", evil + ":8443", "X-Forwarded-Host", evil, "X-Forwarded-Proto", "javascript", "Forwarded", "host=" + evil}
	tests := []struct {
		name, public, prefix string
	}{
		{"no public url: paths", "", "/"},
		{"public url", "https://news.example.org", "https://news.example.org/"},
		{"public url with a path", "https://example.org/archive", "https://example.org/archive/"},
	}
	env := testenv.Filled(t, samplesite.Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := &Server{Engine: env.Engine, Archive: env.Archive, Log: slog.New(slog.DiscardHandler), PublicURL: tc.public}
			ts := httptest.NewServer(handler(t, srv))
			t.Cleanup(ts.Close)
			r := get(t, ts.URL, "/feed.atom?person=Sergei+Lavrov", forged...)
			if r.status != http.StatusOK {
				t.Fatalf("status %d\n%s", r.status, r.body)
			}
			if strings.Contains(r.body, evil) || strings.Contains(r.body, "javascript") || strings.Contains(r.body, strings.TrimPrefix(ts.URL, "http://")) {
				t.Fatalf("the feed holds a host from the request:\n%s", r.body)
			}
			feed, err := gofeed.NewParser().ParseString(r.body)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(feed.Link, tc.prefix+"search?") {
				t.Errorf("feed link %q, want it under %q", feed.Link, tc.prefix)
			}
			if !strings.HasPrefix(r.body, "<?xml") || !strings.Contains(r.body, "<id>tag:newsarchive,2025:search?") {
				t.Errorf("the feed's id is not the tag: URI of its search")
			}
			if len(feed.Items) == 0 {
				t.Fatal("no entries")
			}
			for _, it := range feed.Items {
				if !strings.HasPrefix(it.Link, tc.prefix+"articles/") || strings.HasPrefix(it.Link, "//") {
					t.Errorf("entry link %q, want it under %q", it.Link, tc.prefix)
				}
			}
		})
	}
}

// fixedJobs is a scheduler whose view is fixed (the page's rendering is
// under test, not the scheduler).
type fixedJobs struct {
	view jobs.View
	err  error
}

func (f fixedJobs) View(context.Context, int) (jobs.View, error) { return f.view, f.err }
func (f fixedJobs) Trigger(context.Context, jobs.Request) (jobs.Started, error) {
	return jobs.Started{}, jobs.ErrNoJobs
}

// dariID is the article of testdata/dari-article.html: a synthetic Pangea
// page in Dari (fa-AF, right to left) whose second paragraph starts with a
// Latin acronym.
const dariID = "99999902"

// dariSection is its section.
const dariSection = "افغانستان"

// englishID is a sample-site article in English, shown beside it.
const englishID = "33446120"

// dariEnv is the mixed sample archive (English, Russian, Ukrainian) plus
// the Dari article, parsed by the real parser from its page, archived and
// indexed. It is the newest article.
func dariEnv(t *testing.T) *uiEnv {
	t.Helper()
	e := newUIEnvOf(t, samplesite.Options{Languages: samplesite.ExtraLanguages})
	raw, err := os.ReadFile("testdata/dari-article.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := pangea.Parse(raw, pangea.Options{URL: "https://www.darivoa.com/a/helmand-water-talks/" + dariID + ".html", Site: "darivoa"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "fa" {
		t.Fatalf("the Dari page parses as language %q", a.Language)
	}
	ctx := context.Background()
	if _, err := e.Archive.SaveArticle(ctx, a, raw); err != nil {
		t.Fatal(err)
	}
	x := &indexer.Indexer{Index: e.Index, Archive: e.Archive, Finder: testenv.Finder(t)}
	if n, err := x.IndexPending(ctx); err != nil || n != 1 {
		t.Fatalf("indexed %d, %v", n, err)
	}
	return e
}

// The article's language gives lang and dir to its text on the article
// page (rtl for Dari even where a paragraph starts with a Latin word, ltr
// for English); the result list and the facet panel let the browser judge
// each scraped value (dir="auto" on the title's and snippet's blocks, on
// chips and facet labels).
func TestRightToLeftMarkup(t *testing.T) {
	e := dariEnv(t)
	tests := []struct {
		name, path string
		want       []string
	}{
		{"dari article", "/articles/" + dariID, []string{
			`<h1 id="article-title" lang="fa" dir="rtl">نشست کابل و تهران`,
			`<p class="lead" lang="fa" dir="rtl">هیئت‌های افغانستان`,
			`<div class="body" lang="fa">`,
			`<p dir="rtl">UNAMA،`,
			`<span class="author" lang="fa" dir="rtl">مریم احمدی</span>`,
			`<span class="caption-text" lang="fa" dir="rtl">بند کمال‌خان`,
			`lang="fa" dir="rtl">` + dariSection + `</a>`,
			`rel="nofollow" lang="fa" dir="rtl">هلمند</a>`,
		}},
		{"english article", "/articles/" + englishID, []string{
			`<h1 id="article-title" lang="en" dir="auto">`, `<div class="body" lang="en">`, `<p dir="auto">MOSCOW -- `,
		}},
		{"result list", "/search?sort=newest", []string{
			`<h2 dir="auto"><a href="/articles/` + dariID + `">نشست کابل`,
			`<p class="snippet" dir="auto">هیئت‌های افغانستان`,
		}},
		{"facet panel", "/search?lang=fa", []string{
			`<span class="label" dir="auto">` + dariSection + `</span>`, `<span class="label" dir="auto">fa</span>`,
		}},
		{"chip", "/search?section=" + url.QueryEscape(dariSection), []string{
			`<span class="chip-value" dir="auto">` + dariSection + `</span>`, `data-total="1"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, e.http.URL, tc.path)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s lacks %s", tc.path, w)
				}
			}
		})
	}
}

// A mixed archive (the sample site with its Russian and Ukrainian
// articles, as demo serves it): exact lang facet counts, Cyrillic titles
// in the result list and on article pages marked with their language, and
// a CSV export of the Russian and Ukrainian articles that reads back
// whole after its byte order mark.
func TestMixedArchive(t *testing.T) {
	e := newUIEnvOf(t, samplesite.Options{Languages: samplesite.ExtraLanguages})
	env, ts := e.Env, e.http

	want := map[string]int{}
	titles := map[string]string{} // id → title, of the Cyrillic articles
	var ru, uk samplesite.Meta
	for _, m := range env.Site.Articles() {
		if m.Disallowed || m.Programme {
			continue
		}
		want[m.Language]++
		if m.Language != "en" {
			titles[m.ID] = m.Title
		}
		if m.Language == "ru" && ru.ID == "" {
			ru = m
		}
		if m.Language == "uk" && uk.ID == "" {
			uk = m
		}
	}
	if want["ru"] < 4 || want["uk"] < 4 {
		t.Fatalf("the sample site serves %v", want)
	}

	r := get(t, ts.URL, "/api/search?facet_size=100")
	var res struct {
		Total  int
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, vc := range res.Facets["lang"] {
		got[vc.Value] = vc.Count
	}
	if !maps.Equal(got, want) || res.Total != want["en"]+want["ru"]+want["uk"] {
		t.Errorf("lang facet %v of %d articles, want %v", got, res.Total, want)
	}

	for _, c := range []struct{ path, want string }{
		{"/search?lang=ru", `data-total="` + strconv.Itoa(want["ru"]) + `"`},
		{"/search?lang=ru", `<h2 dir="auto"><a href="/articles/` + ru.ID + `">` + html.EscapeString(ru.Title) + `</a></h2>`},
		{"/search?lang=uk", `<h2 dir="auto"><a href="/articles/` + uk.ID + `">` + html.EscapeString(uk.Title) + `</a></h2>`},
		{"/articles/" + ru.ID, `<h1 id="article-title" lang="ru" dir="auto">` + html.EscapeString(ru.Title) + `</h1>`},
		{"/articles/" + uk.ID, `<h1 id="article-title" lang="uk" dir="auto">` + html.EscapeString(uk.Title) + `</h1>`},
		{"/articles/" + uk.ID, `<div class="body" lang="uk">`},
	} {
		if r := get(t, ts.URL, c.path); r.status != 200 || !strings.Contains(r.body, c.want) {
			t.Errorf("%s (%d) lacks %s", c.path, r.status, c.want)
		}
	}

	r = get(t, ts.URL, "/api/export?format=csv&lang=ru&lang=uk")
	if !strings.HasPrefix(r.body, search.CSVBOM) {
		t.Errorf("the CSV export does not start with a byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, search.CSVBOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string]string{}
	for _, row := range rows[1:] {
		exported[row[0]] = row[2]
	}
	if rows[0][0] != "id" || !maps.Equal(exported, titles) {
		t.Errorf("the export of the ru and uk articles holds %v, want %v", exported, titles)
	}
}

// The article page's text is rtl for the right-to-left languages, and
// auto (the browser reads the text) for the others and for none.
func TestArticleTextDirection(t *testing.T) {
	for _, tc := range []struct{ lang, tag, dir string }{
		{"fa", "fa", "rtl"}, {"prs", "prs", "rtl"}, {"ps", "ps", "rtl"}, {"ar", "ar", "rtl"}, {"ur", "ur", "rtl"}, {"fa-AF", "fa-AF", "rtl"},
		{"en", "en", "auto"}, {"ru", "ru", "auto"}, {"uk", "uk", "auto"}, {"", "", "auto"}, {`fa"><b>`, "", "auto"},
	} {
		p := newArticlePage(&article.Article{ID: "1", Language: tc.lang, Body: "متن"}, nil)
		if p.Lang != tc.tag || p.Dir != tc.dir {
			t.Errorf("language %q: lang %q dir %q, want %q %q", tc.lang, p.Lang, p.Dir, tc.tag, tc.dir)
		}
	}
}
