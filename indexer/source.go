package indexer

import (
	"context"

	"newsarchive/archive"
)

// Source is what indexing needs from the archive: the queue of pending
// articles, a full scan for rebuilds, and a place to record what was
// indexed. The SQLite archive (*archive.Archive) implements it; with an
// archive shared by several nodes (PostgreSQL), each search node would keep
// its own index fed from the same Source.
type Source interface {
	Pending(ctx context.Context, after uint32, limit int) ([]archive.Doc, error)
	After(ctx context.Context, after uint32, limit int) ([]archive.Doc, error)
	MarkIndexed(ctx context.Context, items []archive.Indexed) error
	SetEntities(ctx context.Context, items []archive.Indexed) error
	MarkVersionsIndexed(ctx context.Context, items []archive.DocVersion) error
	ScanIndexed(ctx context.Context, fn func(archive.FacetRow) error) error
	Count(ctx context.Context) (archive.Counts, error)
}

var _ Source = (*archive.Archive)(nil)
