package search

import (
	"container/heap"
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"newsarchive/indexer"
)

// scored is a document with its relevance score.
type scored struct {
	doc   uint32
	score float64
}

// textMatches runs a text query through Bleve and returns every matching
// document that is also in allowed (nil: no filter), and — when rank > 0 —
// the rank best by relevance, best first. maxDoc bounds the document
// numbers. Bleve only matches and scores; filters, facets and
// pages are answered from the facet store, so the one pass over the matches
// here is the whole cost of the text part. The shards are searched at once.
func textMatches(ctx context.Context, ix *indexer.Index, q query.Query, allowed *roaring.Bitmap, maxDoc uint32, rank int) (*roaring.Bitmap, []scored, error) {
	shards := ix.Shards()
	readers := make([]index.IndexReader, 0, len(shards))
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	for _, sh := range shards {
		adv, err := sh.Advanced()
		if err != nil {
			return nil, nil, fmt.Errorf("open the index: %w", err)
		}
		r, err := adv.Reader()
		if err != nil {
			return nil, nil, fmt.Errorf("open the index: %w", err)
		}
		readers = append(readers, r)
	}
	q, words, err := narrow(ix.Mapping(), readers, q)
	if err != nil {
		return nil, nil, err
	}
	if q == nil { // no shard holds the words
		return roaring.New(), nil, nil
	}
	type part struct {
		matched *roaring.Bitmap
		best    []scored
		err     error
	}
	parts := make([]part, len(shards))
	var wg sync.WaitGroup
	for i, r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &parts[i]
			p.matched, p.best, p.err = shardMatches(ctx, r, ix.Mapping(), q, words, allowed, maxDoc, rank)
		}()
	}
	wg.Wait()
	var sets []*roaring.Bitmap
	var best []scored
	for _, p := range parts {
		if p.err != nil {
			return nil, nil, p.err
		}
		sets = append(sets, p.matched)
		best = append(best, p.best...)
	}
	sort.Slice(best, func(i, j int) bool { return better(best[i], best[j]) })
	return roaring.FastOr(sets...), best[:min(len(best), rank)], nil
}

// shardMatches is textMatches on one shard.
func shardMatches(ctx context.Context, reader index.IndexReader, m mapping.IndexMapping, q query.Query, words map[query.Query]*spreadWord, allowed *roaring.Bitmap, maxDoc uint32, rank int) (*roaring.Bitmap, []scored, error) {
	ctx = bsearch.ContextWithTermSearchersCounter(ctx)
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return index.DefaultScoringModel }))
	if err := checkCost(ctx, reader, m, q, words); err != nil {
		return nil, nil, err
	}
	s, err := q.Searcher(ctx, reader, m, bsearch.SearcherOptions{})
	if err != nil {
		return nil, nil, bad("the query cannot be run: %v", err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       reader,
	}
	// Matches are marked in a plain bit set (a few ns each), made a roaring
	// bitmap once at the end.
	bits := make([]uint64, int(maxDoc)/64+1)
	var best scoreHeap
	var all []scored
	keepAll := rank > 200_000 // very deep pages: sort everything once instead of a huge heap
	for i := 0; ; i++ {
		if i%2048 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, nil, fmt.Errorf("search the index: %w", err)
		}
		if dm == nil {
			break
		}
		id, err := reader.ExternalID(dm.IndexInternalID)
		if err != nil {
			return nil, nil, fmt.Errorf("read the index: %w", err)
		}
		num, found := indexer.DocNum(id)
		score := dm.Score
		sctx.DocumentMatchPool.Put(dm)
		if !found || num > maxDoc || (allowed != nil && !allowed.Contains(num)) {
			continue
		}
		bits[num/64] |= 1 << (num % 64)
		switch {
		case rank <= 0:
		case keepAll:
			all = append(all, scored{num, score})
		case best.Len() < rank:
			heap.Push(&best, scored{num, score})
		case better(scored{num, score}, best[0]):
			best[0] = scored{num, score}
			heap.Fix(&best, 0)
		}
	}
	matched := roaring.FromDense(bits, false)
	if keepAll {
		sort.Slice(all, func(i, j int) bool { return better(all[i], all[j]) })
		return matched, all[:min(len(all), rank)], nil
	}
	return matched, best, nil
}

// better orders by score, then newer document first.
func better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.doc > b.doc
}

// scoreHeap is a min-heap: the worst of the best at the top.
type scoreHeap []scored

func (h scoreHeap) Len() int           { return len(h) }
func (h scoreHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h scoreHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *scoreHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *scoreHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
