package fetch

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkFetchLoopback measures the fetcher's own cost per page (robots
// check, limiter, request, 50 KB body) against a loopback server with the
// rate limit out of the way.
func BenchmarkFetchLoopback(b *testing.B) {
	page := strings.Repeat("<p>Invented paragraph text for a benchmark page.</p>\n", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	f, err := New(Config{Hosts: []string{srv.Listener.Addr().String()}, AllowPrivate: true, Rate: 1e9})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := f.Fetch(b.Context(), Request{URL: srv.URL + "/a/1.html"}); err != nil {
			b.Fatal(err)
		}
	}
}
