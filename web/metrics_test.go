package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/metrics"
	"newsarchive/web"
)

// Searches are timed by route pattern and exports by format; an article
// view is not a search.
func TestMetricsByRoute(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	s := &web.Server{Engine: env.Engine, Archive: env.Archive, Metrics: metrics.New(env.Archive)}
	srv := httptest.NewServer(web.TestHandler(t, s))
	defer srv.Close()
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	for _, p := range []string{"/api/search?q=a", "/api/search?q=summit", "/search?q=summit", "/", "/api/export?format=ndjson",
		"/api/export?format=zip", "/api/articles/33565458", "/articles/33565458"} {
		get(p)
	}
	text := get("/metrics")
	for _, want := range []string{
		`newsarchive_search_duration_seconds_count{route="/api/search"} 2`,
		`newsarchive_search_duration_seconds_count{route="/search"} 1`,
		`newsarchive_search_duration_seconds_count{route="/"} 1`,
		`newsarchive_export_duration_seconds_count{format="ndjson"} 1`,
		`newsarchive_export_duration_seconds_count{format="other"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(text, "/articles/") {
		t.Error("an article view was timed as a search")
	}
}
