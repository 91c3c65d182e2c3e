package samplesite

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsarchive/scraper/pangea"
)

// start serves a new sample site on loopback.
func start(t *testing.T, opts Options) (*Site, *httptest.Server) {
	t.Helper()
	site := New(opts)
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	return site, srv
}

// noRedirects is a client that reports redirects instead of following them.
func noRedirects(srv *httptest.Server) *http.Client {
	c := *srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func get(t *testing.T, c *http.Client, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res, body
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

type urlset struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
		News    struct {
			Title string `xml:"title"`
			Date  string `xml:"publication_date"`
		} `xml:"news"`
	} `xml:"url"`
}

type sitemapIndex struct {
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

func TestBuiltInArticles(t *testing.T) {
	site := New(Options{})
	metas := site.Articles()
	var programmes, private, factchecks, updated, slugless, text int
	months, sections := map[string]bool{}, map[string]bool{}
	for _, m := range metas {
		months[m.Published.Format("2006-01")] = true
		sections[m.Section] = true
		switch {
		case m.Programme:
			programmes++
		case m.Template == TemplateFactCheck:
			factchecks++
		}
		if m.Disallowed {
			private++
		}
		if !m.Updated.IsZero() {
			updated++
		}
		if regexp.MustCompile(`^/a/\d+\.html$`).MatchString(m.Path) {
			slugless++
		}
		if !m.Programme {
			text++
		}
		if m.Generated {
			t.Errorf("%s is generated without ExtraArticles", m.ID)
		}
	}
	if text < 31 || text > 41 || programmes < 1 || programmes > 2 || private != 1 || factchecks != 1 || updated < 1 || slugless != 1 {
		t.Errorf("%d text articles, %d programme pages, %d private, %d fact-checks, %d updated, %d slug-less", text, programmes, private, factchecks, updated, slugless)
	}
	if len(months) < 6 || len(sections) < 6 {
		t.Errorf("months %v, sections %v", months, sections)
	}
	if !slices.IsSortedFunc(metas, func(a, b Meta) int { return b.Published.Compare(a.Published) }) {
		t.Errorf("Articles are not newest first")
	}
	seed := slices.IndexFunc(metas, func(m Meta) bool { return m.ID == "33565458" })
	if seed < 0 || metas[seed].Path != "/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html" {
		t.Fatalf("the seed article is missing")
	}
}

// TestEveryPageParses fetches every page and parses it with the project's
// parser: articles give their fields, programme pages ErrNotArticle.
func TestEveryPageParses(t *testing.T) {
	site, srv := start(t, Options{})
	var lavrovSummit []string
	for _, m := range site.Articles() {
		t.Run(m.ID, func(t *testing.T) {
			res, body := get(t, srv.Client(), srv.URL+m.Path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", m.Path, res.Status)
			}
			a, err := pangea.Parse(body, pangea.Options{URL: srv.URL + m.Path, ContentType: res.Header.Get("Content-Type"), Site: "rferl"})
			if m.Programme {
				if !errors.Is(err, pangea.ErrNotArticle) {
					t.Fatalf("programme page: Parse = %v, want ErrNotArticle", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.ID != m.ID || a.URL != srv.URL+m.Path || a.Title != m.Title || a.Section != m.Section ||
				!a.Published.Equal(m.Published) || !a.Updated.Equal(m.Updated) || a.Language != "en" {
				t.Errorf("parsed %q %q %q %q %v %v %q; want %+v", a.ID, a.URL, a.Title, a.Section, a.Published, a.Updated, a.Language, m)
			}
			if a.Body == "" || a.Image == "" {
				t.Errorf("no body or image")
			}
			for _, junk := range []string{"SEE ALSO", "See also", "No media source", "Most Popular", "Editor's note", "alert("} {
				if strings.Contains(a.Body, junk) {
					t.Errorf("body holds %q", junk)
				}
			}
			if strings.Contains(a.Text(), "Sergei Lavrov") && strings.Contains(strings.ToLower(a.Text()), "summit") {
				lavrovSummit = append(lavrovSummit, a.ID)
			}
		})
	}
	// A later test searches q=summit&person=Sergei Lavrov.
	if len(lavrovSummit) < 4 {
		t.Errorf("articles mentioning a summit and Sergei Lavrov: %v, want at least 4", lavrovSummit)
	}
}

func TestSeedArticle(t *testing.T) {
	_, srv := start(t, Options{})
	_, body := get(t, srv.Client(), srv.URL+"/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html")
	a, err := pangea.Parse(body, pangea.Options{Site: "rferl"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `class="media-block also-read"`) || !strings.Contains(string(body), "Europe Jumps Into Action") {
		t.Errorf("the page has no SEE ALSO box")
	}
	if !strings.Contains(a.Body, "on October 17.\n\nIt was expected that Rubio and Lavrov") ||
		!strings.Contains(a.Body, "\n\nZelenskyy 'Ready' For Budapest\n\nTrump last week") ||
		!strings.HasPrefix(a.Body, "There are no plans for U.S. President Donald Trump") ||
		!strings.HasSuffix(a.Body, "is to gather.") {
		t.Errorf("seed body = %q", a.Body)
	}
	if a.Published.Format("2006-01-02") != "2025-10-22" || !slices.Contains(a.Authors, "RFE/RL") {
		t.Errorf("published %v, authors %q", a.Published, a.Authors)
	}
}

func TestEscaping(t *testing.T) {
	site, srv := start(t, Options{})
	var m Meta
	for _, x := range site.Articles() {
		if strings.Contains(x.Title, "<script>") {
			m = x
		}
	}
	if !strings.Contains(m.Title, "<img src=x onerror=alert(1)>") {
		t.Fatalf("no article with script and img payloads in its title")
	}
	_, page := get(t, srv.Client(), srv.URL+m.Path)
	if bytes.Contains(page, []byte("<script>alert")) || bytes.Contains(page, []byte("<img src=x")) {
		t.Errorf("the page holds the payload unescaped")
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) || !bytes.Contains(page, []byte(`\u003cscript\u003e`)) {
		t.Errorf("the title is not entity-escaped in HTML and JSON-LD")
	}
	a, err := pangea.Parse(page, pangea.Options{})
	if err != nil || a.Title != m.Title {
		t.Errorf("parsed title %q, %v; want %q", a.Title, err, m.Title)
	}
	_, feed := get(t, srv.Client(), srv.URL+"/api/")
	if bytes.Contains(feed, []byte("<script>")) {
		t.Errorf("the RSS feed holds the payload unescaped")
	}
}

func TestRoutes(t *testing.T) {
	_, srv := start(t, Options{})
	c := noRedirects(srv)
	tests := []struct {
		path, contentType string
		status            int
		location          string
	}{
		{"/robots.txt", "text/plain; charset=utf-8", 200, ""},
		{"/sitemap.xml", "text/xml; charset=utf-8", 200, ""},
		{"/sitemap_8_latest.xml.gz", "application/x-gzip", 200, ""},
		{"/sitemap_8_news.xml.gz", "application/x-gzip", 200, ""},
		{"/sitemap_8_sections.xml.gz", "application/x-gzip", 200, ""},
		{"/sitemap_8_1.xml.gz", "application/x-gzip", 200, ""},
		{"/sitemap_8_4.xml.gz", "application/x-gzip", 200, ""},
		{"/api/", "application/rss+xml; charset=utf-8", 200, ""},
		{"/z/16", "text/html; charset=utf-8", 200, ""},
		{"/z/16?p=1", "text/html; charset=utf-8", 200, ""},
		{"/z/102?p=0", "text/html; charset=utf-8", 200, ""},
		{"/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html", "text/html; charset=utf-8", 200, ""},
		{"/a/33591870.html", "text/html; charset=utf-8", 200, ""},
		{"/a/private/iran-desk-editorial-planning-notes/33597160.html", "text/html; charset=utf-8", 200, ""},
		{"/img/33565458.png", "image/png", 200, ""},
		{"/a/33565458.html", "", 301, "/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html"},
		{"/a/old-slug/33565458.html", "", 301, "/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html"},
		{"/a/some-slug/33591870.html", "", 301, "/a/33591870.html"},
		{"/a/99999999.html", "", 404, ""},
		{"/sitemap_8_99.xml.gz", "", 404, ""},
		{"/sitemap_8_0.xml.gz", "", 404, ""},
		{"/sitemap_2_1.xml.gz", "", 404, ""},
		{"/z/999", "", 404, ""},
		{"/z/16?p=99", "", 404, ""},
		{"/z/16?p=x", "", 404, ""},
		{"/search?k=lavrov", "", 404, ""},
		{"/", "", 404, ""},
		{"/favicon.ico", "", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, body := get(t, c, srv.URL+tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.contentType != "" && res.Header.Get("Content-Type") != tt.contentType {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), tt.contentType)
			}
			if tt.location != "" && res.Header.Get("Location") != srv.URL+tt.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), srv.URL+tt.location)
			}
			if tt.status == 200 && (res.Header.Get("ETag") == "" || res.Header.Get("Last-Modified") == "" || len(body) == 0) {
				t.Errorf("no ETag, Last-Modified or body")
			}
		})
	}
	res, _ := get(t, c, srv.URL+"/sitemap.xml")
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/sitemap.xml", nil)
	if res, err := c.Do(req); err != nil || res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %v, %v", res.Status, err)
	} else {
		res.Body.Close()
	}
	_ = res
}

