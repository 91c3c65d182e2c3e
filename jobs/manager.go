// Package jobs runs the scrape jobs of a server: on a cron schedule and on
// request (the admin API), never two of one site at once, each recorded in
// the archive through scrape.Run; and it tells what ran and what runs next.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"newsarchive/archive"
	"newsarchive/scraper/scrape"
)

// Triggers recorded with a job's run.
const (
	TriggerSchedule = "schedule"
	TriggerAPI      = "api"
)

// ResultError is the result reported to OnFinish when a job could not even
// be recorded (scrape.Run returned no report).
const ResultError = "error"

// Archive is what jobs need from the archive (*archive.Archive): what a
// scrape writes, and the runs it records.
type Archive interface {
	scrape.Store
	Runs(ctx context.Context, limit int) ([]archive.Run, error)
	ClaimTick(ctx context.Context, name string, quiet time.Duration) (bool, error)
}

var _ Archive = (*archive.Archive)(nil)

// Config is what a Manager needs.
type Config struct {
	Archive Archive
	// Options returns the scrape options of a job for a site: the server's
	// scrape flags (--base-url, --rate, --since, ...). An unknown site is
	// an error. Nil means the server runs no jobs (only lists them).
	Options func(site string) (scrape.Options, error)
	// Schedule, if set, runs a job for each of Sites at its times.
	Schedule *Schedule
	Sites    []string
	// Jitter delays each scheduled job by a random time in [0, Jitter), so
	// many servers on one schedule do not all knock at once.
	Jitter time.Duration
	Log    *slog.Logger
	// OnFinish, if set, is told how each job ended: a run state (done,
	// failed, interrupted, skipped) or ResultError. For metrics.
	OnFinish func(site, trigger, result string)
}

// Manager owns the scrape jobs of one server.
type Manager struct {
	cfg     Config
	log     *slog.Logger
	cron    *cron.Cron
	entries map[string]cron.EntryID

	ctx    context.Context // cancelled by Stop: running jobs stop at a safe point
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	running map[string]*running
	stopped bool
}

// running is a job in progress (or waiting out its jitter).
type running struct {
	trigger string
	since   time.Time
}

// New builds a manager; Start starts its schedule.
func New(cfg Config) (*Manager, error) {
	if cfg.Archive == nil {
		return nil, fmt.Errorf("jobs: no archive")
	}
	if cfg.Jitter < 0 {
		return nil, fmt.Errorf("jitter %s: use 0 or a positive duration", cfg.Jitter)
	}
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	m := &Manager{cfg: cfg, log: log, running: map[string]*running{}, entries: map[string]cron.EntryID{}}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	if cfg.Schedule == nil {
		return m, nil
	}
	if cfg.Options == nil {
		return nil, fmt.Errorf("jobs: a schedule needs scrape options")
	}
	if len(cfg.Sites) == 0 {
		return nil, fmt.Errorf("schedule %s: name at least one site to scrape", cfg.Schedule.Spec)
	}
	for _, site := range cfg.Sites {
		if _, err := cfg.Options(site); err != nil {
			return nil, err
		}
	}
	m.cron = cron.New(cron.WithLocation(cfg.Schedule.Location), cron.WithLogger(cronLogger{log}))
	for _, site := range cfg.Sites {
		if _, dup := m.entries[site]; dup {
			continue
		}
		m.entries[site] = m.cron.Schedule(cfg.Schedule.cron, cron.FuncJob(func() { m.fire(site) }))
	}
	return m, nil
}

// Start starts the schedule (if any).
func (m *Manager) Start() {
	if m.cron == nil {
		return
	}
	m.cron.Start()
	for _, site := range m.cfg.Sites {
		m.log.Info("scrape scheduled", "site", site, "schedule", m.cfg.Schedule.Spec,
			"time_zone", m.cfg.Schedule.Location.String(), "next", m.next(site).Format(time.RFC3339))
	}
}

