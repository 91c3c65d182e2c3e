package pangea

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
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
	// SiteForHost(canonical host); a host it does not know is an error
	// (ErrUnknownSite).
	Site string
	// SiteForHost maps a lower-case host name (without port) to a site
	// profile name; the caller passes scraper.SiteForHost. When nil, the
	// host itself is the site.
	SiteForHost func(host string) (name string, ok bool)
	// OutletNames returns the names of a site's service ("صدای امریکا");
	// the caller passes scraper.OutletNames. A JSON-LD author of one of
	// these names, of the page's publisher or og:site_name, or of the
	// networks (RFE/RL, Voice of America) is no byline. May be nil.
	OutletNames func(site string) []string
	// Language is recorded when the page has no html[lang] or JSON-LD
	// inLanguage.
	Language string
}

// ErrNotArticle marks a page that is not a text article, such as a
// media or programme page; the error text gives the reason.
var ErrNotArticle = errors.New("not an article")

// ErrUnknownSite marks a page from a host that no site profile serves.
var ErrUnknownSite = errors.New("not a known Pangea site")

// ErrNoID marks a page whose canonical link and URL hold no Pangea article
// id, so the archive has no key for it.
var ErrNoID = errors.New("no Pangea article id")

// Parse reads one Pangea article page into an Article (and one of VOA's
// 2019–2021 pages, on the platform voanews.com used then). A media page
// (video, audio, gallery) that carries a text story is an Article of that
// Kind; a page without text gives an error that errors.Is ErrNotArticle,
// with the reason ("not an article: gallery page, div.wsw holds no
// text"). Parse never panics: malformed or truncated HTML gives what can
// be read, or an error that says why nothing could.
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
	ld := readLinkedData(doc)
	an := readAnalytics(doc)
	pt := typeOf(doc, ld, an)
	wsw := articleBody(doc)
	if wsw.Length() == 0 {
		if !hasHTMLEnd(page) {
			return nil, errors.New("page ends before any article text (no div.wsw, no </html>): truncated, or not an HTML page")
		}
		return nil, pt.notArticle("no div.wsw", "media/programme page")
	}
	pageURL, id, err := articleURL(doc, ld, an.articleUID, opts.URL)
	if err != nil {
		return nil, err
	}
	site, err := siteName(opts, pageURL)
	if err != nil {
		return nil, err
	}

	headerMeta := doc.Find(".page-header__meta .page-header__meta-item")
	a := &article.Article{
		ID:       id,
		URL:      pageURL.String(),
		Site:     site,
		Language: language(doc, ld, opts.Language),
		Title:    title(doc, ld),
		Lead:     strings.Join(lead(doc), "\n\n"),
		Kind:     pt.kind,
		Authors:  authors(doc, ld, headerMeta, opts, site),
		Section:  section(doc, ld),
		Tags:     tags(doc, ld),
	}
	a.Published, a.Updated = dates(doc, ld, headerMeta, an.pubDate)
	a.Image, a.ImageCaption = image(doc, ld, pageURL)
	// The body goes last: cleaning it removes nodes from the document.
	a.Body = strings.Join(bodyText(wsw), "\n\n")
	if a.Body == "" && a.Lead == "" {
		return nil, pt.notArticle("div.wsw holds no text", "media-only page")
	}
	return a, nil
}

// notArticle is the ErrNotArticle error for a page of this type without
// text: "gallery page, <why>" when the page is named, else "<why> (<guess>)".
func (pt pageType) notArticle(why, guess string) error {
	if pt.name != "" {
		return fmt.Errorf("%w: %s page, %s", ErrNotArticle, pt.name, why)
	}
	return fmt.Errorf("%w: %s (%s)", ErrNotArticle, why, guess)
}

// articleBody is the article's div.wsw: the first one inside
// #article-content (a fact-check page has one before it for the claim),
// else the first on the page; on VOA's 2019–2021 pages, div.article__body.
func articleBody(doc *goquery.Document) *goquery.Selection {
	var s *goquery.Selection
	for _, sel := range []string{"#article-content div.wsw", "div.wsw", "div.article__body"} {
		if s = doc.Find(sel).First(); s.Length() > 0 {
			break
		}
	}
	return s
}

