package search

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// What one query may cost. Bleve expands a wildcard, regexp, fuzzy or
// prefix term into one term searcher per matching word of the index before
// it looks at the request's context, so a pattern that matches most of the
// vocabulary costs minutes and gigabytes. These caps are checked before
// Bleve builds anything: the shape of the query when it is compiled, the
// expansions against each shard's term dictionary (a bounded walk) just
// before the search.
const (
	// MaxPatterns is how many wildcard, regexp and fuzzy terms one query may hold.
	MaxPatterns = 16
	// MinPatternPrefix is how many fixed characters a wildcard or regexp
	// must start with. Without them the walk covers every word of every
	// text field; with them it covers the words that start so. Leading
	// wildcards are refused rather than served slowly.
	MinPatternPrefix = 2
	// MaxFuzziness is the largest edit distance of a fuzzy term (word~2).
	MaxFuzziness = 2
	// MaxClauses is how many term searchers one query may build in one
	// index shard, and it is Lucene's default clause limit. A word is
	// spread over the title, lead and body in every language's fields,
	// but only the fields where some shard holds the word run (narrow.go).
	// On each shard, before the search, a word costs once per field it
	// really runs in (more in a mixed archive, where Путин is in Russian,
	// Ukrainian and neutral fields), and each pattern once per word it
	// matches in each field that holds words. Bleve's own limit is set to
	// it as a backstop.
	MaxClauses = 1024
)

func init() {
	// Bleve leaves its clause limit off (0). Setting a library's tunable
	// once here keeps every search of this process bounded.
	searcher.DisjunctionMaxClauseCount = MaxClauses
}

// checkPattern refuses, before anything runs, a pattern that no index
// could serve cheaply: a leading wildcard, a regexp without a fixed start,
// too much fuzziness, or too many patterns. n counts the patterns so far.
func checkPattern(q query.Query, n int) error {
	var err error
	switch x := q.(type) {
	case *query.WildcardQuery:
		err = fixedStart("the wildcard "+x.Wildcard, wildcardPrefix(x.Wildcard), "ukrain*")
	case *query.RegexpQuery:
		re, cerr := regexp.Compile(x.Regexp)
		if cerr != nil {
			return bad("the regular expression /%s/ is not valid: %v", x.Regexp, cerr)
		}
		prefix, _ := re.LiteralPrefix()
		err = fixedStart("the regular expression /"+x.Regexp+"/", prefix, "/ukrain(e|ian)/")
	case *query.PrefixQuery:
		err = fixedStart("the prefix "+x.Prefix+"*", x.Prefix, "ukrain*")
	case *query.FuzzyQuery:
		err = fuzziness(x.Term, x.Fuzziness)
	case *query.MatchQuery:
		err = fuzziness(x.Match, x.Fuzziness)
	case *query.MatchPhraseQuery:
		err = fuzziness(x.MatchPhrase, x.Fuzziness)
	}
	if err == nil && n > MaxPatterns {
		err = bad("the query has more than %d wildcard, regular expression or fuzzy terms; search for fewer at once", MaxPatterns)
	}
	return err
}

// isPattern reports whether a leaf expands to the words it matches.
func isPattern(q query.Query) bool {
	switch x := q.(type) {
	case *query.WildcardQuery, *query.RegexpQuery, *query.PrefixQuery, *query.FuzzyQuery:
		return true
	case *query.MatchQuery:
		return x.Fuzziness != 0
	case *query.MatchPhraseQuery:
		return x.Fuzziness != 0
	}
	return false
}

func fixedStart(what, prefix, example string) error {
	if utf8.RuneCountInString(prefix) >= MinPatternPrefix {
		return nil
	}
	return bad("%s must start with at least %d fixed letters (e.g. %s): one that starts with a wildcard would have to read every word of the archive",
		what, MinPatternPrefix, example)
}

func fuzziness(term string, f int) error {
	if f > MaxFuzziness || f < 0 {
		return bad("%s~%d: the fuzziness of a term is at most %d (word~1 or word~2)", term, f, MaxFuzziness)
	}
	return nil
}

// wildcardPrefix is the part of a wildcard before its first * or ?.
func wildcardPrefix(w string) string {
	if i := strings.IndexAny(w, "*?"); i >= 0 {
		return w[:i]
	}
	return w
}

