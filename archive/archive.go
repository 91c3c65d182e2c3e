// Package archive is the source of truth of newsarchive: a SQLite database
// (pure Go driver, WAL mode) holding every article with its compressed raw
// HTML and earlier revisions, the fetch state of every URL, the log of scrape
// runs, scrape locks, and the queue of articles waiting to be indexed.
//
// Several processes may use one archive at once (a crontab scrape beside a
// running server): every write is one short transaction.
package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// ErrDiskFull is wrapped into errors caused by a full disk (it is an
// ErrUnwritable too).
var ErrDiskFull = fmt.Errorf("%w: disk full", ErrUnwritable)

// Archive is an open archive database.
type Archive struct {
	db   *sql.DB
	path string
}

// Open opens (creating if needed) the archive database at path and brings
// its schema up to date.
func Open(ctx context.Context, path string) (*Archive, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	a := &Archive{db: db, path: path}
	if err := a.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open archive %s: %w", path, wrapErr(err))
	}
	return a, nil
}

// Path is the archive's file name.
func (a *Archive) Path() string { return a.path }

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

// tx runs fn in one write transaction.
func (a *Archive) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return wrapErr(err)
	}
	return wrapErr(tx.Commit())
}

// wrapErr turns SQLite's full-disk and read-only errors into errors a user
// understands.
func wrapErr(err error) error {
	if err == nil {
		return nil
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
