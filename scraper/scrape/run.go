// Package scrape runs one scrape of one site: it takes the site's lock in
// the archive, discovers candidate articles, fetches them politely
// (conditional GETs from the stored fetch state), parses and archives them,
// and records the run with its counts and errors.
package scrape

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"newsarchive/archive"
	"newsarchive/scraper"
	"newsarchive/scraper/discover"
	"newsarchive/scraper/fetch"
	"newsarchive/scraper/pangea"
)

// Retry policy for URLs that failed.
const (
	GoneRetry     = 30 * 24 * time.Hour // a 404/410 is asked again after this
	FailRetryBase = 10 * time.Minute    // a failure is retried after this, doubling per failure
	FailRetryCap  = 24 * time.Hour
	maxRunErrors  = 50
	heartbeat     = 30 * time.Second
)

// ErrNothingFetched is wrapped into the error of a run in which every
// request failed (connection refused, DNS, TLS, timeouts, server errors):
// every discovery request, or every article page it tried. Such a run is
// recorded as failed, not as done with nothing new.
var ErrNothingFetched = errors.New("nothing could be fetched")

// Options shape one run.
type Options struct {
	Profile scraper.Profile
	// Since and Until bound the articles by publication date (zero: open).
	Since, Until time.Time
	// Max stops the run after this many articles were archived or
	// confirmed current (0: no limit).
	Max int
	// Trigger says who started the run: cli, schedule, api.
	Trigger string
	// Fetch is the politeness policy; its Hosts default to the profile's.
	Fetch fetch.Config
	// Sources and SectionPages shape discovery (see discover.Options).
	Sources      []string
	SectionPages int
	Log          *slog.Logger
	// Progress, if set, is called after each candidate with how many were
	// handled and how many were discovered so far.
	Progress func(done, discovered int)
	// OnOutcome, if set, is called with each candidate's outcome (metrics).
	OnOutcome func(outcome string)
	// OnStart, if set, is called with the run's id once it is recorded.
	OnStart func(runID int64)
}

// Report is the result of a run.
type Report struct {
	RunID  int64
	State  string // done, failed, interrupted, skipped
	Counts map[string]int64
	Errors []string
	Took   time.Duration
	// Holder is who held the site's lock when State is skipped.
	Holder archive.Lock
}

// Summary is the report's one-line summary.
func (r *Report) Summary() string {
	if r.State == archive.RunSkipped {
		return fmt.Sprintf("another scrape of this site is running (pid %d on %s, since %s); nothing to do",
			r.Holder.PID, r.Holder.Host, r.Holder.AcquiredAt.Format(time.RFC3339))
	}
	return Summary(r.Counts) + fmt.Sprintf(" in %s", r.Took.Round(time.Second))
}

// LockName is the archive lock that keeps two scrapes of a site apart.
func LockName(site string) string { return "scrape:" + site }

