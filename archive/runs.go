package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// Run states.
const (
	RunRunning     = "running"
	RunDone        = "done"
	RunFailed      = "failed"
	RunInterrupted = "interrupted" // stopped by a shutdown, or its process died
	RunSkipped     = "skipped"     // another run of the same site held the lock
)

// Run is the record of one scrape job.
type Run struct {
	ID         int64            `json:"id"`
	Site       string           `json:"site"`
	Trigger    string           `json:"trigger"` // cli, schedule, api
	State      string           `json:"state"`
	PID        int              `json:"pid"`
	Host       string           `json:"host"`
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt time.Time        `json:"finished_at,omitzero"`
	Counts     map[string]int64 `json:"counts"`
	Errors     []string         `json:"errors"`
	Options    map[string]any   `json:"options,omitempty"`
}

// StartRun records a new run in state running and returns its id.
func (a *Archive) StartRun(ctx context.Context, r Run) (int64, error) {
	if r.State == "" {
		r.State = RunRunning
	}
	if r.StartedAt.IsZero() {
		r.StartedAt = time.Now()
	}
	host, _ := os.Hostname()
	opts, _ := json.Marshal(r.Options)
	var id int64
	err := a.tx(ctx, func(tx *txn) error {
		return tx.QueryRowContext(ctx, `INSERT INTO runs (site, trigger, state, pid, host, started_at, options)
			VALUES (?,?,?,?,?,?,?) RETURNING id`, r.Site, r.Trigger, r.State, os.Getpid(), host, timeText(r.StartedAt), string(opts)).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("record scrape run: %w", err)
	}
	return id, nil
}

// UpdateRun stores a run's counts and errors so far (it stays running).
func (a *Archive) UpdateRun(ctx context.Context, id int64, counts map[string]int64, errs []string) error {
	return a.setRun(ctx, id, "", counts, errs)
}

// FinishRun records the end of a run.
func (a *Archive) FinishRun(ctx context.Context, id int64, state string, counts map[string]int64, errs []string) error {
	return a.setRun(ctx, id, state, counts, errs)
}

func (a *Archive) setRun(ctx context.Context, id int64, state string, counts map[string]int64, errs []string) error {
	c, _ := json.Marshal(counts)
	if errs == nil {
		errs = []string{}
	}
	e, _ := json.Marshal(errs)
	err := a.tx(ctx, func(tx *txn) error {
		var err error
		if state == "" {
			_, err = tx.ExecContext(ctx, "UPDATE runs SET counts = ?, errors = ? WHERE id = ?", string(c), string(e), id)
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE runs SET state = ?, counts = ?, errors = ?, finished_at = ? WHERE id = ?",
				state, string(c), string(e), timeText(time.Now()), id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("record scrape run %d: %w", id, err)
	}
	return nil
}

const runColumns = "id, site, trigger, state, pid, host, started_at, finished_at, counts, errors, options"

func scanRun(row rowScanner) (Run, error) {
	var r Run
	var started, finished, counts, errs, opts string
	if err := row.Scan(&r.ID, &r.Site, &r.Trigger, &r.State, &r.PID, &r.Host, &started, &finished, &counts, &errs, &opts); err != nil {
		return r, err
	}
	r.StartedAt, r.FinishedAt = parseTimeText(started), parseTimeText(finished)
	_ = json.Unmarshal([]byte(counts), &r.Counts)
	_ = json.Unmarshal([]byte(errs), &r.Errors)
	_ = json.Unmarshal([]byte(opts), &r.Options)
	if r.Counts == nil {
		r.Counts = map[string]int64{}
	}
	if r.Errors == nil {
		r.Errors = []string{}
	}
	return r, nil
}

// Run returns one run.
func (a *Archive) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(a.db.QueryRowContext(ctx, "SELECT "+runColumns+" FROM runs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("scrape run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("scrape run %d: %w", id, err)
	}
	return r, nil
}

// Runs returns the newest runs, newest first.
func (a *Archive) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := a.db.QueryContext(ctx, "SELECT "+runColumns+" FROM runs ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("list scrape runs: %w", err)
	}
	defer rows.Close()
	out := []Run{}
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("list scrape runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RunStoppedNote is the error a run gets when its process stopped before it
// finished (killed, crashed, or a container restarted under the same pid).
const RunStoppedNote = "the process running this scrape stopped before it finished"

// MarkDeadRuns marks as interrupted every run still "running" whose process
// on this host is gone (killed, crashed): they can never finish. The note is
// appended in Go, so the same statements serve SQLite and PostgreSQL.
func (a *Archive) MarkDeadRuns(ctx context.Context) (int, error) {
	host, _ := os.Hostname()
	rows, err := a.db.QueryContext(ctx, "SELECT "+runColumns+" FROM runs WHERE state = ? AND host = ?", RunRunning, host)
	if err != nil {
		return 0, fmt.Errorf("check running scrape runs: %w", err)
	}
	var dead []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			rows.Close()
			return 0, fmt.Errorf("check running scrape runs: %w", err)
		}
		if !processAlive(r.PID) {
			dead = append(dead, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("check running scrape runs: %w", err)
	}
	for _, r := range dead {
		if err := a.setRun(ctx, r.ID, RunInterrupted, r.Counts, append(r.Errors, RunStoppedNote)); err != nil {
			return 0, fmt.Errorf("mark scrape run %d interrupted: %w", r.ID, err)
		}
	}
	return len(dead), nil
}
