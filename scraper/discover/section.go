package discover

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"newsarchive/scraper/pangea"
)

// ParseSectionPage reads a section listing (/z/<id>?p=N) and returns the
// article links on it (absolute, in page order, one per Pangea id) and the
// next page's URL ("" on the last page). The next page is the "Load more"
// button (a.link-showMore), else a rel="next" link.
func ParseSectionPage(r io.Reader, pageURL string) (links []string, next string, err error) {
	base, err := url.Parse(pageURL)
	if err != nil || !base.IsAbs() {
		return nil, "", fmt.Errorf("section page %q: not an absolute URL", pageURL)
	}
	doc, err := goquery.NewDocumentFromReader(r)
	if err != nil {
		return nil, "", fmt.Errorf("section page %s: %w", pageURL, err)
	}
	if href, ok := doc.Find(`base[href]`).First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	resolve := func(href string) (*url.URL, bool) {
		u, err := base.Parse(strings.TrimSpace(href))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, false
		}
		u.Fragment, u.RawFragment = "", ""
		return u, true
	}
	seen := map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		u, ok := resolve(a.AttrOr("href", ""))
		if !ok {
			return
		}
		id, ok := pangea.ArticleID(u.String())
		if !ok || seen[id] {
			return
		}
		seen[id] = true
		links = append(links, u.String())
	})
	for _, sel := range []string{"a.link-showMore[href]", `link[rel="next"][href]`, `a[rel="next"][href]`} {
		href, ok := doc.Find(sel).First().Attr("href")
		if !ok {
			continue
		}
		if u, ok := resolve(href); ok && u.String() != pageURL {
			next = u.String()
			break
		}
	}
	return links, next, nil
}