// wildcardRegexp is the regexp Bleve runs for a wildcard.
func wildcardRegexp(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

// budget counts the term searchers q would build on one shard, walking the
// term dictionary for each pattern, and fails with a BadQueryError as soon
// as the count passes MaxClauses. The walk is bounded: it stops there.
// A word spread over the text fields counts once per field it runs in, and
// at least once per part of the text it searches.
type budget struct {
	ctx    context.Context
	r      index.IndexReader
	m      mapping.IndexMapping
	used   int
	walked int
	words  map[query.Query]*spreadWord
	spread map[*spreadWord]*wordCost
	last   string
}

// wordCost is what one spread word costs: the searchers of the fields it
// runs in, and the most terms it analyses to in one of them.
type wordCost struct{ run, most int }

func checkCost(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, q query.Query, words map[query.Query]*spreadWord) error {
	b := &budget{ctx: ctx, r: r, m: m, words: words, spread: map[*spreadWord]*wordCost{}}
	if err := b.visit(q); err != nil {
		return err
	}
	total := 0
	for w, c := range b.spread {
		total += max(c.run, w.parts*c.most)
	}
	return b.add(total, b.last)
}

// counted records n searchers of leaf q; false when q is no spread word.
func (b *budget) counted(q query.Query, n int) bool {
	w := b.words[q]
	if w == nil {
		return false
	}
	c := b.spread[w]
	if c == nil {
		c = &wordCost{}
		b.spread[w] = c
	}
	c.run += n
	c.most = max(c.most, n)
	b.last = w.text
	return true
}

func (b *budget) visit(q query.Query) error {
	switch x := q.(type) {
	case *query.BooleanQuery:
		for _, c := range []query.Query{x.Must, x.Should, x.MustNot, x.Filter} {
			if c != nil {
				if err := b.visit(c); err != nil {
					return err
				}
			}
		}
	case *query.ConjunctionQuery:
		return b.visitAll(x.Conjuncts)
	case *query.DisjunctionQuery:
		return b.visitAll(x.Disjuncts)
	case *query.TermQuery:
		if b.counted(q, 1) {
			return nil
		}
		return b.add(1, x.Term)
	case *query.MatchQuery:
		return b.analysed(q, x.FieldVal, x.Analyzer, x.Match, x.Fuzziness, x.Prefix)
	case *query.MatchPhraseQuery:
		return b.analysed(q, x.FieldVal, x.Analyzer, x.MatchPhrase, x.Fuzziness, 0)
	case *query.WildcardQuery:
		return b.expand(x.FieldVal, x.Wildcard, func(ir index.IndexReader, f string) (index.FieldDict, error) {
			return regexpDict(ir, f, wildcardRegexp(x.Wildcard))
		})
	case *query.RegexpQuery:
		return b.expand(x.FieldVal, "/"+x.Regexp+"/", func(ir index.IndexReader, f string) (index.FieldDict, error) {
			return regexpDict(ir, f, x.Regexp)
		})
	case *query.PrefixQuery:
		return b.expand(x.FieldVal, x.Prefix+"*", func(ir index.IndexReader, f string) (index.FieldDict, error) {
			return ir.FieldDictPrefix(f, []byte(x.Prefix))
		})
	case *query.FuzzyQuery:
		return b.fuzzy(x.FieldVal, x.Term, x.Fuzziness, x.Prefix)
	}
	return nil
}

func (b *budget) visitAll(qs []query.Query) error {
	for _, c := range qs {
		if err := b.visit(c); err != nil {
			return err
		}
	}
	return nil
}

func (b *budget) field(f string) string {
	if f == "" {
		return b.m.DefaultSearchField()
	}
	return f
}

// analysed counts a match or phrase: one searcher per word, or, when
// fuzzy, one per word each fuzzy word matches.
func (b *budget) analysed(q query.Query, field, analyzer, text string, fuzz, prefix int) error {
	field = b.field(field)
	if analyzer == "" {
		analyzer = b.m.AnalyzerNameForPath(field)
	}
	an := b.m.AnalyzerNamed(analyzer)
	if an == nil {
		return nil // Bleve reports it when it builds the searcher
	}
	tokens := an.Analyze([]byte(text))
	if fuzz == 0 {
		if b.counted(q, len(tokens)) {
			return nil
		}
		return b.add(len(tokens), text)
	}
	for _, t := range tokens {
		if err := b.fuzzy(field, string(t.Term), fuzz, prefix); err != nil {
			return err
		}
	}
	return nil
}

func (b *budget) fuzzy(field, term string, fuzz, prefix int) error {
	if fuzz == 0 {
		return b.add(1, term)
	}
	pre := term
	if prefix < utf8.RuneCountInString(term) {
		pre = string([]rune(term)[:max(prefix, 0)])
	}
	return b.expand(field, fmt.Sprintf("%s~%d", term, fuzz), func(ir index.IndexReader, f string) (index.FieldDict, error) {
		fr, ok := ir.(index.IndexReaderFuzzy)
		if !ok {
			return nil, nil
		}
		return fr.FieldDictFuzzy(f, term, fuzz, pre)
	})
}

func regexpDict(ir index.IndexReader, field, re string) (index.FieldDict, error) {
	rr, ok := ir.(index.IndexReaderRegexp)
	if !ok {
		return nil, nil
	}
	return rr.FieldDictRegexp(field, re)
}

// expand walks the words a pattern matches in one field, counting each.
func (b *budget) expand(field, what string, dict func(index.IndexReader, string) (index.FieldDict, error)) error {
	d, err := dict(b.r, b.field(field))
	if err != nil {
		return bad("the query cannot be run: %s: %v", what, err)
	}
	if d == nil {
		return nil // an index without dictionaries: Bleve's own limit applies
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil {
			return fmt.Errorf("read the index's words: %w", err)
		}
		if e == nil {
			return nil
		}
		if err := b.add(1, what); err != nil {
			return err
		}
		if b.walked++; b.walked%256 == 0 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
		}
	}
}

func tooManyTerms(what string) error {
	return bad("this query would match too many terms: with %q it needs more than %d; use more letters before * or ?, less fuzziness, or fewer words",
		what, MaxClauses)
}

func (b *budget) add(n int, what string) error {
	b.used += n
	if b.used <= MaxClauses {
		return nil
	}
	return tooManyTerms(what)
}
