package web

import (
	"github.com/labstack/echo/v4"

	"newsarchive/templates"
)

// routes is the server's one route table: the UI's pages, the JSON API,
// the jobs API, the operations endpoints and the static files. GET routes
// answer HEAD too (headAsGet). Pages answer errors with the HTML error
// page, the rest with JSON (errorHandler).
func (s *Server) routes(e *echo.Echo, ui *renderer) {
	search, export := s.timed(timedSearch), s.timed(timedExport)
	timeout, exportTimeout := deadline(s.RequestTimeout), deadline(s.ExportTimeout)

	// The UI: every page works without JavaScript.
	e.GET("/", s.uiSearch, timeout, search)
	e.GET("/search", s.uiSearch, timeout, search)
	e.GET("/articles/:id", s.uiArticle, timeout)
	e.GET("/facets/:field", s.uiFacet, timeout)
	e.GET("/feed.atom", s.uiFeed, timeout)
	e.GET("/jobs", s.uiJobs, timeout)
	e.GET(templates.StaticPrefix+":file", ui.serveAsset)

	// The JSON API (api_*.go).
	e.GET("/api/search", s.apiSearch, timeout, search)
	e.GET("/api/articles/:id", s.apiArticle, timeout)
	e.GET("/api/facets/:field", s.apiFacetValues, timeout)
	e.GET("/api/export", s.apiExport, exportTimeout, export)
	e.POST("/api/scrape", s.apiScrape, s.admin)
	e.GET("/api/jobs", s.apiJobs, timeout)

	// Operations.
	e.GET("/healthz", s.healthz)
	if s.Metrics != nil {
		e.GET("/metrics", echo.WrapHandler(s.Metrics.Handler()))
	}
}
