package discover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsarchive/scraper"
	"newsarchive/scraper/fetch"
)

// fakeSite serves testdata/site like a Pangea site: sitemap_*.xml.gz are
// gzipped on the fly and served as application/x-gzip, as the real sites do.
type fakeSite struct {
	*httptest.Server
	override map[string]http.HandlerFunc // by request URI

	mu       sync.Mutex
	requests []string
}

func newFakeSite(t *testing.T, override map[string]http.HandlerFunc) *fakeSite {
	t.Helper()
	s := &fakeSite{override: override}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve(t)))
	t.Cleanup(s.Close)
	return s
}

func (s *fakeSite) serve(t *testing.T) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		uri := r.URL.RequestURI()
		s.mu.Lock()
		s.requests = append(s.requests, uri)
		s.mu.Unlock()
		if h, ok := s.override[uri]; ok {
			h(w, r)
			return
		}
		file, gz := "", false
		switch p := r.URL.Path; {
		case p == "/robots.txt", p == "/sitemap.xml":
			file = strings.TrimPrefix(p, "/")
		case strings.HasPrefix(p, "/sitemap_") && strings.HasSuffix(p, ".xml.gz"):
			file, gz = strings.TrimSuffix(path.Base(p), ".gz"), true
		case p == "/api/":
			file = "api.xml"
		case p == "/z/16":
			file = "z16.html"
			if pg := r.URL.Query().Get("p"); pg != "" {
				file = "z16_p" + pg + ".html"
			}
		}
		b, err := os.ReadFile("testdata/site/" + file)
		if file == "" || err != nil {
			http.NotFound(w, r)
			return
		}
		if gz {
			b = gzipBytes(t, b)
			w.Header().Set("Content-Type", "application/x-gzip")
		}
		_, _ = w.Write(b)
	}
}

func (s *fakeSite) requested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// discoverer builds a Discoverer for the fake site with the real polite
// Fetcher (loopback allowed, fast rate).
func (s *fakeSite) discoverer(t *testing.T) *Discoverer {
	t.Helper()
	return s.discovererOf(t, 8)
}

// discovererOf is discoverer with a profile of the given site id (0: not
// known).
func (s *fakeSite) discovererOf(t *testing.T, siteID int) *Discoverer {
	t.Helper()
	return discovererAt(t, scraper.Profile{
		Name: "rferl", Origin: "https://www.rferl.org", SiteID: siteID, Feed: "/api/", Language: "en",
		Hosts:    []string{"www.rferl.org", "rferl.org"},
		Sections: []scraper.Section{{ID: "z/16", Name: "News"}, {ID: "z/17", Name: "Features"}},
	}, s.URL)
}

// discovererAt builds a Discoverer for p fetching from base, with the real
// polite Fetcher (loopback allowed, fast rate).
func discovererAt(t *testing.T, p scraper.Profile, base string) *Discoverer {
	t.Helper()
	return discovererLogging(t, p, base, io.Discard)
}

