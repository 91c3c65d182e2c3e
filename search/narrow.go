package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"newsarchive/indexer"
)

// narrow makes a compiled query the one the shards run: each spread leaf
// (textquery.go) becomes one leaf per field of its parts that some shard
// holds and, for a plain word or phrase, where some shard holds its
// analysed terms; alternatives that cannot match anywhere are left out. So
// a Russian word costs the Russian fields (and those of the other languages
// whose articles use it), not ninety, and the budget (bounds.go) counts
// what really runs: words are the leaves made from each word. Every shard
// runs the same query, so scores stay comparable across shards. It returns
// a nil query when nothing can match. The compiled query is not changed:
// it may be cached.
func narrow(m mapping.IndexMapping, readers []index.IndexReader, q query.Query) (query.Query, map[query.Query]*spreadWord, error) {
	n := &narrower{m: m, readers: readers, fields: map[string]bool{}, dicts: map[string][]index.FieldDictContains{},
		words: map[query.Query]*spreadWord{}, terms: map[[2]string][]string{}}
	for _, r := range readers {
		fs, err := r.Fields()
		if err != nil {
			return nil, nil, fmt.Errorf("read the index's fields: %w", err)
		}
		for _, f := range fs {
			n.fields[f] = true
		}
	}
	out := n.visit(q)
	if n.err != nil {
		return nil, nil, n.err
	}
	return out, n.words, nil
}

type narrower struct {
	m       mapping.IndexMapping
	readers []index.IndexReader
	fields  map[string]bool // fields some shard holds
	dicts   map[string][]index.FieldDictContains
	words   map[query.Query]*spreadWord
	// terms are what a text analyses to, by analyzer and text: a word is
	// analysed once per analyzer, not once per part of the text.
	terms map[[2]string][]string
	err   error
}

// visit returns q narrowed, or nil when q can match nothing.
func (n *narrower) visit(q query.Query) query.Query {
	switch x := q.(type) {
	case *spreadLeaf:
		alts := n.spread(x)
		if len(alts) == 0 {
			return nil
		}
		return query.NewDisjunctionQuery(alts)
	case *query.BooleanQuery:
		c := *x
		if x.Must != nil {
			if c.Must = n.visit(x.Must); c.Must == nil {
				return nil
			}
		}
		if x.Filter != nil {
			if c.Filter = n.visit(x.Filter); c.Filter == nil {
				return nil
			}
		}
		if x.Should != nil {
			c.Should = n.visit(x.Should)
			if c.Should == nil && (c.Must == nil || minOf(x.Should) > 0) {
				// Without a must clause the should clause decides.
				return nil
			}
		}
		if x.MustNot != nil {
			c.MustNot = n.visit(x.MustNot)
			if c.MustNot == nil && c.Must == nil && c.Should == nil && c.Filter == nil {
				// Only "not these", and none can match: every document
				// (Bleve would read an empty boolean as none).
				return query.NewMatchAllQuery()
			}
		}
		return &c
	case *query.ConjunctionQuery:
		c := *x
		c.Conjuncts = make([]query.Query, 0, len(x.Conjuncts))
		for _, q := range x.Conjuncts {
			r := n.visit(q)
			if r == nil {
				return nil
			}
			c.Conjuncts = append(c.Conjuncts, r)
		}
		return &c
	case *query.DisjunctionQuery:
		c := *x
		c.Disjuncts = make([]query.Query, 0, len(x.Disjuncts))
		for _, q := range x.Disjuncts {
			if s, ok := q.(*spreadLeaf); ok {
				c.Disjuncts = append(c.Disjuncts, n.spread(s)...)
			} else if r := n.visit(q); r != nil {
				c.Disjuncts = append(c.Disjuncts, r)
			}
		}
		if len(c.Disjuncts) == 0 || len(c.Disjuncts) < int(x.Min) {
			return nil
		}
		return &c
	case query.FieldableQuery:
		if _, ok := indexer.PartOf(x.Field()); ok && !n.keep(q) {
			return nil
		}
		return q
	}
	return q
}

// spread makes a spread leaf one leaf per field that may match.
func (n *narrower) spread(s *spreadLeaf) []query.Query {
	alts := s.alternatives(func(f string) bool { return n.fields[f] })
	kept := alts[:0]
	for _, a := range alts {
		if n.keep(a) {
			kept = append(kept, a)
			if s.word != nil {
				n.words[a] = s.word
			}
		}
	}
	return kept
}

// keep reports whether a leaf on a text field may match: its field is held
// by some shard and, for a plain word, phrase or term, so are its terms.
func (n *narrower) keep(q query.Query) bool {
	switch l := q.(type) {
	case *query.MatchQuery:
		return n.fields[l.FieldVal] && (l.Fuzziness != 0 || n.holds(l.FieldVal, l.Analyzer, l.Match, l.Operator == query.MatchQueryOperatorAnd))
	case *query.MatchPhraseQuery:
		return n.fields[l.FieldVal] && (l.Fuzziness != 0 || n.holds(l.FieldVal, l.Analyzer, l.MatchPhrase, true))
	case *query.TermQuery:
		return n.fields[l.FieldVal] && n.contains(l.FieldVal, l.Term)
	case query.FieldableQuery:
		return n.fields[l.Field()]
	}
	return true
}

func minOf(q query.Query) float64 {
	if d, ok := q.(*query.DisjunctionQuery); ok {
		return d.Min
	}
	return 0
}

// holds reports whether some shard holds any (all) of the terms text
// analyses to in field.
func (n *narrower) holds(field, analyzer, text string, all bool) bool {
	if analyzer == "" {
		analyzer = n.m.AnalyzerNameForPath(field)
	}
	terms, ok := n.terms[[2]string{analyzer, text}]
	if !ok {
		an := n.m.AnalyzerNamed(analyzer)
		if an == nil {
			return true // Bleve reports it when it builds the searcher
		}
		for _, t := range an.Analyze([]byte(text)) {
			terms = append(terms, string(t.Term))
		}
		n.terms[[2]string{analyzer, text}] = terms
	}
	if len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		has := n.contains(field, t)
		if has && !all {
			return true
		}
		if !has && all {
			return false
		}
	}
	return all
}

// contains reports whether some shard holds term in field.
func (n *narrower) contains(field, term string) bool {
	dicts, ok := n.dicts[field]
	if !ok {
		for _, r := range n.readers {
			rc, ok := r.(index.IndexReaderContains)
			if !ok {
				dicts = append(dicts, nil)
				continue
			}
			d, err := rc.FieldDictContains(field)
			if err != nil {
				n.fail(err)
				return true
			}
			dicts = append(dicts, d)
		}
		n.dicts[field] = dicts
	}
	for _, d := range dicts {
		if d == nil {
			return true // a reader that cannot tell: keep the term
		}
		has, err := d.Contains([]byte(term))
		if err != nil {
			n.fail(err)
			return true
		}
		if has {
			return true
		}
	}
	return false
}

func (n *narrower) fail(err error) {
	if n.err == nil {
		n.err = fmt.Errorf("read the index's words: %w", err)
	}
}
