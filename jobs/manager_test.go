package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/jobs"
	"newsarchive/scraper"
	"newsarchive/scraper/scrape"
)

// fixture is an archive and a sample site to scrape into it.
type fixture struct {
	arch    *archive.Archive
	site    *samplesite.Site
	siteURL string
	results *results
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{results: &results{}}
	f.site, f.siteURL = testenv.SampleSite(t, samplesite.Options{})
	var err error
	f.arch, err = archive.Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.arch.Close() })
	return f
}

// config is a manager config scraping the sample site as rferl.
func (f *fixture) config(t *testing.T) jobs.Config {
	base := testenv.ScrapeOptions(t, f.siteURL)
	return jobs.Config{
		Archive: f.arch,
		Options: func(site string) (scrape.Options, error) {
			if site != "rferl" {
				_, err := scraper.LookupProfile(site)
				if err == nil {
					err = errors.New("only rferl in this test")
				}
				return scrape.Options{}, err
			}
			return base, nil
		},
		Sites:    []string{"rferl"},
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnFinish: f.results.add,
	}
}

// slowArticle makes the first article page hang until the client gives up,
// so a scrape stays running.
func (f *fixture) slowArticle(t *testing.T) string {
	t.Helper()
	path := f.site.Articles()[0].Path
	f.site.SetFault(path, samplesite.Fault{Delay: time.Minute})
	return path
}

// requested waits until the site got a request for path.
func (f *fixture) requested(t *testing.T, path string) {
	t.Helper()
	waitFor(t, 10*time.Second, "a request for "+path, func() bool {
		for _, r := range f.site.Requests() {
			if r.Path == path {
				return true
			}
		}
		return false
	})
}

// results records OnFinish calls.
type results struct {
	mu  sync.Mutex
	got []string // site/trigger/result
}

func (r *results) add(site, trigger, result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, site+"/"+trigger+"/"+result)
}

func (r *results) count(s string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, g := range r.got {
		if g == s {
			n++
		}
	}
	return n
}

