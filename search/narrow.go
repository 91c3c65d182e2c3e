package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"newsarchive/indexer"
)

// narrow drops from a compiled query the alternatives that cannot match in
// any shard: a word spread over the text fields of every language
// (textquery.go) keeps only the fields that some shard holds and, for a
// plain word or phrase, where some shard holds its analysed terms. So a
// Russian word costs the Russian fields (and those of the other languages
// whose articles use it), not ninety, and the budget (bounds.go) counts
// what really runs. Every shard runs the same narrowed query, so scores
// stay comparable across shards. It returns nil when nothing can match.
// The compiled query is not changed: it may be cached.
func narrow(m mapping.IndexMapping, readers []index.IndexReader, q query.Query) (query.Query, error) {
	n := &narrower{m: m, readers: readers, fields: map[string]bool{}, dicts: map[string][]index.FieldDictContains{}}
	for _, r := range readers {
		fs, err := r.Fields()
		if err != nil {
			return nil, fmt.Errorf("read the index's fields: %w", err)
		}
		for _, f := range fs {
			n.fields[f] = true
		}
	}
	out := n.visit(q)
	return out, n.err
}

type narrower struct {
	m       mapping.IndexMapping
	readers []index.IndexReader
	fields  map[string]bool // fields some shard holds
	dicts   map[string][]index.FieldDictContains
	err     error
}

// visit returns q narrowed, or nil when q can match nothing.
func (n *narrower) visit(q query.Query) query.Query {
	switch x := q.(type) {
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
				// Only "not these": keep it as it was, Bleve reads an
				// empty boolean as nothing.
				c.MustNot = x.MustNot
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
			if r := n.visit(q); r != nil {
				c.Disjuncts = append(c.Disjuncts, r)
			}
		}
		if len(c.Disjuncts) == 0 || len(c.Disjuncts) < int(x.Min) {
			return nil
		}
		return &c
	case query.FieldableQuery:
		if _, ok := indexer.PartOf(x.Field()); !ok {
			return q // not a text field of ours: as it is
		}
		if !n.fields[x.Field()] {
			return nil
		}
		switch l := q.(type) {
		case *query.MatchQuery:
			if l.Fuzziness == 0 && !n.holds(l.FieldVal, l.Analyzer, l.Match, l.Operator == query.MatchQueryOperatorAnd) {
				return nil
			}
		case *query.MatchPhraseQuery:
			if l.Fuzziness == 0 && !n.holds(l.FieldVal, l.Analyzer, l.MatchPhrase, true) {
				return nil
			}
		case *query.TermQuery:
			if !n.contains(l.FieldVal, l.Term) {
				return nil
			}
		}
		return q
	}
	return q
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
	an := n.m.AnalyzerNamed(analyzer)
	if an == nil {
		return true // Bleve reports it when it builds the searcher
	}
	tokens := an.Analyze([]byte(text))
	if len(tokens) == 0 {
		return false
	}
	for _, t := range tokens {
		has := n.contains(field, string(t.Term))
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
