package web

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"newsarchive/indexer/facets"
	"newsarchive/search"
	"newsarchive/templates"
)

// The links of the UI are built from a search.Query and its Values, so the
// URL always holds a search's whole state.

func pageURL(path string, q search.Query) string {
	if v := q.Values(); len(v) > 0 {
		return path + "?" + v.Encode()
	}
	return path
}

func searchURL(q search.Query) string { return pageURL("/search", q) }

// withFilter is q with value added to the filter name (first page).
func withFilter(q search.Query, name, value string) search.Query {
	q = q.Clone()
	if _, ok := facets.Lookup(name); ok && !slices.Contains(q.Filter[name], value) {
		q.Set(name, append(q.Filter[name], value)...)
	}
	q.Page = 1
	return q
}

// withoutFilter is q without that value of the filter name (first page);
// "published" removes the from/to range.
func withoutFilter(q search.Query, name, value string) search.Query {
	q = q.Clone()
	if name == "published" {
		q.From, q.To = time.Time{}, time.Time{}
	} else {
		q.Set(name, slices.DeleteFunc(q.Filter[name], func(s string) bool { return s == value })...)
	}
	q.Page = 1
	return q
}

// withRange is q limited to the publication days from..to (inclusive).
func withRange(q search.Query, from, to time.Time) search.Query {
	q = q.Clone()
	q.From, q.To = from, to
	q.Page = 1
	return q
}

// searchOnly is q without its presentation (page, sizes, histogram
// interval): what exports and feeds select.
func searchOnly(q search.Query) search.Query {
	q = q.Clone()
	q.Page, q.Size, q.FacetSize, q.Interval = 1, search.DefaultSize, search.DefaultFacetSize, ""
	return q
}

// exportURL is the export of exactly the search q in a format.
func exportURL(q search.Query, format string) string {
	v := searchOnly(q).Values()
	v.Set("format", format)
	return "/api/export?" + v.Encode()
}

// feedURL is the Atom feed of the search q (always newest first).
func feedURL(q search.Query) string {
	q = searchOnly(q)
	q.Sort = ""
	return pageURL("/feed.atom", q)
}

// hiddenParams are the form fields that keep q's filters, order and sizes
// when its text is changed (and the page starts again at 1).
func hiddenParams(q search.Query, keep ...string) []param {
	var out []param
	v := q.Values()
	for _, name := range append(append(slices.Clone(facets.Fields), "from", "to", "sort", "size", "interval"), keep...) {
		for _, val := range v[name] {
			out = append(out, param{name, val})
		}
	}
	return out
}

// filterChip is an applied filter, shown with a link that removes it.
type filterChip struct {
	Name   string // parameter, e.g. person
	Label  string // e.g. Person
	Value  string // readable value
	Remove string
}

// chips lists q's filters with removal links.
func chips(q search.Query) []filterChip {
	var out []filterChip
	for _, f := range facets.Registry {
		for _, v := range q.Filter[f.Name] {
			out = append(out, filterChip{Name: f.Name, Label: f.Chip, Value: valueLabel(f, v),
				Remove: searchURL(withoutFilter(q, f.Name, v))})
		}
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		out = append(out, filterChip{Name: "published", Label: "Published",
			Value: rangeLabel(q.From, q.To), Remove: searchURL(withoutFilter(q, "published", ""))})
	}
	return out
}

// valueLabel is how the UI shows a value of a facet.
func valueLabel(f facets.Facet, v string) string {
	if f.Day {
		return templates.Day(v)
	}
	return v
}

func rangeLabel(from, to time.Time) string {
	switch {
	case from.IsZero():
		return "until " + templates.Date(to)
	case to.IsZero():
		return "since " + templates.Date(from)
	case from.Equal(to):
		return templates.Date(from)
	}
	return templates.Date(from) + " – " + templates.Date(to)
}

// describe names a search for titles: `"summit" · Sergei Lavrov · Russia`.
func describe(q search.Query) string {
	var parts []string
	if q.Text != "" {
		if len(q.Text) > 1 && strings.HasPrefix(q.Text, `"`) && strings.HasSuffix(q.Text, `"`) {
			parts = append(parts, q.Text)
		} else {
			parts = append(parts, "“"+q.Text+"”")
		}
	}
	for _, c := range chips(q) {
		parts = append(parts, c.Value)
	}
	if len(parts) == 0 {
		return "all articles"
	}
	s := parts[0]
	for _, p := range parts[1:] {
		s += " · " + p
	}
	return s
}

// safeURL returns u if it is an absolute http(s) URL, else "": scraped
// URLs become links only then (never javascript: or data:).
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}