func waitFor(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after %s", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func runs(t *testing.T, arch *archive.Archive) []archive.Run {
	t.Helper()
	rs, err := arch.Runs(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func stop(t *testing.T, m *jobs.Manager) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestScheduledJobsRunAndAreRecorded(t *testing.T) {
	f := newFixture(t)
	cfg := f.config(t)
	var err error
	if cfg.Schedule, err = jobs.ParseSchedule("@every 1s", time.UTC); err != nil {
		t.Fatal(err)
	}
	m, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	if next := m.Next(); len(next) != 1 || next[0].Site != "rferl" || !next[0].At.After(before) {
		t.Errorf("Next before start = %+v, want rferl after %s", next, before)
	}
	m.Start()
	defer stop(t, m)
	waitFor(t, 10*time.Second, "a finished scheduled run", func() bool {
		return f.results.count("rferl/schedule/done") > 0
	})
	v, err := m.View(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Enabled || v.Schedule != "@every 1s" || v.TimeZone != "UTC" {
		t.Errorf("view = enabled %v, schedule %q, tz %q", v.Enabled, v.Schedule, v.TimeZone)
	}
	var done *archive.Run
	for i, r := range v.Runs {
		if r.State == archive.RunDone {
			done = &v.Runs[i]
		}
	}
	if done == nil {
		t.Fatalf("no done run in %+v", v.Runs)
	}
	if done.Trigger != jobs.TriggerSchedule || done.Site != "rferl" || done.Counts[scrape.New] == 0 {
		t.Errorf("done run = %+v, want a schedule run of rferl with new articles", *done)
	}
	if len(v.Next) != 1 || !v.Next[0].At.After(done.StartedAt) {
		t.Errorf("next = %+v, want one for rferl after the run", v.Next)
	}
}

func TestScheduledRunNeverOverlapsAndStopInterrupts(t *testing.T) {
	f := newFixture(t)
	slow := f.slowArticle(t)
	cfg := f.config(t)
	var err error
	if cfg.Schedule, err = jobs.ParseSchedule("@every 1s", time.UTC); err != nil {
		t.Fatal(err)
	}
	m, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Start()
	f.requested(t, slow)
	waitFor(t, 10*time.Second, "a scheduled run skipped while the first one runs", func() bool {
		return f.results.count("rferl/schedule/skipped") > 0
	})
	rs := runs(t, f.arch)
	if len(rs) != 1 || rs[0].State != archive.RunRunning {
		t.Fatalf("runs while the first is going = %+v, want one running (skips are not recorded)", rs)
	}
	stop(t, m)
	r, err := f.arch.Run(context.Background(), rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != archive.RunInterrupted {
		t.Errorf("run after Stop is %s, want interrupted", r.State)
	}
	if f.results.count("rferl/schedule/interrupted") != 1 {
		t.Errorf("results = %v, want one interrupted", f.results.got)
	}
	if len(runs(t, f.arch)) != 1 {
		t.Errorf("a job started after Stop: %+v", runs(t, f.arch))
	}
}

func TestTrigger(t *testing.T) {
	f := newFixture(t)
	m, err := jobs.New(f.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer stop(t, m)
	ctx := context.Background()

	got, err := m.Trigger(ctx, jobs.Request{Site: "rferl", Max: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got.RunID == 0 || got.Site != "rferl" {
		t.Fatalf("Trigger = %+v, want a run id", got)
	}
	waitFor(t, 10*time.Second, "the API job to finish", func() bool { return f.results.count("rferl/api/done") == 1 })
	r, err := f.arch.Run(ctx, got.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Trigger != jobs.TriggerAPI || r.State != archive.RunDone || r.Counts[scrape.New] != 3 {
		t.Errorf("run = %+v, want a done api run with 3 new articles (max 3)", r)
	}

	t.Run("bad requests", func(t *testing.T) {
		for _, req := range []jobs.Request{
			{Site: "nosuch"},
			{Site: "svoboda"}, // a known site this config refuses
			{Site: "rferl", Max: -1},
			{Site: "rferl", Since: time.Date(2025, 10, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)},
		} {
			_, err := m.Trigger(ctx, req)
			var input *jobs.InputError
			if !errors.As(err, &input) {
				t.Errorf("Trigger(%+v) = %v, want an InputError", req, err)
			}
		}
	})

	t.Run("busy here", func(t *testing.T) {
		slow := f.slowArticle(t)
		defer f.site.ClearFaults()
		f.site.ResetRequests()
		first, err := m.Trigger(ctx, jobs.Request{Site: "rferl"})
		if err != nil {
			t.Fatal(err)
		}
		f.requested(t, slow)
		_, err = m.Trigger(ctx, jobs.Request{Site: "rferl"})
		var busy *jobs.BusyError
		if !errors.As(err, &busy) || busy.Site != "rferl" {
			t.Fatalf("second Trigger = %v, want BusyError", err)
		}
		if r, _ := f.arch.Run(ctx, first.RunID); r.State != archive.RunRunning {
			t.Errorf("first run is %s, want running", r.State)
		}
	})
}

func TestTriggerWhileAnotherProcessScrapes(t *testing.T) {
	f := newFixture(t)
	m, err := jobs.New(f.config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer stop(t, m)
	ctx := context.Background()
	// A crontab scrape holds the site's lock.
	if ok, _, err := f.arch.TryLock(ctx, scrape.LockName("rferl"), "cli"); !ok || err != nil {
		t.Fatalf("TryLock = %v, %v", ok, err)
	}
	_, err = m.Trigger(ctx, jobs.Request{Site: "rferl"})
	var busy *jobs.BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("Trigger = %v, want BusyError", err)
	}
	if busy.RunID == 0 || !strings.Contains(busy.Error(), "pid") {
		t.Errorf("busy = %+v, want the skipped run's id and the holder", busy)
	}
	if r, _ := f.arch.Run(ctx, busy.RunID); r.State != archive.RunSkipped || r.Trigger != jobs.TriggerAPI {
		t.Errorf("recorded run = %+v, want a skipped api run", r)
	}
	if n := len(f.site.Requests()); n != 0 {
		t.Errorf("the site got %d requests, want none", n)
	}
}

func TestStoppedManagerStartsNothing(t *testing.T) {
	f := newFixture(t)
	m, err := jobs.New(f.config(t))
	if err != nil {
		t.Fatal(err)
	}
	stop(t, m)
	if _, err := m.Trigger(context.Background(), jobs.Request{Site: "rferl"}); !errors.Is(err, jobs.ErrStopped) {
		t.Errorf("Trigger after Stop = %v, want ErrStopped", err)
	}
	if n := len(runs(t, f.arch)); n != 0 {
		t.Errorf("%d runs recorded, want none", n)
	}
}

func TestNewChecksConfig(t *testing.T) {
	f := newFixture(t)
	sch, err := jobs.ParseSchedule("@hourly", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		edit    func(*jobs.Config)
		wantErr string
	}{
		{"negative jitter", func(c *jobs.Config) { c.Jitter = -time.Second }, "jitter"},
		{"no sites", func(c *jobs.Config) { c.Schedule, c.Sites = sch, nil }, "at least one site"},
		{"unknown site", func(c *jobs.Config) { c.Schedule, c.Sites = sch, []string{"nosuch"} }, "unknown site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := f.config(t)
			tt.edit(&cfg)
			_, err := jobs.New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestReclaim(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	host, _ := os.Hostname()
	// What an earlier process with our pid left: a running run and a lock.
	old, err := f.arch.StartRun(ctx, archive.Run{Site: "rferl", Trigger: "schedule"})
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := f.arch.TryLock(ctx, scrape.LockName("rferl"), "schedule"); !ok || err != nil {
		t.Fatalf("TryLock = %v, %v", ok, err)
	}
	other, err := f.arch.StartRun(ctx, archive.Run{Site: "svoboda", Trigger: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.arch.FinishRun(ctx, other, archive.RunDone, nil, nil); err != nil {
		t.Fatal(err)
	}
	n, err := jobs.Reclaim(ctx, f.arch, []string{"rferl", "svoboda"})
	if err != nil || n != 1 {
		t.Fatalf("Reclaim = %d, %v; want 1 run", n, err)
	}
	r, _ := f.arch.Run(ctx, old)
	if r.State != archive.RunInterrupted || r.Host != host || len(r.Errors) == 0 {
		t.Errorf("old run = %+v, want interrupted with a reason", r)
	}
	if r, _ := f.arch.Run(ctx, other); r.State != archive.RunDone {
		t.Errorf("finished run became %s", r.State)
	}
	if ok, h, _ := f.arch.TryLock(ctx, scrape.LockName("rferl"), "schedule"); !ok {
		t.Errorf("the old lock is still held by %+v", h)
	}
}

func TestJitterDelaysAndStopCutsItShort(t *testing.T) {
	f := newFixture(t)
	cfg := f.config(t)
	var err error
	if cfg.Schedule, err = jobs.ParseSchedule("@every 1s", time.UTC); err != nil {
		t.Fatal(err)
	}
	cfg.Jitter = 1000 * time.Hour // the wait is under the test's few seconds once in a million
	m, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Start()
	// The first tick's job waits out its jitter; the next tick finds it
	// pending and skips.
	waitFor(t, 10*time.Second, "a tick skipped behind a waiting job", func() bool {
		return f.results.count("rferl/schedule/skipped") > 0
	})
	stop(t, m)
	if rs := runs(t, f.arch); len(rs) != 0 {
		t.Errorf("runs = %+v, want none (the job was still waiting)", rs)
	}
	if n := len(f.site.Requests()); n != 0 {
		t.Errorf("the site got %d requests during the jitter", n)
	}
}

// A job of which nothing could be fetched (here every connection is
// refused) is recorded as failed with the reason, scheduled and API jobs
// alike, and the jobs view shows it so.
func TestJobThatFetchedNothingFails(t *testing.T) {
	refused := testenv.ClosedPort(t)
	for _, trigger := range []string{jobs.TriggerSchedule, jobs.TriggerAPI} {
		t.Run(trigger, func(t *testing.T) {
			f := newFixture(t)
			cfg := f.config(t)
			opts := testenv.ScrapeOptions(t, refused)
			opts.Fetch.MaxAttempts = 1
			cfg.Options = func(string) (scrape.Options, error) { return opts, nil }
			if trigger == jobs.TriggerSchedule {
				var err error
				if cfg.Schedule, err = jobs.ParseSchedule("@every 1s", time.UTC); err != nil {
					t.Fatal(err)
				}
			}
			m, err := jobs.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			m.Start()
			defer stop(t, m)
			if trigger == jobs.TriggerAPI {
				if _, err := m.Trigger(context.Background(), jobs.Request{Site: "rferl"}); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, 10*time.Second, "a failed "+trigger+" job", func() bool { return f.results.count("rferl/"+trigger+"/failed") > 0 })
			if n := f.results.count("rferl/" + trigger + "/done"); n > 0 {
				t.Errorf("%d jobs of an unreachable site ended done", n)
			}
			v, err := m.View(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			var failed *archive.Run
			for i, r := range v.Runs {
				if r.State == archive.RunFailed && r.Trigger == trigger {
					failed = &v.Runs[i]
				}
			}
			if failed == nil {
				t.Fatalf("no failed %s run in %+v", trigger, v.Runs)
			}
			if !strings.Contains(strings.Join(failed.Errors, "\n"), "nothing could be fetched") || failed.Counts[scrape.DiscoveryFailed] == 0 {
				t.Errorf("failed run = %+v, want its errors to say nothing could be fetched and the failed requests counted", *failed)
			}
		})
	}
}
