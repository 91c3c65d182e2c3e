package indexer

import (
	"context"

	"newsarchive/archive"
)

// Source is what indexing needs from the archive: its change feed, a place
// to keep the entities found once per article version, a scan for the
// facet store, and a full scan for re-extraction. The SQLite archive
// (*archive.Archive) implements it; a second archive (PostgreSQL) slots in
// here. Nothing in a Source records which index has seen what: each index
// keeps its own cursor.
type Source interface {
	Changes(ctx context.Context, after int64, limit int) ([]archive.Change, error)
	ChangesAfter(ctx context.Context, after int64) (int, error)
	StoreEntities(ctx context.Context, items []archive.Extraction) (int, error)
	ScanFacets(ctx context.Context, through int64, fn func(archive.FacetRow) error) error
	After(ctx context.Context, doc uint32, limit int) ([]archive.Doc, error)
	Lease(ctx context.Context, name string) (bool, error)
	Unlock(ctx context.Context, name string) error
	Count(ctx context.Context) (archive.Counts, error)
}

var _ Source = (*archive.Archive)(nil)
