package bench

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsarchive/archive"
	"newsarchive/search"
)

// plainMapping is what a straightforward Bleve application would use: text
// fields stored with term vectors (for highlighting), keyword facet fields
// with doc values, published as a datetime.
func plainMapping() mapping.IndexMapping {
	doc := mapping.NewDocumentStaticMapping()
	for _, f := range []string{"title", "lead", "body"} {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = en.AnalyzerName
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, f := range []string{"person", "country", "date", "section", "url"} {
		fm := mapping.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f, fm)
	}
	doc.AddFieldMappingsAt("published", mapping.NewDateTimeFieldMapping())
	im := mapping.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = en.AnalyzerName
	return im
}

// runPlain builds a plain Bleve index of the same articles (with the
// entities newsarchive extracted) and runs the same query classes through
// Bleve's own search, facets and highlighting.
func runPlain(ctx context.Context, cfg Config, data string, arch *archive.Archive, qs *querySet, rep *Report) error {
	dir := filepath.Join(data, "plain-bleve")
	idx, err := bleve.New(dir, plainMapping())
	if err != nil {
		return err
	}
	defer idx.Close()
	ph, err := timed("index (plain Bleve, no extraction)", cfg.N, func() error {
		var last uint32
		for {
			docs, err := arch.After(ctx, last, 1000)
			if err != nil {
				return err
			}
			if len(docs) == 0 {
				return nil
			}
			b := idx.NewBatch()
			for _, d := range docs {
				a := d.Article
				if err := b.Index(a.ID, map[string]any{"title": a.Title, "lead": a.Lead, "body": a.Body,
					"person": a.People, "country": a.Countries, "date": a.Dates, "section": a.Section,
					"url": a.URL, "published": a.Published}); err != nil {
					return err
				}
				last = d.Doc
			}
			if err := idx.Batch(b); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return err
	}
	ph.Engine = "plain-bleve"
	rep.Phases = append(rep.Phases, ph)
	rep.PlainIndexPerArticle = float64(dirSize(dir)) / float64(cfg.N)
	cfg.logf("plain Bleve indexed: %.0f/s", ph.PerSec)

	years := yearRanges()
	withFacets := func(q query.Query, size, from int) *bleve.SearchRequest {
		req := bleve.NewSearchRequestOptions(q, size, from, false)
		for _, f := range []string{"person", "country", "date"} {
			req.AddFacet(f, bleve.NewFacetRequest(f, 10))
		}
		pf := bleve.NewFacetRequest("published", len(years))
		for _, y := range years {
			from, to := y.from, y.to
			pf.AddDateTimeRange(y.name, from, to)
		}
		req.AddFacet("published", pf)
		req.Highlight = bleve.NewHighlightWithStyle("html")
		req.Highlight.AddField("body")
		req.Fields = []string{"title", "url", "published", "section", "person", "country"}
		return req
	}
	classes := []class{
		{name: "(a) text + facets", ours: func(ctx context.Context, i int) error {
			_, err := idx.SearchInContext(ctx, withFacets(query.NewQueryStringQuery(qs.text(i)), 20, 0))
			return err
		}},
		{name: "(b) landing page", ours: func(ctx context.Context, i int) error {
			req := withFacets(query.NewMatchAllQuery(), 20, 0)
			req.SortBy([]string{"-published"})
			_, err := idx.SearchInContext(ctx, req)
			return err
		}},
		{name: "(c) text + 2 filters", ours: func(ctx context.Context, i int) error {
			p := query.NewTermQuery(qs.people[i%len(qs.people)])
			p.SetField("person")
			c := query.NewTermQuery(qs.lands[i%len(qs.lands)])
			c.SetField("country")
			q := query.NewConjunctionQuery([]query.Query{query.NewQueryStringQuery(qs.words[i%len(qs.words)][0]), p, c})
			_, err := idx.SearchInContext(ctx, withFacets(q, 20, 0))
			return err
		}},
		{name: "(d) facet-value search", ours: func(ctx context.Context, i int) error {
			return plainFacetValues(idx, "person", qs.prefixes[i%len(qs.prefixes)])
		}},
		{name: "(e) deep page 500", ours: func(ctx context.Context, i int) error {
			var req *bleve.SearchRequest
			if i%2 == 0 {
				req = bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 20, 9980, false)
				req.SortBy([]string{"-published"})
			} else {
				req = bleve.NewSearchRequestOptions(query.NewQueryStringQuery(qs.words[i%len(qs.words)][0]), 20, 9980, false)
			}
			req.Fields = []string{"title", "url", "published"}
			_, err := idx.SearchInContext(ctx, req)
			return err
		}},
	}
	for _, c := range classes {
		for _, clients := range cfg.Clients {
			l := measure(ctx, clients, cfg.Queries, cfg.Budget, c.ours)
			l.Class, l.Engine = c.name, "plain-bleve"
			rep.Latencies = append(rep.Latencies, l)
			cfg.logf("plain %-22s %2d clients: p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  (%d queries)",
				c.name, clients, l.P50ms, l.P95ms, l.P99ms, l.Queries)
		}
	}
	exportQ := qs.exportQuery()
	var rows int
	ph, err = timed("export (f)", 0, func() error {
		var err error
		rows, err = plainExport(ctx, idx, exportQ)
		return err
	})
	if err != nil {
		return err
	}
	ph.Engine, ph.Articles, ph.PerSec = "plain-bleve", rows, float64(rows)/ph.Seconds
	rep.Phases = append(rep.Phases, ph)
	cfg.logf("plain export %d rows: %.0f rows/s", rows, ph.PerSec)
	return nil
}

type yearRange struct {
	name     string
	from, to time.Time
}

func yearRanges() []yearRange {
	var out []yearRange
	for y := 2016; y <= 2025; y++ {
		out = append(out, yearRange{fmt.Sprint(y), time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	return out
}

// plainFacetValues is the long-tail value search a plain Bleve application
// can do: scan the field's dictionary for words starting with the prefix
// (counts are document frequencies, so only right without filters).
func plainFacetValues(idx bleve.Index, field, prefix string) error {
	dict, err := idx.FieldDict(field)
	if err != nil {
		return err
	}
	defer dict.Close()
	type vc struct {
		v string
		n uint64
	}
	var out []vc
	for {
		e, err := dict.Next()
		if err != nil {
			return err
		}
		if e == nil {
			break
		}
		low := strings.ToLower(e.Term)
		if strings.HasPrefix(low, prefix) || strings.Contains(low, " "+prefix) {
			out = append(out, vc{e.Term, e.Count})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n > out[j].n })
	return nil
}

// plainExport pages through every match with SearchAfter, loading the
// stored fields a CSV row needs.
func plainExport(ctx context.Context, idx bleve.Index, q search.Query) (int, error) {
	var bq query.Query = query.NewMatchAllQuery()
	if !q.From.IsZero() {
		inc := true
		bq = query.NewDateRangeInclusiveQuery(q.From, time.Time{}, &inc, nil)
		bq.(*query.DateRangeQuery).SetField("published")
	}
	w := csv.NewWriter(io.Discard)
	rows := 0
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bq, 1000, 0, false)
		req.SortBy([]string{"-published", "_id"})
		req.Fields = []string{"*"}
		if after != nil {
			req.SearchAfter = after
		}
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return rows, err
		}
		if len(res.Hits) == 0 {
			return rows, nil
		}
		for _, h := range res.Hits {
			w.Write([]string{h.ID, fmt.Sprint(h.Fields["url"]), fmt.Sprint(h.Fields["title"]), fmt.Sprint(h.Fields["published"]),
				fmt.Sprint(h.Fields["section"]), fmt.Sprint(h.Fields["person"]), fmt.Sprint(h.Fields["country"]),
				fmt.Sprint(h.Fields["date"]), fmt.Sprint(h.Fields["lead"])})
			rows++
		}
		after = res.Hits[len(res.Hits)-1].Sort
	}
}
