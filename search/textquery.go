package search

import (
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"newsarchive/indexer"
)

const maxNesting = 20

// compileText turns the text of a search into a Bleve query. Text in Bleve's
// query-string syntax (+must -not "phrase" field:value) is used as such;
// text that is not valid syntax is searched as plain words. Words that name
// no field search the title, lead and body. It also returns the words to
// highlight in snippets.
func compileText(text string) (query.Query, []string, error) {
	if depth(text) > maxNesting {
		return nil, nil, bad("the query nests parentheses more than %d deep; simplify it", maxNesting)
	}
	q, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		q = plainWords(text)
	}
	if q == nil {
		return nil, nil, bad("the query has no words to search for")
	}
	var terms []string
	q = rewrite(q, false, &terms)
	return q, terms, nil
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

// rewrite spreads leaves without a field over the text fields (lead: and
// body: search the whole text) and collects
// the words of the positive leaves. Composite queries are changed in place,
// which keeps their query-string semantics.
func rewrite(q query.Query, negated bool, terms *[]string) query.Query {
	switch x := q.(type) {
	case *query.BooleanQuery:
		if x.Must != nil {
			x.Must = rewrite(x.Must, negated, terms)
		}
		if x.Should != nil {
			x.Should = rewrite(x.Should, negated, terms)
		}
		if x.MustNot != nil {
			x.MustNot = rewrite(x.MustNot, !negated, terms)
		}
		if x.Filter != nil {
			x.Filter = rewrite(x.Filter, negated, terms)
		}
		return x
	case *query.ConjunctionQuery:
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = rewrite(c, negated, terms)
		}
		return x
	case *query.DisjunctionQuery:
		for i, c := range x.Disjuncts {
			x.Disjuncts[i] = rewrite(c, negated, terms)
		}
		return x
	case *query.MatchQuery:
		return leaf(x, x.Match, negated, terms)
	case *query.MatchPhraseQuery:
		return leaf(x, x.MatchPhrase, negated, terms)
	case *query.TermQuery:
		return leaf(x, x.Term, negated, terms)
	case *query.PrefixQuery:
		return leaf(x, x.Prefix, negated, terms)
	case *query.FuzzyQuery:
		return leaf(x, x.Term, negated, terms)
	case *query.WildcardQuery:
		return leaf(x, "", negated, terms)
	case *query.RegexpQuery:
		return leaf(x, "", negated, terms)
	}
	return q
}

// fieldLeaf is a leaf query that can be pointed at a field and boosted.
type fieldLeaf interface {
	query.Query
	query.FieldableQuery
	query.BoostableQuery
}

func leaf(q fieldLeaf, words string, negated bool, terms *[]string) query.Query {
	field := q.Field()
	if slices.Contains(indexer.TextAliases, field) {
		field = indexer.FieldText
		q.SetField(field)
	}
	if !negated && words != "" && (field == "" || indexer.TextFields[field] > 0) {
		*terms = append(*terms, words)
	}
	if field != "" {
		return q
	}
	var alts []query.Query
	for _, f := range []string{indexer.FieldText, indexer.FieldTitle} {
		c := cloneLeaf(q)
		c.SetField(f)
		c.SetBoost(q.Boost() * indexer.TextFields[f])
		alts = append(alts, c)
	}
	return query.NewDisjunctionQuery(alts)
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
