package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// The server render time of the search page against the JSON API for the
// same searches (the difference is the page's own cost: view building and
// templates). Run: go test -run XXX -bench . ./web/
func BenchmarkPages(b *testing.B) {
	env := testenv.Filled(b, samplesite.Options{ExtraArticles: 2000, Seed: 1})
	srv := &Server{Engine: env.Engine, Archive: env.Archive, Log: slog.New(slog.DiscardHandler)}
	h := handler(b, srv)
	for _, bc := range []struct{ name, path string }{
		{"api/landing", "/api/search"},
		{"page/landing", "/"},
		{"api/text+filter", "/api/search?q=summit&country=Russia"},
		{"page/text+filter", "/search?q=summit&country=Russia"},
		{"page/article", "/articles/" + xssID},
		{"feed/landing", "/feed.atom"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bytes := 0
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, bc.path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", bc.path, rec.Code)
				}
				bytes = rec.Body.Len()
			}
			b.ReportMetric(float64(bytes), "bytes/page")
		})
	}
}
