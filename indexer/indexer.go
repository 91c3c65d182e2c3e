package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer/facets"
)

// Finder finds the people, countries and dates an article mentions.
type Finder interface {
	Find(a *article.Article) (people, countries, dates []string)
}

// Indexer moves the archive's pending articles into the index.
type Indexer struct {
	Index     *Index
	Archive   Source
	Finder    Finder
	BatchSize int          // articles per batch (default 500)
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

// IndexPending indexes pending articles until none is left and returns how
// many it indexed. A cancelled context stops it between batches; the batch
// in hand is always finished, so nothing is half-written.
func (x *Indexer) IndexPending(ctx context.Context) (int, error) {
	total := 0
	err := x.pipeline(ctx, func(ctx context.Context, after uint32) ([]archive.Doc, error) {
		return x.Archive.Pending(ctx, after, x.batchSize())
	}, func(docs []archive.Doc) error {
		start := time.Now()
		marks, err := x.write(docs)
		if err != nil {
			return err
		}
		if err := x.Archive.MarkIndexed(context.WithoutCancel(ctx), marks); err != nil {
			return err
		}
		total += len(docs)
		took := time.Since(start)
		x.log().Info("indexed", "articles", len(docs), "took_ms", took.Milliseconds())
		if x.OnBatch != nil {
			x.OnBatch(len(docs), took)
		}
		return nil
	})
	return total, err
}

// pipeline reads batches with next (after the last document of the previous
// batch) and extracts their entities in one goroutine, while sink writes
// the previous batch in another: extraction and index writing overlap and
// keep both cores busy. A cancelled context stops reading; batches already
// read are written.
func (x *Indexer) pipeline(ctx context.Context, next func(context.Context, uint32) ([]archive.Doc, error), sink func([]archive.Doc) error) error {
	type batch struct {
		docs []archive.Doc
		err  error
	}
	ready := make(chan batch, 1)
	stop := make(chan struct{})
	go func() {
		defer close(ready)
		var after uint32
		for ctx.Err() == nil {
			docs, err := next(ctx, after)
			if err == nil && len(docs) == 0 {
				return
			}
			if err == nil {
				x.extract(docs)
				after = docs[len(docs)-1].Doc
			}
			select {
			case ready <- batch{docs, err}:
			case <-stop:
				return
			}
			if err != nil {
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
		if err := sink(b.docs); err != nil {
			return err
		}
	}
	return nil
}

// Watch indexes pending articles now and then every interval, until ctx is
// done: this is how articles archived by another process (a crontab scrape)
// reach a running server's index.
func (x *Indexer) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
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

// write writes articles (their entities already found) to the text index
// and the facet store, and returns what to record in the archive. Callers
// mark them indexed in the archive only after this returns: a crash in
// between leaves an article indexed but still pending, and it is simply
// indexed again.
func (x *Indexer) write(docs []archive.Doc) ([]archive.Indexed, error) {
	ix := x.Index
	batches := make([]*bleve.Batch, len(ix.shards))
	for i, sh := range ix.shards {
		batches[i] = sh.NewBatch()
	}
	fdocs := make([]facets.Doc, len(docs))
	marks := make([]archive.Indexed, len(docs))
	for i, d := range docs {
		a := d.Article
		if err := batches[ix.shardOf(d.Doc)].Index(BleveID(d.Doc), bleveDoc(a)); err != nil {
			return nil, fmt.Errorf("index article %s: %w", a.ID, err)
		}
		fdocs[i] = facetDoc(d.Doc, a.Published, a.Section, a.Site, a.Language, a.People, a.Countries, a.Dates)
		marks[i] = archive.Indexed{Doc: d.Doc, Version: d.Version, People: a.People, Countries: a.Countries, Dates: a.Dates}
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
		return nil, fmt.Errorf("write %d articles to the index: %w", len(docs), err)
	}
	ix.facets.Put(fdocs...)
	return marks, nil
}

// extract fills in the entities of docs, on every core.
func (x *Indexer) extract(docs []archive.Doc) {
	workers := x.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan *article.Article)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range next {
				a.People, a.Countries, a.Dates = x.Finder.Find(a)
			}
		}()
	}
	for _, d := range docs {
		next <- d.Article
	}
	close(next)
	wg.Wait()
}
