package indexer

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer/facets"
)

// Finder finds the entities an article mentions, by kind (person,
// country, date).
type Finder interface {
	Find(a *article.Article) map[string][]string
}

// Indexer brings an index up to date with the archive's change feed.
type Indexer struct {
	Index     *Index
	Archive   Source
	Finder    Finder
	BatchSize int          // changes per batch (default 500)
	Workers   int          // extraction goroutines (default GOMAXPROCS)
	Log       *slog.Logger // default slog.Default()

	// OnBatch, if set, is called after each batch is committed.
	OnBatch func(indexed int, took time.Duration)
}

func (x *Indexer) batchSize() int {
	if x.BatchSize > 0 {
		return x.BatchSize
	}
	return 500
}

func (x *Indexer) log() *slog.Logger {
	if x.Log != nil {
		return x.Log
	}
	return slog.Default()
}

// IndexPending follows the archive's change feed from the index's cursor
// until it has taken every change, and returns how many articles it
// indexed. An article version without entities yet has them found and
// stored in the archive (which makes it a new change, taken later in the
// same run); it is indexed with them then, so each version is extracted
// once and indexed once. A cancelled context stops it between batches; the
// batch in hand is always finished, and the cursor is written with it.
func (x *Indexer) IndexPending(ctx context.Context) (int, error) {
	total := 0
	err := x.pipeline(ctx, x.Index.Cursor(), func(b batch) error {
		start := time.Now()
		n, err := x.write(b.changes, b.last)
		if err != nil {
			return err
		}
		total += n
		if n > 0 {
			took := time.Since(start)
			x.log().Info("indexed", "articles", n, "through_change", b.last, "took_ms", took.Milliseconds())
			if x.OnBatch != nil {
				x.OnBatch(n, took)
			}
		}
		return nil
	})
	return total, err
}

// batch is a run of the change feed, its missing entities found.
type batch struct {
	changes []archive.Change
	last    int64 // the last change number of the run
	err     error
}

