package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/feeds"
	"github.com/labstack/echo/v4"

	"newsarchive/article"
	"newsarchive/search"
)

// feedSize is how many of the newest matches a feed holds.
const feedSize = 50

// uiFeed answers GET /feed.atom?...: the newest matches of a search as an
// Atom feed, so a saved search becomes an alert in a feed reader. Scraped
// text goes into text constructs (title, summary of type "text"), escaped
// as XML, so a reader shows it as text and never runs it.
func (s *Server) uiFeed(c echo.Context) error {
	q, err := search.ParseValues(c.QueryParams())
	if err != nil {
		return err
	}
	q = searchOnly(q)
	q.Sort, q.Size, q.FacetSize = search.SortNewest, feedSize, 0
	ctx := c.Request().Context()
	res, err := s.Engine.Search(ctx, q)
	if err != nil {
		return err
	}
	// Links are absolute only with the configured public address, never
	// from the request's Host or X-Forwarded-* headers, which a client
	// chooses (and the feed is cached). Without it they are relative to the
	// feed's own URL, as Atom allows.
	base := strings.TrimRight(s.PublicURL, "/")
	page := searchOnly(q)
	page.Sort = ""
	f := &feeds.Feed{
		Title:       "newsarchive: " + describe(q),
		Link:        &feeds.Link{Href: base + searchURL(page)},
		Description: "The newest articles matching " + describe(q),
		Author:      &feeds.Author{Name: "newsarchive"},
		Updated:     time.Now().UTC().Truncate(time.Second),
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	// One read of the archive for every entry.
	found, err := s.Archive.ArticlesByID(ctx, ids)
	if err != nil {
		return err
	}
	var arts []*article.Article
	for _, a := range found {
		if a != nil { // removed since the search
			arts = append(arts, a)
		}
	}
	var newest time.Time
	for _, a := range arts {
		updated := a.Updated
		if updated.IsZero() || updated.Before(a.Published) {
			updated = a.Published
		}
		if updated.After(newest) {
			newest = updated
		}
		summary := a.Lead
		if summary == "" {
			summary = firstParagraph(a.Body)
		}
		item := &feeds.Item{
			Title:       a.Title,
			Link:        &feeds.Link{Href: base + "/articles/" + a.ID},
			Id:          "tag:newsarchive,2025:article/" + a.ID,
			Description: summary,
			Created:     a.Published,
			Updated:     updated,
		}
		if len(a.Authors) > 0 {
			item.Author = &feeds.Author{Name: strings.Join(a.Authors, ", ")}
		}
		f.Add(item)
	}
	if !newest.IsZero() {
		f.Updated = newest.UTC()
	}
	atom := (&feeds.Atom{Feed: f}).AtomFeed()
	atom.Link.Rel = "alternate"
	// An Atom id is an absolute IRI that does not change with the address
	// the feed is read at (gorilla/feeds would use the link).
	atom.Id = "tag:newsarchive,2025:" + strings.TrimPrefix(searchURL(page), "/")
	for i, e := range atom.Entries {
		a := arts[i]
		if e.Summary != nil {
			e.Summary.Type = "text" // plain text, not HTML: inert in any reader
		}
		if orig := safeURL(a.URL); orig != "" {
			e.Links = append(e.Links, feeds.AtomLink{Href: orig, Rel: "related", Type: "text/html"})
		}
		if !a.Published.IsZero() {
			e.Published = a.Published.UTC().Format(time.RFC3339)
		}
	}
	xml, err := feeds.ToXML(atom)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "max-age=300")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", []byte(xml))
}

func firstParagraph(body string) string {
	if p := paragraphs(body); len(p) > 0 {
		return p[0]
	}
	return ""
}
