package indexer

import (
	"context"
	"fmt"
	"os"
	"time"

	"newsarchive/indexer/facets"
)

// Progress reports how far a rebuild has come.
type Progress func(done, total int)

// Rebuild builds a fresh index from the archive — without the network —
// and swaps it in for the old one only when it is complete. With reextract
// it first finds the entities of every article again (a better extractor
// or alias table reaches the whole archive; entities that come out the
// same change nothing); without, the stored entities are kept (a new
// mapping needs no new extraction: an upgrade answers as before). Then the
// fresh index follows the change feed from cursor 0 (finder finds what a
// version still lacks). The index must not be open (Rebuild takes its
// lock). If it stops early the old index stays as it was.
func Rebuild(ctx context.Context, dataDir string, arch Source, finder Finder, reextract bool, h Holder, progress Progress) (int, error) {
	lock, err := acquire(dataDir, h)
	if err != nil {
		return 0, err
	}
	defer lock.release()

	counts, err := arch.Count(ctx)
	if err != nil {
		return 0, err
	}
	total := counts.Articles
	if reextract {
		total *= 2 // found again, then indexed
	}
	done := 0
	report := func(n int) {
		done += n
		if progress != nil {
			progress(done, max(done, total))
		}
	}
	x := &Indexer{Archive: arch, Finder: finder, BatchSize: 1000}
	if reextract {
		if err := x.reextract(ctx, report); err != nil {
			return 0, fmt.Errorf("reindex stopped while finding entities; the old index is unchanged: %w", err)
		}
	}

	live, fresh, old := Dir(dataDir), Dir(dataDir)+".new", Dir(dataDir)+".old"
	os.RemoveAll(fresh)
	os.RemoveAll(old)
	shards, err := createShards(fresh)
	if err != nil {
		return 0, err
	}
	x.Index = &Index{dataDir: dataDir, shards: shards, facets: facets.New()}
	closeShards := func() error {
		var err error
		for _, b := range shards {
			if cerr := b.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}
		return err
	}
	x.OnBatch = func(n int, _ time.Duration) { report(n) }
	indexed, err := x.IndexPending(ctx)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		closeShards()
		os.RemoveAll(fresh)
		return indexed, fmt.Errorf("reindex stopped after %d of %d articles; the old index is unchanged: %w", indexed, counts.Articles, err)
	}
	if err := closeShards(); err != nil {
		return indexed, fmt.Errorf("finish the new index: %w", err)
	}
	if _, err := os.Stat(live); err == nil {
		if err := os.Rename(live, old); err != nil {
			return indexed, fmt.Errorf("swap in the new index: %w", err)
		}
	}
	if err := os.Rename(fresh, live); err != nil {
		os.Rename(old, live)
		return indexed, fmt.Errorf("swap in the new index: %w", err)
	}
	os.RemoveAll(old)
	return indexed, nil
}

// reextract finds the entities of every article again and stores them.
func (x *Indexer) reextract(ctx context.Context, report func(int)) error {
	var after uint32
	for ctx.Err() == nil {
		docs, err := x.Archive.After(ctx, after, x.batchSize())
		if err != nil || len(docs) == 0 {
			return err
		}
		if _, err := x.Archive.StoreEntities(context.WithoutCancel(ctx), x.extract(docs)); err != nil {
			return err
		}
		after = docs[len(docs)-1].Doc
		report(len(docs))
	}
	return ctx.Err()
}
