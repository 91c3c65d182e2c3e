package discover

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"newsarchive/internal/shared"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"newsarchive/scraper"
	"newsarchive/scraper/pangea"
)

// realDir is ../shared/pangea/real beside the repository (shared.Dir: the
// test skips when it is absent).
func realDir(t *testing.T) string { return shared.Dir(t, "pangea", "real") }

// TestReadRealSitemaps reads the real sitemaps of rferl.org and
// svoboda.org kept in ../shared/pangea/real: the index's chunks with their
// lastmod and the site id in their names, and the news sitemaps' article
// URLs, publication dates, languages and titles.
func TestReadRealSitemaps(t *testing.T) {
	dir := realDir(t)
	read := func(t *testing.T, name string) *Sitemap {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sm, err := ParseSitemap(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if sm.Invalid != 0 || sm.BadDates != 0 {
			t.Errorf("%s: %d invalid entries, %d bad dates", name, sm.Invalid, sm.BadDates)
		}
		return sm
	}
	day := func(s string) time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return d
	}

	t.Run("rferl.org index", func(t *testing.T) {
		sm := read(t, "www.rferl.org_sitemap.xml")
		if sm.Kind != KindIndex || len(sm.Sitemaps) != 14 {
			t.Fatalf("%s of %d sitemaps; want an index of 14", sm.Kind, len(sm.Sitemaps))
		}
		chunks := 0
		for _, s := range sm.Sitemaps {
			if !strings.HasPrefix(s.Loc, "https://www.rferl.org/sitemap_8_") || !strings.HasSuffix(s.Loc, ".xml.gz") {
				t.Errorf("loc %q", s.Loc)
			}
			if m := sitemapName.FindStringSubmatch(filepath.Base(s.Loc)); m != nil && unicode.IsDigit(rune(m[2][0])) {
				chunks++
				if s.LastMod.Before(day("2025-04-20")) || s.LastMod.After(day("2025-04-21")) || s.LastMod.Nanosecond() == 0 {
					t.Errorf("%s: lastmod %v, want 2025-04-20 with its fraction of a second", s.Loc, s.LastMod)
				}
			}
		}
		if chunks != 10 {
			t.Errorf("%d archive chunks, want 10", chunks)
		}
	})

	news := []struct {
		file, host, lang string
		entries          int
		from, to         string
		script           *unicode.RangeTable
	}{
		{"www.rferl.org_sitemap_8_news.xml", "www.rferl.org", "en", 11, "2025-05-23", "2025-05-26", unicode.Latin},
		{"www.svoboda.org_sitemap_2_news.xml", "www.svoboda.org", "ru", 139, "2025-05-23", "2025-05-26", unicode.Cyrillic},
	}
	for _, n := range news {
		t.Run(n.file, func(t *testing.T) {
			sm := read(t, n.file)
			if sm.Kind != KindURLSet || len(sm.URLs) != n.entries {
				t.Fatalf("%s of %d URLs, want %d", sm.Kind, len(sm.URLs), n.entries)
			}
			for _, u := range sm.URLs {
				id, ok := pangea.ArticleID(u.Loc)
				if !ok || id == "" || !strings.HasPrefix(u.Loc, "https://"+n.host+"/a/") {
					t.Errorf("%q is not an article URL of %s", u.Loc, n.host)
				}
				if u.Published.Before(day(n.from)) || !u.Published.Before(day(n.to)) {
					t.Errorf("%s: published %v, want %s to %s", u.Loc, u.Published, n.from, n.to)
				}
				if u.Language != n.lang || strings.TrimSpace(u.Title) == "" || !strings.ContainsFunc(u.Title, func(r rune) bool { return unicode.Is(n.script, r) }) {
					t.Errorf("%s: language %q, title %q", u.Loc, u.Language, u.Title)
				}
			}
		})
	}

	// Discovery over the real files: a profile that does not know its site
	// id reads it from the index, and the news sitemap's titles and dates
	// come with the candidates.
	t.Run("discovery learns the site id", func(t *testing.T) {
		files := map[string]string{
			"/sitemap.xml":             "www.rferl.org_sitemap.xml",
			"/sitemap_8_news.xml.gz":   "www.rferl.org_sitemap_8_news.xml",
			"/sitemap_8_latest.xml.gz": "www.rferl.org_sitemap_8_news.xml",
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name, ok := files[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			http.ServeFile(w, r, filepath.Join(dir, name))
		}))
		t.Cleanup(srv.Close)
		var log bytes.Buffer
		d := discovererLogging(t, scraper.Profile{Name: "rferl", Origin: "https://www.rferl.org", Hosts: []string{"www.rferl.org"}, Language: "en"}, srv.URL, &log)
		got, _ := collect(t, d, Options{Sources: []string{SourceSitemaps}, MaxChunks: 1})
		if l := siteIDLine(log.String()); !strings.Contains(l, " site_id=8") {
			t.Errorf("log line %q; want site id 8 read from the index", l)
		}
		if len(got) != 11 {
			t.Fatalf("%d candidates, want the 11 news articles", len(got))
		}
		for _, c := range got {
			if c.Title == "" || c.Published.IsZero() || !strings.HasPrefix(c.URL, srv.URL+"/a/") {
				t.Errorf("candidate %+v lacks the news sitemap's hints or is off the origin", c)
			}
		}
	})
}
