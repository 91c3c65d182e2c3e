// Package web is the HTTP face of newsarchive, and the only package that
// speaks HTTP as a server: the one route table (routes.go) of the web UI
// (ui_*.go, rendered from the templates), the JSON API (api*.go), the jobs
// API, /healthz and /metrics; the mapping of errors to status codes; and
// the server's protections (timeouts, bounded searches, body limits,
// security headers, HEAD).
package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/metrics"
	"newsarchive/search"
)

// Archive is what the handlers read from the archive (*archive.Archive).
type Archive interface {
	Article(ctx context.Context, id string) (*article.Article, error)
	ArticlesByID(ctx context.Context, ids []string) ([]*article.Article, error)
	Revisions(ctx context.Context, id string) ([]archive.Revision, error)
	Runs(ctx context.Context, limit int) ([]archive.Run, error)
	Count(ctx context.Context) (archive.Counts, error)
	ChangesAfter(ctx context.Context, after int64) (int, error)
	Ping(ctx context.Context) error
}

var _ Archive = (*archive.Archive)(nil)

// Server holds what the handlers need.
type Server struct {
	Engine  *search.Engine
	Archive Archive
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
	// Jobs is the scheduler behind the jobs API and page; nil shows the
	// archive's recent runs and starts no job.
	Jobs Jobs
	// AdminToken guards the admin routes (POST /api/scrape, the details of
	// GET /api/jobs); empty turns them off.
	AdminToken string
	// Metrics, when set, is served at /metrics and times searches and
	// exports.
	Metrics *metrics.Metrics
	// ErrorPage renders error pages in the site's layout; Handler sets the
	// UI's when nil. If it fails, a minimal page is written instead.
	ErrorPage func(w io.Writer, status int, msg string) error
}

// Handler builds the server's handler: the Echo instance with every route,
// GET routes answering HEAD too (headAsGet). It fails, before anything
// listens, if the embedded templates are broken.
func (s *Server) Handler() (http.Handler, error) {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	if s.RequestTimeout == 0 {
		s.RequestTimeout = 15 * time.Second
	}
	if s.ExportTimeout == 0 {
		s.ExportTimeout = time.Hour
	}
	ui, err := newRenderer()
	if err != nil {
		return nil, fmt.Errorf("the embedded web templates are broken: %w", err)
	}
	if s.ErrorPage == nil {
		s.ErrorPage = ui.ErrorPage
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Renderer = ui
	e.Use(middleware.BodyLimit("1M"))
	e.Use(s.accessLog)
	e.Use(securityHeaders)
	s.routes(e, ui)
	return headAsGet(e), nil
}

// deadline bounds a request's work to limit; the request's context also
// ends when the client leaves, and every stage of a search looks at it.
func deadline(limit time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx, cancel := context.WithTimeout(c.Request().Context(), limit)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
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
	case archive.Unavailable(err):
		return http.StatusServiceUnavailable, "the archive cannot be reached just now; try again in a moment"
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
