package scrape

import (
	"context"

	"newsarchive/archive"
	"newsarchive/article"
)

// Store is what a scrape needs from the archive. The SQLite archive
// (*archive.Archive) implements it; an archive shared by several scraper
// nodes (PostgreSQL) would implement the same methods.
type Store interface {
	FetchState(ctx context.Context, url string) (archive.FetchState, bool, error)
	PutFetchState(ctx context.Context, s archive.FetchState) error
	SaveArticle(ctx context.Context, a *article.Article, raw []byte) (archive.SaveResult, error)
	TryLock(ctx context.Context, name, owner string) (bool, archive.Lock, error)
	Heartbeat(ctx context.Context, name string) error
	Unlock(ctx context.Context, name string) error
	StartRun(ctx context.Context, r archive.Run) (int64, error)
	UpdateRun(ctx context.Context, id int64, counts map[string]int64, errs []string) error
	FinishRun(ctx context.Context, id int64, state string, counts map[string]int64, errs []string) error
}

var _ Store = (*archive.Archive)(nil)
