package search

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/facets"
)

// EmptyHint is what a search of an empty archive says.
const EmptyHint = "The archive is empty: run `newsarchive demo` for sample data, or `newsarchive scrape --site rferl` to collect articles."

// Engine answers searches over an open index and its archive.
type Engine struct {
	Index   *indexer.Index
	Archive Articles
	Log     *slog.Logger
	// NoCache turns the result cache off (benchmarks measure the engine).
	NoCache bool
	// Limits bound the text searches running at once (zero: defaults).
	Limits Limits
	// Entities, when set, makes a query of bare words also match the
	// articles whose facets hold what its words name, in any script
	// ("Путин" finds the English articles about Vladimir Putin); text
	// matches rank first.
	Entities EntityFinder

	cacheOnce sync.Once
	cache     *resultCache
	limitOnce sync.Once
	limiter   *limiter
	// testHookText, when set, runs while a text search holds its slot,
	// outside the facet store's lock (tests stall a search there).
	testHookText func()
}

// CacheSize is how many recent search results an Engine keeps.
const CacheSize = 512

// Articles is what a search needs from the archive: the rows of its hits
// and exports. *archive.Archive implements it.
type Articles interface {
	ArticlesByDoc(ctx context.Context, docs []uint32) ([]*article.Article, error)
}

var _ Articles = (*archive.Archive)(nil)

