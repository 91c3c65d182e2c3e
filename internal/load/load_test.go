package load

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"newsarchive/internal/testenv"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		target string
		ok     bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.9.9.9:1", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://192.168.1.10", false},
		{"http://0.0.0.0:8080", false},
		{"http://www.rferl.org", false},
		{"http://127.0.0.1.nip.io", false},
		{"https://127.0.0.1:8080", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
		{"", false},
	}
	for _, tt := range tests {
		err := CheckLoopback(tt.target)
		if (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok %v", tt.target, err, tt.ok)
		}
	}
	if _, err := Run(context.Background(), Config{Target: "http://10.1.2.3:8080"}); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("Run against a private address: %v, want ErrNotLoopback", err)
	}
	for _, cfg := range []Config{{Clients: MaxClients + 1}, {Duration: MaxDuration + time.Second}, {MaxRequests: -1}} {
		cfg.Target = "http://127.0.0.1:1"
		if _, err := Run(context.Background(), cfg); err == nil {
			t.Errorf("Run(%+v) accepted", cfg)
		}
	}
}

func TestQuantile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50 * time.Millisecond}, {0.95, 95 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}} {
		if got := quantile(ds, tc.q); got != tc.want {
			t.Errorf("quantile %v = %s, want %s", tc.q, got, tc.want)
		}
	}
	if quantile(nil, 0.5) != 0 {
		t.Error("quantile of nothing")
	}
}

// The "all" row is the ordinary clients' requests; the hostile ones have
// their own row, and Requests and Errors count both.
func TestSummariseLeavesHostileOut(t *testing.T) {
	normal, hostile := newRecorder(), newRecorder()
	for i := 1; i <= 10; i++ {
		normal.add(KindSearchText, time.Duration(100*i)*time.Millisecond, nil)
		hostile.add(KindHostile, time.Millisecond, nil)
	}
	hostile.add(KindHostile, time.Millisecond, errors.New("status 500"))
	rep := &Report{Clients: 1, Hostile: 1, Duration: time.Second}
	rep.summarise([]*recorder{normal, hostile})
	if all := rep.Kind("all"); all.Requests != 10 || all.Errors != 0 || all.P50ms != 500 {
		t.Errorf("all: %+v, want the 10 ordinary requests (p50 500 ms)", all)
	}
	if h := rep.Kind(KindHostile); h.Requests != 11 || h.Errors != 1 {
		t.Errorf("hostile: %+v", h)
	}
	if rep.Requests != 21 || rep.Errors != 1 {
		t.Errorf("requests %d, errors %d: want 21 and 1", rep.Requests, rep.Errors)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	for _, want := range []string{"load: 1 clients + 1 hostile for 1s", "\n10 requests (10/s), 0 errors\n", "and 11 hostile requests (11/s), 1 errors\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// The reduced form of `make load` (5,000 articles, 32 clients, 10 s, a
// scrape indexing meanwhile, and 4 more clients sending only expensive
// queries): no request fails (a hostile query gets its 400, 200 or 503),
// every kind of request is made, the scrape's articles reach the index
// during the load, and the server's goroutines come back to where they
// were.
func TestSessionUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	s := &Session{Bin: testenv.Binary(t), Dir: t.TempDir(), Articles: 5000, SiteArticles: 1000,
		Load: Config{Clients: 32, Hostile: 4, Duration: 10 * time.Second}}
	rep, err := s.Run(context.Background())
	if rep != nil {
		var b strings.Builder
		rep.WriteTable(&b)
		t.Log("\n" + b.String())
	}
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 {
		t.Errorf("%d of %d requests failed: %v", rep.Errors, rep.Requests, rep.ErrorSamples)
	}
	for _, k := range []string{KindLanding, KindSearchText, KindSearchPage, KindFilter, KindFacetClick, KindArticle,
		KindArticleAPI, KindFacetValues, KindFeed, KindExport, KindHostile} {
		if rep.Kind(k).Requests == 0 {
			t.Errorf("no %s requests", k)
		}
	}
	if rep.ScrapedDuring == 0 {
		t.Errorf("nothing was scraped and indexed during the load")
	}
	if rep.GoroutinesAfter > rep.GoroutinesBefore+5 {
		t.Errorf("server goroutines: %.0f before the load, %.0f after it settled: a leak", rep.GoroutinesBefore, rep.GoroutinesAfter)
	}
	if rep.PeakRSS == 0 && fileExists("/proc/self/status") {
		t.Errorf("no peak RSS of the server")
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