// discovererLogging is discovererAt whose Discoverer also logs to w.
func discovererLogging(t *testing.T, p scraper.Profile, base string, w io.Writer) *Discoverer {
	t.Helper()
	p, err := p.WithBaseURL(base)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	f, err := fetch.New(fetch.Config{Hosts: p.Hosts, AllowPrivate: true, Rate: 1000, MaxAttempts: 1, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	d, err := New(p, f, slog.New(slog.NewTextHandler(io.MultiWriter(t.Output(), w), nil)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func collect(t *testing.T, d *Discoverer, opts Options) ([]Candidate, Stats) {
	t.Helper()
	var got []Candidate
	st, err := d.Discover(t.Context(), opts, func(c Candidate) error {
		got = append(got, c)
		return nil
	})
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return got, st
}

func ids(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+" "+c.Source)
	}
	return out
}

func TestDiscoverOrderAndDedupe(t *testing.T) {
	s := newFakeSite(t, nil)
	got, st := collect(t, s.discoverer(t), Options{SectionPages: 2})
	want := []string{
		// latest + news merged, newest first (publication date, else lastmod)
		"33423700 news", "33423513 latest", "33423647 latest", "33422388 latest", "33423001 latest", "33400004 latest",
		// archive chunks, n ascending = newest first
		"33400002 chunk sitemap_8_1", "33400001 chunk sitemap_8_1", "33400003 chunk sitemap_8_1",
		"33300001 chunk sitemap_8_2", "33300002 chunk sitemap_8_2", "33300003 chunk sitemap_8_2",
		"33200001 chunk sitemap_8_3", "33200002 chunk sitemap_8_3", "33200003 chunk sitemap_8_3",
		"33100001 chunk sitemap_8_4", "33100002 chunk sitemap_8_4",
		"1095990 chunk sitemap_8_10", "1095991 chunk sitemap_8_10",
		"33423800 rss",
		"33423900 section z/16 p0", "33424000 section z/16 p1",
	}
	if g := ids(got); !slices.Equal(g, want) {
		t.Errorf("candidates:\n got %q\nwant %q", g, want)
	}
	// The richest hints survive the merge of latest and news.
	i := slices.IndexFunc(got, func(c Candidate) bool { return c.ID == "33423647" })
	c := got[i]
	if c.Title != "Steppe Orchard Cooperative Doubles Its Apricot Harvest" ||
		!c.Published.Equal(time.Date(2025, 5, 25, 10, 55, 0, 820e6, time.UTC)) ||
		!c.LastMod.Equal(time.Date(2025, 5, 25, 10, 56, 25, 223e6, time.UTC)) {
		t.Errorf("merged candidate = %+v", c)
	}
	// URLs move to the origin being scraped, mirrors included.
	for _, c := range got {
		if !strings.HasPrefix(c.URL, s.URL+"/a/") {
			t.Errorf("candidate URL %s is not on the origin", c.URL)
		}
	}
	wantStats := Stats{
		Candidates: len(want),
		// latest∩news, chunk 1∩latest, rss 33423647, sections 33423513 ×2 and 33400004 ×2
		Duplicates: 7,
		OffSite:    3, // index entry, latest entry, section page link
		NotArticle: 2, // /Investigations, /audio/…
		Skipped:    2, // sections, videos
		// z/17 is disallowed by robots.txt
		FetchErrors:  1,
		SitemapsRead: 8,
		Fetched:      11, // the 8 sitemaps, the RSS feed and the section pages that answered
	}
	st.PerSource, st.Problems = nil, checkProblems(t, st.Problems, "/z/17", "disallowed by robots.txt")
	if fmt.Sprintf("%+v", st) != fmt.Sprintf("%+v", wantStats) {
		t.Errorf("stats:\n got %+v\nwant %+v", st, wantStats)
	}
	for _, uri := range s.requested() {
		if strings.Contains(uri, "videos") || strings.Contains(uri, "sections") || strings.Contains(uri, "z/17") {
			t.Errorf("requested %s", uri)
		}
	}
}

// checkProblems asserts one problem naming urlSuffix and reason; returns nil
// so the rest of the stats compare as a whole.
func checkProblems(t *testing.T, ps []Problem, urlSuffix, reason string) []Problem {
	t.Helper()
	if len(ps) != 1 || !strings.HasSuffix(ps[0].URL, urlSuffix) || !strings.Contains(ps[0].Reason, reason) {
		t.Errorf("problems = %+v, want one for %s: %s", ps, urlSuffix, reason)
	}
	return nil
}

func TestDiscoverSinceUntil(t *testing.T) {
	day := func(s string) time.Time { tm, _ := time.Parse("2006-01-02", s); return tm }
	tests := []struct {
		name        string
		opts        Options
		wantIDs     []string
		wantChunks  []string // chunk files requested
		wantPruned  int
		wantOutside int
	}{
		{
			// Chunk 10's index lastmod is 2019: never read. Chunk 3 is wholly
			// older than Since: read, and chunk 4 after it is not.
			name:        "since",
			opts:        Options{Since: day("2025-01-01"), Sources: []string{SourceSitemaps}},
			wantIDs:     []string{"33423700", "33423513", "33423647", "33422388", "33423001", "33400004", "33400002", "33400001", "33400003", "33300001"},
			wantChunks:  []string{"sitemap_8_1", "sitemap_8_2", "sitemap_8_3"},
			wantPruned:  2,
			wantOutside: 5,
		},
		{
			// Until with the default 30-day grace on lastmod: chunk 1's
			// 2025-02-15 entry stays; everything newer is out. All chunks are read.
			name:        "until",
			opts:        Options{Until: day("2025-01-31"), Sources: []string{SourceSitemaps}},
			wantIDs:     []string{"33400003", "33300001", "33300002", "33300003", "33200001", "33200002", "33200003", "33100001", "33100002", "1095990", "1095991"},
			wantChunks:  []string{"sitemap_8_1", "sitemap_8_2", "sitemap_8_3", "sitemap_8_4", "sitemap_8_10"},
			wantOutside: 8,
		},
		{
			name:        "until strict",
			opts:        Options{Until: day("2025-01-31"), UntilGrace: -1, Sources: []string{SourceSitemaps}},
			wantIDs:     []string{"33300001", "33300002", "33300003", "33200001", "33200002", "33200003", "33100001", "33100002", "1095990", "1095991"},
			wantChunks:  []string{"sitemap_8_1", "sitemap_8_2", "sitemap_8_3", "sitemap_8_4", "sitemap_8_10"},
			wantOutside: 9,
		},
		{
			name:        "since and until",
			opts:        Options{Since: day("2024-04-01"), Until: day("2024-12-31"), UntilGrace: -1},
			wantIDs:     []string{"33300002", "33300003", "33200001", "33200002", "33423900", "33424000", "33424100"},
			wantChunks:  []string{"sitemap_8_1", "sitemap_8_2", "sitemap_8_3", "sitemap_8_4"},
			wantPruned:  1,
			wantOutside: 14,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeSite(t, nil)
			got, st := collect(t, s.discoverer(t), tt.opts)
			var g []string
			for _, c := range got {
				g = append(g, c.ID)
			}
			if !slices.Equal(g, tt.wantIDs) {
				t.Errorf("ids:\n got %q\nwant %q", g, tt.wantIDs)
			}
			var chunks []string
			for _, uri := range s.requested() {
				name := strings.TrimSuffix(path.Base(uri), ".xml.gz")
				if strings.HasPrefix(name, "sitemap_8_") && !strings.Contains(name, "latest") && !strings.Contains(name, "news") {
					chunks = append(chunks, name)
				}
			}
			if !slices.Equal(chunks, tt.wantChunks) {
				t.Errorf("chunks read %q, want %q", chunks, tt.wantChunks)
			}
			if st.ChunksPruned != tt.wantPruned || st.OutOfRange != tt.wantOutside {
				t.Errorf("pruned %d, out of range %d; want %d, %d", st.ChunksPruned, st.OutOfRange, tt.wantPruned, tt.wantOutside)
			}
		})
	}
}

func TestDiscoverFailingSources(t *testing.T) {
	chunk2 := gzipBytes(t, mustRead(t, "testdata/site/sitemap_8_2.xml"))
	serve := func(b []byte, code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code); _, _ = w.Write(b) }
	}
	s := newFakeSite(t, map[string]http.HandlerFunc{
		"/sitemap_8_1.xml.gz":      serve(nil, http.StatusNotFound),
		"/sitemap_8_2.xml.gz":      serve(chunk2[:len(chunk2)-20], 200), // truncated gzip
		"/sitemap_8_3.xml.gz":      serve([]byte("<html>oops</html>"), 200),
		"/sitemap_8_4.xml.gz":      serve([]byte{0x1f, 0x8b, 0x08, 0, 0, 0}, 200), // garbage gzip
		"/sitemap_8_latest.xml.gz": serve([]byte("<urlset><url><loc>https://www.rferl.org/a/x/33423513.html</loc></url><url><loc>"), 200),
		"/api/":                    serve([]byte("not a feed"), 200),
		"/z/16":                    serve(nil, http.StatusGone),
	})
	got, st := collect(t, s.discoverer(t), Options{})
	g := ids(got)
	// What could be read was used: the truncated latest's first entry,
	// news, the truncated chunk's entries before the fault, chunk 10.
	for _, want := range []string{"33423513 latest", "33423700 news", "33300001 chunk sitemap_8_2", "1095990 chunk sitemap_8_10"} {
		if !slices.Contains(g, want) {
			t.Errorf("missing %s in %q", want, g)
		}
	}
	if st.FetchErrors != 3 || st.ParseErrors != 5 {
		t.Errorf("fetch errors %d, parse errors %d; want 3 (chunk 1, z/16, z/17), 5 (latest, chunks 2-4, rss)", st.FetchErrors, st.ParseErrors)
	}
	reasons := map[string]string{}
	for _, p := range st.Problems {
		reasons[strings.TrimPrefix(p.URL, s.URL)] = p.Reason
	}
	for uri, want := range map[string]string{
		"/sitemap_8_1.xml.gz":      "status 404",
		"/sitemap_8_2.xml.gz":      "truncated or corrupt gzip",
		"/sitemap_8_3.xml.gz":      "not a sitemap",
		"/sitemap_8_4.xml.gz":      "gzip",
		"/sitemap_8_latest.xml.gz": "kept the 1 entry read before it",
		"/api/":                    "not an RSS or Atom feed",
		"/z/16":                    "status 410",
	} {
		if !strings.Contains(reasons[uri], want) {
			t.Errorf("%s: reason %q, want it to mention %q", uri, reasons[uri], want)
		}
	}
}

