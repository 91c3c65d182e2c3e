// Package web is the HTTP face of newsarchive: the Echo server with the
// JSON API (search, articles, facet values, export, health) and the web UI,
// the mapping of errors to status codes, and the server's protections
// (timeouts, body limits, security headers).
package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"newsarchive/archive"
	"newsarchive/search"
)

// Server holds what the handlers need.
type Server struct {
	Engine  *search.Engine
	Archive *archive.Archive
	Log     *slog.Logger
	// RequestTimeout bounds a search, a page or a feed. Default 15 s.
	RequestTimeout time.Duration
	// ExportTimeout bounds an export, which streams while the client reads
	// and stops when it leaves. Default 1 h.
	ExportTimeout time.Duration
	// PublicURL is the address readers reach the server at
	// (https://news.example.org, see ParsePublicURL), for the absolute links
	// of feeds; empty, feeds link relatively. Links are never built from a
	// request's Host or X-Forwarded-* headers.
	PublicURL string
	// Ready reports whether the index is usable (for /healthz); nil means yes.
	Ready func(ctx context.Context) error
	// Extra registers more routes (jobs, metrics) on the same server.
	Extra []func(e *echo.Echo)
	// Jobs gives the jobs page its data (the scheduler's view); nil shows
	// the archive's recent runs with nothing scheduled.
	Jobs func(ctx context.Context) (JobsView, error)
	// ErrorPage renders error pages in the site's layout; Handler sets the
	// UI's when nil. If it fails, a minimal page is written instead.
	ErrorPage func(w io.Writer, status int, msg string) error
}

// Handler builds the server's handler: the Echo instance with every route,
// GET routes answering HEAD too (headAsGet).
func (s *Server) Handler() http.Handler {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	if s.RequestTimeout == 0 {
		s.RequestTimeout = 15 * time.Second
	}
	if s.ExportTimeout == 0 {
		s.ExportTimeout = time.Hour
	}
	ui := mustTemplates()
	if s.ErrorPage == nil {
		s.ErrorPage = ui.ErrorPage
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Use(middleware.BodyLimit("1M"))
	e.Use(s.accessLog)
	e.Use(securityHeaders)

	api := e.Group("/api")
	api.GET("/search", s.apiSearch, s.timeout)
	api.GET("/articles/:id", s.apiArticle, s.timeout)
	api.GET("/facets/:field", s.apiFacetValues, s.timeout)
	api.GET("/export", s.apiExport, s.exportTimeout)
	e.GET("/healthz", s.healthz)
	s.uiRoutes(e, ui)
	for _, add := range s.Extra {
		add(e)
	}
	return headAsGet(e)
}

// timeout bounds a request's work; the request's context also ends when
// the client leaves, and every stage of a search looks at it.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return deadline(func() time.Duration { return s.RequestTimeout }, next)
}

// exportTimeout is timeout with the exports' longer limit.
func (s *Server) exportTimeout(next echo.HandlerFunc) echo.HandlerFunc {
	return deadline(func() time.Duration { return s.ExportTimeout }, next)
}

func deadline(limit func() time.Duration, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), limit())
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// HTTPError is an error with the status to answer and a message for the user.
type HTTPError struct {
	Status int
	Msg    string
}

func (e *HTTPError) Error() string { return e.Msg }

// Status maps an error to an HTTP status and a message fit for the user.
func Status(err error) (int, string) {
	var he *HTTPError
	var ee *echo.HTTPError
	switch {
	case errors.As(err, &he):
		return he.Status, he.Msg
	case search.IsBadQuery(err):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, archive.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, search.ErrBusy):
		return http.StatusServiceUnavailable, search.ErrBusy.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long; narrow the search and try again"
	case errors.Is(err, context.Canceled):
		return 499, "the client went away"
	case errors.As(err, &ee):
		msg, ok := ee.Message.(string)
		if !ok {
			msg = http.StatusText(ee.Code)
		}
		return ee.Code, msg
	}
	return http.StatusInternalServerError, "internal error; the server log has the details"
}

func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := Status(err)
	if status >= 500 && status != http.StatusServiceUnavailable {
		s.Log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if status == 499 {
		return
	}
	if status == http.StatusServiceUnavailable {
		// Busy or too slow: worth another try in a moment.
		c.Response().Header().Set("Retry-After", "2")
	}
	if wantsHTML(c) {
		c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
		c.Response().WriteHeader(status)
		s.renderErrorPage(c.Response(), status, msg)
		return
	}
	c.JSON(status, map[string]string{"error": msg})
}

// wantsHTML tells a page request (the UI) from an API call.
func wantsHTML(c echo.Context) bool {
	p := c.Request().URL.Path
	if strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/metrics" || strings.HasSuffix(p, ".atom") {
		return false
	}
	return true
}

func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil {
			status, _ = Status(err)
		}
		method := c.Request().Method
		if isHead(c) {
			method = http.MethodHead
		}
		s.Log.Debug("http", "method", method, "path", c.Request().URL.Path, "status", status,
			"took_ms", time.Since(start).Milliseconds())
		return err
	}
}

// securityHeaders sets a strict Content-Security-Policy (no inline script,
// nothing from other origins) and the usual hardening headers.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		return next(c)
	}
}
