package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/jobs"
	"newsarchive/scraper"
	"newsarchive/scraper/scrape"
	"newsarchive/web"
)

const token = "s3cret-admin-token-for-tests-0123"

type env struct {
	srv  *httptest.Server
	arch *archive.Archive
	site *samplesite.Site
}

func newEnv(t *testing.T, adminToken string) *env {
	t.Helper()
	e := &env{}
	var siteURL string
	e.site, siteURL = testenv.SampleSite(t, samplesite.Options{})
	var err error
	e.arch, err = archive.Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.arch.Close() })
	base := testenv.ScrapeOptions(t, siteURL)
	sch, err := jobs.ParseSchedule("@daily", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := jobs.New(jobs.Config{
		Archive: e.arch, Schedule: sch, Sites: []string{"rferl"}, Log: log,
		Options: func(site string) (scrape.Options, error) {
			if _, err := scraper.LookupProfile(site); err != nil {
				return scrape.Options{}, err
			}
			return base, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		m.Stop(ctx)
	})
	s := &web.Server{Archive: e.arch, Log: log, Jobs: m, AdminToken: adminToken}
	e.srv = httptest.NewServer(web.TestHandler(t, s))
	t.Cleanup(e.srv.Close)
	return e
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
}

func (e *env) do(t *testing.T, method, path, auth, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode, header: resp.Header}
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &a.body); err != nil {
		t.Fatalf("%s %s: body is not JSON: %q", method, path, raw)
	}
	return a
}

func (e *env) runCount(t *testing.T) int {
	t.Helper()
	rs, err := e.arch.Runs(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	return len(rs)
}

func TestAdminRoutesOffWithoutToken(t *testing.T) {
	e := newEnv(t, "")
	for _, auth := range []string{"", "Bearer " + token, "Bearer "} {
		a := e.do(t, "POST", "/api/scrape", auth, `{"site":"rferl"}`)
		if a.status != http.StatusForbidden || !strings.Contains(a.body["error"].(string), "admin routes are off") {
			t.Errorf("auth %q: %d %v, want 403 admin routes are off", auth, a.status, a.body)
		}
	}
	if n := e.runCount(t); n != 0 {
		t.Errorf("%d runs started, want none", n)
	}
	// The jobs list is not an admin route.
	if a := e.do(t, "GET", "/api/jobs", "", ""); a.status != http.StatusOK {
		t.Errorf("GET /api/jobs = %d %v", a.status, a.body)
	}
}

func TestWrongTokenStartsNothing(t *testing.T) {
	e := newEnv(t, token)
	for _, auth := range []string{
		"",
		"Bearer",
		"Bearer ",
		"Bearer wrong",
		"Bearer " + token + "x",
		"Bearer " + token[:len(token)-1],
		"Basic " + token,
		token,
	} {
		t.Run(auth, func(t *testing.T) {
			a := e.do(t, "POST", "/api/scrape", auth, `{"site":"rferl"}`)
			if a.status != http.StatusUnauthorized {
				t.Errorf("status %d %v, want 401", a.status, a.body)
			}
			if !strings.HasPrefix(a.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate = %q", a.header.Get("WWW-Authenticate"))
			}
		})
	}
	if n := e.runCount(t); n != 0 {
		t.Errorf("%d runs started, want none", n)
	}
	if n := len(e.site.Requests()); n != 0 {
		t.Errorf("the site got %d requests, want none", n)
	}
}

func TestStartJob(t *testing.T) {
	e := newEnv(t, token)
	a := e.do(t, "POST", "/api/scrape", "bearer "+token, `{"site":"rferl","since":"2025-01-01","max":2}`)
	if a.status != http.StatusAccepted {
		t.Fatalf("status %d %v, want 202", a.status, a.body)
	}
	id, _ := a.body["run_id"].(float64)
	if id <= 0 || a.body["site"] != "rferl" {
		t.Fatalf("body %v, want a run id", a.body)
	}
	var run map[string]any
	deadline := time.Now().Add(10 * time.Second)
	for run == nil || run["state"] == archive.RunRunning {
		if time.Now().After(deadline) {
			t.Fatalf("run %v still running", id)
		}
		time.Sleep(20 * time.Millisecond)
		jobsView := e.do(t, "GET", "/api/jobs?limit=10", "Bearer "+token, "") // options: admin only
		for _, r := range jobsView.body["runs"].([]any) {
			if r := r.(map[string]any); r["id"].(float64) == id {
				run = r
			}
		}
	}
	counts := run["counts"].(map[string]any)
	if run["state"] != archive.RunDone || run["trigger"] != "api" || counts["new"].(float64) != 2 {
		t.Errorf("run = %v, want a done api run with 2 new articles", run)
	}
	if opts := run["options"].(map[string]any); opts["since"] != "2025-01-01" || opts["max"].(float64) != 2 {
		t.Errorf("run options = %v, want the request's since and max", opts)
	}
}

func TestBadRequests(t *testing.T) {
	e := newEnv(t, token)
	tests := []struct {
		body, want string
	}{
		{``, "send a JSON body"},
		{`not json`, "not the JSON"},
		{`{"site":"rferl","pages":3}`, "unknown field"},
		{`{"since":"2025-01-01"}`, `"site" is missing`},
		{`{"site":"nosuch"}`, "unknown site"},
		{`{"site":"rferl","since":"yesterday"}`, "YYYY-MM-DD"},
		{`{"site":"rferl","until":"2025-13-01"}`, "YYYY-MM-DD"},
		{`{"site":"rferl","max":-1}`, "max -1"},
		{`{"site":"rferl","since":"2025-02-01","until":"2025-01-01"}`, "before since"},
		{`{"site":"rferl","max":"ten"}`, "not the JSON"},
		{`{"site":"rferl"}{"site":"rferl"}`, "more after its JSON object"},
		{`{"site":"rferl"}}`, "more after its JSON object"},
		{`{"site":"rferl"} x`, "more after its JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			a := e.do(t, "POST", "/api/scrape", "Bearer "+token, tt.body)
			msg, _ := a.body["error"].(string)
			if a.status != http.StatusBadRequest || !strings.Contains(msg, tt.want) {
				t.Errorf("%d %q, want 400 containing %q", a.status, msg, tt.want)
			}
		})
	}
	if n := e.runCount(t); n != 0 {
		t.Errorf("%d runs started, want none", n)
	}
	for _, q := range []string{"limit=0", "limit=x", "limit=501"} {
		if a := e.do(t, "GET", "/api/jobs?"+q, "", ""); a.status != http.StatusBadRequest {
			t.Errorf("GET /api/jobs?%s = %d, want 400", q, a.status)
		}
	}
}