func TestDiscoverWithoutIndex(t *testing.T) {
	s := newFakeSite(t, map[string]http.HandlerFunc{"/sitemap.xml": http.NotFound})
	got, st := collect(t, s.discoverer(t), Options{Sources: []string{SourceSitemaps}})
	if len(got) != 6 || st.FetchErrors != 1 {
		t.Errorf("got %q, %d fetch errors; want the 6 latest/news articles and 1 error", ids(got), st.FetchErrors)
	}
}

// A profile without a site id reads it from the sitemap index's file names
// and logs it; one that knows another id is warned about. The id read is
// only logged: discovery is the same as with the profile's id, and a
// profile's own id is what finds the newest sitemaps by name when the index
// fails (TestDiscoverWithoutIndex); without one and without an index there
// is nothing to guess. (A Discoverer no longer keeps the id it read for a
// later Discover call: each scrape run builds its own.)
func TestDiscoverLearnsSiteID(t *testing.T) {
	s := newFakeSite(t, nil)
	var log bytes.Buffer
	d := discovererLogging(t, scraper.Profile{Name: "rferl", Origin: "https://www.rferl.org", Hosts: []string{"www.rferl.org", "rferl.org"}}, s.URL, &log)
	got, _ := collect(t, d, Options{Sources: []string{SourceSitemaps}})
	known, _ := collect(t, s.discovererOf(t, 8), Options{Sources: []string{SourceSitemaps}})
	if len(got) == 0 || !slices.Equal(ids(got), ids(known)) {
		t.Errorf("without a site id: %q; want what a profile with id 8 finds, %q", ids(got), ids(known))
	}
	if l := siteIDLine(log.String()); !strings.Contains(l, `msg="site id read from the sitemap index"`) || !strings.Contains(l, " site_id=8") {
		t.Errorf("log line %q; want site id 8 read from the index", l)
	}

	fresh := newFakeSite(t, map[string]http.HandlerFunc{"/sitemap.xml": http.NotFound})
	if got, _ := collect(t, fresh.discovererOf(t, 0), Options{Sources: []string{SourceSitemaps}}); len(got) != 0 {
		t.Errorf("no id, no index: %q", ids(got))
	}
}

