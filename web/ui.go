package web

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// navLink is a labelled link of a page (a facet value, a chip, a sort
// order, a page number, an export).
type navLink struct {
	Label   string
	URL     string
	Current bool
	Count   int
}

// param is a hidden form field keeping a search's state.
type param struct{ Name, Value string }

var markTag = regexp.MustCompile(`</?mark>`)

// snippetHTML trusts a search snippet as HTML only if it is what the engine
// promises (escaped text with <mark> tags); anything else is escaped whole.
func snippetHTML(s string) template.HTML {
	if strings.ContainsAny(markTag.ReplaceAllString(s, ""), "<>") {
		return template.HTML(html.EscapeString(s))
	}
	return template.HTML(s)
}
