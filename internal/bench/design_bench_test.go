package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsarchive/indexer"
	"newsarchive/indexer/entities"
)

// The benchmarks below back the design choices in docs/performance.md
// (run: go test -run XXX -bench 'TermVectors|DocNumber' -benchtime 1x ./internal/bench).

const designDocs = 20000

// designCorpus is designDocs generated articles as Bleve documents, with
// their entities, under their document numbers.
func designCorpus(b *testing.B) []map[string]any {
	b.Helper()
	c, err := NewCorpus(1)
	if err != nil {
		b.Fatal(err)
	}
	ex, err := entities.New()
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]map[string]any, designDocs)
	for i := range docs {
		a := c.Article(i)
		e := ex.Extract(a.Text(), a.Published)
		docs[i] = map[string]any{"title": a.Title, "lead": a.Lead, "body": a.Body, "person": e.People,
			"country": e.Countries, "date": e.Dates, "section": a.Section, "site": a.Site, "lang": a.Language,
			"published": a.Published}
	}
	return docs
}

// buildDesignIndex indexes docs (ids 1..n) and returns it with its size in
// bytes and the documents indexed per second.
func buildDesignIndex(b *testing.B, m mapping.IndexMapping, docs []map[string]any) (bleve.Index, int64, float64) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "index")
	idx, err := bleve.New(dir, m)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for i := 0; i < len(docs); i += 1000 {
		batch := idx.NewBatch()
		for j := i; j < min(i+1000, len(docs)); j++ {
			if err := batch.Index(indexer.BleveID(uint32(j+1)), docs[j]); err != nil {
				b.Fatal(err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			b.Fatal(err)
		}
	}
	rate := float64(len(docs)) / time.Since(start).Seconds()
	idx.Close()
	size := dirSize(dir)
	if idx, err = bleve.Open(dir); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	return idx, size, rate
}

// BenchmarkTermVectors measures what term vectors (needed for exact phrase
// queries) cost in index size and indexing speed.
func BenchmarkTermVectors(b *testing.B) {
	docs := designCorpus(b)
	for _, tv := range []bool{true, false} {
		b.Run(fmt.Sprintf("term_vectors=%v", tv), func(b *testing.B) {
			for range b.N {
				m := indexer.Mapping().(*mapping.IndexMappingImpl)
				for _, f := range []string{indexer.FieldTitle, indexer.FieldLead, indexer.FieldBody} {
					m.DefaultMapping.Properties[f].Fields[0].IncludeTermVectors = tv
				}
				_, size, rate := buildDesignIndex(b, m, docs)
				b.ReportMetric(float64(size)/float64(len(docs)), "bytes/article")
				b.ReportMetric(rate, "articles/s")
			}
		})
	}
}

// BenchmarkDocNumberLookup measures reading a match's document number
// through its Bleve document id (what the engine does) against reading it
// from a keyword field's doc values.
func BenchmarkDocNumberLookup(b *testing.B) {
	docs := designCorpus(b)
	for i, d := range docs {
		d["n"] = strconv.Itoa(i + 1)
	}
	m := indexer.Mapping().(*mapping.IndexMappingImpl)
	n := mapping.NewKeywordFieldMapping()
	n.Analyzer, n.Store, n.IncludeInAll, n.IncludeTermVectors, n.DocValues = keyword.Name, false, false, false, true
	m.DefaultMapping.AddFieldMappingsAt("n", n)
	idx, _, _ := buildDesignIndex(b, m, docs)
	adv, err := idx.Advanced()
	if err != nil {
		b.Fatal(err)
	}
	q := query.NewMatchQuery("people")
	q.SetField(indexer.FieldBody)
	// iteration_only is the searcher's own cost per match, to subtract.
	for _, mode := range []string{"iteration_only", "document_id", "doc_values"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				reader, err := adv.Reader()
				if err != nil {
					b.Fatal(err)
				}
				s, err := q.Searcher(context.Background(), reader, m, bsearch.SearcherOptions{})
				if err != nil {
					b.Fatal(err)
				}
				dv, err := reader.DocValueReader([]string{"n"})
				if err != nil {
					b.Fatal(err)
				}
				sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: reader}
				matches, sum := 0, uint64(0)
				start := time.Now()
				for {
					dm, err := s.Next(sctx)
					if err != nil {
						b.Fatal(err)
					}
					if dm == nil {
						break
					}
					matches++
					switch mode {
					case "iteration_only":
						sum++
					case "document_id":
						id, _ := reader.ExternalID(dm.IndexInternalID)
						num, _ := indexer.DocNum(id)
						sum += uint64(num)
					default:
						dv.VisitDocValues(dm.IndexInternalID, func(_ string, term []byte) {
							num, _ := strconv.ParseUint(string(term), 10, 32)
							sum += num
						})
					}
					sctx.DocumentMatchPool.Put(dm)
				}
				if matches == 0 || sum == 0 {
					b.Fatal("no matches")
				}
				b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(matches), "ns/match")
				b.ReportMetric(float64(matches), "matches")
				s.Close()
				reader.Close()
			}
		})
	}
}
