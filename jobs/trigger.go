package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"newsarchive/archive"
	"newsarchive/scraper/scrape"
)

// Request asks for one scrape job now (the admin API).
type Request struct {
	Site string
	// Since, Until and Max override the server's scrape flags when set.
	Since, Until time.Time
	Max          int
}

// Started is a job that Trigger started.
type Started struct {
	RunID int64  `json:"run_id"` // the run's id in the archive (0 if not recorded yet)
	Site  string `json:"site"`
	State string `json:"state"` // running, or how it already ended
}

// ErrStopped is returned when the server is shutting down.
var ErrStopped = errors.New("the server is shutting down; no new scrape jobs")

// ErrNoJobs is returned when the server was started without scrape options.
var ErrNoJobs = errors.New("this server runs no scrape jobs")

// InputError is a request the caller must fix (unknown site, bad bounds).
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// BusyError says a scrape of the site is already running, here or in
// another process (a crontab scrape).
type BusyError struct {
	Site  string
	RunID int64 // the skipped run recorded for this request, if any
	Why   string
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("a scrape of %s is already running (%s); try again when it has finished", e.Site, e.Why)
}

// startWait bounds how long Trigger waits for a started job's run to be
// recorded; the job goes on regardless.
const startWait = 5 * time.Second

// Trigger starts a scrape job now and returns once its run is recorded in
// the archive (so the caller gets its id). The job runs on in the
// background; Stop interrupts it.
func (m *Manager) Trigger(ctx context.Context, req Request) (Started, error) {
	if m.cfg.Options == nil {
		return Started{}, ErrNoJobs
	}
	opts, err := m.cfg.Options(req.Site)
	if err != nil {
		return Started{}, &InputError{Msg: err.Error()}
	}
	if err := applyRequest(&opts, req); err != nil {
		return Started{}, err
	}
	ok, prev := m.reserve(req.Site, TriggerAPI)
	if !ok {
		if prev == nil {
			return Started{}, ErrStopped
		}
		return Started{}, &BusyError{Site: req.Site, Why: fmt.Sprintf("started by %s at %s", prev.trigger, prev.since.Format(time.RFC3339))}
	}
	started := make(chan int64, 1)
	opts.OnStart = func(id int64) { started <- id }
	done := make(chan jobEnd, 1)
	go func() {
		defer m.release(req.Site)
		rep, err := m.scrape(req.Site, TriggerAPI, opts)
		done <- jobEnd{rep, err}
	}()
	return awaitRun(ctx, req.Site, started, done)
}

// jobEnd is how a job ended.
type jobEnd struct {
	rep *scrape.Report
	err error
}

// awaitRun waits until the job's run is recorded (or the job ends first,
// e.g. skipped because a crontab scrape holds the site's lock).
func awaitRun(ctx context.Context, site string, started <-chan int64, done <-chan jobEnd) (Started, error) {
	deadline := time.NewTimer(startWait)
	defer deadline.Stop()
	select {
	case id := <-started:
		return Started{RunID: id, Site: site, State: archive.RunRunning}, nil
	case e := <-done:
		return ended(site, e)
	case <-ctx.Done():
	case <-deadline.C:
	}
	return Started{Site: site, State: archive.RunRunning}, nil
}

// ended is what Trigger answers for a job that ended before its run was
// seen running.
func ended(site string, e jobEnd) (Started, error) {
	if e.rep == nil {
		return Started{}, e.err
	}
	if e.rep.State == archive.RunSkipped {
		h := e.rep.Holder
		return Started{}, &BusyError{Site: site, RunID: e.rep.RunID,
			Why: fmt.Sprintf("pid %d on %s since %s", h.PID, h.Host, h.AcquiredAt.Format(time.RFC3339))}
	}
	return Started{RunID: e.rep.RunID, Site: site, State: e.rep.State}, nil
}

// applyRequest lays the request's bounds over the server's options.
func applyRequest(opts *scrape.Options, req Request) error {
	if req.Max < 0 {
		return &InputError{Msg: fmt.Sprintf("max %d: use 0 (no limit) or more", req.Max)}
	}
	if !req.Since.IsZero() {
		opts.Since = req.Since
	}
	if !req.Until.IsZero() {
		opts.Until = req.Until
	}
	if req.Max > 0 {
		opts.Max = req.Max
	}
	if !opts.Since.IsZero() && !opts.Until.IsZero() && opts.Until.Before(opts.Since) {
		return &InputError{Msg: fmt.Sprintf("until %s is before since %s", opts.Until.Format(time.DateOnly), opts.Since.Format(time.DateOnly))}
	}
	return nil
}
