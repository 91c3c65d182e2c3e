package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

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
	rw := &rewriter{expanded: map[*query.DisjunctionQuery]bool{}, words: map[query.Query]*spreadWord{}}
	q = rw.rewrite(q, false)
	if rw.err != nil {
		return compiled{}, rw.err
	}
	return compiled{query: &spreadQuery{Query: q, words: rw.words}, terms: rw.terms, patterns: rw.patterns}, nil
}

// compiled is the text of a search made a Bleve query.
type compiled struct {
	query    query.Query
	terms    []string // words to highlight
	patterns int      // wildcard, regexp and fuzzy terms
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

// rewriter spreads leaves without a field over the text fields and collects the words of the positive
// leaves. Composite queries are changed in place, which keeps their
// query-string semantics.
type rewriter struct {
	terms []string
	// expanded are the disjunctions made from one leaf: inside another
	// disjunction they are spliced into it rather than nested (one searcher
	// over all the alternatives is cheaper than a searcher of searchers).
	expanded map[*query.DisjunctionQuery]bool
	// patterns counts the wildcard, regexp and fuzzy leaves; err is the
	// first leaf that breaks a bound (see bounds.go).
	patterns int
	err      error
	// words are the plain words spread over the text fields, by the
	// copies of them made (see spreadQuery).
	words map[query.Query]*spreadWord
}

// spreadQuery is a compiled query that knows which of its leaves are one
// word of the text spread over fields, so the budget can count a word
// once per part of the text it searches (bounds.go).
type spreadQuery struct {
	query.Query
	words map[query.Query]*spreadWord
}

// spreadWord is one leaf of the query text made several.
type spreadWord struct {
	text  string
	parts int // the parts of the text it searches (title, lead, body)
}

func (rw *rewriter) rewrite(q query.Query, negated bool) query.Query {
	switch x := q.(type) {
	case *query.BooleanQuery:
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
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = rw.rewrite(c, negated)
		}
		return x
	case *query.DisjunctionQuery:
		var flat []query.Query
		for _, c := range x.Disjuncts {
			r := rw.rewrite(c, negated)
			if d, ok := r.(*query.DisjunctionQuery); ok && rw.expanded[d] {
				flat = append(flat, d.Disjuncts...)
			} else {
				flat = append(flat, r)
			}
		}
		x.Disjuncts = flat
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
	word := &spreadWord{text: words, parts: len(parts)}
	// The part in every language, each analysed as that language indexes
	// it. Fields no shard holds are dropped before the search (narrow in
	// textmatch.go), so an archive in one language pays for one.
	var alts []query.Query
	for _, part := range parts {
		for _, key := range indexer.Analyses() {
			c := cloneLeaf(q)
			c.SetField(indexer.TextField(part, key))
			c.SetBoost(q.Boost() * indexer.TextFields[part])
			alts = append(alts, c)
			if !isPattern(q) {
				rw.words[c] = word
			}
		}
	}
	d := query.NewDisjunctionQuery(alts)
	rw.expanded[d] = true
	return d
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
