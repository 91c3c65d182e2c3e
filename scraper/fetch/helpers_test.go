package fetch

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// t0 is where every fake clock starts.
var t0 = time.Date(2025, 5, 25, 10, 0, 0, 0, time.UTC)

// fakeClock advances only when someone sleeps: SleepUntil jumps to the
// target at once, so waits are checked exactly and tests never sleep.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	return nil
}

// hit is one request the test site received.
type hit struct {
	path string
	at   time.Time // fake time
	req  *http.Request
}

// testSite is an httptest server that records every request with the
// fetcher's fake time.
type testSite struct {
	*httptest.Server
	mux   *http.ServeMux
	clock *fakeClock

	mu   sync.Mutex
	hits []hit
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{mux: http.NewServeMux(), clock: &fakeClock{now: t0}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, hit{path: r.URL.RequestURI(), at: s.clock.Now(), req: r.Clone(context.Background())})
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// handle registers a handler; robots.txt is a 404 unless registered.
func (s *testSite) handle(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, h) }

func (s *testSite) text(pattern, body string) {
	s.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body))
	})
}

// hitsOf returns the requests for path, in order.
func (s *testSite) hitsOf(path string) []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []hit
	for _, h := range s.hits {
		if h.path == path {
			out = append(out, h)
		}
	}
	return out
}

func (s *testSite) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits)
}

func (s *testSite) host() string { return s.Listener.Addr().String() }

// fetcher builds a Fetcher for the site with the fake clock and a jitter
// that always waits the full back-off (so waits are exact).
func (s *testSite) fetcher(t *testing.T, mod func(*Config)) *Fetcher {
	t.Helper()
	cfg := Config{
		Hosts:        []string{s.host()},
		AllowPrivate: true,
		Rate:         1,
		MaxAttempts:  4,
		BackoffBase:  time.Second,
		BackoffCap:   8 * time.Second,
		Timeout:      5 * time.Second,
		Logger:       slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if mod != nil {
		mod(&cfg)
	}
	f, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.clock = s.clock
	f.jitter = func(d time.Duration) time.Duration { return d }
	t.Cleanup(f.Close)
	return f
}

// recorder is an Observer that keeps the outcomes.
type recorder struct {
	mu       sync.Mutex
	outcomes []string
}

func (r *recorder) OnFetch(host, outcome string, took time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outcomes = append(r.outcomes, outcome)
}
