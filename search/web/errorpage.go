package web

import (
	"fmt"
	"html"
	"io"
	"net/http"
)

// renderErrorPage writes a minimal readable error page. The UI may register
// a nicer one through ErrorPage.
func renderErrorPage(w io.Writer, status int, msg string) {
	if ErrorPage != nil {
		if err := ErrorPage(w, status, msg); err == nil {
			return
		}
	}
	fmt.Fprintf(w, "<!doctype html><html lang=en><meta charset=utf-8><title>%d %s</title>"+
		"<h1>%s</h1><p>%s</p><p><a href=\"/\">Back to search</a></p></html>",
		status, html.EscapeString(http.StatusText(status)), html.EscapeString(http.StatusText(status)), html.EscapeString(msg))
}

// ErrorPage, when set (by the UI), renders error pages in the site's layout.
var ErrorPage func(w io.Writer, status int, msg string) error
