package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// copyTables are what Copy moves, in an order that keeps references
// whole: each with its key (rows are copied in key order, so a copy that
// stopped resumes after the destination's last key) and its columns. Locks
// are process state, not copied.
var copyTables = []struct {
	name, key string
	cols      []string
	identity  bool // the key is drawn by the database for new rows
	textKey   bool // the key is text (compared byte by byte on both sides)
}{
	{"articles", "doc", []string{"doc", "id", "url", "site", "language", "title", "lead", "body", "authors", "published",
		"updated", "section", "tags", "image", "image_caption", "kind", "content_hash", "version", "first_seen",
		"fetched_at", "extracted", "change"}, true, false},
	{"extractions", "doc", []string{"doc", "entities", "extracted_at"}, false, false},
	{"raw_pages", "doc", []string{"doc", "html"}, false, false},
	{"revisions", "rev", []string{"rev", "article_id", "version", "replaced_at", "article", "html"}, true, false},
	{"fetch_state", "url", []string{"url", "article_id", "etag", "last_modified", "status", "attempts", "last_error",
		"outcome", "fetched_at", "next_due"}, false, true},
	{"runs", "id", []string{"id", "site", "trigger", "state", "pid", "host", "started_at", "finished_at", "counts",
		"errors", "options"}, true, false},
	{"markers", "name", []string{"name", "value"}, false, true},
}

// copyBatch is how many rows one transaction of Copy writes.
const copyBatch = 500

// CopyProgress reports a copy's progress: rows of a table copied so far
// (this run and earlier ones) and the table's total.
type CopyProgress func(table string, done, total int)

// Copy copies the whole archive src into dst — between SQLite and
// PostgreSQL, either way: articles with their change numbers, entities,
// raw pages, revisions, fetch state, runs and markers. Each batch is one
// transaction, and rows go in key order, so a copy that was stopped (or
// killed) resumes where it stopped when run again. At the end the row
// counts of every table are compared. The destination must be empty or an
// earlier, stopped copy of src; both must be at the same schema version.
func Copy(ctx context.Context, src, dst *Archive, progress CopyProgress) (map[string]int, error) {
	sv, err := src.schemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	dv, err := dst.schemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if sv != dv {
		return nil, fmt.Errorf("the archives are at schema versions %d and %d: open both with this program first", sv, dv)
	}
	if err := dst.checkCopyOf(ctx, src); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, tb := range copyTables {
		n, err := copyTable(ctx, src, dst, tb.name, tb.key, tb.cols, tb.textKey, progress)
		if err != nil {
			return counts, fmt.Errorf("copy %s: %w", tb.name, err)
		}
		counts[tb.name] = n
		if tb.identity && dst.db.pg {
			// Rows came with their keys: new ones must be drawn after them.
			q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', '%s'), coalesce(max(%s), 0) + 1, false) FROM %s",
				tb.name, tb.key, tb.key, tb.name)
			if _, err := dst.db.ExecContext(ctx, q); err != nil {
				return counts, fmt.Errorf("copy %s: %w", tb.name, err)
			}
		}
	}
	for _, tb := range copyTables {
		s, err := src.count(ctx, tb.name)
		if err != nil {
			return counts, err
		}
		d, err := dst.count(ctx, tb.name)
		if err != nil {
			return counts, err
		}
		if s != d {
			return counts, fmt.Errorf("copy %s: the source has %d rows, the destination %d (was the source written to meanwhile? run the copy again)", tb.name, s, d)
		}
	}
	return counts, nil
}

func (a *Archive) schemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := a.db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("read the schema version of %s: %w", a.Path(), err)
	}
	return v, nil
}

func (a *Archive) count(ctx context.Context, table string) (int, error) {
	var n int
	if err := a.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s in %s: %w", table, a.Path(), err)
	}
	return n, nil
}

// checkCopyOf refuses a destination that holds articles the source does
// not (another archive rather than a stopped copy of this one).
func (a *Archive) checkCopyOf(ctx context.Context, src *Archive) error {
	var doc int64
	var id string
	err := a.db.QueryRowContext(ctx, "SELECT doc, id FROM articles ORDER BY doc DESC LIMIT 1").Scan(&doc, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the destination: %w", err)
	}
	var srcID string
	err = src.db.QueryRowContext(ctx, "SELECT id FROM articles WHERE doc = ?", doc).Scan(&srcID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read the source: %w", err)
	}
	if srcID != id {
		return fmt.Errorf("the destination %s already holds other articles than the source's: copy into an empty archive", a.Path())
	}
	return nil
}

// copyTable copies the rows of one table that the destination lacks, in
// key order, a batch per transaction.
func copyTable(ctx context.Context, src, dst *Archive, table, key string, cols []string, textKey bool, progress CopyProgress) (int, error) {
	total, err := src.count(ctx, table)
	if err != nil {
		return 0, err
	}
	done, err := dst.count(ctx, table)
	if err != nil {
		return 0, err
	}
	// Keys compare byte by byte on both sides (SQLite's own order; "C" on
	// PostgreSQL), so a resumed copy starts exactly after the last row.
	order := func(a *Archive) string {
		if a.db.pg && textKey {
			return key + ` COLLATE "C"`
		}
		return key
	}
	var last any
	if done > 0 {
		q := fmt.Sprintf("SELECT %s FROM %s ORDER BY %s DESC LIMIT 1", key, table, order(dst))
		if err := dst.db.QueryRowContext(ctx, q).Scan(&last); err != nil {
			return 0, err
		}
	}
	if progress != nil {
		progress(table, done, total)
	}
	list := strings.Join(cols, ", ")
	insert := fmt.Sprintf("INSERT INTO %s (%s) VALUES (?%s) ON CONFLICT (%s) DO NOTHING",
		table, list, strings.Repeat(", ?", len(cols)-1), key)
	for {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		q := fmt.Sprintf("SELECT %s FROM %s ORDER BY %s LIMIT %d", list, table, order(src), copyBatch)
		args := []any{}
		if last != nil {
			q = fmt.Sprintf("SELECT %s FROM %s WHERE %s > ? ORDER BY %s LIMIT %d", list, table, order(src), order(src), copyBatch)
			args = append(args, last)
		}
		rows, err := src.db.QueryContext(ctx, q, args...)
		if err != nil {
			return done, err
		}
		var batch [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return done, err
			}
			batch = append(batch, vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return done, err
		}
		if len(batch) == 0 {
			return done, nil
		}
		err = dst.tx(ctx, func(tx *txn) error {
			st, err := tx.PrepareContext(ctx, insert)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, vals := range batch {
				if _, err := st.ExecContext(ctx, vals...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += len(batch)
		last = batch[len(batch)-1][0]
		if progress != nil {
			progress(table, done, total)
		}
	}
}