// hasHTMLEnd reports whether the raw page has its </html> near the end.
func hasHTMLEnd(page []byte) bool {
	tail := page[max(0, len(page)-64<<10):]
	return bytes.Contains(bytes.ToLower(tail), []byte("</html"))
}

// articleURL returns the article's URL and Pangea id: from the canonical
// link (or og:url, or the JSON-LD url) when it is an article URL, else
// from the URL the page was fetched from. A page whose URLs hold no id
// (VOA's 2019–2021 pages) takes it from utag_data.article_uid (articleUID),
// with its canonical URL. Query and fragment are dropped: an article's
// address is its path.
func articleURL(doc *goquery.Document, ld linkedData, articleUID, fetched string) (*url.URL, string, error) {
	base, _ := url.Parse(strings.TrimSpace(fetched))
	candidates := []string{
		attr(doc.Find(`link[rel="canonical"]`), "href"),
		meta(doc, "og:url"),
		ld.URL,
		fetched,
	}
	var first *url.URL // the first usable URL, for an id from utag_data
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
		u.RawQuery, u.Fragment = "", ""
		if id, ok := ArticleID(u.String()); ok && id != "" {
			return u, id, nil
		}
		if first == nil {
			first = u
		}
	}
	if uid := strings.TrimLeft(articleUID, "0"); first != nil && isDigits(uid) {
		return first, uid, nil
	}
	canonical := attr(doc.Find(`link[rel="canonical"]`), "href")
	return nil, "", fmt.Errorf("%w in the canonical link (%q) or the page URL (%q)", ErrNoID, canonical, fetched)
}

