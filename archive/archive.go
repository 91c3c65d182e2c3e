// Package archive is the source of truth of newsarchive: every article with
// its compressed raw HTML and earlier revisions, the change feed indexes
// follow, the entities found in each article version, the fetch state of
// every URL, the log of scrape runs and scrape locks. It lives in an
// embedded SQLite file (pure Go driver, WAL mode: the zero-setup default)
// or in PostgreSQL (pgx), shared by scrapers and search nodes on several
// machines; the SQL is one dialect-neutral text with versioned migrations
// for each.
//
// Several processes may use one archive at once: every write is one short
// transaction, and writers are serialised (SQLite's immediate transactions,
// a PostgreSQL advisory lock), so change numbers are committed in the order
// they are drawn.
package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned when an article or run does not exist.
var ErrNotFound = errors.New("not found")

// ErrUnwritable is wrapped into every error that means the archive cannot
// take writes any more (full disk, file size limit, I/O error, read-only):
// a scrape stops at the first one instead of fetching pages it cannot keep.
var ErrUnwritable = errors.New("the archive cannot be written")

// ErrUnreachable is wrapped into the errors of writes that could not reach
// the archive's database server (down, restarting, cut off): a scrape stops
// at a safe point, and runs again later.
var ErrUnreachable = errors.New("the archive cannot be reached")

// ErrDiskFull is wrapped into errors caused by a full disk (it is an
// ErrUnwritable too).
var ErrDiskFull = fmt.Errorf("%w: disk full", ErrUnwritable)

// Archive is an open archive database.
type Archive struct {
	db   *db
	path string // the SQLite file, or the PostgreSQL URL
}

// IsURL reports whether target names a PostgreSQL archive
// (postgres://… or postgresql://…) rather than a SQLite file.
func IsURL(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// Redact is target fit to show: a URL's password is replaced.
func Redact(target string) string {
	if !IsURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "postgres://(an invalid URL)"
	}
	return u.Redacted()
}

// Open opens the archive at target — a SQLite file path (created if
// needed) or a postgres:// URL — and brings its schema up to date.
func Open(ctx context.Context, target string) (*Archive, error) {
	if IsURL(target) {
		return openPostgres(ctx, target)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	dsn := "file:" + target + "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", target, err)
	}
	sdb.SetMaxOpenConns(8)
	a := &Archive{db: &db{DB: sdb}, path: target}
	if err := a.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open archive %s: %w", target, wrapErr(err))
	}
	return a, nil
}

// Path is the archive's file name, or its URL with the password redacted.
func (a *Archive) Path() string { return Redact(a.path) }

// Close closes the database.
func (a *Archive) Close() error { return a.db.Close() }

// Ping checks that the archive can be read.
func (a *Archive) Ping(ctx context.Context) error {
	var n int
	if err := a.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		return fmt.Errorf("archive: %w", wrapErr(err))
	}
	return nil
}

// tx runs fn in one write transaction. Writers are serialised: SQLite
// takes its write lock when the transaction begins (_txlock=immediate); on
// PostgreSQL every write transaction first takes one advisory lock, held
// until it ends. So a change number drawn in a transaction is committed
// before any later one is drawn.
func (a *Archive) tx(ctx context.Context, fn func(*txn) error) error {
	stx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr(err)
	}
	t := &txn{Tx: stx, pg: a.db.pg}
	if t.pg {
		if _, err := t.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", writerLock); err != nil {
			stx.Rollback()
			return wrapErr(err)
		}
	}
	if err := fn(t); err != nil {
		stx.Rollback()
		return wrapErr(err)
	}
	return wrapErr(stx.Commit())
}

// wrapErr turns SQLite's full-disk and read-only errors into errors a user
// understands.
func wrapErr(err error) error {
	if err == nil {
		return nil
	}
	if a := wrapPgErr(err); a != err {
		return a
	}
	if Unavailable(err) {
		return fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("%w: the archive's file system has no space left (%v)", ErrDiskFull, err)
		case sqlite3.SQLITE_READONLY:
			return fmt.Errorf("%w: it is read-only (%v)", ErrUnwritable, err)
		case sqlite3.SQLITE_IOERR:
			if strings.Contains(err.Error(), "no space") {
				return fmt.Errorf("%w: %v", ErrDiskFull, err)
			}
			return fmt.Errorf("%w: %v (a full disk, a file size limit or a failing disk?)", ErrUnwritable, err)
		}
	}
	return err
}
