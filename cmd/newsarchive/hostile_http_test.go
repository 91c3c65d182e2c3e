package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// hostileServer is a `serve` process on the scraped sample archive, with
// the admin routes on; its jobs scrape the loopback sample site only.
func hostileServer(t *testing.T) (*server, int) {
	t.Helper()
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	want := expectedArticles(site)
	data := t.TempDir()
	if _, code := run1(t, []string{"NEWSARCHIVE_DATA=" + data}, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100"); code != 0 {
		t.Fatalf("scrape exited %d", code)
	}
	env := []string{"NEWSARCHIVE_DATA=" + data, "NEWSARCHIVE_ADMIN_TOKEN=" + adminToken,
		"NEWSARCHIVE_BASE_URL=" + siteURL, "NEWSARCHIVE_ALLOW_PRIVATE=true", "NEWSARCHIVE_RATE=100"}
	srv := startServer(t, env, "--addr", "127.0.0.1:0")
	waitUntil(t, 30*time.Second, "the archive indexed", func() bool { return srv.searchTotal(t) == want })
	return srv, want
}

// answer is what a hostile request got.
type answer struct {
	status int
	ctype  string
	body   string
	err    error
}

// hostileClient never follows redirects and gives up after 20 s: a hang is
// a failure, not a stuck test.
func hostileClient() *http.Client {
	return &http.Client{
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func (s *server) do(method, rawPath string, header http.Header, body io.Reader) answer {
	req, err := http.NewRequest(method, s.url+"/", body)
	if err != nil {
		return answer{err: err}
	}
	// Opaque keeps the path and query exactly as written (no cleaning,
	// no re-escaping): the server sees the bytes an attacker would send.
	req.URL.Opaque = "//" + req.URL.Host + rawPath
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hostileClient().Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return answer{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: string(b), err: err}
}

// raw sends req as it is on a fresh connection and reads the answer (an
// error with no answer is fine for requests that are not HTTP).
func (s *server) raw(req string) answer {
	u, _ := url.Parse(s.url)
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		return answer{err: err}
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		return answer{err: err}
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return answer{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: string(b), err: err}
}

// problem says what is wrong with an answer to garbage: a 5xx, no answer,
// or a 4xx without a message for the user. "" means it is fine.
func (a answer) problem() string {
	switch {
	case a.err != nil:
		return "no answer: " + a.err.Error()
	case a.status >= 500:
		return fmt.Sprintf("status %d: %.300s", a.status, a.body)
	case a.status < 400:
		return ""
	}
	switch {
	case strings.HasPrefix(a.ctype, "application/json"):
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal([]byte(a.body), &e) != nil || strings.TrimSpace(e.Error) == "" {
			return fmt.Sprintf("status %d with no JSON error message: %.300s", a.status, a.body)
		}
	case strings.HasPrefix(a.ctype, "text/html"):
		if !strings.Contains(a.body, `class="error-msg"`) && !strings.Contains(a.body, "<h1>") {
			return fmt.Sprintf("status %d with no readable message: %.300s", a.status, a.body)
		}
	default:
		if strings.TrimSpace(a.body) == "" {
			return fmt.Sprintf("status %d with an empty body", a.status)
		}
	}
	return ""
}

// garbage values for one parameter, by name.
func garbageValues() map[string]string {
	nested := strings.Repeat("%28", 300) + "a" + strings.Repeat("%29", 300)
	return map[string]string{
		"empty":         "",
		"huge":          strings.Repeat("a", 50_000),
		"negative":      "-1",
		"big negative":  "-99999999999999999999999",
		"big number":    "99999999999999999999999",
		"float":         "1e309",
		"non-numeric":   "abc",
		"invalid utf-8": "%ff%fe%fd",
		"nul":           "%00",
		"controls":      "%0d%0aSet-Cookie:%20x=1",
		"nested":        nested,
		"nested quotes": strings.Repeat("%22%28", 200),
		"operators":     strings.Repeat("%2B-", 500) + "a",
		"bad date":      "2025-02-30",
		"markup":        "%3Cscript%3Ealert(1)%3C/script%3E",
		"traversal":     "..%2F..%2F..%2Fetc%2Fpasswd",
		"bad escape":    "%zz%",
	}
}

var searchParams = []string{"q", "person", "country", "date", "section", "site", "lang", "from", "to",
	"sort", "page", "size", "facet_size", "interval", "unknown"}

// Every route, every parameter, garbage values: 4xx with a message (or a
// 200 where the value is harmless), never a 5xx, never a hang.
func TestHostileParameters(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	srv, _ := hostileServer(t)
	withPrefix := append(append([]string{}, searchParams...), "prefix")
	routes := []struct {
		path   string
		params []string
	}{
		{"/", searchParams},
		{"/search", searchParams},
		{"/feed.atom", searchParams},
		{"/facets/person", withPrefix},
		{"/articles/33565458", []string{"x"}},
		{"/jobs", []string{"x"}},
		{"/api/search", searchParams},
		{"/api/articles/33565458", []string{"x"}},
		{"/api/facets/person", withPrefix},
		{"/api/export", append(append([]string{}, searchParams...), "format")},
		{"/api/jobs", []string{"limit", "x"}},
		{"/healthz", []string{"x"}},
		{"/metrics", []string{"x"}},
		{"/static/app.css", []string{"x"}},
	}
	type probe struct{ name, path string }
	var probes []probe
	for _, r := range routes {
		for _, p := range r.params {
			for kind, v := range garbageValues() {
				probes = append(probes, probe{fmt.Sprintf("%s %s=%s", r.path, p, kind), r.path + "?" + p + "=" + v})
			}
			probes = append(probes, probe{fmt.Sprintf("%s %s×1000", r.path, p),
				r.path + "?" + strings.Repeat(p+"=x&", 999) + p + "=x"})
			probes = append(probes, probe{fmt.Sprintf("%s %s without =", r.path, p), r.path + "?" + p})
		}
	}
	failures := runProbes(t, len(probes), func(i int) (string, string) {
		return probes[i].name, srv.do(http.MethodGet, probes[i].path, nil, nil).problem()
	})
	t.Logf("%d requests with garbage parameters, %d problems", len(probes), failures)
}

// runProbes runs n probes on 4 clients and reports each problem.
func runProbes(t *testing.T, n int, probe func(i int) (name, problem string)) int {
	t.Helper()
	var mu sync.Mutex
	failures := 0
	next := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				name, p := probe(i)
				if p != "" {
					mu.Lock()
					failures++
					if failures <= 40 {
						t.Errorf("%.160s: %s", name, p)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return failures
}

// Garbage in the path segments of every route with one, methods the routes
// do not take, long URLs and hostile headers.
func TestHostilePathsMethodsHeaders(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	srv, _ := hostileServer(t)
	segments := []string{"-1", "0", "99999999999999999999999", "abc", "%ff%fe", "%00", "..%2f..%2fetc%2fpasswd",
		"%2e%2e", "..", strings.Repeat("a", 20_000), "%3Cscript%3E", "33565458.html", "33565458%00", " 33565458"}
	type probe struct {
		name, method, path string
		header             http.Header
		body               string
		want               int // 0: any 2xx-4xx
	}
	var probes []probe
	for _, prefix := range []string{"/articles/", "/api/articles/", "/facets/", "/api/facets/", "/static/", "/", "/api/", "/feed.atom/"} {
		for _, s := range segments {
			probes = append(probes, probe{name: "GET " + prefix + s, method: http.MethodGet, path: prefix + s})
		}
	}
	for _, p := range []string{"/", "/search", "/articles/33565458", "/facets/person", "/feed.atom", "/jobs",
		"/api/search", "/api/articles/33565458", "/api/facets/person", "/api/export", "/api/jobs", "/api/scrape",
		"/healthz", "/metrics", "/static/app.css"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "PROPFIND", http.MethodOptions} {
			probes = append(probes, probe{name: m + " " + p, method: m, path: p, body: "x=1"})
		}
		probes = append(probes,
			probe{name: "long URL " + p, method: http.MethodGet, path: p + "?q=" + strings.Repeat("a", 80_000), want: 431},
			probe{name: "long header " + p, method: http.MethodGet, path: p,
				header: http.Header{"X-Junk": {strings.Repeat("b", 80_000)}}, want: 431},
			probe{name: "many headers " + p, method: http.MethodGet, path: p, header: manyHeaders(500)},
			probe{name: "garbage headers " + p, method: http.MethodGet, path: p, header: http.Header{
				"Accept": {"*/*;q=abc, text/html;;;"}, "Accept-Encoding": {"gzip;q=-1, br, zstd, x-\u00ff"},
				"If-None-Match": {strings.Repeat(`"x",`, 1000)}, "If-Modified-Since": {"yesterday"},
				"Range": {"bytes=-1-99999999999999999999"}, "Cookie": {strings.Repeat("a=b; ", 2000)},
				"X-Forwarded-For": {"not an address"}, "X-Forwarded-Proto": {"javascript"}, "X-Real-Ip": {"::::"},
				"Content-Type": {"application/json; charset=utf-9000"}}},
		)
	}
	// Bytes a Go client refuses to send: control characters in header
	// names and values, a NUL in the request line, bare LFs, no Host.
	raws := map[string]string{
		"control chars in a value": "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\x7f\x01\r\nAuthorization: Bearer \x00\r\n\r\n",
		"bad header name":          "GET /api/search HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
		"NUL in the path":          "GET /api/search?q=a\x00b HTTP/1.1\r\nHost: x\r\n\r\n",
		"no Host":                  "GET /api/search HTTP/1.1\r\n\r\n",
		"bare LF":                  "GET /api/search HTTP/1.1\nHost: x\n\n",
		"HTTP/0.9":                 "GET /\r\n\r\n",
		"bad version":              "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
		"absolute URL elsewhere":   "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n",
		"CONNECT":                  "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n",
		"dot segments":             "GET /static/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
		"encoded dot segments":     "GET /static/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
		"backslashes":              "GET /static/..\\..\\..\\etc\\passwd HTTP/1.1\r\nHost: x\r\n\r\n",
		"double slash":             "GET //etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
		"source file":              "GET /static/../../templates/embed.go HTTP/1.1\r\nHost: x\r\n\r\n",
		"conflicting lengths":      "POST /api/scrape HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nhello",
		"smuggling":                "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
	}
	for name, req := range raws {
		a := srv.raw(req)
		switch {
		case a.err != nil && !errors.Is(a.err, io.EOF) && !errors.Is(a.err, io.ErrUnexpectedEOF):
			t.Errorf("raw %s: %v", name, a.err)
		case a.status >= 500 && a.status != http.StatusHTTPVersionNotSupported: // 505 is the answer to HTTP/9.9
			t.Errorf("raw %s: status %d: %.200s", name, a.status, a.body)
		case strings.Contains(a.body, "root:") || strings.Contains(a.body, "package templates"):
			t.Errorf("raw %s: answered with a file from outside the embedded assets", name)
		}
	}

	failures := runProbes(t, len(probes), func(i int) (string, string) {
		p := probes[i]
		var body io.Reader
		if p.body != "" {
			body = strings.NewReader(p.body)
		}
		a := srv.do(p.method, p.path, p.header, body)
		if prob := a.problem(); prob != "" {
			return p.name, prob
		}
		if p.want != 0 && a.status != p.want {
			return p.name, fmt.Sprintf("status %d, want %d", a.status, p.want)
		}
		if strings.Contains(a.body, "root:") {
			return p.name, "answered with a file from outside the embedded assets"
		}
		return p.name, ""
	})
	t.Logf("%d requests with garbage paths, methods and headers, %d problems", len(probes), failures)
}

func manyHeaders(n int) http.Header {
	h := http.Header{}
	for i := range n {
		h.Set(fmt.Sprintf("X-Many-%d", i), "v")
	}
	return h
}

// POST /api/scrape with bad tokens and bad bodies: 401 without the right
// token (and no run recorded), 400 with a message for a bad body, 413 for
// an oversized one.
func TestHostileAdminRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	srv, _ := hostileServer(t)
	before := len(srv.jobs(t).Runs)
	post := func(auth, body string) answer {
		h := http.Header{"Content-Type": {"application/json"}}
		if auth != "" {
			h.Set("Authorization", auth)
		}
		return srv.do(http.MethodPost, "/api/scrape", h, strings.NewReader(body))
	}
	for _, auth := range []string{"", "Bearer", "Bearer ", "Basic " + adminToken, "Bearer " + adminToken[:len(adminToken)-1],
		"Bearer " + adminToken + "x", "Bearer " + strings.ToUpper(adminToken), "bearer  " + adminToken + " x",
		"Bearer " + strings.Repeat("a", 50_000)} {
		a := post(auth, `{"site":"rferl","max":1}`)
		if p := a.problem(); p != "" || a.status != http.StatusUnauthorized {
			t.Errorf("Authorization %.40q: status %d %s; want 401", auth, a.status, p)
		}
	}
	if n := len(srv.jobs(t).Runs); n != before {
		t.Fatalf("refused requests recorded %d runs", n-before)
	}
	bodies := map[string]string{
		"empty":          "",
		"not JSON":       "site=rferl",
		"truncated":      `{"site":"rferl"`,
		"array":          `[]`,
		"null":           `null`,
		"wrong type":     `{"site":5}`,
		"huge number":    `{"site":"rferl","max":1e999}`,
		"negative max":   `{"site":"rferl","max":-1}`,
		"unknown site":   `{"site":"../../etc/passwd"}`,
		"unknown field":  `{"site":"rferl","url":"http://127.0.0.1:22/"}`,
		"bad day":        `{"site":"rferl","since":"yesterday"}`,
		"until < since":  `{"site":"rferl","since":"2025-10-02","until":"2025-10-01"}`,
		"nested":         strings.Repeat("[", 100_000),
		"invalid utf-8":  "{\"site\":\"\xff\xfe\"}",
		"two objects":    `{"site":"rferl"}{"site":"rferl"}`,
		"long site name": `{"site":"` + strings.Repeat("r", 500_000) + `"}`,
	}
	for name, body := range bodies {
		a := post("Bearer "+adminToken, body)
		if p := a.problem(); p != "" || a.status < 400 {
			t.Errorf("body %s: status %d %s; want a 4xx with a message", name, a.status, p)
		}
	}
	if n := len(srv.jobs(t).Runs); n != before {
		t.Errorf("bad bodies recorded %d runs", n-before)
	}
	// Oversized bodies: announced (Content-Length) and streamed (chunked).
	for _, chunked := range []bool{false, true} {
		status, err := rawPost(srv.url, "/api/scrape", adminToken, 10<<20, chunked)
		if err != nil || status != http.StatusRequestEntityTooLarge {
			t.Errorf("10 MB body (chunked %v): status %d, %v; want 413", chunked, status, err)
		}
	}
}

// rawPost sends a POST with a body of n bytes over a raw connection and
// returns the status the server answers, reading while it writes (a server
// that answers early and closes must not look like a client error).
func rawPost(base, path, token string, n int, chunked bool) (int, error) {
	u, err := url.Parse(base)
	if err != nil {
		return 0, err
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n", path, u.Host, token)
	if chunked {
		head += "Transfer-Encoding: chunked\r\n\r\n"
	} else {
		head += fmt.Sprintf("Content-Length: %d\r\n\r\n", n)
	}
	go func() {
		if _, err := io.WriteString(conn, head); err != nil {
			return
		}
		chunk := []byte(`{"site":"` + strings.Repeat("a", 64<<10-10))
		for sent := 0; sent < n; sent += len(chunk) {
			var err error
			if chunked {
				_, err = fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk)
			} else {
				_, err = conn.Write(chunk)
			}
			if err != nil {
				return // the server closed: its answer is what counts
			}
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// A client that sends its headers a byte at a time is cut off by the
// server's ReadHeaderTimeout (5 s) long before it finishes (60 s), and the
// server keeps answering others meanwhile.
func TestSlowClientCutOff(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	t.Parallel() // mostly waiting on processes and timers
	srv, want := hostileServer(t)
	u, _ := url.Parse(srv.url)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	header := "GET / HTTP/1.1\r\nHost: " + u.Host + "\r\nX-Slow: " + strings.Repeat("s", 120) + "\r\n\r\n"
	start := time.Now()
	cut := false
	for i := 0; i < len(header) && !cut; i++ {
		if _, err := conn.Write([]byte{header[i]}); err != nil {
			cut = true
			break
		}
		// Has the server closed the connection? A read returns at once
		// with EOF (or a reset) if so.
		conn.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		var b [1]byte
		if _, err := conn.Read(b[:]); err != nil {
			if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
				cut = true
			}
		} else {
			cut = true // the server answered (408) instead of waiting
		}
		if srv.searchTotal(t) != want {
			t.Fatal("the server stopped answering others during a slow client")
		}
	}
	if !cut {
		t.Fatalf("a client sending headers a byte every 0.5 s was not cut off (sent the whole header in %s)", time.Since(start).Round(time.Second))
	}
	t.Logf("the slow client was cut off after %s", time.Since(start).Round(100*time.Millisecond))
}
