package pangea

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"newsarchive/article"
)

// Options tell Parse where a page came from.
type Options struct {
	// URL is the address the page was fetched from; the article's URL and
	// id come from it when the page has no canonical link.
	URL string
	// ContentType is the HTTP Content-Type of the page, for its charset
	// (may be empty).
	ContentType string
	// Site is the profile name to record (e.g. "rferl"). When empty it is
	// SiteForHost(canonical host), and failing that the host itself.
	Site string
	// SiteForHost maps a host to a site profile name; the caller passes
	// one built on scraper.ProfileForHost. (This package cannot import
	// scraper: scraper imports it.) May be nil.
	SiteForHost func(host string) (name string, ok bool)
	// Language is recorded when the page has no html[lang] or JSON-LD
	// inLanguage.
	Language string
}

// ErrNotArticle marks a page that is not a text article, such as a
// media or programme page; the error text gives the reason.
var ErrNotArticle = errors.New("not an article")

// ErrNoID marks a page whose canonical link and URL hold no Pangea article
// id, so the archive has no key for it.
var ErrNoID = errors.New("no Pangea article id")

// Parse reads one Pangea article page into an Article. A page that is not
// a text article gives an error that errors.Is ErrNotArticle, with the
// reason ("not an article: no div.wsw (media/programme page)"). Parse
// never panics: malformed or truncated HTML gives what can be read, or an
// error that says why nothing could.
func Parse(page []byte, opts Options) (a *article.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("parse page: unexpected parser failure: %v", r)
		}
	}()
	return parse(page, opts)
}

func parse(page []byte, opts Options) (*article.Article, error) {
	text, _, err := toUTF8(page, opts.ContentType)
	if err != nil {
		return nil, err
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("read HTML: %w", err)
	}
	wsw := articleBody(doc)
	if wsw.Length() == 0 {
		if !hasHTMLEnd(page) {
			return nil, errors.New("page ends before any article text (no div.wsw, no </html>): truncated, or not an HTML page")
		}
		return nil, fmt.Errorf("%w: no div.wsw (media/programme page)", ErrNotArticle)
	}
	ld := readLinkedData(doc)
	pageURL, id, err := articleURL(doc, ld, opts.URL)
	if err != nil {
		return nil, err
	}

	a := &article.Article{
		ID:       id,
		URL:      pageURL.String(),
		Site:     siteName(opts, pageURL),
		Language: language(doc, ld, opts.Language),
		Title:    title(doc, ld),
		Lead:     strings.Join(lead(doc), "\n\n"),
		Authors:  authors(doc, ld),
		Section:  section(doc, ld),
		Tags:     tags(doc, ld),
	}
	a.Published, a.Updated = dates(doc, ld)
	a.Image, a.ImageCaption = image(doc, ld, pageURL)
	// The body goes last: cleaning it removes nodes from the document.
	a.Body = strings.Join(bodyText(wsw), "\n\n")
	if a.Body == "" && a.Lead == "" {
		return nil, fmt.Errorf("%w: div.wsw holds no text (media-only page)", ErrNotArticle)
	}
	return a, nil
}

// articleBody is the article's div.wsw: the first one inside
// #article-content (a fact-check page has one before it for the claim),
// else the first on the page.
func articleBody(doc *goquery.Document) *goquery.Selection {
	if s := doc.Find("#article-content div.wsw").First(); s.Length() > 0 {
		return s
	}
	return doc.Find("div.wsw").First()
}

// hasHTMLEnd reports whether the raw page has its </html> near the end.
func hasHTMLEnd(page []byte) bool {
	tail := page[max(0, len(page)-64<<10):]
	return bytes.Contains(bytes.ToLower(tail), []byte("</html"))
}

// articleURL returns the article's URL and Pangea id: from the canonical
// link (or og:url, or the JSON-LD url) when it is an article URL, else
// from the URL the page was fetched from. Query and fragment are dropped:
// an article's address is its path.
func articleURL(doc *goquery.Document, ld linkedData, fetched string) (*url.URL, string, error) {
	base, _ := url.Parse(strings.TrimSpace(fetched))
	candidates := []string{
		attr(doc.Find(`link[rel="canonical"]`), "href"),
		meta(doc, "og:url"),
		ld.URL,
		fetched,
	}
	for _, c := range candidates {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		if base != nil {
			u = base.ResolveReference(u)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			continue
		}
		if id, ok := ArticleID(u.String()); ok && id != "" {
			u.RawQuery, u.Fragment = "", ""
			return u, id, nil
		}
	}
	canonical := attr(doc.Find(`link[rel="canonical"]`), "href")
	return nil, "", fmt.Errorf("%w in the canonical link (%q) or the page URL (%q)", ErrNoID, canonical, fetched)
}

func siteName(opts Options, u *url.URL) string {
	if opts.Site != "" {
		return opts.Site
	}
	host := strings.ToLower(u.Host)
	if opts.SiteForHost != nil {
		if name, ok := opts.SiteForHost(u.Hostname()); ok {
			return name
		}
		if name, ok := opts.SiteForHost(host); ok {
			return name
		}
	}
	return host
}

// language returns the page's primary language subtag, lower-cased:
// "en-Poly" and "en-US" are "en".
func language(doc *goquery.Document, ld linkedData, fallback string) string {
	for _, l := range []string{attr(doc.Find("html"), "lang"), ld.InLanguage, fallback} {
		l = strings.TrimSpace(l)
		if i := strings.IndexAny(l, "-_"); i >= 0 {
			l = l[:i]
		}
		if l != "" {
			return strings.ToLower(l)
		}
	}
	return ""
}

