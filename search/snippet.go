package search

import (
	"html"
	"strings"
	"unicode/utf8"

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
// Nothing is stored in the index for this.
type highlighter struct {
	an   analysis.Analyzer
	want map[string]bool
}

func newHighlighter(ix *indexer.Index, terms []string) *highlighter {
	h := &highlighter{want: map[string]bool{}}
	if len(terms) == 0 {
		return h
	}
	h.an = ix.Bleve().Mapping().AnalyzerNamed(en.AnalyzerName)
	if h.an == nil {
		return h
	}
	for _, t := range terms {
		for _, tok := range h.an.Analyze([]byte(t)) {
			h.want[string(tok.Term)] = true
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
	var hits []span
	for _, tok := range h.an.Analyze([]byte(src)) {
		if h.want[string(tok.Term)] {
			hits = append(hits, span{tok.Start, tok.End})
		}
	}
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