// A streamed (chunked) body over the server's 1 MB limit is a 413, as an
// announced one is.
func TestOversizedBody(t *testing.T) {
	e := newEnv(t, token)
	for _, chunked := range []bool{false, true} {
		body := io.MultiReader(strings.NewReader(`{"site":"`), strings.NewReader(strings.Repeat("r", 2<<20)), strings.NewReader(`"}`))
		req, err := http.NewRequest("POST", e.srv.URL+"/api/scrape", body)
		if err != nil {
			t.Fatal(err)
		}
		if !chunked {
			req.ContentLength = 2<<20 + 11
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("chunked %v: %v", chunked, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked %v: status %d, want 413", chunked, resp.StatusCode)
		}
	}
	if n := e.runCount(t); n != 0 {
		t.Errorf("%d runs started, want none", n)
	}
}

func TestBusySite(t *testing.T) {
	e := newEnv(t, token)
	slow := e.site.Articles()[0].Path
	e.site.SetFault(slow, samplesite.Fault{Delay: time.Minute})
	first := e.do(t, "POST", "/api/scrape", "Bearer "+token, `{"site":"rferl"}`)
	if first.status != http.StatusAccepted {
		t.Fatalf("first: %d %v", first.status, first.body)
	}
	second := e.do(t, "POST", "/api/scrape", "Bearer "+token, `{"site":"rferl"}`)
	if second.status != http.StatusConflict || !strings.Contains(second.body["error"].(string), "already running") {
		t.Errorf("second: %d %v, want 409 already running", second.status, second.body)
	}
}

func TestJobsView(t *testing.T) {
	e := newEnv(t, token)
	ctx := context.Background()
	const mirror = "http://10.20.30.40:8080"
	id, err := e.arch.StartRun(ctx, archive.Run{Site: "rferl", Trigger: "cli", Options: map[string]any{"origin": mirror}})
	if err != nil {
		t.Fatal(err)
	}
	raw := []string{
		"fetch " + mirror + "/a/1.html: status 503 after 4 tries",
		"fetch " + mirror + "/a/2.html: network error after 4 tries: dial tcp 10.20.30.40:8080: connect: connection refused",
		"scrape rferl stopped: archive article 2: the archive cannot be written: disk full",
	}
	if err := e.arch.FinishRun(ctx, id, archive.RunFailed, map[string]int64{"new": 1, "failed": 2}, raw); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	pid := strconv.Itoa(os.Getpid())
	tests := []struct {
		name, auth string
		admin      bool
		errors     []any
	}{
		{"anyone", "", false, []any{"fetch failed (2)", "archive write failed"}},
		{"admin", "Bearer " + token, true, []any{raw[0], raw[1], raw[2]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := e.do(t, "GET", "/api/jobs", tc.auth, "")
			if a.status != http.StatusOK {
				t.Fatalf("%d %v", a.status, a.body)
			}
			if a.body["enabled"] != true || a.body["schedule"] != "@daily" || a.body["time_zone"] != "UTC" {
				t.Errorf("schedule fields = %v", a.body)
			}
			next := a.body["next"].([]any)
			if len(next) != 1 || next[0].(map[string]any)["site"] != "rferl" {
				t.Fatalf("next = %v", next)
			}
			at, err := time.Parse(time.RFC3339, next[0].(map[string]any)["at"].(string))
			if err != nil || at.Hour() != 0 || at.Minute() != 0 || !at.After(time.Now()) {
				t.Errorf("next run at %v (%v), want the coming midnight UTC", at, err)
			}
			runs := a.body["runs"].([]any)
			if len(runs) != 1 {
				t.Fatalf("runs = %v", runs)
			}
			r := runs[0].(map[string]any)
			if r["state"] != "failed" || r["trigger"] != "cli" || r["site"] != "rferl" || r["started_at"] == nil || r["finished_at"] == nil ||
				r["counts"].(map[string]any)["failed"].(float64) != 2 {
				t.Errorf("run = %v", r)
			}
			if !slices.Equal(r["errors"].([]any), tc.errors) {
				t.Errorf("errors = %q, want %q", r["errors"], tc.errors)
			}
			if !strings.Contains(a.header.Get("Vary"), "Authorization") {
				t.Errorf("Vary = %q: a cache could serve one view for the other", a.header.Get("Vary"))
			}
			body, _ := json.Marshal(a.body)
			shown := map[string]bool{"pid": r["pid"] != nil, "host": r["host"] != nil, "options": r["options"] != nil,
				"the mirror": strings.Contains(string(body), "10.20.30.40"), "the host name": host != "" && strings.Contains(string(body), `"`+host+`"`)}
			for what, seen := range shown {
				if seen != tc.admin {
					t.Errorf("%s shown: %v, want %v\n%s", what, seen, tc.admin, body)
				}
			}
			if tc.admin && fmt.Sprint(r["pid"]) != pid {
				t.Errorf("pid = %v, want %s", r["pid"], pid)
			}
		})
	}
	t.Run("wrong token", func(t *testing.T) {
		a := e.do(t, "GET", "/api/jobs", "Bearer not-the-token-at-all-123", "")
		if a.status != http.StatusUnauthorized || strings.Contains(fmt.Sprint(a.body), "10.20.30.40") {
			t.Errorf("%d %v, want 401", a.status, a.body)
		}
	})
	t.Run("admin routes off", func(t *testing.T) {
		off := newEnv(t, "")
		if a := off.do(t, "GET", "/api/jobs", "Bearer "+token, ""); a.status != http.StatusForbidden {
			t.Errorf("with a token: %d %v, want 403", a.status, a.body)
		}
		if a := off.do(t, "GET", "/api/jobs", "", ""); a.status != http.StatusOK {
			t.Errorf("without: %d %v, want the public view", a.status, a.body)
		}
	})
}
