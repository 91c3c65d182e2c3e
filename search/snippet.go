package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/text/unicode/norm"

	"newsarchive/article"
	"newsarchive/indexer"
)

const (
	snippetLen  = 240       // bytes of text around the matches
	analyzedCap = 64 * 1024 // bytes of body read to find matches
)

// highlighter makes snippets from the stored text: the words of the query
// are analysed as the index analyses text in the article's language, so
// "summits" marks "summit" in English (Porter) and "Путин" marks "Путина"
// in Russian (Snowball). Nothing is stored in the index for this. Text is
// scanned with a light tokenizer, and only words that start like a query
// stem are analysed (in the languages whose analysis keeps the start of a
// word).
type highlighter struct {
	m     mapping.IndexMapping
	terms []string
	langs map[string]*wanted // by analysis key
}

// wanted is what the query's words are in one language's analysis.
type wanted struct {
	an     analysis.Analyzer
	stems  map[string]bool
	starts map[rune]bool // first letters of the stems; nil: analyse every word
	seen   map[string]bool
}

func newHighlighter(ix *indexer.Index, terms []string) *highlighter {
	return &highlighter{m: ix.Mapping(), terms: terms, langs: map[string]*wanted{}}
}

// lang is the query's words in the analysis of an article's language.
func (h *highlighter) lang(language string) *wanted {
	key := indexer.Analysis(language)
	if w, ok := h.langs[key]; ok {
		return w
	}
	w := &wanted{stems: map[string]bool{}, seen: map[string]bool{}}
	h.langs[key] = w
	if len(h.terms) == 0 {
		return w
	}
	w.an = h.m.AnalyzerNamed(indexer.AnalyzerName(key))
	if w.an == nil {
		return w
	}
	if !indexer.RewritesStarts(key) { // else every word is analysed (once per distinct word)
		w.starts = map[rune]bool{}
	}
	for _, t := range h.terms {
		for _, tok := range w.an.Analyze([]byte(t)) {
			w.stems[string(tok.Term)] = true
			if w.starts != nil {
				r, _ := utf8.DecodeRune(tok.Term)
				w.starts[foldRune(r)] = true
			}
		}
	}
	return w
}

// foldRune is a letter lower-cased without its diacritics (Ä → a, Й → и),
// to compare the starts of words with the starts of stems.
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	if r < utf8.RuneSelf {
		return r
	}
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	if d := norm.NFD.Properties(b[:n]).Decomposition(); len(d) > 0 {
		r, _ = utf8.DecodeRune(d) // the base letter of a decomposed one, without allocating
	}
	return r
}

// snippet returns an HTML fragment of the article: matched words in <mark>,
// everything else escaped. Without query words it is the opening of the lead
// or body.
func (h *highlighter) snippet(a *article.Article) string {
	w := h.lang(a.Language)
	for _, text := range []string{a.Body, a.Lead} {
		if s, ok := w.highlight(text); ok {
			return s
		}
	}
	text := a.Lead
	if text == "" {
		text = a.Body
	}
	return html.EscapeString(cut(text, 0, snippetLen))
}

type span struct{ start, end int }

func (h *wanted) highlight(text string) (string, bool) {
	if len(h.stems) == 0 || h.an == nil || text == "" {
		return "", false
	}
	src := text
	if len(src) > analyzedCap {
		src = src[:analyzedCap]
	}
	hits := h.matches(src)
	if len(hits) == 0 {
		return "", false
	}
	// The window of snippetLen bytes that holds the most matches.
	bestI, bestN := 0, 0
	for i := range hits {
		n := 0
		for j := i; j < len(hits) && hits[j].end-hits[i].start <= snippetLen; j++ {
			n++
		}
		if n > bestN {
			bestI, bestN = i, n
		}
	}
	first := hits[bestI]
	lo := max(0, first.start-snippetLen/4)
	lo = wordStart(src, lo)
	hi := min(len(src), lo+snippetLen)
	hi = wordEnd(src, hi)
	var b strings.Builder
	if lo > 0 {
		b.WriteString("… ")
	}
	at := lo
	for _, m := range hits {
		if m.start < lo || m.end > hi {
			continue
		}
		b.WriteString(html.EscapeString(src[at:m.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(src[m.start:m.end]))
		b.WriteString("</mark>")
		at = m.end
	}
	b.WriteString(html.EscapeString(src[at:hi]))
	if hi < len(text) {
		b.WriteString(" …")
	}
	return b.String(), true
}

// cut returns about n bytes of s from lo, ending at a word boundary.
func cut(s string, lo, n int) string {
	if len(s)-lo <= n {
		return strings.TrimSpace(s[lo:])
	}
	hi := wordEnd(s, lo+n)
	return strings.TrimSpace(s[lo:hi]) + " …"
}

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for j := i; j > 0 && j > i-30; j-- {
		if s[j-1] == ' ' || s[j-1] == '\n' {
			return j
		}
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	for j := i; j < len(s) && j < i+30; j++ {
		if s[j] == ' ' || s[j] == '\n' {
			return j
		}
	}
	return i
}

// matches returns the spans of the words of text whose stem is wanted.
func (h *wanted) matches(text string) []span {
	var hits []span
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
			((r == '\'' || r == '’') && start >= 0)
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if h.wanted(text[start:i]) {
				hits = append(hits, span{start, i})
			}
			start = -1
		}
	}
	if start >= 0 && h.wanted(text[start:]) {
		hits = append(hits, span{start, len(text)})
	}
	return hits
}

// wanted reports whether a word analyses to a wanted stem.
func (h *wanted) wanted(w string) bool {
	if h.starts != nil && !h.mayBe(w) {
		return false
	}
	if got, ok := h.seen[w]; ok {
		return got
	}
	got := false
	for _, tok := range h.an.Analyze([]byte(w)) {
		if h.stems[string(tok.Term)] {
			got = true
			break
		}
	}
	h.seen[w] = got
	return got
}

// mayBe reports whether a word starts like a wanted stem: its first letter
// or, for elided articles (l'avion, dell'Europa), the letter after an
// apostrophe.
func (h *wanted) mayBe(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if h.starts[foldRune(r)] {
		return true
	}
	for i := n; i < len(w); {
		r, n := utf8.DecodeRuneInString(w[i:])
		i += n
		if (r == '\'' || r == '’') && i < len(w) {
			next, _ := utf8.DecodeRuneInString(w[i:])
			if h.starts[foldRune(next)] {
				return true
			}
		}
	}
	return false
}
