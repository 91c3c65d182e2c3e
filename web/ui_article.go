package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer/facets"
	"newsarchive/search"
	"newsarchive/templates"
)

// articlePage is the view of GET /articles/:id.
type articlePage struct {
	A          *article.Article
	Original   string // the article's URL when it is http(s), else ""
	Image      string // the picture's URL when it is http(s)
	Paragraphs []string
	Lang       string // the article's language as an HTML lang ("" when unknown)
	Dir        string // the dir of its text (textDir)
	SectionURL string
	People     []navLink
	Countries  []navLink
	Dates      []navLink
	Tags       []navLink
	Revisions  []revisionView
	Updated    bool // updated after publication
}

// revisionView is an earlier version of the article.
type revisionView struct {
	Version    int64
	ReplacedAt time.Time
	Title      string
	Lead       string
	Paragraphs []string
}

func (s *Server) uiArticle(c echo.Context) error {
	id := c.Param("id")
	if err := CheckArticleID(id); err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.Archive.Article(ctx, id)
	if err != nil {
		return err
	}
	revs, err := s.Archive.Revisions(ctx, id)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "article", newArticlePage(a, revs))
}

func newArticlePage(a *article.Article, revs []archive.Revision) *articlePage {
	p := &articlePage{A: a, Original: safeURL(a.URL), Image: safeURL(a.Image), Paragraphs: paragraphs(a.Body),
		Updated: !a.Updated.IsZero() && a.Updated.After(a.Published),
		Lang:    templates.LangTag(a.Language), Dir: textDir(a.Language)}
	link := func(name, value string) navLink {
		return navLink{Label: value, URL: searchURL(withFilter(search.Query{Size: search.DefaultSize}, name, value))}
	}
	if a.Section != "" {
		p.SectionURL = link(facets.Section, a.Section).URL
	}
	for _, v := range a.People {
		p.People = append(p.People, link(facets.Person, v))
	}
	for _, v := range a.Countries {
		p.Countries = append(p.Countries, link(facets.Country, v))
	}
	for _, v := range a.Dates {
		l := link(facets.Date, v)
		l.Label = templates.Day(v)
		p.Dates = append(p.Dates, l)
	}
	for _, tag := range a.Tags {
		q := search.Query{Text: `"` + strings.ReplaceAll(tag, `"`, ``) + `"`, Size: search.DefaultSize}
		p.Tags = append(p.Tags, navLink{Label: tag, URL: searchURL(q)})
	}
	// Newest first: the version just before the current one leads.
	for i := len(revs) - 1; i >= 0; i-- {
		r := revs[i]
		rv := revisionView{Version: r.Version, ReplacedAt: r.ReplacedAt}
		if r.Article != nil {
			rv.Title, rv.Lead, rv.Paragraphs = r.Article.Title, r.Article.Lead, paragraphs(r.Article.Body)
		}
		p.Revisions = append(p.Revisions, rv)
	}
	return p
}

// textDir is the dir of an article's text on its page: rtl when its
// language is written right to left, so a paragraph that starts with a
// Latin name, acronym or number still reads right to left; else auto, so
// the text of a page whose lang is wrong (Persian marked "en") still
// reads in its own direction.
func textDir(lang string) string {
	if templates.Direction(lang) == "rtl" {
		return "rtl"
	}
	return "auto"
}

// paragraphs splits a body into its paragraphs (separated by blank lines).
func paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
