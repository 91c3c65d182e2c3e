package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFetchOKSendsUserAgent(t *testing.T) {
	s := newTestSite(t)
	s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sun, 25 May 2025 09:00:00 GMT")
		fmt.Fprint(w, "<html>article</html>")
	})
	rec := &recorder{}
	f := s.fetcher(t, func(c *Config) { c.Observer = rec })
	resp, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<html>article</html>" || resp.Status != 200 || resp.NotModified {
		t.Errorf("resp = %d %q notModified=%v", resp.Status, resp.Body, resp.NotModified)
	}
	if resp.ETag != `"v1"` || resp.LastModified != "Sun, 25 May 2025 09:00:00 GMT" || resp.ContentType != "text/html; charset=utf-8" {
		t.Errorf("validators = %q %q %q", resp.ETag, resp.LastModified, resp.ContentType)
	}
	if resp.Attempts != 1 || resp.URL != s.URL+"/a/1.html" {
		t.Errorf("attempts %d, url %s", resp.Attempts, resp.URL)
	}
	for _, path := range []string{"/robots.txt", "/a/1.html"} {
		hs := s.hitsOf(path)
		if len(hs) != 1 {
			t.Fatalf("%s requested %d times, want 1", path, len(hs))
		}
		if ua := hs[0].req.Header.Get("User-Agent"); ua != DefaultUserAgent {
			t.Errorf("%s: User-Agent %q, want %q", path, ua, DefaultUserAgent)
		}
	}
	if len(rec.outcomes) != 1 || rec.outcomes[0] != OutcomeOK {
		t.Errorf("observer saw %v", rec.outcomes)
	}
}

func TestConfigurableUserAgent(t *testing.T) {
	s := newTestSite(t)
	s.text("/a/1.html", "ok")
	f := s.fetcher(t, func(c *Config) { c.UserAgent = "mirrorbot/2.0 (+mailto:ops@example.org)" })
	if _, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"}); err != nil {
		t.Fatal(err)
	}
	if ua := s.hitsOf("/a/1.html")[0].req.Header.Get("User-Agent"); ua != "mirrorbot/2.0 (+mailto:ops@example.org)" {
		t.Errorf("User-Agent %q", ua)
	}
}

func TestConditionalGET(t *testing.T) {
	s := newTestSite(t)
	const etag, lastMod = `"abc"`, "Sat, 24 May 2025 08:00:00 GMT"
	s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		fmt.Fprint(w, "body")
	})
	rec := &recorder{}
	f := s.fetcher(t, func(c *Config) { c.Observer = rec })
	resp, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html", ETag: etag, LastModified: lastMod})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified || resp.Status != 304 || len(resp.Body) != 0 {
		t.Errorf("want 304 NotModified without body, got %d %v %q", resp.Status, resp.NotModified, resp.Body)
	}
	if resp.ETag != etag || resp.LastModified != lastMod {
		t.Errorf("validators not kept on 304: %q %q", resp.ETag, resp.LastModified)
	}
	// Without validators the page comes back in full.
	resp, err = f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
	if err != nil || resp.NotModified || string(resp.Body) != "body" {
		t.Fatalf("unconditional fetch: %v %+v", err, resp)
	}
	if got := strings.Join(rec.outcomes, ","); got != "not_modified,ok" {
		t.Errorf("observer saw %s", got)
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		wantRetry  time.Time // fake time of the second try
	}{
		// robots.txt at t0, the first try at t0+1s (rate 1/s).
		{"seconds", "7", t0.Add(8 * time.Second)},
		{"http date", t0.Add(20 * time.Second).Format(http.TimeFormat), t0.Add(20 * time.Second)},
		{"date in the past", t0.Add(-time.Hour).Format(http.TimeFormat), t0.Add(2 * time.Second)},
		{"capped by MaxRetryAfter", "86400", t0.Add(time.Second + time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSite(t)
			var n int
			var mu sync.Mutex
			s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				if n++; n == 1 {
					w.Header().Set("Retry-After", tt.retryAfter)
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				fmt.Fprint(w, "ok")
			})
			f := s.fetcher(t, func(c *Config) { c.MaxRetryAfter = time.Minute })
			resp, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Attempts != 2 {
				t.Errorf("attempts = %d, want 2", resp.Attempts)
			}
			hs := s.hitsOf("/a/1.html")
			if len(hs) != 2 {
				t.Fatalf("%d tries, want 2", len(hs))
			}
			if !hs[1].at.Equal(tt.wantRetry) {
				t.Errorf("second try at t0+%v, want t0+%v", hs[1].at.Sub(t0), tt.wantRetry.Sub(t0))
			}
		})
	}
}

