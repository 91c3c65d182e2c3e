package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The queries that took the server down are refused on every route that
// runs a search, before Bleve expands anything, with a message that says
// why: a JSON error on the API and the feed, a readable page in the UI.
func TestExpensiveQueriesRefused(t *testing.T) {
	_, srv := newServer(t)
	queries := map[string]string{
		"*a* *e* *i* *o* *u* *s* *n* *r* *t* *l*": "must start with at least 2 fixed letters",
		"/.*/":            "must start with at least 2 fixed letters",
		"*":               "must start with at least 2 fixed letters",
		"summit~5":        "fuzziness of a term is at most 2",
		fuzzyTerms(150):   "more than 16 wildcard",
		"summit AND /.*/": "must start with at least 2 fixed letters",
	}
	routes := []string{"/api/search", "/search", "/feed.atom", "/api/facets/person", "/api/export", "/"}
	for q, says := range queries {
		for _, route := range routes {
			t.Run(route+" "+q[:min(len(q), 20)], func(t *testing.T) {
				resp, err := http.Get(srv.URL + route + "?q=" + url.QueryEscape(q))
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 400 || !strings.Contains(string(body), says) {
					t.Errorf("GET %s?q=%.40s = %d %.200s; want 400 saying %q", route, q, resp.StatusCode, body, says)
				}
			})
		}
	}
}

func fuzzyTerms(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(string(rune('a'+i/26)) + string(rune('a'+i%26)) + "~2 ")
	}
	return b.String()
}