// Run scrapes one site into the archive. A second run of the same site while
// one is going returns at once with State skipped. A cancelled context stops
// the run at a safe point (the article in hand is archived whole or not at
// all) and records it as interrupted.
func Run(ctx context.Context, arch Store, opts Options) (*Report, error) {
	start := time.Now()
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("site", opts.Profile.Name)
	owner := opts.Trigger
	if owner == "" {
		owner = "cli"
	}
	got, holder, err := arch.TryLock(ctx, LockName(opts.Profile.Name), owner)
	if err != nil {
		return nil, err
	}
	if !got {
		id, _ := arch.StartRun(ctx, archive.Run{Site: opts.Profile.Name, Trigger: owner, State: archive.RunSkipped})
		_ = arch.FinishRun(ctx, id, archive.RunSkipped, nil, []string{fmt.Sprintf("another scrape (pid %d) held the lock", holder.PID)})
		return &Report{RunID: id, State: archive.RunSkipped, Holder: holder, Counts: map[string]int64{}}, nil
	}
	defer arch.Unlock(context.WithoutCancel(ctx), LockName(opts.Profile.Name))

	r := &runner{arch: arch, opts: opts, log: log}
	if r.fetcher, err = newFetcher(opts, log); err != nil {
		return nil, err
	}
	defer r.fetcher.Close()
	r.id, err = arch.StartRun(ctx, archive.Run{Site: opts.Profile.Name, Trigger: owner, Options: map[string]any{
		"since": fmtDay(opts.Since), "until": fmtDay(opts.Until), "max": opts.Max, "origin": opts.Profile.Origin}})
	if err != nil {
		return nil, err
	}
	if opts.OnStart != nil {
		opts.OnStart(r.id)
	}
	beatCtx, stopBeat := context.WithCancel(context.WithoutCancel(ctx))
	beatDone := make(chan struct{})
	go func() { defer close(beatDone); r.beat(beatCtx) }()

	runErr := r.crawl(ctx)

	stopBeat()
	<-beatDone
	state := archive.RunDone
	switch {
	case ctx.Err() != nil:
		state = archive.RunInterrupted
		r.addError(msgShutdown)
	case runErr != nil:
		state = archive.RunFailed
		r.addError(runErr.Error())
	}
	rep := &Report{RunID: r.id, State: state, Counts: r.counts.Map(), Errors: r.errorList(), Took: time.Since(start)}
	if err := arch.FinishRun(context.WithoutCancel(ctx), r.id, state, rep.Counts, rep.Errors); err != nil {
		return rep, err
	}
	log.Info("scrape finished", "run", r.id, "state", state, "summary", Summary(rep.Counts))
	if runErr != nil {
		return rep, runErr
	}
	return rep, nil
}

func fmtDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func newFetcher(opts Options, log *slog.Logger) (*fetch.Fetcher, error) {
	cfg := opts.Fetch
	if len(cfg.Hosts) == 0 {
		cfg.Hosts = append([]string{opts.Profile.OriginHost()}, opts.Profile.Hosts...)
	}
	if cfg.Logger == nil {
		cfg.Logger = log
	}
	f, err := fetch.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", opts.Profile.Name, err)
	}
	return f, nil
}

type runner struct {
	arch    Store
	opts    Options
	log     *slog.Logger
	fetcher *fetch.Fetcher
	id      int64
	counts  Counts

	mu     sync.Mutex
	errors []string
	done   int
	fatal  error // stops the run: the archive cannot take more (disk full, write error)

	// Article pages whose fetch failed (network, server errors), and the
	// first such error, for a run in which every one failed.
	fetchErrs     int
	firstFetchErr error
}

// Errors of a run that are notes rather than failures (see ErrorClass).
const (
	msgShutdown   = "stopped by a shutdown before it finished; the next run resumes"
	msgMoreErrors = "… more errors in the log"
)

func (r *runner) addError(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errors) < maxRunErrors {
		r.errors = append(r.errors, msg)
	} else if len(r.errors) == maxRunErrors {
		r.errors = append(r.errors, msgMoreErrors)
	}
}

func (r *runner) errorList() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string{}, r.errors...)
}

// beat keeps the site's lock fresh and stores the counts so far, so the
// jobs page shows a running scrape's progress.
func (r *runner) beat(ctx context.Context) {
	t := time.NewTicker(heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := r.arch.Heartbeat(ctx, LockName(r.opts.Profile.Name)); err != nil {
				r.log.Warn("could not refresh the scrape lock", "err", err)
			}
			_ = r.arch.UpdateRun(ctx, r.id, r.counts.Map(), r.errorList())
		}
	}
}