// A Retry-After holds back the whole host, not just the URL that got it,
// even when that URL has no tries left.
func TestRetryAfterPausesWholeHost(t *testing.T) {
	s := newTestSite(t)
	s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	s.text("/a/2.html", "ok")
	f := s.fetcher(t, func(c *Config) { c.MaxAttempts = 1 })
	_, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 429 || se.Attempts != 1 {
		t.Fatalf("err = %v, want a 429 StatusError after 1 try", err)
	}
	if _, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/2.html"}); err != nil {
		t.Fatal(err)
	}
	first, second := s.hitsOf("/a/1.html")[0].at, s.hitsOf("/a/2.html")[0].at
	if got := second.Sub(first); got != 30*time.Second {
		t.Errorf("other URL fetched %v after the 429, want 30s", got)
	}
}

func Test503Then200(t *testing.T) {
	s := newTestSite(t)
	var n int
	var mu sync.Mutex
	s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if n++; n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // no Retry-After: back-off
			return
		}
		fmt.Fprint(w, "ok")
	})
	f := s.fetcher(t, nil)
	resp, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 2 || string(resp.Body) != "ok" {
		t.Errorf("attempts %d body %q", resp.Attempts, resp.Body)
	}
	hs := s.hitsOf("/a/1.html")
	if gap := hs[1].at.Sub(hs[0].at); gap != time.Second {
		t.Errorf("retried after %v, want the 1s back-off", gap)
	}
}

func TestServerErrorsGiveUpAfterMaxAttempts(t *testing.T) {
	s := newTestSite(t)
	s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	rec := &recorder{}
	f := s.fetcher(t, func(c *Config) { c.MaxAttempts = 4; c.BackoffCap = 3 * time.Second; c.Observer = rec })
	_, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 500 || se.Attempts != 4 {
		t.Fatalf("err = %v, want StatusError 500 after 4 tries", err)
	}
	if want := "fetch " + s.URL + "/a/1.html: status 500 after 4 tries"; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	if errors.Is(err, ErrGone) {
		t.Error("a 500 is not gone")
	}
	hs := s.hitsOf("/a/1.html")
	if len(hs) != 4 {
		t.Fatalf("%d tries, want 4", len(hs))
	}
	// Back-off ceilings 1s, 2s, then capped at 3s (jitter takes the full wait here).
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 3 * time.Second} {
		if gap := hs[i+1].at.Sub(hs[i].at); gap != want {
			t.Errorf("wait before try %d = %v, want %v", i+2, gap, want)
		}
	}
	if len(rec.outcomes) != 1 || rec.outcomes[0] != OutcomeStatus {
		t.Errorf("observer saw %v", rec.outcomes)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	for _, code := range []int{403, 404, 410} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			s := newTestSite(t)
			s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) })
			f := s.fetcher(t, nil)
			_, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
			var se *StatusError
			if !errors.As(err, &se) || se.Code != code {
				t.Fatalf("err = %v, want StatusError %d", err, code)
			}
			if gone := code == 404 || code == 410; errors.Is(err, ErrGone) != gone {
				t.Errorf("errors.Is(ErrGone) = %v, want %v (%v)", !gone, gone, err)
			}
			if n := len(s.hitsOf("/a/1.html")); n != 1 {
				t.Errorf("%d tries, want 1", n)
			}
		})
	}
}

