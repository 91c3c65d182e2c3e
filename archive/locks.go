package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// Lock describes who holds a named lock.
type Lock struct {
	Name        string
	Owner       string
	PID         int
	Host        string
	AcquiredAt  time.Time
	HeartbeatAt time.Time
}

// StaleAfter is how long a lock may go without a heartbeat before another
// process may take it over (its holder is presumed dead).
const StaleAfter = 2 * time.Minute

// TryLock takes the named lock for this process. It returns false and the
// holder when someone else holds it. A lock whose holder is dead (its
// process is gone on this host, or it sent no heartbeat for StaleAfter) is
// taken over.
func (a *Archive) TryLock(ctx context.Context, name, owner string) (bool, Lock, error) {
	got, holder, err := a.take(ctx, name, owner, false)
	if err != nil {
		return false, holder, fmt.Errorf("take lock %s: %w", name, err)
	}
	return got, holder, nil
}

// take takes the named lock for this process unless a live holder has it;
// reentrant, this process's own live lock counts as free (it is renewed:
// a heartbeat that keeps its acquired_at).
func (a *Archive) take(ctx context.Context, name, owner string, reentrant bool) (bool, Lock, error) {
	host, _ := os.Hostname()
	now := time.Now()
	var got bool
	var holder Lock
	err := a.tx(ctx, func(tx *txn) error {
		var acquired, beat string
		err := tx.QueryRowContext(ctx, "SELECT owner, pid, host, acquired_at, heartbeat_at FROM locks WHERE name = ?", name).
			Scan(&holder.Owner, &holder.PID, &holder.Host, &acquired, &beat)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			holder.Name = name
			holder.AcquiredAt, holder.HeartbeatAt = parseTimeText(acquired), parseTimeText(beat)
			ours := holder.PID == os.Getpid() && holder.Host == host
			alive := now.Sub(holder.HeartbeatAt) < StaleAfter && (holder.Host != host || processAlive(holder.PID))
			if alive && !(reentrant && ours) {
				return nil
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO locks(name, owner, pid, host, acquired_at, heartbeat_at) VALUES (?,?,?,?,?,?)
			ON CONFLICT(name) DO UPDATE SET owner=excluded.owner, pid=excluded.pid, host=excluded.host,
			acquired_at=CASE WHEN locks.pid = excluded.pid AND locks.host = excluded.host THEN locks.acquired_at ELSE excluded.acquired_at END,
			heartbeat_at=excluded.heartbeat_at`,
			name, owner, os.Getpid(), host, timeText(now), timeText(now))
		got = err == nil
		return err
	})
	return got, holder, err
}

// Heartbeat tells other processes this lock's holder is still alive. A
// process is its pid on its host: containers sharing a PostgreSQL archive
// all run as pid 1.
func (a *Archive) Heartbeat(ctx context.Context, name string) error {
	host, _ := os.Hostname()
	return a.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "UPDATE locks SET heartbeat_at = ? WHERE name = ? AND pid = ? AND host = ?",
			timeText(time.Now()), name, os.Getpid(), host)
		return err
	})
}

// Unlock releases a lock this process (its pid on this host) holds.
func (a *Archive) Unlock(ctx context.Context, name string) error {
	host, _ := os.Hostname()
	err := a.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM locks WHERE name = ? AND pid = ? AND host = ?", name, os.Getpid(), host)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lock %s: %w", name, err)
	}
	return nil
}

// processAlive reports whether a process with this pid exists on this host.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// Lease takes or keeps the named lease for this process: true when this
// process holds it after the call. Unlike TryLock it is re-entrant (the
// holder calling again renews it, as a heartbeat), and a lease whose holder
// is dead (gone from this host, or silent for StaleAfter) is taken over.
// One process of a cluster finds the entities of new articles under the
// lease "extract"; the others wait for them in the change feed.
func (a *Archive) Lease(ctx context.Context, name string) (bool, error) {
	got, _, err := a.take(ctx, name, "lease", true)
	if err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, err)
	}
	return got, nil
}

// ClaimTick claims one tick of a schedule for the whole cluster: true for
// the first process to claim name (e.g. "schedule:rferl") within quiet of
// the last claim, false for the others — so a scheduled scrape runs once
// per tick, not once per node. Claims are serialised with every other
// write, so two nodes ticking at once cannot both win.
func (a *Archive) ClaimTick(ctx context.Context, name string, quiet time.Duration) (bool, error) {
	now := time.Now()
	got := false
	err := a.tx(ctx, func(tx *txn) error {
		var last int64
		err := tx.QueryRowContext(ctx, "SELECT value FROM markers WHERE name = ?", name).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && now.Sub(time.UnixMilli(last)) < quiet {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO markers(name, value) VALUES (?, ?)
			ON CONFLICT(name) DO UPDATE SET value = excluded.value`, name, now.UnixMilli())
		got = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", name, err)
	}
	return got, nil
}
