package load

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// KindHostile is an expensive query of the kind that once took the server
// down (leading wildcards, regexps of everything, many fuzzy terms, long
// ORs) or one just within the bounds, on a route that searches.
const KindHostile = "hostile"

// hostileQueries are what Config.Hostile clients send. A 400 (refused,
// with its reason), a 200 (within the bounds) and a 503 (busy: come back)
// are the server's honest answers; anything else is an error.
var hostileQueries = func() []string {
	var fuzzy, or []string
	for i := range 150 {
		fuzzy = append(fuzzy, string(rune('a'+i/26))+string(rune('a'+i%26))+"~2")
	}
	for _, w := range strings.Fields("president minister government country people officials war talks summit election") {
		or = append(or, w, w+"s", w+"ly")
	}
	return []string{
		"*a* *e* *i* *o* *u* *s* *n* *r* *t* *l*", "*a*", "*", "/.*/", strings.Join(fuzzy, " "),
		"pr*", "pres*", "minist*", "president~2 minister~2", "/pres[a-z]+/", "govern?ent",
		strings.Join(or, " OR "),
	}
}()

// hostileRoutes are the routes that search; an export asks for ndjson.
var hostileRoutes = []string{"/api/search", "/search", "/feed.atom", "/api/facets/person", "/api/export"}

// hostileQuery sends one of hostileQueries to one of hostileRoutes.
func (c *client) hostileQuery(ctx context.Context) (string, error) {
	route := c.pick(hostileRoutes)
	v := url.Values{"q": {c.pick(hostileQueries)}}
	if route == "/api/export" {
		v.Set("format", "ndjson")
	}
	return KindHostile, c.get(ctx, route+"?"+v.Encode(), nil, http.StatusOK, http.StatusBadRequest, http.StatusServiceUnavailable)
}
