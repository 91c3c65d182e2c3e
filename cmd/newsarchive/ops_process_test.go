package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"newsarchive/archive"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// expectedArticles is how many text articles the sample site offers to
// the rferl profile (not the programme pages, not the robots-disallowed one).
func expectedArticles(site *samplesite.Site) int {
	n := 0
	for _, a := range site.Articles() {
		if !a.Disallowed && !a.Programme {
			n++
		}
	}
	return n
}

// requested waits until the site got a request for path.
func requested(t *testing.T, site *samplesite.Site, path string) {
	t.Helper()
	waitUntil(t, 15*time.Second, "a request for "+path, func() bool {
		for _, r := range site.Requests() {
			if r.Path == path {
				return true
			}
		}
		return false
	})
}

func openArchive(t *testing.T, dir string) *archive.Archive {
	t.Helper()
	a, err := archive.Open(context.Background(), filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// exportIDs returns the ids of every article the server exports.
func (s *server) exportIDs(t *testing.T) []string {
	t.Helper()
	resp, err := http.Get(s.url + "/api/export?format=ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ids []string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("export line %q: %v", sc.Text(), err)
		}
		ids = append(ids, a.ID)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// The scheduler scrapes the sample site; SIGTERM during a scrape exits
// cleanly and marks the run interrupted; a restart finishes the work with
// no article twice.
func TestServeScheduleShutdownAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	want := expectedArticles(site)
	data := t.TempDir()
	// The sixth article hangs until the client gives up: the scrape is
	// caught in the middle when SIGTERM comes.
	slow := site.Articles()[5].Path
	site.SetFault(slow, samplesite.Fault{Delay: time.Minute})
	args := []string{"--addr", "127.0.0.1:0", "--schedule", "@every 2s", "--site", "rferl",
		"--base-url", siteURL, "--allow-private", "--rate", "100"}
	env := []string{"NEWSARCHIVE_DATA=" + data, "NEWSARCHIVE_ADMIN_TOKEN=" + adminToken}

	srv := startServer(t, env, args...)
	requested(t, site, slow)
	srv.stop(t)
	if len(srv.stderr.logged("stopped")) != 1 {
		t.Errorf("no clean stop in the log")
	}

	arch := openArchive(t, data)
	runs, err := arch.Runs(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].State != archive.RunInterrupted || runs[0].Trigger != "schedule" {
		t.Fatalf("runs after SIGTERM = %+v, want one interrupted scheduled run", runs)
	}
	counts, err := arch.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	arch.Close()
	if counts.Articles == 0 || counts.Articles >= want {
		t.Fatalf("%d articles archived before the shutdown, want some of %d", counts.Articles, want)
	}

	// Restart: the next scheduled run completes the work.
	site.ClearFaults()
	srv = startServer(t, env, args...)
	waitUntil(t, 20*time.Second, "a done scheduled run and every article searchable", func() bool {
		for _, r := range srv.jobs(t).Runs {
			if r.State == archive.RunDone && r.Trigger == "schedule" {
				return srv.searchTotal(t) == want
			}
		}
		return false
	})
	v := srv.jobs(t)
	if !v.Enabled || len(v.Next) != 1 || v.Next[0].Site != "rferl" {
		t.Errorf("jobs view: enabled %v, next %+v", v.Enabled, v.Next)
	}
	ids := srv.exportIDs(t)
	distinct := map[string]bool{}
	for _, id := range ids {
		distinct[id] = true
	}
	if len(ids) != want || len(distinct) != want {
		t.Errorf("export: %d rows, %d distinct ids; want %d of each", len(ids), len(distinct), want)
	}
	var health map[string]any
	if code := srv.getJSON(t, "/healthz", &health); code != http.StatusOK || health["index"] != "ok" || health["archive"] != "ok" {
		t.Errorf("/healthz = %d %v", code, health)
	}
	srv.checkAPIJob(t)
	srv.checkMetrics(t, want)
	srv.stop(t)

	arch = openArchive(t, data)
	defer arch.Close()
	if counts, _ := arch.Count(context.Background()); counts.Articles != want || counts.Pending != 0 {
		t.Errorf("archive after restart: %+v, want %d articles, none pending", counts, want)
	}
}

// A crontab `scrape` while `serve` runs (the container's command line):
// its articles become searchable within seconds; a second scrape of the
// same site at once says so and exits 0; a killed scrape's lock is
// recovered.
func TestCrontabScrapeWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	want := expectedArticles(site)
	data := t.TempDir()
	// The Dockerfile's command, on loopback; the environment points the
	// rferl profile at the sample site, so even an hourly tick stays local.
	env := []string{"NEWSARCHIVE_DATA=" + data, "NEWSARCHIVE_BASE_URL=" + siteURL,
		"NEWSARCHIVE_ALLOW_PRIVATE=true", "NEWSARCHIVE_RATE=100"}
	srv := startServer(t, env, "--addr", "127.0.0.1:0", "--schedule", "@hourly", "--site", "rferl")

	hc, code := run1(t, nil, "healthcheck", "--url", srv.url+"/healthz")
	if code != 0 || !strings.Contains(hc.stdout.String(), `"index":"ok"`) {
		t.Errorf("healthcheck: status %d, output %q", code, hc.stdout)
	}

	scrape, code := run1(t, []string{"NEWSARCHIVE_DATA=" + data},
		"scrape", "--base-url", siteURL, "--allow-private", "--rate", "100")
	if code != 0 {
		t.Fatalf("scrape exited %d", code)
	}
	if !strings.Contains(scrape.stdout.String(), "new "+itoa(want)) {
		t.Errorf("scrape summary %q, want new %d", scrape.stdout, want)
	}
	scraped := time.Now()
	waitUntil(t, 10*time.Second, "the crontab scrape's articles in search", func() bool {
		return srv.searchTotal(t) == want
	})
	t.Logf("the crontab scrape's %d articles were searchable %s after it exited", want, time.Since(scraped).Round(time.Millisecond))

	// Two scrapes of the same site at once.
	slow := site.Articles()[0].Path
	site.SetFault(slow, samplesite.Fault{Delay: time.Minute, Times: 1})
	site.ResetRequests()
	first := start(t, env, "scrape")
	requested(t, site, slow)
	second, code := run1(t, env, "scrape")
	if code != 0 || !strings.Contains(second.stdout.String(), "another scrape of this site is running") {
		t.Errorf("second scrape: status %d, output %q; want 0 and a note that another runs", code, second.stdout)
	}

	// The first one is killed: its lock is stale, the next scrape takes it.
	first.signal(syscall.SIGKILL)
	first.wait(10 * time.Second)
	third, code := run1(t, env, "scrape")
	if code != 0 || strings.Contains(third.stdout.String(), "another scrape") {
		t.Errorf("scrape after a killed one: status %d, output %q", code, third.stdout)
	}
	states := map[string]int{}
	for _, r := range srv.jobs(t).Runs {
		states[r.Trigger+"/"+r.State]++
	}
	wantStates := map[string]int{"cli/done": 2, "cli/skipped": 1, "cli/interrupted": 1}
	for k, n := range wantStates {
		if states[k] != n {
			t.Errorf("runs: %v, want %v", states, wantStates)
			break
		}
	}
	srv.stop(t)

	dead, code := run1(t, nil, "healthcheck", "--url", srv.url+"/healthz", "--timeout", "2s")
	if code != 1 || !strings.Contains(dead.stderr.String(), "unhealthy") {
		t.Errorf("healthcheck of a stopped server: status %d, %q; want 1 and unhealthy", code, dead.stderr)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

const adminToken = "test-admin-token-0123456789abcdef"

// checkAPIJob starts a job through POST /api/scrape: refused without the
// token, accepted with it, and recorded with trigger api.
func (s *server) checkAPIJob(t *testing.T) {
	t.Helper()
	post := func(token string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/api/scrape", strings.NewReader(`{"site":"rferl","max":2}`))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body
	}
	before := len(s.jobs(t).Runs)
	if code, body := post("wrong-token"); code != http.StatusUnauthorized {
		t.Errorf("POST /api/scrape with a wrong token: %d %v, want 401", code, body)
	}
	if n := len(s.jobs(t).Runs); n != before {
		t.Errorf("a refused request recorded a run")
	}
	// The schedule (every 2 s) may be scraping: 409 until it is done.
	var code int
	var body map[string]any
	waitUntil(t, 10*time.Second, "the API to accept a job", func() bool {
		code, body = post(adminToken)
		return code != http.StatusConflict
	})
	id, _ := body["run_id"].(float64)
	if code != http.StatusAccepted || id == 0 {
		t.Fatalf("POST /api/scrape: %d %v, want 202 with a run id", code, body)
	}
	waitUntil(t, 10*time.Second, "the API job to finish", func() bool {
		for _, r := range s.jobs(t).Runs {
			if r.ID == int64(id) {
				return r.State == archive.RunDone && r.Trigger == "api"
			}
		}
		return false
	})
}

// checkMetrics parses the server's /metrics as Prometheus would.
func (s *server) checkMetrics(t *testing.T, articles int) {
	t.Helper()
	resp, err := http.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	sum := func(name string, labels map[string]string) float64 {
		var v float64
		f := fams[name]
		if f == nil {
			t.Errorf("no metric %s", name)
			return 0
		}
	next:
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if want, ok := labels[l.GetName()]; ok && want != l.GetValue() {
					continue next
				}
			}
			v += m.GetCounter().GetValue() + m.GetGauge().GetValue() + float64(m.GetHistogram().GetSampleCount())
		}
		return v
	}
	if n := sum("newsarchive_scrape_jobs_total", map[string]string{"trigger": "schedule", "result": "done"}); n < 1 {
		t.Errorf("scheduled jobs done = %v, want at least 1", n)
	}
	if n := sum("newsarchive_archive_articles", nil); n != float64(articles) {
		t.Errorf("archive articles = %v, want %d", n, articles)
	}
	if n := sum("newsarchive_articles_indexed_total", nil); n < 1 {
		t.Errorf("articles indexed = %v, want some", n)
	}
	if n := sum("newsarchive_search_duration_seconds", map[string]string{"route": "/api/search"}); n < 1 {
		t.Errorf("searches timed = %v, want some", n)
	}
	if n := sum("newsarchive_export_duration_seconds", map[string]string{"format": "ndjson"}); n != 1 {
		t.Errorf("exports timed = %v, want 1", n)
	}
	if n := sum("newsarchive_pages_fetched_total", map[string]string{"outcome": "ok"}); n < 1 {
		t.Errorf("pages fetched = %v, want some", n)
	}
}