// Result is the answer to a search; its JSON form is the contract of
// GET /api/search.
type Result struct {
	Total  int     `json:"total"`
	TookMS float64 `json:"took_ms"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
	// Interval is the published histogram's bucket size.
	Interval string `json:"interval"`
	Hint     string `json:"hint,omitempty"`
}

// Hit is one result row.
type Hit struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Published time.Time `json:"published,omitzero"`
	Section   string    `json:"section"`
	Snippet   string    `json:"snippet"` // HTML: matched words in <mark>, the rest escaped
	People    []string  `json:"people"`
	Countries []string  `json:"countries"`
}

// Facets holds the counts of the result set: the values of each counted
// facet (facets.Registry) and the published histogram. In JSON they are one
// object: {"person": [...], ..., "published": [...]}.
type Facets struct {
	Counts    map[string][]facets.ValueCount
	Published []facets.Bucket
}

// Of returns the counted values of one facet.
func (f Facets) Of(name string) []facets.ValueCount { return f.Counts[name] }

// MarshalJSON writes the facets as one object.
func (f Facets) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(f.Counts)+1)
	for k, v := range f.Counts {
		if v == nil {
			v = []facets.ValueCount{}
		}
		m[k] = v
	}
	pub := f.Published
	if pub == nil {
		pub = []facets.Bucket{}
	}
	m["published"] = pub
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Facets) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	f.Counts = map[string][]facets.ValueCount{}
	for k, raw := range m {
		var err error
		if k == "published" {
			err = json.Unmarshal(raw, &f.Published)
		} else {
			var vc []facets.ValueCount
			err = json.Unmarshal(raw, &vc)
			f.Counts[k] = vc
		}
		if err != nil {
			return fmt.Errorf("facet %s: %w", k, err)
		}
	}
	return nil
}

// plan is a query made ready to run.
type plan struct {
	q     Query
	text  query.Query
	terms []string
	// patterns: the text holds wildcard, regexp or fuzzy terms.
	patterns bool
	plain    bool // the text is bare words only (compiled.plain)
}

// Check says whether a query would run: its text compiles within the bounds
// (bounds.go). It is what a search or an export refuses before it starts,
// for callers that answer without running it (HEAD).
func Check(q Query) error {
	_, err := prepare(q)
	return err
}

func prepare(q Query) (plan, error) {
	p := plan{q: q}
	if q.Text != "" {
		var err error
		var c compiled
		if c, err = compileText(q.Text); err != nil {
			return p, err
		}
		p.text, p.terms, p.patterns, p.plain = c.query, c.terms, c.patterns > 0, c.plain
	}
	return p, nil
}

// textResult is what the text of a plan matched in the index.
type textResult struct {
	set      *roaring.Bitmap // owned by the caller
	ranked   []scored
	rank     int                 // how many ranked documents the caller wants
	entities map[string][]string // facet values the query's words name
}

// matchText runs the text of a plan against the index, outside the facet
// store's lock: the store is read twice, briefly, before and after. (An
// index batch waiting for the store's write lock holds back every new
// reader, so a slow text match inside the lock would stall every search.)
// It returns nil when the plan has no text. With rank > 0 it also returns
// the best rank documents by relevance.
func (e *Engine) matchText(ctx context.Context, p plan, rank int) (*textResult, error) {
	if p.text == nil {
		return nil, nil
	}
	var allowed *roaring.Bitmap
	var maxDoc uint32
	empty := false
	e.Index.Facets().Read(func(v *facets.View) error {
		all := v.All()
		if empty = all.IsEmpty(); empty {
			return nil
		}
		maxDoc = all.Maximum()
		if p.q.Filtered() {
			allowed = filterSet(v, p.q) // a new bitmap when filtered
		}
		return nil
	})
	if empty {
		return &textResult{set: roaring.New(), rank: rank}, nil
	}
	release, err := e.limits().acquire(ctx, p.patterns)
	if err != nil {
		return nil, err
	}
	defer release()
	if e.testHookText != nil {
		e.testHookText()
	}
	set, ranked, err := textMatches(ctx, e.Index, p.text, allowed, maxDoc, rank)
	if err != nil {
		return nil, err
	}
	return &textResult{set: set, ranked: ranked, rank: rank, entities: e.entityValues(p)}, nil
}

// resolve is the result set of a plan within a view: the text matches
// (when it has text) that the view holds and that pass the filters. The
// result may be the store's own bitmap: never modify it.
func resolve(v *facets.View, p plan, t *textResult) (*roaring.Bitmap, []scored) {
	if t == nil {
		return filterSet(v, p.q), nil
	}
	// Documents indexed, changed or removed since the text match are
	// brought in line with the view.
	set := t.set
	allowed := filterSet(v, p.q) // within v.All(), filtered or not
	set.And(allowed)
	kept := t.ranked[:0]
	for _, s := range t.ranked {
		if set.Contains(s.doc) {
			kept = append(kept, s)
		}
	}
	if len(t.entities) > 0 {
		kept = addEntityMatches(v, allowed, t, set, kept)
	}
	return set, kept
}

// filterSet is the set of documents passing the query's filters (all
// documents when it has none). The result may be the store's own bitmap:
// never modify it.
func filterSet(v *facets.View, q Query) *roaring.Bitmap {
	var and []*roaring.Bitmap
	for _, f := range facets.Registry {
		vals := q.Filter[f.Name]
		if len(vals) == 0 {
			continue
		}
		if f.Combine == facets.All {
			for _, val := range vals {
				and = append(and, v.Docs(f.Name, val))
			}
			continue
		}
		var or []*roaring.Bitmap
		for _, val := range vals {
			or = append(or, v.Docs(f.Name, val))
		}
		and = append(and, roaring.FastOr(or...))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		to := q.To
		if !to.IsZero() {
			to = to.AddDate(0, 0, 1) // inclusive day
		}
		and = append(and, v.PublishedBetween(q.From, to))
	}
	if len(and) == 0 {
		return v.All()
	}
	out := and[0].Clone()
	for _, b := range and[1:] {
		out.And(b)
	}
	out.And(v.All())
	return out
}

// Search runs a query: its page of hits with snippets, the total, the facet
// counts and the published histogram of the whole result set.
func (e *Engine) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	p, err := prepare(q)
	if err != nil {
		return nil, err
	}
	e.cacheOnce.Do(func() {
		if !e.NoCache {
			e.cache = newResultCache(CacheSize)
		}
	})
	key := cacheKey(e.Index.Facets().Generation(), q)
	if r, ok := e.cache.get(key); ok {
		hit := *r
		hit.TookMS = float64(time.Since(start).Microseconds()) / 1000
		return &hit, nil
	}
	res := &Result{Page: q.Page, Size: q.Size, Hits: []Hit{}}
	offset := (q.Page - 1) * q.Size
	rank := 0
	if p.text != nil && q.Sort == SortRelevance {
		rank = offset + q.Size
	}
	text, err := e.matchText(ctx, p, rank)
	if err != nil {
		return nil, err
	}
	var page []uint32
	var people, countries [][]string
	err = e.Index.Facets().Read(func(v *facets.View) error {
		if v.All().IsEmpty() {
			res.Hint = EmptyHint
		}
		set, ranked := resolve(v, p, text)
		res.Total = int(set.GetCardinality())
		if rank > 0 {
			for i := offset; i < len(ranked); i++ {
				page = append(page, ranked[i].doc)
			}
		} else {
			page = v.Page(set, q.Sort == SortOldest, offset, q.Size)
		}
		for _, d := range page {
			people = append(people, v.Values(facets.Person, d))
			countries = append(countries, v.Values(facets.Country, d))
		}
		// The facets and the histogram read the same set: count them on
		// every core at once.
		var counted []string
		for _, f := range facets.Registry {
			if f.Counted {
				counted = append(counted, f.Name)
			}
		}
		tops := make([][]facets.ValueCount, len(counted))
		var wg sync.WaitGroup
		for i, name := range counted {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tops[i] = v.Top(name, set, q.FacetSize)
			}()
		}
		res.Facets.Published, res.Interval = histogram(v, set, q)
		wg.Wait()
		res.Facets.Counts = make(map[string][]facets.ValueCount, len(counted))
		for i, name := range counted {
			res.Facets.Counts[name] = tops[i]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	arts, err := e.Archive.ArticlesByDoc(ctx, page)
	if err != nil {
		return nil, err
	}
	hl := newHighlighter(e.Index, p.terms)
	for i, a := range arts {
		if a == nil {
			continue // removed meanwhile
		}
		res.Hits = append(res.Hits, Hit{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published,
			Section: a.Section, Snippet: hl.snippet(a), People: nonNil(people[i]), Countries: nonNil(countries[i])})
	}
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	e.cache.put(key, res)
	return res, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// histogram counts the result set by publication date over the range in
// view: the query's from/to when given, else the span of the results.
func histogram(v *facets.View, set *roaring.Bitmap, q Query) ([]facets.Bucket, string) {
	first, last := q.From, q.To
	if first.IsZero() || last.IsZero() {
		f, l := v.Span(set)
		if first.IsZero() {
			first = f
		}
		if last.IsZero() {
			last = l
		}
	}
	if first.IsZero() || last.IsZero() || last.Before(first) {
		return []facets.Bucket{}, q.Interval
	}
	interval := q.Interval
	if interval == "" {
		interval = facets.AutoInterval(first, last)
	}
	if interval == facets.Day && last.Sub(first) > 3*366*24*time.Hour {
		interval = facets.Month // thousands of daily bars help no one
	}
	return v.Histogram(set, interval, first, last), interval
}

// FacetValues returns the values of a facet field that start with prefix
// (at a word start), counted within the query's result set.
func (e *Engine) FacetValues(ctx context.Context, field, prefix string, q Query) ([]facets.ValueCount, error) {
	if _, known := facets.Lookup(field); !known {
		return nil, bad("unknown facet %q (known: %s)", field, strings.Join(facets.Fields, ", "))
	}
	p, err := prepare(q)
	if err != nil {
		return nil, err
	}
	text, err := e.matchText(ctx, p, 0)
	if err != nil {
		return nil, fmt.Errorf("search facet values: %w", err)
	}
	var out []facets.ValueCount
	err = e.Index.Facets().Read(func(v *facets.View) error {
		set, _ := resolve(v, p, text)
		out = v.Match(field, prefix, set, q.FacetSize)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search facet values: %w", err)
	}
	return out, nil
}