func TestRobots(t *testing.T) {
	site, srv := start(t, Options{})
	_, body := get(t, srv.Client(), srv.URL+"/robots.txt")
	var disallow []string
	for _, line := range strings.Split(string(body), "\n") {
		if p, ok := strings.CutPrefix(line, "Disallow: "); ok {
			disallow = append(disallow, p)
		}
	}
	if !slices.Equal(disallow, []string{"/a/private/", "/search"}) || !strings.Contains(string(body), "Sitemap: "+srv.URL+"/sitemap.xml") {
		t.Errorf("robots.txt = %q", body)
	}
	for _, m := range site.Articles() {
		blocked := slices.ContainsFunc(disallow, func(p string) bool { return strings.HasPrefix(m.Path, p) })
		if blocked != m.Disallowed {
			t.Errorf("%s: disallowed by robots.txt %v, Meta says %v", m.Path, blocked, m.Disallowed)
		}
	}
}

func TestSitemaps(t *testing.T) {
	site, srv := start(t, Options{})
	_, body := get(t, srv.Client(), srv.URL+"/sitemap.xml")
	var index sitemapIndex
	if err := xml.Unmarshal(body, &index); err != nil {
		t.Fatal(err)
	}
	chunk := regexp.MustCompile(`/sitemap_8_(\d+)\.xml\.gz$`)
	listed := map[string]bool{}
	var chunks int
	var newestPerChunk []time.Time
	for _, sm := range index.Sitemaps {
		if !strings.HasPrefix(sm.Loc, srv.URL+"/") {
			t.Errorf("sitemap %s is not on the site", sm.Loc)
		}
		if chunk.MatchString(sm.Loc) {
			chunks++
			if _, err := time.Parse(time.RFC3339, sm.Lastmod); err != nil {
				t.Errorf("chunk %s lastmod %q: %v", sm.Loc, sm.Lastmod, err)
			}
		}
	}
	if chunks < 3 {
		t.Fatalf("%d archive chunks, want at least 3", chunks)
	}
	for n := 1; n <= chunks; n++ {
		_, gz := get(t, srv.Client(), fmt.Sprintf("%s/sitemap_8_%d.xml.gz", srv.URL, n))
		var set urlset
		if err := xml.Unmarshal(gunzip(t, gz), &set); err != nil {
			t.Fatal(err)
		}
		var newest time.Time
		for _, u := range set.URLs {
			if listed[u.Loc] {
				t.Errorf("%s is listed twice", u.Loc)
			}
			listed[u.Loc] = true
			lm, err := time.Parse(time.RFC3339, u.Lastmod)
			if err != nil {
				t.Errorf("%s lastmod %q: %v", u.Loc, u.Lastmod, err)
			}
			if lm.After(newest) {
				newest = lm
			}
		}
		newestPerChunk = append(newestPerChunk, newest)
	}
	if !slices.IsSortedFunc(newestPerChunk, func(a, b time.Time) int { return b.Compare(a) }) {
		t.Errorf("chunks are not newest first: %v", newestPerChunk)
	}
	// The archive lists every page, programme pages and the disallowed one
	// too, as real sitemaps do: the scraper must skip them itself.
	for _, m := range site.Articles() {
		if !listed[srv.URL+m.Path] {
			t.Errorf("%s is in no archive chunk", m.Path)
		}
	}
	if len(listed) != len(site.Articles()) {
		t.Errorf("archive lists %d URLs, the site has %d pages", len(listed), len(site.Articles()))
	}

	_, gz := get(t, srv.Client(), srv.URL+"/sitemap_8_news.xml.gz")
	var news urlset
	if err := xml.Unmarshal(gunzip(t, gz), &news); err != nil {
		t.Fatal(err)
	}
	if len(news.URLs) == 0 || news.URLs[0].News.Title == "" || news.URLs[0].News.Date == "" {
		t.Errorf("news sitemap: %+v", news)
	}
	_, gz = get(t, srv.Client(), srv.URL+"/sitemap_8_latest.xml.gz")
	var latest urlset
	if err := xml.Unmarshal(gunzip(t, gz), &latest); err != nil {
		t.Fatal(err)
	}
	if len(latest.URLs) != 20 || latest.URLs[0].Loc != srv.URL+site.Articles()[0].Path {
		t.Errorf("latest sitemap has %d URLs, first %q", len(latest.URLs), latest.URLs[0].Loc)
	}
	_, gz = get(t, srv.Client(), srv.URL+"/sitemap_8_sections.xml.gz")
	var secs urlset
	if err := xml.Unmarshal(gunzip(t, gz), &secs); err != nil {
		t.Fatal(err)
	}
	if len(secs.URLs) != len(sections) || secs.URLs[0].Loc != srv.URL+"/z/16" {
		t.Errorf("sections sitemap: %+v", secs)
	}
}