func TestRobots(t *testing.T) {
	const robots = "User-agent: *\nDisallow: /\n\nUser-agent: newsarchive\nDisallow: /private/\nDisallow: /*?print=\n"
	tests := []struct {
		path    string
		allowed bool
	}{
		{"/a/1.html", true}, // our own group wins over "*"
		{"/private/2.html", false},
		{"/a/1.html?print=1", false},
	}
	s := newTestSite(t)
	s.text("/robots.txt", robots)
	s.text("/", "page")
	f := s.fetcher(t, nil)
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			ok, err := f.Allowed(t.Context(), s.URL+tt.path)
			if err != nil || ok != tt.allowed {
				t.Errorf("Allowed = %v, %v; want %v", ok, err, tt.allowed)
			}
			before := s.total()
			_, err = f.Fetch(t.Context(), Request{URL: s.URL + tt.path})
			if tt.allowed && err != nil {
				t.Errorf("Fetch: %v", err)
			}
			if !tt.allowed {
				if !errors.Is(err, ErrDisallowed) {
					t.Errorf("Fetch err = %v, want ErrDisallowed", err)
				}
				if s.total() != before {
					t.Error("a disallowed URL was requested")
				}
			}
		})
	}
	if n := len(s.hitsOf("/robots.txt")); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once (cached)", n)
	}
}

// Lines a strict parser rejects are skipped, not a reason to give up on
// the whole file.
func TestRobotsWithUnusableLines(t *testing.T) {
	s := newTestSite(t)
	s.text("/robots.txt", "Disallow: /everything-before-a-group\n\nUser-agent: *\nCrawl-delay: soon\nDisallow: /private/\n")
	f := s.fetcher(t, nil)
	for path, want := range map[string]bool{"/a/1.html": true, "/private/1.html": false, "/everything-before-a-group": true} {
		if ok, err := f.Allowed(t.Context(), s.URL+path); err != nil || ok != want {
			t.Errorf("Allowed(%s) = %v, %v; want %v", path, ok, err, want)
		}
	}
}

func TestRobotsUnavailable(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		allowed bool
		tries   int
	}{
		{"404 allows all", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, true, 1},
		{"403 allows all", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(403) }, true, 1},
		{"500 disallows all", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }, false, 2},
		{"timeout disallows all", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, false, 2},
		{"redirect loop counts as absent", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/robots.txt", http.StatusFound)
		}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSite(t)
			s.handle("/robots.txt", tt.handler)
			s.text("/a/1.html", "ok")
			f := s.fetcher(t, func(c *Config) {
				c.MaxAttempts = 2
				if strings.HasPrefix(tt.name, "timeout") {
					c.Timeout = 200 * time.Millisecond // only where the server never answers
				}
			})
			_, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
			if tt.allowed && err != nil {
				t.Errorf("Fetch: %v", err)
			}
			if !tt.allowed && (!errors.Is(err, ErrDisallowed) || !strings.Contains(err.Error(), "robots.txt unreachable")) {
				t.Errorf("Fetch err = %v, want ErrDisallowed because robots.txt is unreachable", err)
			}
			if got := len(s.hitsOf("/robots.txt")); got != tt.tries {
				t.Errorf("robots.txt tried %d times, want %d", got, tt.tries)
			}
			// The verdict is cached.
			_, _ = f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
			if got := len(s.hitsOf("/robots.txt")); got != tt.tries {
				t.Errorf("robots.txt fetched again (%d)", got)
			}
		})
	}
}

