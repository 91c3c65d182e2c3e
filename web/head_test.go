package web_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/jobs"
	"newsarchive/metrics"
	"newsarchive/web"
)

// syncBuffer is a log sink the server's goroutines can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Every GET route answers HEAD with the GET's status and headers and no
// body, the jobs and metrics routes included; a HEAD of an
// export sends its headers and runs no export.
func TestHeadAnswersEveryGetRoute(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	mgr, err := jobs.New(jobs.Config{Archive: env.Archive, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	s := &web.Server{Engine: env.Engine, Archive: env.Archive, Log: log, Jobs: mgr, Metrics: metrics.New(env.Archive)}
	srv := httptest.NewServer(web.TestHandler(t, s))
	t.Cleanup(srv.Close)

	do := func(method, path string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	tests := []struct {
		path   string
		status int
	}{
		{"/", http.StatusOK},
		{"/search?q=summit", http.StatusOK},
		{"/healthz", http.StatusOK},
		{"/api/search?q=summit", http.StatusOK},
		{"/api/articles/33565458", http.StatusOK},
		{"/articles/33565458", http.StatusOK},
		{"/articles/1", http.StatusNotFound},
		{"/api/search?sort=sideways", http.StatusBadRequest},
		{"/api/export?format=csv&q=*ab", http.StatusBadRequest}, // refused before it would run
		{"/feed.atom", http.StatusOK},
		{"/jobs", http.StatusOK},
		{"/api/jobs", http.StatusOK},
		{"/metrics", http.StatusOK},
		{"/api/scrape", http.StatusMethodNotAllowed}, // POST only
		{"/nosuch", http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			get, getBody := do(http.MethodGet, tc.path)
			head, _ := do(http.MethodHead, tc.path) // (the client reads no body of a HEAD answer)
			if get.StatusCode != tc.status || head.StatusCode != get.StatusCode {
				t.Fatalf("GET %d, HEAD %d; want both %d", get.StatusCode, head.StatusCode, tc.status)
			}
			if len(getBody) == 0 {
				t.Errorf("GET sent no body")
			}
			for _, h := range []string{"Content-Type", "Cache-Control", "Content-Security-Policy"} {
				if head.Header.Get(h) != get.Header.Get(h) {
					t.Errorf("%s: HEAD %q, GET %q", h, head.Header.Get(h), get.Header.Get(h))
				}
			}
		})
	}
	t.Run("export", func(t *testing.T) {
		const path = "/api/export?format=csv&q=summit"
		head, body := do(http.MethodHead, path)
		if head.StatusCode != http.StatusOK || len(body) != 0 ||
			!strings.HasPrefix(head.Header.Get("Content-Disposition"), "attachment; ") ||
			!strings.HasPrefix(head.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("HEAD %s: %d %v, body %d bytes", path, head.StatusCode, head.Header, len(body))
		}
		if strings.Contains(logs.String(), "msg=export") {
			t.Errorf("a HEAD ran the export:\n%s", logs.String())
		}
		if get, _ := do(http.MethodGet, path); get.StatusCode != http.StatusOK || !strings.Contains(logs.String(), "msg=export") {
			t.Errorf("GET %s: %d, export logged: %v", path, get.StatusCode, strings.Contains(logs.String(), "msg=export"))
		}
	})
}
