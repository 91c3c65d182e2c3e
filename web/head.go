package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// headKey marks, in a request's context, a HEAD request that its GET route
// answers.
type headKey struct{}

// headAsGet lets every GET route answer HEAD (monitors and link checkers
// use it), those that Server.Extra adds included: the routes see a shallow
// copy of the request with method GET and answer as they would a GET, same
// status and headers. The original request keeps HEAD, and net/http, which
// looks at the original, sends the headers and discards the body. A route
// whose work is the body (the export) asks isHead and skips it.
//
// It wraps the Echo instance rather than being an Echo Pre middleware:
// Echo routes by the method of the request it was handed, whatever a Pre
// middleware sets, and changing that request's method in place would make
// net/http send the body of a HEAD.
func headAsGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead {
			h.ServeHTTP(w, r)
			return
		}
		get := r.WithContext(context.WithValue(r.Context(), headKey{}, true)) // a shallow copy
		get.Method = http.MethodGet
		h.ServeHTTP(w, get)
	})
}

// isHead reports whether a request reached its GET route as a HEAD.
func isHead(c echo.Context) bool {
	head, _ := c.Request().Context().Value(headKey{}).(bool)
	return head
}