func isDigits(s string) bool {
	if s == "" || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// siteName returns opts.Site, else the profile of the article's host.
func siteName(opts Options, u *url.URL) (string, error) {
	if opts.Site != "" {
		return opts.Site, nil
	}
	if opts.SiteForHost == nil {
		return strings.ToLower(u.Host), nil
	}
	if name, ok := opts.SiteForHost(strings.ToLower(u.Hostname())); ok {
		return name, nil
	}
	return "", fmt.Errorf("%s: %w: no site profile serves this host", u.Hostname(), ErrUnknownSite)
}

// language returns the page's primary language subtag, lower-cased:
// "en-Poly" and "en-US" are "en".
func language(doc *goquery.Document, ld linkedData, fallback string) string {
	for _, l := range []string{attr(doc.Find("html"), "lang"), ld.InLanguage, fallback} {
		if base := article.BaseLanguage(l); base != "" {
			return base
		}
	}
	return ""
}

// title returns the headline shown on the page (not the hidden copy in
// the sticky share bar), else og:title, the JSON-LD headline or <title>.
func title(doc *goquery.Document, ld linkedData) string {
	for _, sel := range []string{"div.col-title h1", "h1.pg-title", "h1.page-header__title"} {
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

// authors returns the bylines shown on the page (the publishing details;
// on VOA's 2019–2021 pages the "By" line under the title), else the
// people the JSON-LD names as authors. A byline on the page is kept as
// shown, even when it credits a desk ("RFE/RL", "VOA News"); a JSON-LD
// author that is the outlet itself (see outlets) is not a person and is
// dropped. headerMeta are the items under a VOA 2019–2021 title. Never an
// empty list's nil.
func authors(doc *goquery.Document, ld linkedData, headerMeta *goquery.Selection, opts Options, site string) []string {
	var names []string
	doc.Find(".publishing-details a.links__item-link, .col-publishing-details a.links__item-link").Each(func(_ int, s *goquery.Selection) {
		names = append(names, s.Text())
	})
	headerMeta.Each(func(_ int, item *goquery.Selection) {
		parts := item.Children()
		if parts.Length() < 2 || !strings.EqualFold(collapseSpace(parts.First().Text()), "by") {
			return
		}
		parts.Slice(1, goquery.ToEnd).Each(func(_ int, s *goquery.Selection) {
			names = append(names, s.Text())
		})
	})
	if len(names) == 0 {
		outlet := outlets(doc, ld, opts, site)
		for _, n := range ld.authors() {
			if !outlet(n) {
				names = append(names, n)
			}
		}
	}
	return cleanList(names, func(s string) string {
		s = collapseSpace(html.UnescapeString(s))
		if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
			s = strings.TrimSpace(s[3:])
		}
		return s
	})
}

// networkNames are the names of the networks that run the Pangea sites,
// which any of their pages may credit as author.
var networkNames = []string{
	"RFE/RL", "Radio Free Europe/Radio Liberty", "RadioFreeEurope/RadioLiberty", "Radio Free Europe",
	"Radio Liberty", "Voice of America", "Voice of America (VOA News)", "VOA", "VOA News",
}

// outlets returns a test for the outlet's own names: the networks', the
// service's (opts.OutletNames), the JSON-LD publisher and og:site_name.
func outlets(doc *goquery.Document, ld linkedData, opts Options, site string) func(string) bool {
	names := append([]string{ld.publisher(), meta(doc, "og:site_name")}, networkNames...)
	if opts.OutletNames != nil {
		names = append(names, opts.OutletNames(site)...)
	}
	set := map[string]bool{}
	for _, n := range names {
		if key := outletKey(n); key != "" {
			set[key] = true
		}
	}
	return func(name string) bool { return set[outletKey(name)] }
}

func outletKey(name string) string {
	return strings.ToLower(collapseSpace(html.UnescapeString(name)))
}

func section(doc *goquery.Document, ld linkedData) string {
	for _, s := range []string{
		doc.Find("div.category a").First().Text(),
		doc.Find("div.category").First().Text(),
		doc.Find(".page-header__eyebrow a").First().Text(),
		doc.Find(".page-header__eyebrow").First().Text(),
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
// tags; on VOA's 2019–2021 pages, the date among the header's meta items
// or utag_data.pub_date (pubDate). An update that is not later than the
// publication is no update.
func dates(doc *goquery.Document, ld linkedData, headerMeta *goquery.Selection, pubDate string) (published, updated time.Time) {
	pubTime := doc.Find("div.published time[pubdate][datetime]")
	if pubTime.Length() == 0 {
		pubTime = doc.Find("div.published time[datetime]")
	}
	if pubTime.Length() == 0 {
		pubTime = doc.Find("time[pubdate][datetime]")
	}
	pubTime = pubTime.First()
	published = firstDate(attr(pubTime, "datetime"), ld.DatePublished, meta(doc, "article:published_time"))
	if published.IsZero() {
		published = washingtonDate(headerMeta, pubDate)
	}

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

// image returns the article's picture and its caption, which describe the
// same picture. og:image (or the JSON-LD image), in a large size, is
// often another picture than the cover image shown under the title: it is
// taken when it is the cover's picture, or when the cover has no caption
// (or there is no cover); otherwise the cover image goes with its caption.
func image(doc *goquery.Document, ld linkedData, base *url.URL) (string, string) {
	cover := doc.Find("div.cover-media, div.article__featured-media").First()
	img := cover.Find("img").First()
	shown := absoluteImage(base, attr(img, "src"), attr(img, "data-src"))
	shared := absoluteImage(base, meta(doc, "og:image"), ld.image())
	if shown == "" {
		return shared, ""
	}
	caption := ""
	for _, sel := range []string{"figcaption .caption", "figcaption", ".caption"} {
		if caption = collapseSpace(cover.Find(sel).First().Text()); caption != "" {
			break
		}
	}
	if shared != "" && (caption == "" || samePicture(shared, shown)) {
		return shared, caption
	}
	return shown, caption
}

// absoluteImage returns the first candidate as an absolute http(s) URL; a
// javascript: or data: "image" is not kept.
func absoluteImage(base *url.URL, candidates ...string) string {
	for _, s := range candidates {
		s = strings.TrimSpace(html.UnescapeString(s))
		if s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil {
			continue
		}
		s = base.ResolveReference(u).String()
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			return s
		}
		return ""
	}
	return ""
}

// pangeaImage is the name of a picture on Pangea's image server:
// <uuid>_<size and crop>.jpg.
var pangeaImage = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// samePicture reports whether two image URLs are the same picture in any
// size: the same Pangea image id, or the same file name.
func samePicture(a, b string) bool {
	return pictureKey(a) == pictureKey(b)
}

func pictureKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	name := path.Base(u.Path)
	if id := pangeaImage.FindString(name); id != "" {
		return strings.ToLower(id)
	}
	return strings.ToLower(name)
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
