package discover

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"newsarchive/internal/shared"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden compares got (as indented JSON) with testdata/golden/name.json,
// or rewrites it with -update.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from %s:\n%s", name, path, b)
	}
}

// Every synthetic sitemap parses the same plain and gzipped, and matches
// its golden file.
func TestParseSitemapGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/site/sitemap*.xml")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".xml")
		plain := readFile(t, file)
		for _, variant := range []struct {
			suffix string
			data   []byte
		}{{".xml", plain}, {".xml.gz", gzipBytes(t, plain)}} {
			t.Run(name+variant.suffix, func(t *testing.T) {
				sm, err := ParseSitemap(bytes.NewReader(variant.data))
				if err != nil {
					t.Fatal(err)
				}
				golden(t, "sitemap/"+name, sm)
			})
		}
	}
}

func TestParseSitemapDates(t *testing.T) {
	sm, err := ParseSitemap(bytes.NewReader(readFile(t, "testdata/site/sitemap.xml")))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2025, 5, 20, 17, 38, 23, 459828700, time.UTC)
	if got := sm.Sitemaps[0].LastMod; !got.Equal(want) {
		t.Errorf("7-digit fraction: got %v, want %v", got, want)
	}
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2025-04-20T17:38:23.4598287Z", want.AddDate(0, -1, 0), true},
		{"2025-04-20", time.Date(2025, 4, 20, 0, 0, 0, 0, time.UTC), true},
		{"2025-04", time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), true},
		{"2025-05-25T00:05:43+02:00", time.Date(2025, 5, 24, 22, 5, 43, 0, time.UTC), true},
		{"2025-05-25T10:56+03:00", time.Date(2025, 5, 25, 7, 56, 0, 0, time.UTC), true},
		{"2019-06-30 22:02:29Z", time.Date(2019, 6, 30, 22, 2, 29, 0, time.UTC), true},
		{"2019-06-30T22:02:29", time.Date(2019, 6, 30, 22, 2, 29, 0, time.UTC), true},
		{" 2008-04-09T11:42:35Z\n", time.Date(2008, 4, 9, 11, 42, 35, 0, time.UTC), true},
		{"0001-01-01T00:00:00", time.Time{}, true}, // Pangea's "unset"
		{"1900-01-01T00:00:00Z", time.Time{}, true},
		{"", time.Time{}, true},
		{"yesterday", time.Time{}, false},
		{"2025-13-45", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if !got.Equal(tt.want) || ok != tt.ok {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// Broken sitemaps give an error and the entries read before the fault.
func TestParseSitemapFaults(t *testing.T) {
	chunk := readFile(t, "testdata/site/sitemap_8_1.xml") // 4 entries
	gz := gzipBytes(t, chunk)
	// A gzip member whose deflate data ends early, after some entries.
	var big bytes.Buffer
	big.WriteString(`<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range 2000 {
		big.WriteString("<url><loc>https://www.rferl.org/a/" + strings.Repeat("x", i%7) + "/3340" + strconv.Itoa(1000+i) + ".html</loc><lastmod>2025-04-20T16:09:00Z</lastmod></url>")
	}
	big.WriteString("</urlset>")
	bigGz := gzipBytes(t, big.Bytes())

	tests := []struct {
		name           string
		data           []byte
		lim            Limits
		want           error  // errors.Is target, if any
		wantMsg        string // substring of the message
		minKept, maxOK int    // entries kept before the fault
	}{
		{"truncated gzip", bigGz[:len(bigGz)/2], Limits{}, nil, "truncated or corrupt gzip", 1, 1999},
		{"gzip without its checksum", gz[:len(gz)-4], Limits{}, nil, "truncated or corrupt gzip", 0, 4},
		{"gzip header only", gz[:5], Limits{}, nil, "gzip", 0, 0},
		{"truncated XML", chunk[:len(chunk)*2/3], Limits{}, nil, "truncated XML", 1, 3},
		{"invalid XML", bytes.Replace(chunk, []byte("<url><loc>https://www.rferl.org/a/old"), []byte("<url><loc>https://www.rferl.org/a/old<<"), 1), Limits{}, nil, "invalid XML", 3, 3},
		{"HTML page", []byte("<!DOCTYPE html><html><body>Not found</body></html>"), Limits{}, ErrNotSitemap, "", 0, 0},
		{"RSS feed", readFile(t, "testdata/site/api.xml"), Limits{}, ErrNotSitemap, "root element <rss>", 0, 0},
		{"empty", nil, Limits{}, ErrNotSitemap, "", 0, 0},
		{"too many entries", chunk, Limits{MaxEntries: 3}, ErrTooManyEntries, "kept the first 3", 3, 3},
		{"too many bytes", chunk, Limits{MaxBytes: 400}, ErrSitemapTooBig, "more than 400 bytes", 0, 3},
		{"gzip bomb", gzipBytes(t, append(chunk[:len(chunk)-len("</urlset>")], bytes.Repeat([]byte(" "), 8<<20)...)), Limits{MaxBytes: 1 << 20}, ErrSitemapTooBig, "", 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sm, err := ParseSitemapLimited(bytes.NewReader(tt.data), tt.lim)
			if err == nil {
				t.Fatalf("no error; parsed %+v", sm)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %q, want it to mention %q", err, tt.wantMsg)
			}
			if sm == nil {
				t.Fatal("nil sitemap: the entries before the fault are lost")
			}
			if n := len(sm.URLs); n < tt.minKept || n > tt.maxOK {
				t.Errorf("kept %d entries, want %d..%d", n, tt.minKept, tt.maxOK)
			}
		})
	}
}

func TestParseSitemapOddEntries(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="windows-1251"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><lastmod>2025-01-01</lastmod></url>
  <url><loc>  https://www.svoboda.org/a/33410373.html  </loc><lastmod>not a date</lastmod>
    <news:news><news:publication><news:language>ru</news:language></news:publication><news:title>` + "\xcd\xee\xe2\xee\xf1\xf2\xe8" + `</news:title></news:news></url>
  <image>ignored</image>
</urlset>`
	sm, err := ParseSitemap(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if sm.Invalid != 1 || sm.BadDates != 1 || len(sm.URLs) != 1 {
		t.Fatalf("invalid %d, bad dates %d, urls %d; want 1, 1, 1", sm.Invalid, sm.BadDates, len(sm.URLs))
	}
	u := sm.URLs[0]
	if u.Loc != "https://www.svoboda.org/a/33410373.html" || u.Title != "Новости" || u.Language != "ru" || !u.LastMod.IsZero() {
		t.Errorf("entry = %+v", u)
	}
}

// The real Pangea sitemaps kept in ../shared parse completely. CI may not
// have that folder; the test skips then.
func TestParseRealPangeaSitemaps(t *testing.T) {
	dir := shared.Dir(t, "pangea", "sitemaps")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "sitemap*"))
	if len(files) == 0 {
		t.Skipf("no real sitemaps in %s", dir)
	}
	want := map[string]struct {
		kind    string
		entries int
	}{
		"www.rferl.org/sitemap.xml":                         {KindIndex, 14},
		"www.rferl.org/sitemap_8_1.TRIMMED_first40.xml":     {KindURLSet, 40},
		"www.rferl.org/sitemap_8_10.TRIMMED_first20.xml":    {KindURLSet, 20},
		"www.rferl.org/sitemap_8_latest.xml.gz":             {KindURLSet, 202},
		"www.rferl.org/sitemap_8_news.xml.gz":               {KindURLSet, 11},
		"www.rferl.org/sitemap_8_sections.xml.gz":           {KindURLSet, 190},
		"www.rferl.org/sitemap_8_videos.TRIMMED_first3.xml": {KindURLSet, 3},
		"www.svoboda.org/sitemap.xml":                       {KindIndex, 49},
		"www.svoboda.org/sitemap_2_news.xml.gz":             {KindURLSet, 139},
		"www.svoboda.org/sitemap_2_sections.xml.gz":         {KindURLSet, 339},
	}
	for _, file := range files {
		rel, _ := filepath.Rel(dir, file)
		t.Run(rel, func(t *testing.T) {
			sm, err := ParseSitemap(bytes.NewReader(readFile(t, file)))
			if err != nil {
				t.Fatal(err)
			}
			if sm.Invalid != 0 || sm.BadDates != 0 {
				t.Errorf("invalid %d, bad dates %d", sm.Invalid, sm.BadDates)
			}
			w, ok := want[filepath.ToSlash(rel)]
			if !ok {
				t.Skip("a file this test does not know")
			}
			if n := len(sm.URLs) + len(sm.Sitemaps); sm.Kind != w.kind || n != w.entries {
				t.Errorf("%s with %d entries, want %s with %d", sm.Kind, n, w.kind, w.entries)
			}
			for _, s := range sm.Sitemaps {
				if strings.Contains(s.Loc, "_latest") || strings.Contains(s.Loc, "_news") {
					continue
				}
				if strings.Contains(s.Loc, "_sections") || strings.Contains(s.Loc, "_videos") {
					continue
				}
				if s.LastMod.IsZero() || s.LastMod.Nanosecond() == 0 {
					t.Errorf("%s: lastmod %v lost its fraction", s.Loc, s.LastMod)
				}
			}
			if strings.Contains(rel, "_news") {
				for _, u := range sm.URLs {
					if u.Published.IsZero() || u.Title == "" || u.Language == "" {
						t.Errorf("news entry without its news fields: %+v", u)
					}
				}
			}
		})
	}
}

func TestParseRSSGolden(t *testing.T) {
	items, err := ParseRSS(bytes.NewReader(readFile(t, "testdata/site/api.xml")))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "rss", items)
}

func TestParseRSSFaults(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"html", "<!DOCTYPE html><html><body>maintenance</body></html>"},
		{"truncated", string(readFile(t, "testdata/site/api.xml"))[:600]},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseRSS(strings.NewReader(tt.doc)); err == nil {
				t.Error("no error")
			}
		})
	}
	// Atom works too, and items without a link are dropped.
	atom := `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>A</title><link href="https://www.rferl.org/a/a/33400001.html"/><updated>2025-05-01T10:00:00Z</updated><published>2025-04-30T09:00:00+02:00</published></entry>
<entry><title>no link</title></entry></feed>`
	items, err := ParseRSS(strings.NewReader(atom))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].URL != "https://www.rferl.org/a/a/33400001.html" ||
		!items[0].Published.Equal(time.Date(2025, 4, 30, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("atom items = %+v", items)
	}
}

func TestParseSectionPageGolden(t *testing.T) {
	for _, tt := range []struct{ file, url string }{
		{"z16.html", "https://www.rferl.org/z/16"},
		{"z16_p1.html", "https://www.rferl.org/z/16?p=1"},
		{"z16_p2.html", "https://www.rferl.org/z/16?p=2"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			links, next, err := ParseSectionPage(bytes.NewReader(readFile(t, "testdata/site/"+tt.file)), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "section/"+strings.TrimSuffix(tt.file, ".html"), map[string]any{"links": links, "next": next})
		})
	}
	if _, _, err := ParseSectionPage(strings.NewReader("<html></html>"), "/z/16"); err == nil {
		t.Error("a relative page URL was accepted")
	}
}
