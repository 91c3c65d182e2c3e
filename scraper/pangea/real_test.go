package pangea_test

import (
	"encoding/json"
	"errors"
	"newsarchive/internal/shared"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsarchive/article"
	"newsarchive/scraper"
	"newsarchive/scraper/pangea"
)

// realDir is ../shared/pangea/real beside the repository (shared.Dir: the
// test skips when it is absent).
func realDir(t *testing.T) string { return shared.Dir(t, "pangea", "real") }

// realPage is one entry of ../shared/pangea/real/expected.json: fields read
// from the page's HTML by hand, not by this parser.
type realPage struct {
	File      string `json:"file"`
	URL       string `json:"url"`
	PageType  string `json:"page_type"`
	IsArticle bool   `json:"is_article"`
	Expected  struct {
		ID            string   `json:"id"`
		Title         string   `json:"title"`
		PublishedUTC  *string  `json:"published_utc"`
		PublishedDate string   `json:"published_date"`
		Authors       []string `json:"authors"`
		Section       string   `json:"section"`
		Language      string   `json:"language"`
		FirstPara60   string   `json:"first_para_60"`
	} `json:"expected"`
}

// realOptions are the options `newsarchive parse --url` and the scraper
// give the parser.
func realOptions(pageURL string) pangea.Options {
	return pangea.Options{URL: pageURL, SiteForHost: scraper.SiteForHost, OutletNames: scraper.OutletNames}
}

// TestParseRealPages is the done check over the real pages in
// ../shared/pangea/real: every field of expected.json, a site from a
// profile, and the media pages kept with their kind (when they carry a
// text story) or skipped with their reason.
func TestParseRealPages(t *testing.T) {
	dir := realDir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Pages []realPage `json:"pages"`
	}
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	if len(exp.Pages) == 0 {
		t.Fatal("expected.json lists no pages")
	}
	wholly := 0
	for _, p := range exp.Pages {
		ok := t.Run(p.File, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join(dir, p.File))
			if err != nil {
				t.Fatal(err)
			}
			a, err := pangea.Parse(page, realOptions(p.URL))
			kind, kept := realKind(p)
			if !kept {
				if !errors.Is(err, pangea.ErrNotArticle) {
					t.Fatalf("Parse = %+v, %v; want ErrNotArticle (a %s without text)", a, err, p.PageType)
				}
				if !strings.Contains(err.Error(), kind) {
					t.Errorf("the reason %q does not name the page's kind %q", err, kind)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkRealFields(t, p, kind, a)
		})
		if ok {
			wholly++
		}
	}
	t.Logf("%d of %d real pages wholly right", wholly, len(exp.Pages))
}

// realKind is what the parser should make of a page: the kind it names in
// its skip reason or keeps, and whether it is kept. A media page with a
// text story (a first paragraph) is kept with its kind.
func realKind(p realPage) (kind string, kept bool) {
	kind = article.KindArticle
	switch {
	case strings.Contains(p.PageType, "gallery"):
		kind = article.KindGallery
	case strings.Contains(p.PageType, "programme"), strings.Contains(p.PageType, "video"):
		kind = article.KindVideo
	case strings.Contains(p.PageType, "snippet"):
		kind = "snippet"
	}
	return kind, p.IsArticle || p.Expected.FirstPara60 != ""
}

func checkRealFields(t *testing.T, p realPage, kind string, a *article.Article) {
	t.Helper()
	e := p.Expected
	if a.ID != e.ID || a.Title != e.Title || a.Section != e.Section || a.Language != e.Language || a.Kind != kind {
		t.Errorf("id, title, section, language, kind = %q, %q, %q, %q, %q; want %q, %q, %q, %q, %q",
			a.ID, a.Title, a.Section, a.Language, a.Kind, e.ID, e.Title, e.Section, e.Language, kind)
	}
	if !slices.Equal(a.Authors, e.Authors) {
		t.Errorf("authors = %q, want %q", a.Authors, e.Authors)
	}
	switch {
	case e.PublishedUTC != nil:
		if got := a.Published.Format(time.RFC3339); got != *e.PublishedUTC {
			t.Errorf("published = %s, want %s", got, *e.PublishedUTC)
		}
	case e.PublishedDate != "":
		if got := a.Published.Format(time.DateOnly); got != e.PublishedDate {
			t.Errorf("published = %v, want the day %s", a.Published, e.PublishedDate)
		}
	}
	first, _, _ := strings.Cut(a.Body, "\n\n")
	if !strings.Contains(first, e.FirstPara60) {
		t.Errorf("the body's first paragraph %.80q does not hold %q", first, e.FirstPara60)
	}
	if want := profileFor(p.URL); a.Site != want || want == "" {
		t.Errorf("site = %q, want the profile %q", a.Site, want)
	}
}

// profileFor names the built-in profile of a page URL's host.
func profileFor(pageURL string) string {
	host := strings.TrimPrefix(strings.TrimPrefix(pageURL, "https://"), "http://")
	host, _, _ = strings.Cut(host, "/")
	name, _ := scraper.SiteForHost(host)
	return name
}
