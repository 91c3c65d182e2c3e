package archive

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"newsarchive/article"
)

func TestKindRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	tests := []struct {
		name, kind, want string
	}{
		{"a text article", article.KindArticle, article.KindArticle},
		{"no kind given", "", article.KindArticle},
		{"a video page with a story", article.KindVideo, article.KindVideo},
		{"a gallery", article.KindGallery, article.KindGallery},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			art := sample(string(rune('1'+i))+"00", "text")
			art.Kind = tt.kind
			if _, err := a.SaveArticle(ctx, art, nil); err != nil {
				t.Fatal(err)
			}
			got, err := a.Article(ctx, art.ID)
			if err != nil || got.Kind != tt.want {
				t.Errorf("stored kind = %q, %v; want %q", got.Kind, err, tt.want)
			}
		})
	}
}

// The kind enters the content hash only when it is not "article", so the
// articles stored before kinds existed keep their hash.
func TestContentHashKind(t *testing.T) {
	plain, asArticle, asVideo := sample("1", "x"), sample("1", "x"), sample("1", "x")
	asArticle.Kind, asVideo.Kind = article.KindArticle, article.KindVideo
	if ContentHash(plain) != ContentHash(asArticle) {
		t.Error(`kind "article" changes the hash of an article`)
	}
	if ContentHash(plain) == ContentHash(asVideo) {
		t.Error("a video page hashes like the same text as an article")
	}
}

// An archive at schema version 2 (before kinds) is upgraded: its articles
// are articles, unchanged when fetched again; a media page stored as an
// article becomes its kind.
func TestMigrationAddsKind(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	old, media := sample("200", "text"), sample("201", "a story beside a video")
	now := timeText(time.Now())
	stmts := []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
		migrations[0], migrations[1],
		`INSERT INTO schema_migrations(version, applied_at) VALUES (1, '` + now + `'), (2, '` + now + `')`,
	}
	for _, s := range stmts {
		if _, err := raw.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	for i, art := range []*article.Article{old, media} {
		_, err := raw.ExecContext(ctx, `INSERT INTO articles (id, url, site, language, title, body, authors, published,
			section, tags, content_hash, first_seen, fetched_at, change) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			art.ID, art.URL, art.Site, art.Language, art.Title, art.Body, jsonList(art.Authors), timeText(art.Published),
			art.Section, jsonList(art.Tags), ContentHash(art), now, now, i+1)
		if err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if v, err := a.schemaVersion(ctx); err != nil || v != len(migrations) || v != 3 {
		t.Fatalf("schema version %d, %v; want 3", v, err)
	}
	got, err := a.Article(ctx, old.ID)
	if err != nil || got.Kind != article.KindArticle {
		t.Fatalf("migrated article: kind %q, %v", got.Kind, err)
	}
	old.Kind = article.KindArticle
	if res, err := a.SaveArticle(ctx, old, nil); err != nil || res != Unchanged {
		t.Errorf("the same article fetched again: %v, %v; want unchanged", res, err)
	}
	media.Kind = article.KindVideo
	if res, err := a.SaveArticle(ctx, media, nil); err != nil || res != Updated {
		t.Errorf("a video page stored as an article: %v, %v; want updated", res, err)
	}
	if got, _ := a.Article(ctx, media.ID); got == nil || got.Kind != article.KindVideo {
		t.Errorf("kind after the update = %+v", got)
	}
}
