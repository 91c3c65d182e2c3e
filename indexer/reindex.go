package indexer

import (
	"context"
	"fmt"
	"os"

	"newsarchive/archive"
	"newsarchive/indexer/facets"
)

// Progress reports how far a rebuild has come.
type Progress func(done, total int)

// Rebuild builds a fresh index from every article in the archive — without
// the network — and swaps it in for the old one only when it is complete.
// The index must not be open (Rebuild takes its lock). If it stops early
// the old index stays as it was.
func Rebuild(ctx context.Context, dataDir string, arch Source, finder Finder, h Holder, progress Progress) (int, error) {
	lock, err := acquire(dataDir, h)
	if err != nil {
		return 0, err
	}
	defer lock.release()

	counts, err := arch.Count(ctx)
	if err != nil {
		return 0, err
	}
	live, fresh, old := Dir(dataDir), Dir(dataDir)+".new", Dir(dataDir)+".old"
	os.RemoveAll(fresh)
	os.RemoveAll(old)
	shards, err := createShards(fresh)
	if err != nil {
		return 0, err
	}
	ix := &Index{dataDir: dataDir, shards: shards, facets: facets.New()}
	closeShards := func() error {
		var err error
		for _, b := range shards {
			if cerr := b.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}
		return err
	}
	x := &Indexer{Index: ix, Archive: arch, Finder: finder, BatchSize: 1000}
	var versions []archive.DocVersion
	done := 0
	err = x.pipeline(ctx, func(ctx context.Context, after uint32) ([]archive.Doc, error) {
		return arch.After(ctx, after, 1000)
	}, func(docs []archive.Doc) error {
		marks, err := x.write(docs)
		if err != nil {
			return err
		}
		if err := arch.SetEntities(context.WithoutCancel(ctx), marks); err != nil {
			return err
		}
		for _, d := range docs {
			versions = append(versions, archive.DocVersion{Doc: d.Doc, Version: d.Version})
		}
		done += len(docs)
		if progress != nil {
			progress(done, max(done, counts.Articles))
		}
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		closeShards()
		os.RemoveAll(fresh)
		return done, fmt.Errorf("reindex stopped after %d of %d articles; the old index is unchanged: %w", done, counts.Articles, err)
	}
	if err := closeShards(); err != nil {
		return done, fmt.Errorf("finish the new index: %w", err)
	}
	if _, err := os.Stat(live); err == nil {
		if err := os.Rename(live, old); err != nil {
			return done, fmt.Errorf("swap in the new index: %w", err)
		}
	}
	if err := os.Rename(fresh, live); err != nil {
		os.Rename(old, live)
		return done, fmt.Errorf("swap in the new index: %w", err)
	}
	os.RemoveAll(old)
	if err := arch.MarkVersionsIndexed(ctx, versions); err != nil {
		return done, err
	}
	return done, nil
}
