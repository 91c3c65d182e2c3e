package web

// The jobs API: POST /api/scrape starts a job (behind the admin token) and
// GET /api/jobs lists recent jobs and the next scheduled ones (their
// details only with the admin token).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"newsarchive/jobs"
)

// MaxRuns caps the limit parameter of GET /api/jobs.
const MaxRuns = 500

// Jobs is what the jobs routes need from the scheduler (*jobs.Manager).
type Jobs interface {
	Trigger(ctx context.Context, req jobs.Request) (jobs.Started, error)
	View(ctx context.Context, limit int) (jobs.View, error)
}

// admin lets a request through only with the admin token. Without a token
// configured the admin routes are off.
func (s *Server) admin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.checkAdmin(c); err != nil {
			return err
		}
		return next(c)
	}
}

// checkAdmin says whether the request carries the admin token: nil if it
// does, else the error to answer (403 when the admin routes are off, 401
// for a missing or wrong token).
func (s *Server) checkAdmin(c echo.Context) error {
	if s.AdminToken == "" {
		return &HTTPError{Status: http.StatusForbidden,
			Msg: "admin routes are off: start the server with NEWSARCHIVE_ADMIN_TOKEN set to turn them on"}
	}
	got, ok := bearer(c.Request().Header.Get(echo.HeaderAuthorization))
	// Compare digests: constant time, and the token's length leaks nothing.
	want, sum := sha256.Sum256([]byte(s.AdminToken)), sha256.Sum256([]byte(got))
	if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="newsarchive admin"`)
		s.Log.Warn("admin request refused", "path", c.Request().URL.Path, "remote", c.RealIP(), "token_given", ok)
		return &HTTPError{Status: http.StatusUnauthorized,
			Msg: "this route needs the admin token: send Authorization: Bearer $NEWSARCHIVE_ADMIN_TOKEN"}
	}
	return nil
}

// bearer takes the token out of an Authorization header.
func bearer(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// scrapeRequest is the body of POST /api/scrape.
type scrapeRequest struct {
	Site  string `json:"site"`
	Since string `json:"since"` // YYYY-MM-DD
	Until string `json:"until"` // YYYY-MM-DD
	Max   int    `json:"max"`
}

func (s *Server) apiScrape(c echo.Context) error {
	req, err := readRequest(c.Request().Body)
	var tooLarge *echo.HTTPError
	switch {
	case errors.As(err, &tooLarge) && tooLarge.Code == http.StatusRequestEntityTooLarge:
		// A streamed body over the server's limit (one announced by its
		// Content-Length never gets here).
		return &HTTPError{Status: http.StatusRequestEntityTooLarge,
			Msg: `the body is too large: send a small JSON object such as {"site": "rferl"}`}
	case err != nil:
		return &HTTPError{Status: http.StatusBadRequest, Msg: err.Error()}
	}
	if s.Jobs == nil {
		return &HTTPError{Status: http.StatusServiceUnavailable, Msg: "this server runs no scrape jobs"}
	}
	started, err := s.Jobs.Trigger(c.Request().Context(), req)
	var input *jobs.InputError
	var busy *jobs.BusyError
	switch {
	case errors.As(err, &input):
		return &HTTPError{Status: http.StatusBadRequest, Msg: input.Msg}
	case errors.As(err, &busy):
		body := map[string]any{"error": busy.Error(), "site": busy.Site}
		if busy.RunID > 0 {
			body["run_id"] = busy.RunID
		}
		return c.JSON(http.StatusConflict, body)
	case errors.Is(err, jobs.ErrStopped), errors.Is(err, jobs.ErrNoJobs):
		return &HTTPError{Status: http.StatusServiceUnavailable, Msg: err.Error()}
	case err != nil:
		return err
	}
	s.Log.Info("scrape job requested", "site", started.Site, "run", started.RunID, "remote", c.RealIP())
	if started.RunID > 0 {
		c.Response().Header().Set(echo.HeaderLocation, "/api/jobs#run-"+strconv.FormatInt(started.RunID, 10))
	}
	return c.JSON(http.StatusAccepted, started)
}

// readRequest decodes and checks the JSON body of POST /api/scrape.
func readRequest(body io.Reader) (jobs.Request, error) {
	var r scrapeRequest
	raw, err := io.ReadAll(body)
	if err != nil {
		return jobs.Request{}, fmt.Errorf("read the request body: %w", err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return jobs.Request{}, errors.New(`send a JSON body such as {"site": "rferl", "since": "2025-10-01", "max": 100}`)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return jobs.Request{}, fmt.Errorf(`the body is not the JSON this route takes ({"site", "since", "until", "max"}): %v`, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return jobs.Request{}, errors.New(`the body has more after its JSON object: send one object such as {"site": "rferl"}`)
	}
	if strings.TrimSpace(r.Site) == "" {
		return jobs.Request{}, errors.New(`"site" is missing: name the site to scrape, e.g. "rferl"`)
	}
	out := jobs.Request{Site: strings.TrimSpace(r.Site), Max: r.Max}
	if out.Since, err = jobDay("since", r.Since); err != nil {
		return out, err
	}
	if out.Until, err = jobDay("until", r.Until); err != nil {
		return out, err
	}
	return out, nil
}

func jobDay(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%q %q: use YYYY-MM-DD", name, s)
	}
	return t, nil
}

func (s *Server) apiJobs(c echo.Context) error {
	limit := jobs.DefaultRuns
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxRuns {
			return &HTTPError{Status: http.StatusBadRequest, Msg: fmt.Sprintf("limit %q: use a number from 1 to %d", s, MaxRuns)}
		}
		limit = n
	}
	// Anyone sees the public view; a request with the admin token (one
	// with a wrong token is refused) sees process ids, host names, options
	// and the errors' text.
	admin := c.Request().Header.Get(echo.HeaderAuthorization) != ""
	if admin {
		if err := s.checkAdmin(c); err != nil {
			return err
		}
	}
	v, err := s.jobsView(c.Request().Context(), limit)
	if err != nil {
		return err
	}
	c.Response().Header().Add(echo.HeaderVary, echo.HeaderAuthorization)
	if admin {
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusOK, v)
	}
	return c.JSON(http.StatusOK, v.Public())
}
