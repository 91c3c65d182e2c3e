package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"newsarchive/article"
)

// Doc is an article with its internal document number (dense, assigned by
// the archive, the key of the facet tables) and its version.
type Doc struct {
	Doc     uint32
	Version int64
	Article *article.Article
}

// Pending returns up to limit articles waiting to be indexed whose
// document number is above after, in document order.
func (a *Archive) Pending(ctx context.Context, after uint32, limit int) ([]Doc, error) {
	return a.docs(ctx, "WHERE indexed = 0 AND doc > ? ORDER BY doc LIMIT ?", after, limit)
}

// After returns up to limit articles with a document number above doc, in
// order: a full scan in pages, for reindexing.
func (a *Archive) After(ctx context.Context, doc uint32, limit int) ([]Doc, error) {
	return a.docs(ctx, "WHERE doc > ? ORDER BY doc LIMIT ?", doc, limit)
}

func (a *Archive) docs(ctx context.Context, where string, args ...any) ([]Doc, error) {
	rows, err := a.db.QueryContext(ctx, "SELECT "+articleColumns+", doc, version FROM articles "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read articles to index: %w", err)
	}
	defer rows.Close()
	var out []Doc
	for rows.Next() {
		var d Doc
		art, err := scanArticle(rows, &d.Doc, &d.Version)
		if err != nil {
			return nil, fmt.Errorf("read articles to index: %w", err)
		}
		d.Article = art
		out = append(out, d)
	}
	return out, rows.Err()
}

// Indexed records what the indexer found for one version of an article.
type Indexed struct {
	Doc       uint32
	Version   int64
	People    []string
	Countries []string
	Dates     []string
}

// MarkIndexed stores the entities found for these articles and takes them
// out of the indexing queue, in one transaction. An article whose version
// changed meanwhile (a scrape updated it) stays queued.
func (a *Archive) MarkIndexed(ctx context.Context, items []Indexed) error {
	return a.storeEntities(ctx, items, "UPDATE articles SET people = ?, countries = ?, dates = ?, indexed = 1 WHERE doc = ? AND version = ?")
}

// SetEntities stores the entities found for these article versions without
// touching the indexing queue (a rebuild writes them while the old index is
// still the live one).
func (a *Archive) SetEntities(ctx context.Context, items []Indexed) error {
	return a.storeEntities(ctx, items, "UPDATE articles SET people = ?, countries = ?, dates = ? WHERE doc = ? AND version = ?")
}

func (a *Archive) storeEntities(ctx context.Context, items []Indexed, update string) error {
	if len(items) == 0 {
		return nil
	}
	err := a.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, update)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, it := range items {
			if _, err := st.ExecContext(ctx, jsonList(it.People), jsonList(it.Countries), jsonList(it.Dates), it.Doc, it.Version); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store the entities of %d articles: %w", len(items), err)
	}
	return nil
}

// FacetRow is what the search layer keeps in memory for one indexed article.
type FacetRow struct {
	Doc       uint32
	ID        string
	Published time.Time // zero when unknown
	Section   string
	Site      string
	Language  string
	People    []string
	Countries []string
	Dates     []string
}

// ScanIndexed calls fn for every indexed article, in document order.
func (a *Archive) ScanIndexed(ctx context.Context, fn func(FacetRow) error) error {
	rows, err := a.db.QueryContext(ctx, `SELECT doc, id, published, section, site, language, people, countries, dates
		FROM articles WHERE indexed = 1 ORDER BY doc`)
	if err != nil {
		return fmt.Errorf("scan indexed articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r FacetRow
		var published, people, countries, dates string
		if err := rows.Scan(&r.Doc, &r.ID, &published, &r.Section, &r.Site, &r.Language, &people, &countries, &dates); err != nil {
			return fmt.Errorf("scan indexed articles: %w", err)
		}
		r.Published = parseTimeText(published)
		r.People, r.Countries, r.Dates = parseList(people), parseList(countries), parseList(dates)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// DocVersion names one version of an article.
type DocVersion struct {
	Doc     uint32
	Version int64
}

// MarkVersionsIndexed takes these article versions out of the indexing
// queue (an article changed since stays queued).
func (a *Archive) MarkVersionsIndexed(ctx context.Context, items []DocVersion) error {
	for len(items) > 0 {
		chunk := items[:min(len(items), 5000)]
		items = items[len(chunk):]
		err := a.tx(ctx, func(tx *sql.Tx) error {
			st, err := tx.PrepareContext(ctx, `UPDATE articles SET indexed = 1 WHERE doc = ? AND version = ?`)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, it := range chunk {
				if _, err := st.ExecContext(ctx, it.Doc, it.Version); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("mark articles indexed: %w", err)
		}
	}
	return nil
}

// People returns every distinct person name the indexed articles mention.
func (a *Archive) People(ctx context.Context) ([]string, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT DISTINCT j.value FROM articles, json_each(articles.people) j WHERE indexed = 1`)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("list people: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