// Stop stops the schedule, asks running jobs to stop at a safe point (their
// runs are recorded as interrupted) and waits for them until ctx is done.
func (m *Manager) Stop(ctx context.Context) error {
	m.mu.Lock()
	m.stopped = true
	busy := len(m.running)
	m.mu.Unlock()
	if m.cron != nil {
		m.cron.Stop()
	}
	if busy > 0 {
		m.log.Info("stopping running scrape jobs", "jobs", busy)
	}
	m.cancel()
	done := make(chan struct{})
	go func() { m.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("scrape jobs still running at shutdown: %w", ctx.Err())
	}
}

// reserve marks site as busy for a job; false if a job of it is already
// running here (or the manager is stopped). The caller runs the job and
// then calls release.
func (m *Manager) reserve(site, trigger string) (bool, *running) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stopped {
		return false, nil
	}
	if r := m.running[site]; r != nil {
		return false, r
	}
	m.running[site] = &running{trigger: trigger, since: time.Now()}
	m.wg.Add(1)
	return true, nil
}

func (m *Manager) release(site string) {
	m.mu.Lock()
	delete(m.running, site)
	m.mu.Unlock()
	m.wg.Done()
}

// fire is the scheduled job of one site.
func (m *Manager) fire(site string) {
	ok, prev := m.reserve(site, TriggerSchedule)
	if !ok {
		if prev != nil {
			m.log.Info("scheduled scrape skipped: the previous one is still running", "site", site,
				"running_since", prev.since.Format(time.RFC3339), "trigger", prev.trigger)
			m.finished(site, TriggerSchedule, archive.RunSkipped)
		}
		return
	}
	defer m.release(site)
	// Several nodes on one archive tick at once: one runs the tick.
	if claimed, err := m.cfg.Archive.ClaimTick(m.ctx, "schedule:"+site, m.cfg.Schedule.quiet()); err != nil || !claimed {
		if err != nil {
			m.log.Error("scheduled scrape not started: the archive did not answer", "site", site, "err", err)
			m.finished(site, TriggerSchedule, ResultError)
		} else {
			m.log.Debug("scheduled scrape left to another node: it claimed this tick", "site", site)
		}
		return
	}
	if m.cfg.Jitter > 0 {
		d := rand.N(m.cfg.Jitter)
		m.log.Debug("scheduled scrape waits out its jitter", "site", site, "wait", d.Round(time.Second).String())
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-m.ctx.Done():
			t.Stop()
			return
		}
	}
	opts, err := m.cfg.Options(site)
	if err != nil {
		m.log.Error("scheduled scrape not started", "site", site, "err", err)
		m.finished(site, TriggerSchedule, ResultError)
		return
	}
	m.scrape(site, TriggerSchedule, opts)
}

// scrape runs one job and reports how it ended.
func (m *Manager) scrape(site, trigger string, opts scrape.Options) (rep *scrape.Report, err error) {
	result := ResultError
	defer func() {
		if p := recover(); p != nil {
			m.log.Error("scrape job crashed", "site", site, "trigger", trigger, "panic", fmt.Sprint(p))
			err = fmt.Errorf("scrape of %s crashed: %v", site, p)
		}
		m.finished(site, trigger, result)
	}()
	opts.Trigger = trigger
	if opts.Log == nil {
		opts.Log = m.log
	}
	m.log.Info("scrape job started", "site", site, "trigger", trigger)
	rep, err = scrape.Run(m.ctx, m.cfg.Archive, opts)
	if rep != nil {
		result = rep.State
	}
	switch {
	case err != nil:
		m.log.Error("scrape job failed", "site", site, "trigger", trigger, "err", err)
	case rep.State == archive.RunSkipped:
		m.log.Info("scrape job skipped", "site", site, "trigger", trigger, "reason", rep.Summary())
	}
	return rep, err
}

func (m *Manager) finished(site, trigger, result string) {
	if m.cfg.OnFinish != nil {
		m.cfg.OnFinish(site, trigger, result)
	}
}

// next is the next scheduled time of a site's job (zero: not scheduled).
func (m *Manager) next(site string) time.Time {
	id, ok := m.entries[site]
	if !ok {
		return time.Time{}
	}
	if at := m.cron.Entry(id).Next; !at.IsZero() {
		return at
	}
	return m.cfg.Schedule.Next(time.Now())
}

// cronLogger sends the cron library's errors to slog (its chatter about
// every wake-up goes to debug).
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
