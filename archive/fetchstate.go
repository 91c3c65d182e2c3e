package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// FetchState is what the archive remembers about one URL between scrapes.
type FetchState struct {
	URL          string
	ArticleID    string
	ETag         string
	LastModified string
	Status       int
	Attempts     int // consecutive failed attempts
	LastError    string
	Outcome      string // new, updated, unchanged, not_modified, skipped_*, failed, gone
	FetchedAt    time.Time
	NextDue      time.Time // do not fetch again before this (zero: any time)
}

// FetchState returns the remembered state of url, and whether there is one.
func (a *Archive) FetchState(ctx context.Context, url string) (FetchState, bool, error) {
	s := FetchState{URL: url}
	var fetched, due string
	err := a.db.QueryRowContext(ctx, `SELECT article_id, etag, last_modified, status, attempts, last_error, outcome,
		fetched_at, next_due FROM fetch_state WHERE url = ?`, url).
		Scan(&s.ArticleID, &s.ETag, &s.LastModified, &s.Status, &s.Attempts, &s.LastError, &s.Outcome, &fetched, &due)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("fetch state of %s: %w", url, err)
	}
	s.FetchedAt, s.NextDue = parseTimeText(fetched), parseTimeText(due)
	return s, true, nil
}

// PutFetchState records the state of a URL after a fetch.
func (a *Archive) PutFetchState(ctx context.Context, s FetchState) error {
	s.URL, s.ArticleID, s.ETag, s.LastModified, s.LastError = cleanText(s.URL), cleanText(s.ArticleID),
		cleanText(s.ETag), cleanText(s.LastModified), cleanText(s.LastError)
	err := a.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO fetch_state (url, article_id, etag, last_modified, status, attempts,
			last_error, outcome, fetched_at, next_due) VALUES (?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT(url) DO UPDATE SET article_id=excluded.article_id, etag=excluded.etag,
			last_modified=excluded.last_modified, status=excluded.status, attempts=excluded.attempts,
			last_error=excluded.last_error, outcome=excluded.outcome, fetched_at=excluded.fetched_at,
			next_due=excluded.next_due`,
			s.URL, s.ArticleID, s.ETag, s.LastModified, s.Status, s.Attempts, s.LastError, s.Outcome,
			timeText(s.FetchedAt), timeText(s.NextDue))
		return err
	})
	if err != nil {
		return fmt.Errorf("record fetch state of %s: %w", s.URL, err)
	}
	return nil
}