func TestRobotsCrawlDelaySlowsHost(t *testing.T) {
	s := newTestSite(t)
	s.text("/robots.txt", "User-agent: *\nCrawl-delay: 5\n")
	s.text("/a/1.html", "ok")
	s.text("/a/2.html", "ok")
	f := s.fetcher(t, nil)
	for _, p := range []string{"/a/1.html", "/a/2.html"} {
		if _, err := f.Fetch(t.Context(), Request{URL: s.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	if gap := s.hitsOf("/a/2.html")[0].at.Sub(s.hitsOf("/a/1.html")[0].at); gap != 5*time.Second {
		t.Errorf("gap %v, want the 5s crawl delay", gap)
	}
}

func TestBodyCap(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(b)
		_ = zw.Close()
		return buf.Bytes()
	}
	small, big := bytes.Repeat([]byte("a"), 100), bytes.Repeat([]byte("a"), 101)
	tests := []struct {
		name    string
		body    []byte
		gzipped bool
		chunked bool // no Content-Length: the cap is found while reading
		maxBody int64
		wantErr bool
	}{
		{"at the cap", small, false, false, 0, false},
		{"over the cap", big, false, false, 0, true},
		{"over the cap, chunked", big, false, true, 0, true},
		{"gzip under the cap", small, true, false, 0, false},
		{"gzip small on the wire, over the cap decoded", bytes.Repeat([]byte("a"), 100_000), true, false, 0, true},
		{"request raises the cap", big, false, false, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSite(t)
			s.handle("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
				body := tt.body
				if tt.gzipped {
					if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
						t.Error("no Accept-Encoding: gzip sent")
					}
					body = gz(body)
					w.Header().Set("Content-Encoding", "gzip")
				}
				if !tt.chunked {
					w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				}
				_, _ = w.Write(body)
				if tt.chunked {
					w.(http.Flusher).Flush()
				}
			})
			f := s.fetcher(t, func(c *Config) { c.MaxBody = 100 })
			resp, err := f.Fetch(t.Context(), Request{URL: s.URL + "/sitemap.xml", MaxBody: tt.maxBody})
			if tt.wantErr {
				if !errors.Is(err, ErrTooLarge) {
					t.Fatalf("err = %v, want ErrTooLarge", err)
				}
				if n := len(s.hitsOf("/sitemap.xml")); n != 1 {
					t.Errorf("an oversized body was retried (%d tries)", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, tt.body) {
				t.Errorf("body %d bytes, want %d (decoded)", len(resp.Body), len(tt.body))
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	s := newTestSite(t)
	redirect := func(to string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusMovedPermanently) }
	}
	s.handle("/old/1.html", redirect("/a/1.html"))
	s.text("/a/1.html", "ok")
	s.handle("/away", redirect("https://evil.example.com/a/1.html"))
	s.handle("/loop1", redirect("/loop2"))
	s.handle("/loop2", redirect("/loop1"))
	s.handle("/self", redirect("/self"))
	s.handle("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusFound)
	})
	s.handle("/private-redirect", redirect("/private/1.html"))
	s.text("/robots.txt", "User-agent: *\nDisallow: /private/\n")
	f := s.fetcher(t, nil)

	resp, err := f.Fetch(t.Context(), Request{URL: s.URL + "/old/1.html"})
	if err != nil || resp.URL != s.URL+"/a/1.html" || string(resp.Body) != "ok" {
		t.Fatalf("redirect within the site: %v %+v", err, resp)
	}
	tests := []struct {
		path string
		want error
		hits int // requests to the site for this fetch
	}{
		{"/away", ErrOffSite, 1},
		{"/loop1", ErrRedirectLoop, 2},
		{"/self", ErrRedirectLoop, 1},
		{"/hop/0", ErrTooManyRedirects, MaxRedirects + 1},
		{"/private-redirect", ErrDisallowed, 1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			before := s.total()
			_, err := f.Fetch(t.Context(), Request{URL: s.URL + tt.path})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), s.URL+tt.path) {
				t.Errorf("message %q does not name the URL", err)
			}
			if got := s.total() - before; got != tt.hits {
				t.Errorf("%d requests, want %d", got, tt.hits)
			}
		})
	}
}

