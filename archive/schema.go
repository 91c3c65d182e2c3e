package archive

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// migrations are applied in order; each runs once, in its own transaction.
// Append new ones, never edit applied ones.
var migrations = []string{
	// 1: articles, raw pages, revisions, fetch state, runs, locks.
	`CREATE TABLE articles (
		doc           INTEGER PRIMARY KEY,
		id            TEXT NOT NULL UNIQUE,
		url           TEXT NOT NULL,
		site          TEXT NOT NULL DEFAULT '',
		language      TEXT NOT NULL DEFAULT '',
		title         TEXT NOT NULL DEFAULT '',
		lead          TEXT NOT NULL DEFAULT '',
		body          TEXT NOT NULL DEFAULT '',
		authors       TEXT NOT NULL DEFAULT '[]',
		published     TEXT NOT NULL DEFAULT '',
		updated       TEXT NOT NULL DEFAULT '',
		section       TEXT NOT NULL DEFAULT '',
		tags          TEXT NOT NULL DEFAULT '[]',
		image         TEXT NOT NULL DEFAULT '',
		image_caption TEXT NOT NULL DEFAULT '',
		people        TEXT NOT NULL DEFAULT '[]',
		countries     TEXT NOT NULL DEFAULT '[]',
		dates         TEXT NOT NULL DEFAULT '[]',
		content_hash  TEXT NOT NULL,
		version       INTEGER NOT NULL DEFAULT 1,
		first_seen    TEXT NOT NULL,
		fetched_at    TEXT NOT NULL,
		indexed       INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX articles_pending ON articles(doc) WHERE indexed = 0;
	CREATE TABLE raw_pages (
		doc  INTEGER PRIMARY KEY REFERENCES articles(doc) ON DELETE CASCADE,
		html BLOB NOT NULL
	);
	CREATE TABLE revisions (
		rev         INTEGER PRIMARY KEY,
		article_id  TEXT NOT NULL,
		version     INTEGER NOT NULL,
		replaced_at TEXT NOT NULL,
		article     BLOB NOT NULL,
		html        BLOB
	);
	CREATE INDEX revisions_article ON revisions(article_id, version);
` + ddlFetchStateRuns + `		id          INTEGER PRIMARY KEY,
` + ddlRunsLocks,
	// 2: a change feed and entities in a generic shape. Every insert or
	// change of an article (its content or its entities) draws the next
	// change number; an index follows the feed from a cursor of its own.
	// The entities found in an article version are kept once, as a JSON
	// object of kind -> values; articles.extracted is the version they
	// belong to. The people/countries/dates columns and the indexed flag
	// leave articles. Articles that the (one) index of a data dir held are
	// numbered first, so that index resumes from their count (the marker
	// legacy_index) without indexing them again.
	`CREATE TABLE extractions (
		doc          INTEGER PRIMARY KEY REFERENCES articles(doc) ON DELETE CASCADE,
		entities     TEXT NOT NULL,
		extracted_at TEXT NOT NULL
	);
	INSERT INTO extractions(doc, entities, extracted_at)
		SELECT doc, json_object('country', json(countries), 'date', json(dates), 'person', json(people)), fetched_at
		FROM articles WHERE indexed = 1;
	ALTER TABLE articles ADD COLUMN extracted INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE articles ADD COLUMN change INTEGER NOT NULL DEFAULT 0;
	UPDATE articles SET extracted = version WHERE indexed = 1;
	UPDATE articles SET change = r.n
		FROM (SELECT doc, row_number() OVER (ORDER BY indexed DESC, doc) AS n FROM articles) AS r
		WHERE r.doc = articles.doc;
	CREATE TABLE markers (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
	INSERT INTO markers(name, value) SELECT 'legacy_index', count(*) FROM articles WHERE indexed = 1;
	DROP INDEX articles_pending;
	ALTER TABLE articles DROP COLUMN people;
	ALTER TABLE articles DROP COLUMN countries;
	ALTER TABLE articles DROP COLUMN dates;
	ALTER TABLE articles DROP COLUMN indexed;
	CREATE UNIQUE INDEX articles_change ON articles(change);
	CREATE INDEX articles_unextracted ON articles(doc) WHERE extracted <> version;`,
	// 3: the kind of page (article, video, audio, gallery): a media page
	// that carries a text story is archived with its kind. Every article
	// stored before was a text article.
	`ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article'`,
}

// The tables both archives define alike: fetch state, runs (up to the
// type of their id, which each dialect draws its own way) and locks.
const (
	ddlFetchStateRuns = `	CREATE TABLE fetch_state (
		url           TEXT PRIMARY KEY,
		article_id    TEXT NOT NULL DEFAULT '',
		etag          TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT '',
		status        INTEGER NOT NULL DEFAULT 0,
		attempts      INTEGER NOT NULL DEFAULT 0,
		last_error    TEXT NOT NULL DEFAULT '',
		outcome       TEXT NOT NULL DEFAULT '',
		fetched_at    TEXT NOT NULL DEFAULT '',
		next_due      TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE runs (
`
	ddlRunsLocks = `		site        TEXT NOT NULL,
		trigger     TEXT NOT NULL,
		state       TEXT NOT NULL,
		pid         INTEGER NOT NULL DEFAULT 0,
		host        TEXT NOT NULL DEFAULT '',
		started_at  TEXT NOT NULL,
		finished_at TEXT NOT NULL DEFAULT '',
		counts      TEXT NOT NULL DEFAULT '{}',
		errors      TEXT NOT NULL DEFAULT '[]',
		options     TEXT NOT NULL DEFAULT '{}'
	);
	CREATE INDEX runs_site ON runs(site, id);
	CREATE TABLE locks (
		name         TEXT PRIMARY KEY,
		owner        TEXT NOT NULL,
		pid          INTEGER NOT NULL,
		host         TEXT NOT NULL,
		acquired_at  TEXT NOT NULL,
		heartbeat_at TEXT NOT NULL
	);`
)

func (a *Archive) migrate(ctx context.Context) error {
	migrations := migrations
	if a.db.pg {
		migrations = pgMigrations
	}
	err := a.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
		return err
	})
	if err != nil {
		return err
	}
	var have int
	if err := a.db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&have); err != nil {
		return err
	}
	if have > len(migrations) {
		return fmt.Errorf("the archive has schema version %d, newer than this program knows (%d): upgrade newsarchive", have, len(migrations))
	}
	if have > 0 && have < len(migrations) {
		slog.Info("upgrading the archive", "path", a.path, "from_schema", have, "to_schema", len(migrations))
	}
	for v := have + 1; v <= len(migrations); v++ {
		err := a.tx(ctx, func(tx *txn) error {
			// Another process may have migrated meanwhile; the immediate
			// transaction serialises us, so check again inside it.
			var cur int
			if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&cur); err != nil {
				return err
			}
			if cur >= v {
				return nil
			}
			if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
				return fmt.Errorf("schema migration %d: %w", v, err)
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)", v, timeText(time.Now()))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

const timeLayout = "2006-01-02T15:04:05Z"

// timeText formats t for storage: UTC, second precision, sortable as text;
// the zero time is "".
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTimeText(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