// title returns the headline shown on the page (not the hidden copy in
// the sticky share bar), else og:title, the JSON-LD headline or <title>.
func title(doc *goquery.Document, ld linkedData) string {
	for _, sel := range []string{"div.col-title h1", "h1.pg-title"} {
		s := doc.Find(sel).FilterFunction(outside(".sticky-share-container")).First()
		if t := collapseSpace(s.Text()); t != "" {
			return t
		}
	}
	for _, t := range []string{meta(doc, "og:title"), html.UnescapeString(ld.Headline), html.UnescapeString(ld.Name), doc.Find("title").First().Text()} {
		if t = collapseSpace(t); t != "" {
			return t
		}
	}
	return ""
}

// lead returns the paragraphs of the intro under the title.
func lead(doc *goquery.Document) []string {
	var paras []string
	doc.Find("div.intro p").FilterFunction(outside("div.wsw, .fc__body, .verdict")).Each(func(_ int, s *goquery.Selection) {
		if p := collapseSpace(s.Text()); p != "" {
			paras = append(paras, p)
		}
	})
	return paras
}

// authors returns the bylines of the publishing details, else the people
// the JSON-LD names as authors. Never an empty list's nil.
func authors(doc *goquery.Document, ld linkedData) []string {
	var names []string
	doc.Find(".publishing-details a.links__item-link, .col-publishing-details a.links__item-link").Each(func(_ int, s *goquery.Selection) {
		names = append(names, s.Text())
	})
	if len(names) == 0 {
		names = ld.authors()
	}
	return cleanList(names, func(s string) string {
		s = collapseSpace(html.UnescapeString(s))
		if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
			s = strings.TrimSpace(s[3:])
		}
		return s
	})
}

func section(doc *goquery.Document, ld linkedData) string {
	for _, s := range []string{
		doc.Find("div.category a").First().Text(),
		doc.Find("div.category").First().Text(),
		ld.section(),
		meta(doc, "article:section"),
	} {
		if s = collapseSpace(html.UnescapeString(s)); s != "" {
			return s
		}
	}
	return ""
}

// tags returns the news_keywords, else the JSON-LD keywords.
func tags(doc *goquery.Document, ld linkedData) []string {
	var list []string
	if kw, ok := doc.Find(`meta[name="news_keywords"]`).Attr("content"); ok {
		list = strings.Split(kw, ",")
	} else {
		list = ld.keywords()
	}
	return cleanList(list, func(s string) string { return collapseSpace(html.UnescapeString(s)) })
}

// dates returns the publication and last-update times. The page's own
// <time> elements come first, then the JSON-LD, then the article: meta
// tags. An update that is not later than the publication is no update.
func dates(doc *goquery.Document, ld linkedData) (published, updated time.Time) {
	pubTime := doc.Find("div.published time[pubdate][datetime]")
	if pubTime.Length() == 0 {
		pubTime = doc.Find("div.published time[datetime]")
	}
	if pubTime.Length() == 0 {
		pubTime = doc.Find("time[pubdate][datetime]")
	}
	pubTime = pubTime.First()
	published = firstDate(attr(pubTime, "datetime"), ld.DatePublished, meta(doc, "article:published_time"))

	var upd []string
	doc.Find("div.published time[datetime], .updated time[datetime], time.updated[datetime]").Each(func(_ int, s *goquery.Selection) {
		if !s.IsSelection(pubTime) {
			upd = append(upd, attr(s, "datetime"))
		}
	})
	upd = append(upd, ld.DateModified, meta(doc, "article:modified_time"))
	updated = firstDate(upd...)
	if !updated.After(published) {
		updated = time.Time{}
	}
	return published, updated
}

func firstDate(values ...string) time.Time {
	for _, v := range values {
		if t, ok := parseDate(v); ok {
			return t
		}
	}
	return time.Time{}
}

// image returns the article's picture (og:image, else the JSON-LD image,
// else the cover image) and the caption under the cover image.
func image(doc *goquery.Document, ld linkedData, base *url.URL) (string, string) {
	cover := doc.Find("div.cover-media").First()
	src := ""
	for _, s := range []string{meta(doc, "og:image"), ld.image(), attr(cover.Find("img[src]"), "src")} {
		if s = strings.TrimSpace(html.UnescapeString(s)); s != "" {
			src = s
			break
		}
	}
	if u, err := url.Parse(src); err == nil && src != "" {
		src = base.ResolveReference(u).String()
	}
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		src = "" // a javascript: or data: "image" is not kept
	}
	caption := collapseSpace(cover.Find("figcaption").First().Text())
	if caption == "" {
		caption = collapseSpace(cover.Find(".caption").First().Text())
	}
	return src, caption
}

// meta returns the content of <meta property=name> or <meta name=name>.
func meta(doc *goquery.Document, name string) string {
	s := doc.Find(`meta[property="` + name + `"]`)
	if s.Length() == 0 {
		s = doc.Find(`meta[name="` + name + `"]`)
	}
	return attr(s, "content")
}

func attr(s *goquery.Selection, name string) string {
	v, _ := s.First().Attr(name)
	return v
}

// outside returns a filter that keeps nodes not inside selector.
func outside(selector string) func(int, *goquery.Selection) bool {
	return func(_ int, s *goquery.Selection) bool {
		return s.Closest(selector).Length() == 0
	}
}

// cleanList cleans each item, drops empty ones and repeats (ignoring
// case), and returns a non-nil slice.
func cleanList(items []string, clean func(string) string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, it := range items {
		it = clean(it)
		key := strings.ToLower(it)
		if it == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, it)
	}
	return out
}