func TestRSS(t *testing.T) {
	site, srv := start(t, Options{})
	_, body := get(t, srv.Client(), srv.URL+"/api/")
	var feed struct {
		Version string `xml:"version,attr"`
		Items   []struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			PubDate string `xml:"pubDate"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(body, &feed); err != nil {
		t.Fatal(err)
	}
	metas := site.Articles()
	if feed.Version != "2.0" || len(feed.Items) != 20 {
		t.Fatalf("RSS %s with %d items", feed.Version, len(feed.Items))
	}
	for i, it := range feed.Items {
		d, err := time.Parse(time.RFC1123Z, it.PubDate)
		if it.Link != srv.URL+metas[i].Path || it.Title != metas[i].Title || err != nil || !d.Equal(metas[i].Published) {
			t.Errorf("item %d: %+v, want %+v", i, it, metas[i])
		}
	}
}

func TestSectionPagination(t *testing.T) {
	site, srv := start(t, Options{})
	link := regexp.MustCompile(`<h4 class="media-block__title[^"]*" title="[^"]*">`)
	href := regexp.MustCompile(`<a href="([^"]+)">\s*<h4`)
	next := regexp.MustCompile(`<a class="btn link-showMore[^>]* href="([^"]+)" rel="next">`)
	for _, sec := range []string{"/z/16", "/z/17", "/z/102", "/z/108"} {
		t.Run(sec, func(t *testing.T) {
			var seen []string
			url := srv.URL + sec
			for pages := 0; url != ""; pages++ {
				if pages > 10 {
					t.Fatal("pagination does not end")
				}
				_, body := get(t, srv.Client(), strings.ReplaceAll(url, "&amp;", "&"))
				if n := len(link.FindAll(body, -1)); n == 0 || n > sectionPageSize {
					t.Errorf("%s: %d items", url, n)
				}
				for _, m := range href.FindAllSubmatch(body, -1) {
					seen = append(seen, strings.TrimPrefix(string(m[1]), srv.URL))
				}
				url = ""
				if m := next.FindSubmatch(body); m != nil {
					url = string(m[1])
				}
			}
			var want []string
			for _, m := range site.Articles() {
				switch {
				case sec == "/z/16",
					sec == "/z/102" && m.Section == "Ukraine",
					sec == "/z/108" && m.Section == "Podcasts And Video",
					sec == "/z/17" && site.byID[m.ID].Feature:
					want = append(want, m.Path)
				}
			}
			if !slices.Equal(seen, want) {
				t.Errorf("pages list %d articles:\n%q\nwant %d:\n%q", len(seen), seen, len(want), want)
			}
		})
	}
}

