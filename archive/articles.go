package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"newsarchive/article"
)

// SaveResult says what SaveArticle did.
type SaveResult int

// The outcomes of SaveArticle.
const (
	Unchanged SaveResult = iota // same content as stored: nothing written but the fetch time
	New                         // first time this id is stored
	Updated                     // content changed: the old version kept as a revision
)

func (r SaveResult) String() string {
	return [...]string{"unchanged", "new", "updated"}[r]
}

// ContentHash identifies an article's content: what the parser found, not
// the entities the indexer adds.
//
// The kind enters the hash only when it is not "article": every article
// stored before kinds existed was hashed without it, and a hash that took
// it in always would make each of them look changed (a new version, a new
// revision, indexed again) on its next fetch. A media page that was stored
// as an article does change, and is updated with its kind.
func ContentHash(a *article.Article) string {
	h := sha256.New()
	parts := []string{a.Title, a.Lead, a.Body, strings.Join(a.Authors, "\x1f"),
		timeText(a.Published), timeText(a.Updated), a.Section, strings.Join(a.Tags, "\x1f"),
		a.Image, a.ImageCaption}
	if k := kindOf(a); k != article.KindArticle {
		parts = append(parts, "kind="+k)
	}
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// kindOf is the kind stored for a: an article unless it says otherwise.
func kindOf(a *article.Article) string {
	if a.Kind == "" {
		return article.KindArticle
	}
	return a.Kind
}

// SaveArticle stores a parsed article and its raw page in one transaction,
// keyed by its Pangea id. A changed article keeps its previous version as a
// revision and goes back into the indexing queue.
func (a *Archive) SaveArticle(ctx context.Context, art *article.Article, raw []byte) (SaveResult, error) {
	var result SaveResult
	err := a.tx(ctx, func(tx *txn) error {
		var err error
		result, err = saveArticle(ctx, tx, art, raw)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("archive article %s: %w", art.ID, err)
	}
	return result, nil
}

// SaveArticles stores many articles (without raw pages) in one transaction:
// a bulk import.
func (a *Archive) SaveArticles(ctx context.Context, arts []*article.Article) error {
	err := a.tx(ctx, func(tx *txn) error {
		for _, art := range arts {
			if _, err := saveArticle(ctx, tx, art, nil); err != nil {
				return fmt.Errorf("article %s: %w", art.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("archive %d articles: %w", len(arts), err)
	}
	return nil
}

func saveArticle(ctx context.Context, tx *txn, art *article.Article, raw []byte) (SaveResult, error) {
	if art.ID == "" {
		return 0, errors.New("no article id")
	}
	art = cleanArticle(art)
	hash := ContentHash(art)
	now := timeText(time.Now())
	var result SaveResult
	var doc, version int64
	var oldHash string
	err := tx.QueryRowContext(ctx, "SELECT doc, version, content_hash FROM articles WHERE id = ?", art.ID).
		Scan(&doc, &version, &oldHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		result = New
		err := tx.QueryRowContext(ctx, `INSERT INTO articles (id, url, site, language, title, lead, body,
			authors, published, updated, section, tags, image, image_caption, kind, content_hash, first_seen, fetched_at, change)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,`+nextChange+`) RETURNING doc`,
			art.ID, art.URL, art.Site, art.Language, art.Title, art.Lead, art.Body, jsonList(art.Authors),
			timeText(art.Published), timeText(art.Updated), art.Section, jsonList(art.Tags), art.Image,
			art.ImageCaption, kindOf(art), hash, now, now).Scan(&doc)
		if err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	case oldHash == hash:
		_, err := tx.ExecContext(ctx, "UPDATE articles SET fetched_at = ?, url = ? WHERE doc = ?", now, art.URL, doc)
		return Unchanged, err
	default:
		result = Updated
		if err := keepRevision(ctx, tx, doc, art.ID, version, now); err != nil {
			return 0, err
		}
		_, err := tx.ExecContext(ctx, `UPDATE articles SET url=?, site=?, language=?, title=?, lead=?, body=?,
			authors=?, published=?, updated=?, section=?, tags=?, image=?, image_caption=?, kind=?, content_hash=?,
			version=version+1, fetched_at=?, change=`+nextChange+` WHERE doc=?`,
			art.URL, art.Site, art.Language, art.Title, art.Lead, art.Body, jsonList(art.Authors),
			timeText(art.Published), timeText(art.Updated), art.Section, jsonList(art.Tags), art.Image,
			art.ImageCaption, kindOf(art), hash, now, doc)
		if err != nil {
			return 0, err
		}
	}
	if raw != nil {
		z, err := compress(raw)
		if err != nil {
			return 0, err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO raw_pages(doc, html) VALUES (?, ?) ON CONFLICT(doc) DO UPDATE SET html = excluded.html",
			doc, z)
		return result, err
	}
	return result, nil
}

// nextChange draws the next change number. Writers take SQLite's write lock
// when their transaction begins (_txlock=immediate), so numbers are
// committed in the order they are drawn: a reader of the feed never sees a
// higher number before a lower one.
const nextChange = `(SELECT coalesce(max(change), 0) + 1 FROM articles)`

// keepRevision copies the stored version of an article into revisions.
func keepRevision(ctx context.Context, tx *txn, doc int64, id string, version int64, now string) error {
	old, err := scanArticle(tx.QueryRowContext(ctx, "SELECT "+articleColumns+" FROM "+articleTables+" WHERE a.doc = ?", doc))
	if err != nil {
		return err
	}
	js, err := json.Marshal(old)
	if err != nil {
		return err
	}
	var html []byte
	if err := tx.QueryRowContext(ctx, "SELECT html FROM raw_pages WHERE doc = ?", doc).Scan(&html); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	z, err := compress(js)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO revisions(article_id, version, replaced_at, article, html) VALUES (?,?,?,?,?)",
		id, version, now, z, html)
	return err
}

// articleColumns are read from articleTables: an article with the
// entities last found in it.
const articleColumns = `a.id, a.url, a.site, a.language, a.title, a.lead, a.body, a.authors, a.published, a.updated,
	a.section, a.tags, a.image, a.image_caption, a.kind, coalesce(e.entities, '{}')`

const articleTables = `articles a LEFT JOIN extractions e ON e.doc = a.doc`

type rowScanner interface{ Scan(dest ...any) error }

func scanArticle(row rowScanner, extra ...any) (*article.Article, error) {
	a, _, err := scanArticleEntities(row, extra...)
	return a, err
}

// scanArticleEntities is scanArticle that also returns every kind of
// entity stored (the article has fields for some kinds only).
func scanArticleEntities(row rowScanner, extra ...any) (*article.Article, map[string][]string, error) {
	var a article.Article
	var authors, published, updated, tags, entities string
	dest := append([]any{&a.ID, &a.URL, &a.Site, &a.Language, &a.Title, &a.Lead, &a.Body, &authors, &published,
		&updated, &a.Section, &tags, &a.Image, &a.ImageCaption, &a.Kind, &entities}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, nil, err
	}
	a.Authors = parseList(authors)
	a.Tags = parseList(tags)
	ents := parseEntities(entities)
	a.SetEntities(ents)
	a.Published = parseTimeText(published)
	a.Updated = parseTimeText(updated)
	return &a, ents, nil
}

// Article returns the stored article with this Pangea id.
func (a *Archive) Article(ctx context.Context, id string) (*article.Article, error) {
	art, err := scanArticle(a.db.QueryRowContext(ctx, "SELECT "+articleColumns+" FROM "+articleTables+" WHERE a.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read article %s: %w", id, err)
	}
	return art, nil
}

// ArticlesByDoc returns the articles with these internal document numbers,
// in the same order (a missing one is nil; a repeated one is there each time).
func (a *Archive) ArticlesByDoc(ctx context.Context, docs []uint32) ([]*article.Article, error) {
	keys := make([]any, len(docs))
	for i, d := range docs {
		keys[i] = int64(d)
	}
	return a.articlesIn(ctx, "a.doc", keys)
}

// ArticlesByID returns the articles with these Pangea ids, in the same
// order (a missing one is nil), in one read.
func (a *Archive) ArticlesByID(ctx context.Context, ids []string) ([]*article.Article, error) {
	keys := make([]any, len(ids))
	for i, id := range ids {
		keys[i] = id
	}
	return a.articlesIn(ctx, "a.id", keys)
}

// articlesIn reads, in one query, the articles whose column col (a.doc or
// a.id) is one of keys, placed at the keys' positions.
func (a *Archive) articlesIn(ctx context.Context, col string, keys []any) ([]*article.Article, error) {
	out := make([]*article.Article, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	pos := make(map[any][]int, len(keys))
	for i, k := range keys {
		pos[k] = append(pos[k], i)
	}
	q := "SELECT " + articleColumns + ", a.doc FROM " + articleTables + " WHERE " + col + " IN (?" + strings.Repeat(",?", len(keys)-1) + ")"
	rows, err := a.db.QueryContext(ctx, q, keys...)
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc uint32
		art, err := scanArticle(rows, &doc)
		if err != nil {
			return nil, fmt.Errorf("read articles: %w", err)
		}
		var key any = art.ID
		if col == "a.doc" {
			key = int64(doc)
		}
		for _, i := range pos[key] {
			out[i] = art
		}
	}
	return out, rows.Err()
}

// RawHTML returns the page an article was parsed from.
func (a *Archive) RawHTML(ctx context.Context, id string) ([]byte, error) {
	var z []byte
	err := a.db.QueryRowContext(ctx, "SELECT r.html FROM raw_pages r JOIN articles a ON a.doc = r.doc WHERE a.id = ?", id).Scan(&z)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("raw page of article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("raw page of article %s: %w", id, err)
	}
	return decompress(z)
}

// Revision is an earlier version of an article.
type Revision struct {
	Version    int64            `json:"version"`
	ReplacedAt time.Time        `json:"replaced_at"`
	Article    *article.Article `json:"article"`
}

// Revisions returns the earlier versions of an article, oldest first.
func (a *Archive) Revisions(ctx context.Context, id string) ([]Revision, error) {
	rows, err := a.db.QueryContext(ctx, "SELECT version, replaced_at, article FROM revisions WHERE article_id = ? ORDER BY version", id)
	if err != nil {
		return nil, fmt.Errorf("revisions of article %s: %w", id, err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		var at string
		var z []byte
		if err := rows.Scan(&r.Version, &at, &z); err != nil {
			return nil, fmt.Errorf("revisions of article %s: %w", id, err)
		}
		js, err := decompress(z)
		if err != nil {
			return nil, err
		}
		r.Article = new(article.Article)
		if err := json.Unmarshal(js, r.Article); err != nil {
			return nil, fmt.Errorf("revision %d of article %s: %w", r.Version, id, err)
		}
		r.ReplacedAt = parseTimeText(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Counts are the archive's totals.
type Counts struct {
	Articles int `json:"articles"`
	// Pending are the articles whose current version waits for its
	// entities (and so for the index).
	Pending int `json:"pending"`
}

// Count returns how many articles the archive holds and how many wait for
// their entities.
func (a *Archive) Count(ctx context.Context) (Counts, error) {
	var c Counts
	err := a.db.QueryRowContext(ctx, "SELECT count(*), (SELECT count(*) FROM articles WHERE extracted <> version) FROM articles").
		Scan(&c.Articles, &c.Pending)
	if err != nil {
		return c, fmt.Errorf("count articles: %w", err)
	}
	return c, nil
}

func jsonList(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func parseList(s string) []string {
	out := []string{}
	if s == "" || s == "[]" {
		return out
	}
	// Fast path for what jsonList writes for plain values: ["a","b"]. A
	// value without a backslash cannot hold a quote, so the split is exact.
	if len(s) >= 4 && s[0] == '[' && s[1] == '"' && s[len(s)-2] == '"' && s[len(s)-1] == ']' &&
		!strings.ContainsRune(s, '\\') && noControl(s) {
		return strings.Split(s[2:len(s)-2], `","`)
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return []string{}
	}
	return out
}

// noControl reports whether s holds no control characters (JSON escapes them).
func noControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return false
		}
	}
	return true
}