// TestSiteIDOfIndex: the site id logged is the one most of the index's
// sitemap names carry (the smaller on a tie); none is logged when the
// names carry none or the profile's own.
func TestSiteIDOfIndex(t *testing.T) {
	tests := []struct {
		name      string
		profileID int
		files     []string
		want      []string // in the log line about the site id; nil: no such line
	}{
		{"rferl", 0, []string{"sitemap_8_1.xml.gz", "sitemap_8_news.xml.gz"}, []string{"INFO", " site_id=8"}},
		{"the most common id", 0, []string{"sitemap_22_1.xml.gz", "sitemap_22_latest.xml.gz", "sitemap_5_news.xml.gz"}, []string{" site_id=22"}},
		{"a tie: the smaller", 0, []string{"sitemap_22_1.xml.gz", "sitemap_5_news.xml.gz"}, []string{" site_id=5"}},
		{"plain xml", 0, []string{"sitemap_91_news.xml"}, []string{" site_id=91"}},
		{"no Pangea names", 0, []string{"post-sitemap.xml", "sitemap_index.xml"}, nil},
		{"empty", 0, nil, nil},
		{"the profile's own id", 8, []string{"sitemap_8_1.xml.gz"}, nil},
		{"another id than the profile's", 8, []string{"sitemap_22_1.xml.gz", "sitemap_22_news.xml.gz"}, []string{"WARN", " site_id=8", " index_site_id=22"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s *fakeSite
			s = newFakeSite(t, map[string]http.HandlerFunc{"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
				var b strings.Builder
				b.WriteString(`<?xml version="1.0" encoding="utf-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
				for _, f := range tt.files {
					fmt.Fprintf(&b, "<sitemap><loc>%s/%s</loc></sitemap>", s.URL, f)
				}
				b.WriteString("</sitemapindex>")
				_, _ = io.WriteString(w, b.String())
			}})
			var log bytes.Buffer
			d := discovererLogging(t, scraper.Profile{Name: "rferl", Origin: "https://www.rferl.org", SiteID: tt.profileID, Hosts: []string{"www.rferl.org"}}, s.URL, &log)
			collect(t, d, Options{Sources: []string{SourceSitemaps}})
			l := siteIDLine(log.String())
			if tt.want == nil && l != "" {
				t.Errorf("logged %q; want no site id", l)
			}
			for _, w := range tt.want {
				if !strings.Contains(l, w) {
					t.Errorf("log line %q; want it to hold %q", l, w)
				}
			}
		})
	}
}

// siteIDLine is the line of a text log about the site id in the sitemap
// index, or "".
func siteIDLine(log string) string {
	for l := range strings.Lines(log) {
		if strings.Contains(l, "site id") && strings.Contains(l, "sitemap index") {
			return l
		}
	}
	return ""
}

func TestDiscoverStops(t *testing.T) {
	s := newFakeSite(t, nil)
	d := s.discoverer(t)
	n := 0
	st, err := d.Discover(t.Context(), Options{}, func(c Candidate) error {
		if n++; n == 3 {
			return Stop
		}
		return nil
	})
	if err != nil || st.Candidates != 3 {
		t.Fatalf("err %v, %d candidates; want nil, 3", err, st.Candidates)
	}
	for _, uri := range s.requested() {
		if strings.Contains(uri, "sitemap_8_1") || uri == "/api/" {
			t.Errorf("read %s after the stop", uri)
		}
	}
	// Another error is handed back as is.
	boom := errors.New("archive full")
	if _, err := d.Discover(t.Context(), Options{}, func(Candidate) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
	// A cancelled context ends discovery with its error.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := d.Discover(ctx, Options{}, func(Candidate) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDiscoverBoundsHugeIndex(t *testing.T) {
	var idx strings.Builder
	idx.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := 1; i <= MaxSitemapsPerRun+50; i++ {
		fmt.Fprintf(&idx, "<sitemap><loc>https://www.rferl.org/sitemap_8_%d.xml.gz</loc></sitemap>", i)
	}
	idx.WriteString("</sitemapindex>")
	s := newFakeSite(t, map[string]http.HandlerFunc{
		"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(idx.String())) },
	})
	_, st := collect(t, s.discoverer(t), Options{Sources: []string{SourceSitemaps}})
	chunkHits := 0
	for _, uri := range s.requested() {
		if strings.HasPrefix(uri, "/sitemap_8_") {
			chunkHits++
		}
	}
	if chunkHits != MaxSitemapsPerRun {
		t.Errorf("%d sitemaps requested, want the cap %d", chunkHits, MaxSitemapsPerRun)
	}
	if st.ParseErrors != 1 || !strings.Contains(st.Problems[0].Reason, "lists 1050 sitemaps") {
		t.Errorf("stats %+v", st)
	}
}