// crawl runs discovery and handles its candidates one by one (the fetcher's
// rate limit is the pace; one at a time keeps --max exact).
func (r *runner) crawl(ctx context.Context) error {
	d, err := discover.New(r.opts.Profile, r.fetcher, r.log)
	if err != nil {
		return err
	}
	dopts := discover.Options{Since: r.opts.Since, Until: r.opts.Until, Sources: r.opts.Sources, SectionPages: r.opts.SectionPages}
	if !r.opts.Until.IsZero() {
		dopts.Until = r.opts.Until.Add(24*time.Hour - time.Second) // the whole last day
	}
	discovered := 0
	stats, err := d.Discover(ctx, dopts, func(c discover.Candidate) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		discovered++
		r.counts.add("discovered", 1)
		r.handle(ctx, c)
		if r.opts.Progress != nil {
			r.opts.Progress(r.done, discovered)
		}
		if err := r.fatalErr(); err != nil {
			return err
		}
		if r.opts.Max > 0 && r.archived() >= int64(r.opts.Max) {
			r.log.Info("reached --max", "max", r.opts.Max)
			return discover.Stop
		}
		return nil
	})
	for _, p := range stats.Problems {
		r.addError(fmt.Sprintf("%s: %s", p.URL, p.Reason))
	}
	if stats.OffSite > 0 {
		r.counts.add("offsite_urls_dropped", int64(stats.OffSite))
	}
	if stats.OutOfRange > 0 {
		r.counts.add("skipped_"+SkipOutOfRange, int64(stats.OutOfRange))
	}
	if n := stats.FetchErrors; n > 0 {
		r.counts.add(DiscoveryFailed, int64(n))
	}
	if fatal := r.fatalErr(); fatal != nil {
		return fmt.Errorf("scrape %s stopped: %w", r.opts.Profile.Name, fatal)
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("discover %s: %w", r.opts.Profile.Name, err)
	}
	if ctx.Err() != nil {
		return nil
	}
	return r.nothingFetched(stats)
}

// nothingFetched is the error of a run in which every request failed: no
// discovery request got an answer, or discovery did but no article page
// it tried did. A site that answers with nothing new is not one.
func (r *runner) nothingFetched(stats discover.Stats) error {
	name := r.opts.Profile.Name
	if failed := int64(stats.FetchErrors); failed > 0 && stats.Fetched == 0 {
		first := ""
		if len(stats.Problems) > 0 {
			first = fmt.Sprintf(", the first %s: %s", stats.Problems[0].URL, stats.Problems[0].Reason)
		}
		return fmt.Errorf("scrape %s: %w: %s failed%s", name, ErrNothingFetched, requests(failed, "discovery request"), first)
	}
	r.mu.Lock()
	fetchErrs, first := r.fetchErrs, r.firstFetchErr
	r.mu.Unlock()
	if fetchErrs > 0 && r.counts.Get("requests") == 0 && r.counts.Get(Gone) == 0 {
		return fmt.Errorf("scrape %s: %w: %s failed, the first: %w", name, ErrNothingFetched, requests(int64(fetchErrs), "article page"), first)
	}
	return nil
}

// requests is "the 1 <what>" or "all n <what>s".
func requests(n int64, what string) string {
	if n == 1 {
		return "the 1 " + what
	}
	return fmt.Sprintf("all %d %ss", n, what)
}

// archived is how many candidates ended archived or confirmed current.
func (r *runner) archived() int64 {
	m := r.counts.Map()
	return m[New] + m[Updated] + m[Unchanged] + m[NotModified]
}

// handle fetches, parses and archives one candidate, and records what
// happened to its URL.
func (r *runner) handle(ctx context.Context, c discover.Candidate) {
	outcome := r.fetchOne(ctx, c)
	r.mu.Lock()
	r.done++
	r.mu.Unlock()
	if outcome == "" {
		return // interrupted
	}
	if r.opts.OnOutcome != nil {
		r.opts.OnOutcome(outcome)
	}
	r.counts.add(outcome, 1)
}