func TestOffSiteAndInvalidURLs(t *testing.T) {
	s := newTestSite(t)
	f := s.fetcher(t, nil)
	tests := []struct {
		url  string
		want error
	}{
		{"https://www.example.com/a/1.html", ErrOffSite},
		{strings.Replace(s.URL, "127.0.0.1", "localhost", 1) + "/a/1.html", ErrOffSite}, // same server, other name
		{"/a/1.html", ErrInvalidURL},
		{"ftp://" + s.host() + "/a/1.html", ErrInvalidURL},
		{"http://user:pw@" + s.host() + "/a/1.html", ErrInvalidURL},
		{"http://%zz", ErrInvalidURL},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: tt.url})
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := f.Allowed(t.Context(), "https://www.example.com/a/1.html"); !errors.Is(err, ErrOffSite) {
		t.Errorf("Allowed off-site: %v", err)
	}
	if s.total() != 0 {
		t.Errorf("%d requests sent for refused URLs", s.total())
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	s := newTestSite(t)
	s.text("/a/1.html", "ok")
	rec := &recorder{}
	f := s.fetcher(t, func(c *Config) { c.AllowPrivate = false; c.Observer = rec })
	_, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("err = %v, want ErrPrivateAddress", err)
	}
	if s.total() != 0 {
		t.Errorf("%d requests reached a loopback server", s.total())
	}
	if len(rec.outcomes) != 1 || rec.outcomes[0] != OutcomePrivate {
		t.Errorf("observer saw %v", rec.outcomes)
	}
	// A name that resolves to loopback is refused too: the check is on the
	// dialled address, after DNS.
	byName := strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
	f = s.fetcher(t, func(c *Config) { c.AllowPrivate = false; c.Hosts = []string{strings.TrimPrefix(byName, "http://")} })
	if _, err := f.Fetch(t.Context(), Request{URL: byName + "/a/1.html"}); !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("by name: err = %v, want ErrPrivateAddress", err)
	}
	if s.total() != 0 {
		t.Errorf("%d requests reached a loopback server", s.total())
	}
	// The same server is fine once allowed.
	f = s.fetcher(t, nil)
	if _, err := f.Fetch(t.Context(), Request{URL: s.URL + "/a/1.html"}); err != nil {
		t.Errorf("with AllowPrivate: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	s := newTestSite(t)
	s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	s.handle("/a/slow-body.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte("partial"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	rec := &recorder{}
	f := s.fetcher(t, func(c *Config) { c.Timeout = 100 * time.Millisecond; c.MaxAttempts = 2; c.Observer = rec })
	for _, p := range []string{"/a/1.html", "/a/slow-body.html"} {
		t.Run(p, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: s.URL + p})
			var te *TransportError
			if !errors.Is(err, ErrTimeout) || !errors.As(err, &te) || te.Attempts != 2 {
				t.Fatalf("err = %v, want a timeout after 2 tries", err)
			}
			if !strings.Contains(err.Error(), "timed out after 2 tries") {
				t.Errorf("message %q", err)
			}
		})
	}
	if strings.Join(rec.outcomes, ",") != "timeout,timeout" {
		t.Errorf("observer saw %v", rec.outcomes)
	}
}

func TestRateLimitSpacing(t *testing.T) {
	t.Run("sequential", func(t *testing.T) {
		s := newTestSite(t)
		s.text("/a/{id}", "ok")
		f := s.fetcher(t, func(c *Config) { c.Rate = 2 })
		for i := range 5 {
			if _, err := f.Fetch(t.Context(), Request{URL: fmt.Sprintf("%s/a/%d.html", s.URL, i)}); err != nil {
				t.Fatal(err)
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.hits) != 6 { // robots.txt + 5 pages
			t.Fatalf("%d requests, want 6", len(s.hits))
		}
		for i := 1; i < len(s.hits); i++ {
			if gap := s.hits[i].at.Sub(s.hits[i-1].at); gap != 500*time.Millisecond {
				t.Errorf("request %d came %v after the previous one, want 500ms", i, gap)
			}
		}
	})
	t.Run("shared by goroutines", func(t *testing.T) {
		s := newTestSite(t)
		s.text("/a/{id}", "ok")
		f := s.fetcher(t, nil)
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				if _, err := f.Fetch(t.Context(), Request{URL: fmt.Sprintf("%s/a/%d.html", s.URL, i)}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		// 9 requests (robots.txt + 8 pages) at 1/s take exactly 8s of fake time.
		if s.total() != 9 {
			t.Fatalf("%d requests, want 9", s.total())
		}
		if got := s.clock.Now().Sub(t0); got != 8*time.Second {
			t.Errorf("fake time advanced %v, want 8s", got)
		}
	})
}

// Cancelling the context interrupts a long Retry-After wait at once. This
// test uses the real clock.
func TestCancelDuringRetryAfterWait(t *testing.T) {
	s := newTestSite(t)
	got429 := make(chan struct{}, 1)
	s.handle("/a/1.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		select {
		case got429 <- struct{}{}:
		default:
		}
	})
	f, err := New(Config{Hosts: []string{s.host()}, AllowPrivate: true, Rate: 1000, MaxRetryAfter: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := f.Fetch(ctx, Request{URL: s.URL + "/a/1.html"})
		done <- err
	}()
	<-got429
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second): // the wait is an hour; anything short of it proves the point
		t.Fatal("Fetch did not return after cancel")
	}
}

func TestNewValidatesConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no hosts", Config{}},
		{"negative rate", Config{Hosts: []string{"www.rferl.org"}, Rate: -1}},
		{"host with a path", Config{Hosts: []string{"www.rferl.org/a"}}},
		{"two-line user agent", Config{Hosts: []string{"www.rferl.org"}, UserAgent: "a\r\nX-Evil: 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); err == nil {
				t.Error("New accepted it")
			}
		})
	}
}