// pipeline reads the change feed after cursor in one goroutine, finding
// and storing the entities of versions that have none, while sink writes
// the previous batch in another: extraction and index writing overlap and
// keep both cores busy. A cancelled context stops reading; batches already
// read are written.
func (x *Indexer) pipeline(ctx context.Context, cursor int64, sink func(batch) error) error {
	ready := make(chan batch, 1)
	stop := make(chan struct{})
	go func() {
		defer close(ready)
		after := cursor
		// The versions this run found entities for and indexed in the
		// batch that found them; storing the entities made each a new
		// change, which is not written again when the feed brings it.
		done := map[uint32]doneVersion{}
		for ctx.Err() == nil {
			changes, err := x.Archive.Changes(ctx, after, x.batchSize())
			if err == nil && len(changes) == 0 {
				return
			}
			b := batch{err: err}
			if err == nil {
				b.last = changes[len(changes)-1].Change
				after = b.last
				b.changes = dropDone(changes, done)
				b.err = x.extractMissing(context.WithoutCancel(ctx), b.changes, done)
			}
			select {
			case ready <- b:
			case <-stop:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	defer func() {
		close(stop)
		for range ready { // let the reader finish
		}
	}()
	for b := range ready {
		if b.err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return b.err
		}
		if err := sink(b); err != nil {
			return err
		}
	}
	return nil
}

// ExtractLease is the archive lease under which one process of a cluster
// finds the entities of new article versions for every index; the others
// take them from the feed. (With one process it is always that one.)
const ExtractLease = "extract"

// extractMissing finds the entities of the changes that have none for
// their version and stores them in the archive — if this process holds the
// extraction lease; otherwise they come back through the feed once the
// holder has stored them. The changes it found entities for are written
// with them in this batch (so extraction overlaps the index's writing) and
// recorded in done.
func (x *Indexer) extractMissing(ctx context.Context, changes []archive.Change, done map[uint32]doneVersion) error {
	var docs []archive.Doc
	var at []int
	for i, c := range changes {
		if !c.Extracted {
			docs = append(docs, archive.Doc{Doc: c.Doc, Version: c.Version, Article: c.Article})
			at = append(at, i)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	if held, err := x.Archive.Lease(ctx, ExtractLease); err != nil || !held {
		return err
	}
	found := x.extract(docs)
	if _, err := x.Archive.StoreEntities(ctx, found); err != nil {
		return err
	}
	for j, ex := range found {
		c := &changes[at[j]]
		c.Extracted, c.Entities = true, ex.Entities
		done[ex.Doc] = doneVersion{version: ex.Version, sum: entitySum(ex.Entities)}
	}
	return nil
}

// doneVersion is a version a run indexed with the entities it found: the
// version and a fingerprint of the entities (a few bytes an article, for
// a backlog of any size).
type doneVersion struct {
	version int64
	sum     uint64
}

// entitySum fingerprints entities: a hash of their canonical form.
func entitySum(m map[string][]string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(archive.EntitiesKey(m)))
	return h.Sum64()
}

// dropDone leaves out the changes that only bring back entities this run
// stored and indexed already (same version, same entities).
func dropDone(changes []archive.Change, done map[uint32]doneVersion) []archive.Change {
	if len(done) == 0 {
		return changes
	}
	kept := changes[:0]
	for _, c := range changes {
		if d, ok := done[c.Doc]; ok && c.Extracted && d.version == c.Version && d.sum == entitySum(c.Entities) {
			delete(done, c.Doc)
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// Watch indexes pending articles now and then every interval, until ctx is
// done: this is how articles archived by another process (a crontab scrape)
// reach a running server's index. When it stops it gives up the extraction
// lease, if it held it, so another node takes over at once rather than
// after archive.StaleAfter.
func (x *Indexer) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	defer x.releaseLease()
	for {
		if _, err := x.IndexPending(ctx); err != nil && ctx.Err() == nil {
			x.log().Error("indexing failed; will retry", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// releaseLease gives up the extraction lease if this process holds it.
func (x *Indexer) releaseLease() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := x.Archive.Unlock(ctx, ExtractLease); err != nil {
		x.log().Warn("could not give up the extraction lease; another node takes it over when it goes stale", "err", err)
	}
}

// write writes the extracted articles of a run of changes to the text
// index and the facet store, with the run's last change number as the
// cursor of every shard (in the same Bleve batch as the documents: a shard
// never holds documents past its cursor, nor a cursor past its
// documents). Changes without entities are skipped: they come back when
// their entities are stored. It returns how many articles it wrote.
func (x *Indexer) write(changes []archive.Change, last int64) (int, error) {
	ix := x.Index
	batches := make([]*bleve.Batch, len(ix.shards))
	for i, sh := range ix.shards {
		batches[i] = sh.NewBatch()
		batches[i].SetInternal([]byte(cursorKey), []byte(strconv.FormatInt(last, 10)))
	}
	var fdocs []facets.Doc
	for _, c := range changes {
		if !c.Extracted {
			continue
		}
		a := c.Article
		values := facets.Values(a, c.Entities)
		if err := batches[ix.shardOf(c.Doc)].Index(BleveID(c.Doc), bleveDoc(a, values)); err != nil {
			return 0, fmt.Errorf("index article %s: %w", a.ID, err)
		}
		fdocs = append(fdocs, facets.Doc{Num: c.Doc, Published: a.Published, Values: values})
	}
	// The shards take their batches at the same time, one core each.
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, sh := range ix.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = sh.Batch(batches[i])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, fmt.Errorf("write %d articles to the index: %w", len(fdocs), err)
	}
	ix.facets.Put(fdocs...)
	ix.cursor.Store(last)
	return len(fdocs), nil
}

// extract finds the entities of docs, on every core.
func (x *Indexer) extract(docs []archive.Doc) []archive.Extraction {
	workers := x.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]archive.Extraction, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d := docs[i]
				out[i] = archive.Extraction{Doc: d.Doc, Version: d.Version, Entities: x.Finder.Find(d.Article)}
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
