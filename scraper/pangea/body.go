package pangea

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bodyJunk is what the body text leaves out: embedded media and players,
// "SEE ALSO" and related-story boxes, pull quotes that repeat the text,
// and everything that is not text.
const bodyJunk = `script, style, noscript, template, iframe, object, embed, video, audio,
	svg, canvas, form, button, input, select, textarea, figure, aside,
	.wsw__embed, .wsw__related, .media-block.also-read, .also-read, .media-block-wrap,
	.c-blockquote, .c-mmp, .c-sticky-container, .media-pholder, .player-and-links,
	.external-content-placeholder`

// noMediaSource is the player's placeholder text, left in saved pages.
const noMediaSource = "no media source currently available"

// promoLabels open an inline promotion of another story inside a paragraph:
// the label and the link after it are not part of the article.
var promoLabels = []string{
	"see also:", "also read:", "read also:", "read more:", "related:",
	"читайте также:", "смотрите также:", "см. также:",
}

// blockTags end the paragraph before them and after them.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Blockquote: true, atom.Section: true, atom.Article: true,
	atom.Table: true, atom.Tr: true, atom.Pre: true, atom.Hr: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Header: true, atom.Footer: true,
	atom.Center: true, atom.Address: true, atom.Main: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true,
}

// bodyText returns the clean paragraphs of an article body (a div.wsw):
// junk removed, subheadings kept as their own paragraphs, whitespace
// collapsed, empty paragraphs dropped.
func bodyText(wsw *goquery.Selection) []string {
	wsw.Find(bodyJunk).Remove()
	var w paragraphWriter
	for _, n := range wsw.Nodes {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
	}
	w.flush()
	return w.paras
}

// paragraphWriter turns a DOM subtree into paragraphs of plain text.
type paragraphWriter struct {
	paras []string
	cur   strings.Builder
	// skipLink is set after a promo label ("SEE ALSO:"): the next link is
	// the promoted story's title.
	skipLink bool
	// afterBr is set by a <br> and cleared by text: a second <br> in a row
	// ends the paragraph, a single one is a line break inside it.
	afterBr bool
}

func (w *paragraphWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if strings.TrimSpace(n.Data) != "" {
			w.afterBr = false
		}
		if w.atStart() {
			if ok, rest := promoLabel(n.Data); ok {
				w.skipLink = strings.TrimSpace(rest) == ""
				return
			}
		}
		w.cur.WriteString(n.Data)
	case html.ElementNode:
		if n.DataAtom == atom.Br {
			if w.afterBr {
				w.flush()
				return
			}
			w.cur.WriteByte(' ')
			w.afterBr = true
			return
		}
		block := blockTags[n.DataAtom]
		if block && w.atDateline() {
			// "AUBURN, Wash. —" loose before the first <p> opens it.
			w.cur.WriteByte(' ')
		} else if block {
			w.flush()
		} else {
			if n.DataAtom == atom.A && w.skipLink {
				w.skipLink = false
				return
			}
			if w.atStart() && n.FirstChild != nil {
				if ok, rest := promoLabel(nodeText(n)); ok {
					// <strong>SEE ALSO:</strong> <a>...</a>, or the label
					// and the title inside one element.
					w.skipLink = strings.TrimSpace(rest) == "" && !hasLink(n)
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		switch {
		case block:
			w.flush()
		case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
			w.cur.WriteByte(' ')
		}
	}
}

// atStart reports whether nothing but space has been written to the
// current paragraph.
func (w *paragraphWriter) atStart() bool {
	return strings.TrimSpace(w.cur.String()) == ""
}

// atDateline reports whether the current paragraph is only a dateline
// ("AUBURN, Wash. —", "KYIV --"), a few words ending in a dash, before the
// first paragraph.
func (w *paragraphWriter) atDateline() bool {
	if len(w.paras) > 0 {
		return false
	}
	p := collapseSpace(w.cur.String())
	if p == "" || utf8.RuneCountInString(p) > 60 {
		return false
	}
	for _, dash := range []string{" —", " –", " --"} {
		if strings.HasSuffix(p, dash) {
			return true
		}
	}
	return false
}

// flush ends the current paragraph.
func (w *paragraphWriter) flush() {
	p := collapseSpace(w.cur.String())
	w.cur.Reset()
	w.skipLink, w.afterBr = false, false
	if p == "" || strings.EqualFold(p, noMediaSource) {
		return
	}
	w.paras = append(w.paras, p)
}

// promoLabel reports whether s starts with a promo label, and the text
// after it.
func promoLabel(s string) (bool, string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for _, l := range promoLabels {
		if len(s) >= len(l) && strings.EqualFold(s[:len(l)], l) {
			return true, s[len(l):]
		}
	}
	return false, ""
}

func hasLink(n *html.Node) bool {
	if n.Type == html.ElementNode && n.DataAtom == atom.A {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasLink(c) {
			return true
		}
	}
	return false
}

// nodeText is the text of n and its descendants.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapseSpace trims s and turns every run of white space (including
// no-break spaces) into one space; zero-width spaces, byte-order marks and
// soft hyphens are dropped.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\ufeff' || r == '\u00ad':
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
