package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"newsarchive/article"
	"newsarchive/indexer"
)

const (
	snippetLen  = 240       // bytes of text around the matches
	analyzedCap = 64 * 1024 // bytes of body read to find matches
)

// highlighter makes snippets from the stored text: the words of the query
// are analysed as the index analyses text, so "summits" marks "summit".
// Nothing is stored in the index for this. Text is scanned with a light
// tokenizer, and only words that start like a query stem are stemmed.
type highlighter struct {
	an     analysis.Analyzer
	want   map[string]bool
	starts map[string]bool // first two bytes of each wanted stem
}

func newHighlighter(ix *indexer.Index, terms []string) *highlighter {
	h := &highlighter{want: map[string]bool{}, starts: map[string]bool{}}
	if len(terms) == 0 {
		return h
	}
	h.an = ix.Mapping().AnalyzerNamed(en.AnalyzerName)
	if h.an == nil {
		return h
	}
	for _, t := range terms {
		for _, tok := range h.an.Analyze([]byte(t)) {
			h.want[string(tok.Term)] = true
			h.starts[string(tok.Term[:min(2, len(tok.Term))])] = true
		}
	}
	return h
}

// snippet returns an HTML fragment of the article: matched words in <mark>,
// everything else escaped. Without query words it is the opening of the lead
// or body.
func (h *highlighter) snippet(a *article.Article) string {
	for _, text := range []string{a.Body, a.Lead} {
		if s, ok := h.highlight(text); ok {
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

func (h *highlighter) highlight(text string) (string, bool) {
	if len(h.want) == 0 || h.an == nil || text == "" {
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
func (h *highlighter) matches(text string) []span {
	var hits []span
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) ||
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

// wanted reports whether a word analyses to a wanted stem (possessive
// dropped, lower-cased, Porter-stemmed, as the index's English analyzer).
func (h *highlighter) wanted(w string) bool {
	for _, suffix := range []string{"'s", "’s", "'", "’"} {
		w = strings.TrimSuffix(w, suffix)
	}
	if w == "" {
		return false
	}
	low := strings.ToLower(w)
	if !h.starts[low[:min(2, len(low))]] {
		return false
	}
	return h.want[porterstemmer.StemString(low)]
}
