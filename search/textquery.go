package search

import (
	"context"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"newsarchive/indexer"
)

const maxNesting = 20

// compileText turns the text of a search into a Bleve query. Text in Bleve's
// query-string syntax (+must -not "phrase" field:value) is used as such;
// text that is not valid syntax is searched as plain words. Words that name
// no field search the title, lead and body, and title:, lead: and body:
// search that part, in the fields of every language. It also returns the words to
// highlight in snippets. Patterns that break a bound (bounds.go) are
// refused here, before anything runs.
func compileText(text string) (compiled, error) {
	if depth(text) > maxNesting {
		return compiled{}, bad("the query nests parentheses more than %d deep; simplify it", maxNesting)
	}
	q, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		q = plainWords(text)
	}
	if q == nil {
		return compiled{}, bad("the query has no words to search for")
	}
	rw := &rewriter{}
	q = rw.rewrite(q, false)
	if rw.err != nil {
		return compiled{}, rw.err
	}
	return compiled{query: q, terms: rw.terms, patterns: rw.patterns, plain: !rw.notPlain}, nil
}

// compiled is the text of a search made a Bleve query.
type compiled struct {
	query    query.Query
	terms    []string // words to highlight
	patterns int      // wildcard, regexp and fuzzy terms
	// plain: only bare words, any of them — no field, phrase, pattern, fuzziness, required or
	// excluded word (such a query also matches what its words name: entityquery.go)
	plain bool
}

// plainWords searches the letters and digits of text as words, any of them.
func plainWords(text string) query.Query {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return nil
	}
	return query.NewMatchQuery(strings.Join(words, " "))
}

func depth(s string) int {
	d, most := 0, 0
	for _, r := range s {
		switch r {
		case '(':
			d++
			most = max(most, d)
		case ')':
			d--
		}
	}
	return most
}

// rewriter marks the leaves to spread over the text fields (those without
// a field, or naming a part of the text) and collects the words of the
// positive leaves. Composite queries are changed in place, which keeps
// their query-string semantics.
type rewriter struct {
	terms []string
	// patterns counts the wildcard, regexp and fuzzy leaves; err is the
	// first leaf that breaks a bound (see bounds.go).
	patterns int
	err      error
	notPlain bool // a leaf or an operator that is no bare "any of these words"
}

// spreadLeaf is a leaf of the query text to search in parts of the text
// (title, lead, body) in every language, each field analysing it its own
// way. It is spread when the search runs, over the fields that some shard
// holds (narrow.go): nothing is made for the fields of languages the
// archive lacks. Inside a disjunction its alternatives join that
// disjunction (one searcher over all the alternatives is cheaper than a
// searcher of searchers); elsewhere they make one.
type spreadLeaf struct {
	leaf  fieldLeaf
	parts []string
	word  *spreadWord // nil for a pattern: the budget walks its expansions
}

// spreadWord is one plain word (or phrase) of the query text, made one
// leaf per field it runs in.
type spreadWord struct {
	text  string
	parts int // the parts of the text it searches (title, lead, body)
}

// alternatives are the leaf in each field of its parts that keep accepts
// (nil: every field).
func (s *spreadLeaf) alternatives(keep func(field string) bool) []query.Query {
	var alts []query.Query
	for _, part := range s.parts {
		for _, f := range indexer.PartFields(part) {
			if keep != nil && !keep(f) {
				continue
			}
			c := cloneLeaf(s.leaf)
			c.SetField(f)
			c.SetBoost(s.leaf.Boost() * indexer.TextFields[part])
			alts = append(alts, c)
		}
	}
	return alts
}

// Searcher searches every field of the leaf's parts: a spread leaf is a
// query of its own even where nothing narrowed it.
func (s *spreadLeaf) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	return query.NewDisjunctionQuery(s.alternatives(nil)).Searcher(ctx, i, m, options)
}

func (rw *rewriter) rewrite(q query.Query, negated bool) query.Query {
	switch x := q.(type) {
	case *query.BooleanQuery:
		if x.Must != nil || x.MustNot != nil || x.Filter != nil {
			rw.notPlain = true
		}
		if x.Must != nil {
			x.Must = rw.rewrite(x.Must, negated)
		}
		if x.Should != nil {
			x.Should = rw.rewrite(x.Should, negated)
		}
		if x.MustNot != nil {
			x.MustNot = rw.rewrite(x.MustNot, !negated)
		}
		if x.Filter != nil {
			x.Filter = rw.rewrite(x.Filter, negated)
		}
		return x
	case *query.ConjunctionQuery:
		rw.notPlain = true
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = rw.rewrite(c, negated)
		}
		return x
	case *query.DisjunctionQuery:
		for i, c := range x.Disjuncts {
			x.Disjuncts[i] = rw.rewrite(c, negated)
		}
		return x
	case *query.MatchQuery:
		return rw.leaf(x, x.Match, negated)
	case *query.MatchPhraseQuery:
		return rw.leaf(x, x.MatchPhrase, negated)
	case *query.TermQuery:
		return rw.leaf(x, x.Term, negated)
	case *query.PrefixQuery:
		return rw.leaf(x, x.Prefix, negated)
	case *query.FuzzyQuery:
		return rw.leaf(x, x.Term, negated)
	case *query.WildcardQuery:
		return rw.leaf(x, "", negated)
	case *query.RegexpQuery:
		return rw.leaf(x, "", negated)
	}
	return q
}

// fieldLeaf is a leaf query that can be pointed at a field and boosted.
type fieldLeaf interface {
	query.Query
	query.FieldableQuery
	query.BoostableQuery
}

func (rw *rewriter) leaf(q fieldLeaf, words string, negated bool) query.Query {
	if isPattern(q) {
		rw.patterns++
	}
	if err := checkPattern(q, rw.patterns); err != nil && rw.err == nil {
		rw.err = err
	}
	field := q.Field()
	if m, ok := q.(*query.MatchQuery); !ok || negated || field != "" || m.Fuzziness != 0 {
		rw.notPlain = true
	}
	if !negated && words != "" && (field == "" || indexer.TextFields[field] > 0) {
		rw.terms = append(rw.terms, words)
	}
	parts := indexer.Parts
	switch {
	case field == "":
	case indexer.TextFields[field] > 0:
		parts = []string{field}
	default:
		return q
	}
	sp := &spreadLeaf{leaf: q, parts: parts}
	if !isPattern(q) {
		sp.word = &spreadWord{text: words, parts: len(parts)}
	}
	return sp
}

func cloneLeaf(q fieldLeaf) fieldLeaf {
	switch x := q.(type) {
	case *query.MatchQuery:
		c := *x
		return &c
	case *query.MatchPhraseQuery:
		c := *x
		return &c
	case *query.TermQuery:
		c := *x
		return &c
	case *query.PrefixQuery:
		c := *x
		return &c
	case *query.FuzzyQuery:
		c := *x
		return &c
	case *query.WildcardQuery:
		c := *x
		return &c
	case *query.RegexpQuery:
		c := *x
		return &c
	}
	return q
}
