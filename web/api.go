package web

import (
	"net/http"
	"regexp"
	"time"

	"github.com/labstack/echo/v4"

	"newsarchive/search"
)

func (s *Server) apiSearch(c echo.Context) error {
	q, err := search.ParseValues(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := s.Engine.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

var articleID = regexp.MustCompile(`^[0-9]{1,12}$`)

// CheckArticleID validates the :id of an article route.
func CheckArticleID(id string) error {
	if !articleID.MatchString(id) {
		return &HTTPError{Status: http.StatusBadRequest, Msg: "an article id is the number at the end of its URL, e.g. 33565458"}
	}
	return nil
}

func (s *Server) apiArticle(c echo.Context) error {
	id := c.Param("id")
	if err := CheckArticleID(id); err != nil {
		return err
	}
	a, err := s.Archive.Article(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) apiFacetValues(c echo.Context) error {
	q, err := search.ParseValues(c.QueryParams(), "prefix")
	if err != nil {
		return err
	}
	vals, err := s.Engine.FacetValues(c.Request().Context(), c.Param("field"), c.QueryParam("prefix"), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"field": c.Param("field"), "prefix": c.QueryParam("prefix"), "values": vals})
}

func (s *Server) apiExport(c echo.Context) error {
	q, err := search.ParseValues(c.QueryParams(), "format")
	if err != nil {
		return err
	}
	format := c.QueryParam("format")
	if format == "" {
		format = search.FormatCSV
	}
	if err := search.CheckFormat(format); err != nil {
		return err
	}
	return s.export(c, q, format)
}

// export streams an export as an attachment.
func (s *Server) export(c echo.Context, q search.Query, format string) error {
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, search.ContentType(format))
	w.Header().Set(echo.HeaderContentDisposition, attachment(search.FileName(q, format, time.Now())))
	w.Header().Set("Cache-Control", "no-store")
	if isHead(c) {
		// the headers only: a HEAD runs no export, but refuses what GET refuses
		if err := search.Check(q); err != nil {
			return err
		}
		w.WriteHeader(http.StatusOK)
		return nil
	}
	started := false
	flush := func() {
		if started { // a flush before the first byte would send the status
			w.Flush()
		}
	}
	n, err := s.Engine.Export(c.Request().Context(), q, format, &lazyWriter{c: c, started: &started}, flush)
	if err != nil {
		if !started {
			return err // nothing sent yet: a proper error answer
		}
		s.Log.Warn("export cut off", "rows", n, "err", err)
		return nil
	}
	if !started {
		w.WriteHeader(http.StatusOK)
	}
	s.Log.Info("export", "format", format, "rows", n)
	return nil
}

// lazyWriter sends the 200 status with the first byte, so an error found
// before anything is written can still be answered with a 4xx.
type lazyWriter struct {
	c       echo.Context
	started *bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !*l.started {
		*l.started = true
		l.c.Response().WriteHeader(http.StatusOK)
	}
	return l.c.Response().Write(p)
}

func (s *Server) healthz(c echo.Context) error {
	ctx := c.Request().Context()
	status := map[string]any{"archive": "ok", "index": "ok"}
	code := http.StatusOK
	// The route is public: a failure is named, its text (which may hold a
	// database's address) goes to the log.
	if err := s.Archive.Ping(ctx); err != nil {
		status["archive"], code = "unavailable", http.StatusServiceUnavailable
		s.Log.Warn("health: the archive is unavailable", "err", err)
	}
	if s.Ready != nil {
		if err := s.Ready(ctx); err != nil {
			status["index"], code = "unavailable", http.StatusServiceUnavailable
			s.Log.Warn("health: the index is unavailable", "err", err)
		}
	}
	if counts, err := s.Archive.Count(ctx); err == nil {
		status["articles"] = counts.Articles
	}
	// pending: the archive's changes this node's index has not taken yet.
	if lag, err := s.Engine.Index.Lag(ctx, s.Archive); err == nil {
		status["pending"] = lag
	}
	return c.JSON(code, status)
}