func TestConditionalGet(t *testing.T) {
	site, srv := start(t, Options{})
	for _, p := range []string{"/robots.txt", "/sitemap.xml", "/sitemap_8_1.xml.gz", "/sitemap_8_news.xml.gz", "/api/", "/z/16?p=1",
		"/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html", "/img/1.png"} {
		t.Run(p, func(t *testing.T) {
			res, body := get(t, srv.Client(), srv.URL+p)
			etag, lastMod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
			if res.StatusCode != 200 || etag == "" || lastMod == "" {
				t.Fatalf("%s, ETag %q, Last-Modified %q", res.Status, etag, lastMod)
			}
			res2, body2 := get(t, srv.Client(), srv.URL+p)
			if res2.Header.Get("ETag") != etag || !bytes.Equal(body, body2) {
				t.Errorf("the same content has another ETag or body")
			}
			site.ResetRequests()
			for _, h := range [][]string{{"If-None-Match", etag}, {"If-Modified-Since", lastMod}, {"If-None-Match", `"other", ` + etag}} {
				res, body := get(t, srv.Client(), srv.URL+p, h...)
				if res.StatusCode != http.StatusNotModified || len(body) != 0 {
					t.Errorf("%s: %s with %d bytes, want 304", h[0], res.Status, len(body))
				}
			}
			res, _ = get(t, srv.Client(), srv.URL+p, "If-None-Match", `"stale"`)
			if res.StatusCode != http.StatusOK {
				t.Errorf("a stale ETag got %s", res.Status)
			}
			reqs := site.Requests()
			if len(reqs) != 4 || !reqs[0].Conditional || reqs[0].Status != 304 || reqs[0].Bytes != 0 || reqs[3].Status != 200 || reqs[3].Bytes == 0 {
				t.Errorf("requests %+v", reqs)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	site, srv := start(t, Options{})
	c := noRedirects(srv)
	path := "/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html"

	site.SetFault(path, Fault{Status: 429, RetryAfter: "1", Times: 2})
	for range 2 {
		res, _ := get(t, c, srv.URL+path)
		if res.StatusCode != 429 || res.Header.Get("Retry-After") != "1" {
			t.Errorf("got %s, Retry-After %q; want 429, 1", res.Status, res.Header.Get("Retry-After"))
		}
	}
	if res, _ := get(t, c, srv.URL+path); res.StatusCode != 200 {
		t.Errorf("after the fault: %s", res.Status)
	}

	site.SetFault(path, Fault{Status: 500, Times: 1})
	if res, _ := get(t, c, srv.URL+path); res.StatusCode != 500 {
		t.Errorf("got %s, want 500", res.Status)
	}
	if res, _ := get(t, c, srv.URL+path); res.StatusCode != 200 {
		t.Errorf("after the 500: %s", res.Status)
	}

	site.SetFault("/sitemap.xml", Fault{Redirect: "http://elsewhere.test/sitemap.xml"})
	for range 2 {
		if res, _ := get(t, c, srv.URL+"/sitemap.xml"); res.StatusCode != 302 || res.Header.Get("Location") != "http://elsewhere.test/sitemap.xml" {
			t.Errorf("redirect fault: %s to %q", res.Status, res.Header.Get("Location"))
		}
	}
	site.SetFault("/sitemap_8_1.xml.gz", Fault{Body: []byte("garbage"), ContentType: "application/x-gzip"})
	if res, body := get(t, c, srv.URL+"/sitemap_8_1.xml.gz"); res.StatusCode != 200 || string(body) != "garbage" {
		t.Errorf("body fault: %s %q", res.Status, body)
	}
	site.SetFault("/robots.txt", Fault{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/robots.txt", nil)
	if res, err := c.Do(req); err == nil {
		res.Body.Close()
		t.Errorf("a delayed answer came before the client's deadline: %s", res.Status)
	}

	site.ClearFaults()
	for _, p := range []string{"/sitemap.xml", "/sitemap_8_1.xml.gz", "/robots.txt"} {
		if res, _ := get(t, c, srv.URL+p); res.StatusCode != 200 {
			t.Errorf("%s after ClearFaults: %s", p, res.Status)
		}
	}
}

func TestTouch(t *testing.T) {
	now := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	site, srv := start(t, Options{Now: now})
	path := "/a/ukraine-russia-war-trump-putin-zelenskyy/33565458.html"
	res, before := get(t, srv.Client(), srv.URL+path)
	etag := res.Header.Get("ETag")
	_, sitemapBefore := get(t, srv.Client(), srv.URL+"/sitemap_8_1.xml.gz")

	if err := site.Touch("33565458"); err != nil {
		t.Fatal(err)
	}
	if err := site.Touch("1"); err == nil {
		t.Errorf("Touch of an unknown id gave no error")
	}
	res, after := get(t, srv.Client(), srv.URL+path, "If-None-Match", etag)
	if res.StatusCode != 200 || res.Header.Get("ETag") == etag || bytes.Equal(before, after) {
		t.Fatalf("a touched article answers %s with the same ETag or body", res.Status)
	}
	a, err := pangea.Parse(after, pangea.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Updated.Equal(now) || !strings.Contains(a.Body, "updated on December 01, 2025") {
		t.Errorf("updated %v, body end %q", a.Updated, a.Body[len(a.Body)-100:])
	}
	m := site.Articles()[slices.IndexFunc(site.Articles(), func(m Meta) bool { return m.ID == "33565458" })]
	if !m.Updated.Equal(now) {
		t.Errorf("Meta.Updated = %v", m.Updated)
	}
	_, sitemapAfter := get(t, srv.Client(), srv.URL+"/sitemap_8_1.xml.gz")
	if !bytes.Contains(gunzip(t, sitemapAfter), []byte("2025-12-01T09:00:00Z")) || bytes.Equal(sitemapBefore, sitemapAfter) {
		t.Errorf("the archive chunk does not show the new lastmod")
	}
	// A second Touch at the same clock still moves the update time on.
	if err := site.Touch("33565458"); err != nil {
		t.Fatal(err)
	}
	_, again := get(t, srv.Client(), srv.URL+path)
	b, _ := pangea.Parse(again, pangea.Options{})
	if !b.Updated.After(a.Updated) || !strings.Contains(b.Body, "(revision 2)") {
		t.Errorf("second touch: updated %v", b.Updated)
	}
}

func TestExtraArticles(t *testing.T) {
	one, two := New(Options{Seed: 7, ExtraArticles: 100}), New(Options{Seed: 7, ExtraArticles: 100})
	other := New(Options{Seed: 8, ExtraArticles: 100})
	builtIn := len(New(Options{}).Articles())
	a, b, c := one.Articles(), two.Articles(), other.Articles()
	if len(a) != builtIn+100 || !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Fatalf("%d articles (want %d); same seed same articles: %v; other seed other articles: %v", len(a), builtIn+100, slices.Equal(a, b), !slices.Equal(a, c))
	}
	srv := httptest.NewServer(one)
	defer srv.Close()
	var generated int
	for _, m := range a {
		if !m.Generated {
			continue
		}
		generated++
		if generated%25 != 1 {
			continue
		}
		_, body := get(t, srv.Client(), srv.URL+m.Path)
		art, err := pangea.Parse(body, pangea.Options{})
		if err != nil || art.Title != m.Title || !art.Published.Equal(m.Published) {
			t.Errorf("generated %s: %v, %+v", m.Path, err, art)
		}
	}
	if generated != 100 {
		t.Errorf("%d generated articles", generated)
	}
	if one.chunks() < 10 {
		t.Errorf("%d chunks", one.chunks())
	}
}

// TestConcurrentUse runs requests, faults, touches and request logs at
// once; go test -race checks the locking.
func TestConcurrentUse(t *testing.T) {
	site, srv := start(t, Options{})
	metas := site.Articles()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 10 {
				m := metas[(i*10+j)%len(metas)]
				res, err := srv.Client().Get(srv.URL + m.Path)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				switch j % 4 {
				case 0:
					_ = site.Touch(m.ID)
				case 1:
					site.SetFault(m.Path, Fault{Status: 503, Times: 1})
				case 2:
					_ = site.Requests()
				case 3:
					_ = site.Articles()
				}
			}
		})
	}
	wg.Wait()
	if n := len(site.Requests()); n != 80 {
		t.Errorf("%d requests logged, want 80", n)
	}
}

// TestLanguages: with Options.Languages the site adds its Russian and
// Ukrainian articles, each page in its language (html lang, JSON-LD
// inLanguage, the news sitemap) and parsed as such; without, it serves
// English only.
func TestLanguages(t *testing.T) {
	english := New(Options{}).Articles()
	for _, m := range english {
		if m.Language != "en" {
			t.Errorf("%s is in %q without Options.Languages", m.ID, m.Language)
		}
	}
	site, srv := start(t, Options{Languages: ExtraLanguages})
	metas := site.Articles()
	perLang := map[string]int{}
	for _, m := range metas {
		perLang[m.Language]++
	}
	if perLang["en"] != len(english) || perLang["ru"] < 4 || perLang["uk"] < 4 || len(perLang) != 3 {
		t.Fatalf("articles per language %v, want the %d English ones and at least 4 in ru and uk", perLang, len(english))
	}
	if !slices.IsSortedFunc(metas, func(a, b Meta) int { return b.Published.Compare(a.Published) }) {
		t.Errorf("Articles are not newest first")
	}
	for _, m := range metas {
		if m.Language == "en" {
			continue
		}
		t.Run(m.Language+"/"+m.ID, func(t *testing.T) {
			res, body := get(t, srv.Client(), srv.URL+m.Path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", m.Path, res.Status)
			}
			if !bytes.Contains(body, []byte(`<html lang="`+m.Language+`"`)) ||
				!bytes.Contains(body, []byte(`"inLanguage":"`+m.Language+`-`)) {
				t.Errorf("the page does not say it is in %s", m.Language)
			}
			a, err := pangea.Parse(body, pangea.Options{URL: srv.URL + m.Path, Site: "rferl"})
			if err != nil {
				t.Fatal(err)
			}
			if a.Language != m.Language || a.Title != m.Title || a.Section != m.Section || !a.Published.Equal(m.Published) {
				t.Errorf("parsed %q %q %q %v; want %+v", a.Language, a.Title, a.Section, a.Published, m)
			}
			cyrillic := 0
			for _, r := range a.Title + a.Body {
				if r >= 'Ѐ' && r <= 'ӿ' {
					cyrillic++
				}
			}
			if cyrillic < 200 || len(strings.Split(a.Body, "\n\n")) < 3 || a.Lead == "" || a.ImageCaption == "" {
				t.Errorf("%d Cyrillic letters, %d paragraphs, lead %q, caption %q: want a short news text", cyrillic,
					len(strings.Split(a.Body, "\n\n")), a.Lead, a.ImageCaption)
			}
		})
	}
	// The news sitemap names each article's language.
	_, gz := get(t, srv.Client(), srv.URL+fmt.Sprintf("/sitemap_%d_news.xml.gz", SiteID))
	news := string(gunzip(t, gz))
	for _, l := range []string{"en", "ru", "uk"} {
		if !strings.Contains(news, "<news:language>"+l+"</news:language>") {
			t.Errorf("the news sitemap has no article in %s", l)
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("New accepted a language it has no articles in")
		}
	}()
	New(Options{Languages: []string{"de"}})
}