func (r *runner) fetchOne(ctx context.Context, c discover.Candidate) string {
	now := time.Now()
	state, _, err := r.arch.FetchState(ctx, c.URL)
	if err != nil {
		r.fail(c.URL, err)
		return Failed
	}
	if !state.NextDue.IsZero() && now.Before(state.NextDue) {
		return "skipped_" + SkipRetryLater
	}
	req := fetch.Request{URL: c.URL}
	if state.Outcome != Failed && state.Outcome != Gone {
		req.ETag, req.LastModified = state.ETag, state.LastModified
	}
	resp, err := r.fetcher.Fetch(ctx, req)
	if ctx.Err() != nil {
		return ""
	}
	state.FetchedAt = now
	state.ArticleID = c.ID
	if err != nil {
		return r.fetchFailed(ctx, c, state, err)
	}
	r.counts.add("requests", 1)
	state.Status, state.Attempts, state.LastError, state.NextDue = resp.Status, 0, "", time.Time{}
	if resp.ETag != "" || resp.LastModified != "" || !resp.NotModified {
		state.ETag, state.LastModified = resp.ETag, resp.LastModified
	}
	if resp.NotModified {
		if state.Outcome == "skipped_"+SkipNotArticle || state.Outcome == "skipped_"+SkipOutOfRange {
			return r.record(ctx, state, state.Outcome)
		}
		return r.record(ctx, state, NotModified)
	}
	r.counts.add("fetched", 1)
	a, err := pangea.Parse(resp.Body, pangea.Options{URL: resp.URL, ContentType: resp.ContentType,
		Site: r.opts.Profile.Name, Language: r.opts.Profile.Language, SiteForHost: scraper.SiteForHost,
		OutletNames: scraper.OutletNames})
	switch {
	case errors.Is(err, pangea.ErrNotArticle):
		r.log.Info("skipped", "url", c.URL, "reason", err.Error())
		return r.record(ctx, state, "skipped_"+SkipNotArticle)
	case err != nil:
		r.log.Warn("parse failed", "url", c.URL, "err", err)
		r.addError(fmt.Sprintf("parse %s: %v", c.URL, err))
		state.LastError = err.Error()
		state.NextDue = now.Add(FailRetryCap)
		return r.record(ctx, state, Failed)
	}
	if !inRange(a.Published, r.opts.Since, r.opts.Until) {
		return r.record(ctx, state, "skipped_"+SkipOutOfRange)
	}
	// From here the article is archived whole even if a shutdown comes.
	res, err := r.arch.SaveArticle(context.WithoutCancel(ctx), a, resp.Body)
	if err != nil {
		r.fail(c.URL, err)
		state.LastError = err.Error()
		return r.record(context.WithoutCancel(ctx), state, Failed)
	}
	return r.record(context.WithoutCancel(ctx), state, res.String())
}

// fetchFailed classifies a fetch error and schedules the URL's next try.
func (r *runner) fetchFailed(ctx context.Context, c discover.Candidate, state archive.FetchState, err error) string {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		state.Status = se.Code
	}
	state.LastError = err.Error()
	switch {
	case errors.Is(err, fetch.ErrDisallowed):
		r.log.Info("skipped", "url", c.URL, "reason", "disallowed by robots.txt")
		return r.record(ctx, state, "skipped_"+SkipRobots)
	case errors.Is(err, fetch.ErrOffSite):
		r.log.Info("skipped", "url", c.URL, "reason", err.Error())
		return r.record(ctx, state, "skipped_"+SkipOffSite)
	case errors.Is(err, fetch.ErrGone):
		r.log.Info("gone", "url", c.URL, "status", state.Status)
		state.NextDue = time.Now().Add(GoneRetry)
		return r.record(ctx, state, Gone)
	}
	state.Attempts++
	wait := FailRetryBase << min(state.Attempts-1, 10)
	state.NextDue = time.Now().Add(min(wait, FailRetryCap))
	r.mu.Lock()
	r.fetchErrs++
	if r.firstFetchErr == nil {
		r.firstFetchErr = err
	}
	r.mu.Unlock()
	r.fail(c.URL, err)
	return r.record(ctx, state, Failed)
}

func (r *runner) fail(u string, err error) {
	r.log.Warn("failed", "url", u, "err", err)
	r.addError(err.Error())
	if errors.Is(err, archive.ErrUnwritable) || errors.Is(err, archive.ErrUnreachable) {
		r.mu.Lock()
		if r.fatal == nil {
			r.fatal = err
		}
		r.mu.Unlock()
	}
}

// fatalErr is the error that stops the run, if any: fetching more pages
// that cannot be stored would only waste the site's and our time.
func (r *runner) fatalErr() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fatal
}

// record stores the URL's fetch state and returns the outcome.
func (r *runner) record(ctx context.Context, state archive.FetchState, outcome string) string {
	state.Outcome = outcome
	if err := r.arch.PutFetchState(ctx, state); err != nil {
		r.fail(state.URL, err)
	}
	return outcome
}

func inRange(t, since, until time.Time) bool {
	if t.IsZero() {
		return true
	}
	if !since.IsZero() && t.Before(since) {
		return false
	}
	if !until.IsZero() && !t.Before(until.AddDate(0, 0, 1)) {
		return false
	}
	return true
}
