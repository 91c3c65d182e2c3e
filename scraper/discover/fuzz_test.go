package discover

import (
	"bytes"
	"testing"
)

// FuzzParseSitemap: no input makes ParseSitemap panic, hang, exceed its
// limits, or lose the invariant that a clean parse found a sitemap root.
// Seeds: testdata/fuzz/FuzzParseSitemap plus the synthetic site's files.
func FuzzParseSitemap(f *testing.F) {
	for _, name := range []string{"sitemap.xml", "sitemap_8_latest.xml", "sitemap_8_news.xml", "sitemap_8_1.xml"} {
		b := readFile(f, "testdata/site/"+name)
		f.Add(b)
		f.Add(gzipBytes(f, b))
	}
	lim := Limits{MaxEntries: 500, MaxBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		sm, err := ParseSitemapLimited(bytes.NewReader(data), lim)
		if sm == nil {
			t.Fatal("nil sitemap")
		}
		if n := len(sm.URLs) + len(sm.Sitemaps); n > lim.MaxEntries {
			t.Fatalf("%d entries, limit %d", n, lim.MaxEntries)
		}
		if err == nil && sm.Kind != KindIndex && sm.Kind != KindURLSet {
			t.Fatalf("no error but kind %q", sm.Kind)
		}
		if sm.Kind == KindIndex && len(sm.URLs) > 0 || sm.Kind == KindURLSet && len(sm.Sitemaps) > 0 {
			t.Fatal("entries of the wrong kind")
		}
		for _, u := range sm.URLs {
			if u.Loc == "" {
				t.Fatal("entry without loc kept")
			}
		}
	})
}

// FuzzParseRSS: no input makes ParseRSS panic or hang, and every item it
// returns has a URL.
func FuzzParseRSS(f *testing.F) {
	f.Add(readFile(f, "testdata/site/api.xml"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseRSS(bytes.NewReader(data))
		if err != nil && items != nil {
			t.Fatal("items with an error")
		}
		for _, it := range items {
			if it.URL == "" {
				t.Fatal("item without URL")
			}
		}
	})
}
