package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"newsarchive/search"
)

// A search refused for want of a slot is a 503 with Retry-After, in the
// API and on pages.
func TestBusyIs503(t *testing.T) {
	s := &Server{ErrorPage: func(w io.Writer, status int, msg string) error {
		_, err := io.WriteString(w, "<p>"+msg+"</p>")
		return err
	}}
	e := echo.New()
	e.HTTPErrorHandler = s.errorHandler
	e.GET("/api/busy", func(echo.Context) error { return search.ErrBusy })
	e.GET("/busy", func(echo.Context) error { return search.ErrBusy })
	srv := httptest.NewServer(e)
	defer srv.Close()
	for _, path := range []string{"/api/busy", "/busy"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy") {
			t.Errorf("GET %s = %d, Retry-After %q, %.100s; want 503 with Retry-After saying busy",
				path, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
}
