package web

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"newsarchive/templates"
)

// uiRoutes registers the web UI: its pages, the feed and the static assets.
// Pages answer errors with the HTML error page (see errorHandler).
func (s *Server) uiRoutes(e *echo.Echo, ui *templates.Renderer) {
	e.Renderer = ui
	e.GET("/", s.uiSearch, s.timeout)
	e.GET("/search", s.uiSearch, s.timeout)
	e.GET("/articles/:id", s.uiArticle, s.timeout)
	e.GET("/facets/:field", s.uiFacet, s.timeout)
	e.GET("/feed.atom", s.uiFeed, s.timeout)
	e.GET("/jobs", s.uiJobs, s.timeout)
	e.GET(templates.StaticPrefix+":file", ui.Assets().Serve)
}

// mustTemplates builds the UI's renderer. The templates are embedded in the
// binary, so a failure is a broken build, found by the tests: the server
// refuses to start rather than serve broken pages.
func mustTemplates() *templates.Renderer {
	ui, err := templates.New()
	if err != nil {
		panic(fmt.Sprintf("newsarchive: the embedded web templates are broken: %v", err))
	}
	return ui
}

// navLink is a labelled link of a page (a facet value, a chip, a sort
// order, a page number, an export).
type navLink struct {
	Label   string
	URL     string
	Current bool
	Count   int
}

// param is a hidden form field keeping a search's state.
type param struct{ Name, Value string }

var markTag = regexp.MustCompile(`</?mark>`)

// snippetHTML trusts a search snippet as HTML only if it is what the engine
// promises (escaped text with <mark> tags); anything else is escaped whole.
func snippetHTML(s string) template.HTML {
	if strings.ContainsAny(markTag.ReplaceAllString(s, ""), "<>") {
		return template.HTML(html.EscapeString(s))
	}
	return template.HTML(s)
}
