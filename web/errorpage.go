package web

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
)

// renderErrorPage writes the error page: the UI's (s.ErrorPage) when it
// renders, else a minimal readable page.
func (s *Server) renderErrorPage(w io.Writer, status int, msg string) {
	if s.ErrorPage != nil {
		var buf bytes.Buffer
		if err := s.ErrorPage(&buf, status, msg); err == nil {
			buf.WriteTo(w)
			return
		}
	}
	fmt.Fprintf(w, "<!doctype html><html lang=en><meta charset=utf-8><title>%d %s</title>"+
		"<h1>%s</h1><p>%s</p><p><a href=\"/\">Back to search</a></p></html>",
		status, html.EscapeString(http.StatusText(status)), html.EscapeString(http.StatusText(status)), html.EscapeString(msg))
}
