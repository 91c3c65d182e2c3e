package samplesite

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// robots is the site's robots.txt.
func (s *Site) robots(base string) string {
	return "User-agent: *\nDisallow: /a/private/\nDisallow: /search\n\nSitemap: " + base + "/sitemap.xml\n"
}

// newest returns the n newest stories.
func (s *Site) newest(n int) []*story {
	return s.stories[:min(n, len(s.stories))]
}

// chunk returns archive chunk n (1 is the newest), or nil.
func (s *Site) chunk(n int) []*story {
	size := s.opts.ChunkSize
	if n < 1 || (n-1)*size >= len(s.stories) {
		return nil
	}
	return s.stories[(n-1)*size : min(n*size, len(s.stories))]
}

func (s *Site) chunks() int {
	return (len(s.stories) + s.opts.ChunkSize - 1) / s.opts.ChunkSize
}

// lastModified is the newest change among stories.
func (s *Site) lastModified(stories []*story) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	var t time.Time
	for _, st := range stories {
		if m := s.modifiedLocked(st); m.After(t) {
			t = m
		}
	}
	if t.IsZero() {
		t = s.epoch
	}
	return t
}

const (
	xmlHeader   = `<?xml version="1.0" encoding="utf-8"?>`
	sitemapTime = "2006-01-02T15:04:05.999Z07:00"
)

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// sitemapIndex lists the archive chunks (in the order Pangea lists them:
// as strings, so 1, 10, 11, 2, ...) with their lastmod, then the latest,
// news and sections sitemaps.
func (s *Site) sitemapIndex(base string) ([]byte, time.Time) {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	var names []string
	for n := 1; n <= s.chunks(); n++ {
		names = append(names, strconv.Itoa(n))
	}
	slices.Sort(names) // Pangea sorts the chunk names as text
	for _, name := range names {
		n, _ := strconv.Atoi(name)
		fmt.Fprintf(&b, `<sitemap><loc>%s/sitemap_%d_%d.xml.gz</loc><lastmod>%s</lastmod></sitemap>`,
			esc(base), SiteID, n, s.lastModified(s.chunk(n)).UTC().Format(sitemapTime))
	}
	for _, name := range []string{"latest", "news", "sections"} {
		fmt.Fprintf(&b, `<sitemap><loc>%s/sitemap_%d_%s.xml.gz</loc></sitemap>`, esc(base), SiteID, name)
	}
	b.WriteString(`</sitemapindex>`)
	return b.Bytes(), s.lastModified(s.stories)
}

// urlSet is a sitemap of stories with their lastmod.
func (s *Site) urlSet(base string, stories []*story) ([]byte, time.Time) {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	s.mu.Lock()
	for _, st := range stories {
		fmt.Fprintf(&b, `<url><loc>%s</loc><lastmod>%s</lastmod><changefreq>hourly</changefreq><priority>0.8</priority></url>`,
			esc(base+st.Path()), s.modifiedLocked(st).UTC().Format(sitemapTime))
	}
	s.mu.Unlock()
	b.WriteString(`</urlset>`)
	return b.Bytes(), s.lastModified(stories)
}

// newsSitemap is a Google News sitemap of stories.
func (s *Site) newsSitemap(base string, stories []*story) ([]byte, time.Time) {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, st := range stories {
		fmt.Fprintf(&b, `<url><loc>%s</loc><news:news><news:publication><news:name>RFE/RL Sample Site</news:name><news:language>%s</news:language></news:publication><news:publication_date>%s</news:publication_date><news:title>%s</news:title></news:news></url>`,
			esc(base+st.Path()), st.Language, st.Published.UTC().Format(sitemapTime), esc(st.Title))
	}
	b.WriteString(`</urlset>`)
	return b.Bytes(), s.lastModified(stories)
}

// sectionsSitemap lists the section pages.
func (s *Site) sectionsSitemap(base string) ([]byte, time.Time) {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, sec := range sections {
		fmt.Fprintf(&b, `<url><loc>%s/%s</loc><lastmod>%s</lastmod><changefreq>hourly</changefreq><priority>0.8</priority></url>`,
			esc(base), sec.ID, s.lastModified(s.inSection(sec)).UTC().Format(sitemapTime))
	}
	b.WriteString(`</urlset>`)
	return b.Bytes(), s.lastModified(s.stories)
}

// rss is the /api/ feed: RSS 2.0 of stories.
func (s *Site) rss(base string, stories []*story) ([]byte, time.Time) {
	mod := s.lastModified(stories)
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>`)
	fmt.Fprintf(&b, `<title>RFE/RL Sample Site - Top Stories</title><link>%s/</link><description>Fictional articles for newsarchive tests</description><language>en</language><lastBuildDate>%s</lastBuildDate><atom:link href="%s/api/" rel="self" type="application/rss+xml"/>`,
		esc(base), mod.UTC().Format(time.RFC1123Z), esc(base))
	for _, st := range stories {
		desc := st.Lead
		if desc == "" && len(st.Body) > 0 {
			desc = plain(st.Body[0])
		}
		fmt.Fprintf(&b, `<item><title>%s</title><description>%s</description><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><category>%s</category><enclosure url="%s" length="0" type="image/png"/></item>`,
			esc(st.Title), esc(desc), esc(base+st.Path()), esc(base+st.Path()), st.Published.UTC().Format(time.RFC1123Z),
			esc(st.Section), esc(base+"/img/"+st.ID+".png"))
	}
	b.WriteString(`</channel></rss>`)
	return b.Bytes(), mod
}

// inSection lists the stories of a section page, newest first.
func (s *Site) inSection(sec Section) []*story {
	var out []*story
	for _, st := range s.stories {
		switch {
		case sec.ID == "z/16", sec.ID == "z/17" && st.Feature, st.Section == sec.Name:
			out = append(out, st)
		}
	}
	return out
}

// sectionPageSize is the number of stories on one section page.
const sectionPageSize = 10

func (s *Site) serveSection(w http.ResponseWriter, r *http.Request, base, id string) {
	var sec Section
	for _, x := range sections {
		if x.ID == id {
			sec = x
		}
	}
	if sec.ID == "" {
		http.NotFound(w, r)
		return
	}
	page := 0
	if p := r.URL.Query().Get("p"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			http.NotFound(w, r)
			return
		}
		page = n
	}
	all := s.inSection(sec)
	if page > 0 && page*sectionPageSize >= len(all) {
		http.NotFound(w, r)
		return
	}
	items := all[min(page*sectionPageSize, len(all)):min((page+1)*sectionPageSize, len(all))]
	sp := sectionPage{Base: base, URL: pageURL(base, sec.ID, page), Section: sec, Nav: sections, PageSize: sectionPageSize}
	if page > 0 {
		sp.Prev = pageURL(base, sec.ID, page-1)
	}
	if (page+1)*sectionPageSize < len(all) {
		sp.Next = pageURL(base, sec.ID, page+1)
	}
	for _, st := range items {
		sp.Items = append(sp.Items, sectionItem{
			Title: st.Title, Href: base + st.Path(), Image: base + "/img/" + st.ID + ".png",
			Date: st.Published.UTC().Format(displayDate),
		})
	}
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, "section", sp); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	serve(w, r, buf.Bytes(), "text/html; charset=utf-8", s.lastModified(items))
}

func pageURL(base, id string, page int) string {
	if page == 0 {
		return base + "/" + id
	}
	return base + "/" + id + "?p=" + strconv.Itoa(page)
}

// gzipped compresses b the same way every time (no name, no time in the
// header), so its ETag is stable.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}
