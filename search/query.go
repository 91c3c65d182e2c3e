// Package search answers searches over the archive: the query model and its
// parsing from URL parameters or flags, the execution of a query against the
// index (text through Bleve, filters, facets, histogram and pages through
// the facet store), snippets, and the export writers. The HTTP server lives
// in web.
package search

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsarchive/indexer/facets"
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// Limits on what a query may ask for.
const (
	DefaultSize      = 20
	MaxSize          = 100
	DefaultFacetSize = 10
	MaxFacetSize     = 100
	MaxTextLen       = 1000
	MaxFilterValues  = 20
	maxPage          = 10_000_000
)

// Query is one search: text, filters, order and page. Its URL form
// (ParseValues / Values) is the contract shared by the web UI, the JSON
// API, exports, feeds and the CLI flags.
type Query struct {
	Text string
	// Filter holds the selected values of each facet, by facet name (see
	// facets.Registry: several values combine as the facet says).
	Filter map[string][]string
	// From and To bound the publication day, inclusive (zero: open).
	From, To  time.Time
	Sort      string
	Page      int
	Size      int
	FacetSize int
	Interval  string // published histogram interval: "" (automatic), day, month, year
}

// BadQueryError is a query the caller must fix; its message says how.
type BadQueryError struct{ Msg string }

func (e *BadQueryError) Error() string { return e.Msg }

func bad(format string, args ...any) error {
	return &BadQueryError{Msg: fmt.Sprintf(format, args...)}
}

// IsBadQuery reports whether err is the caller's mistake (HTTP 400).
func IsBadQuery(err error) bool {
	var b *BadQueryError
	return errors.As(err, &b)
}

// Parameters every search accepts besides the facets; extra lists ones a
// route adds (format, prefix, ...).
var params = append(append([]string{"q"}, facets.Fields...), "from", "to", "sort", "page", "size", "facet_size", "interval")

// ParseValues reads a query from URL parameters. Unknown parameters, bad
// dates and out-of-range numbers are errors that say what to fix. extra
// names parameters the caller handles itself.
func ParseValues(v url.Values, extra ...string) (Query, error) {
	q := Query{Sort: SortRelevance, Page: 1, Size: DefaultSize, FacetSize: DefaultFacetSize}
	for name, vals := range v {
		if !slices.Contains(params, name) && !slices.Contains(extra, name) {
			return q, bad("unknown parameter %q (known: %s)", name, strings.Join(append(slices.Clone(params), extra...), ", "))
		}
		for _, s := range vals {
			if !utf8.ValidString(s) {
				return q, bad("parameter %q is not valid UTF-8", name)
			}
		}
		if slices.Contains(extra, name) {
			continue
		}
		_, isFacet := facets.Lookup(name)
		single := !isFacet
		if single && len(vals) > 1 {
			return q, bad("parameter %q given %d times; give it once", name, len(vals))
		}
		if len(vals) > MaxFilterValues {
			return q, bad("parameter %q given %d times; at most %d values", name, len(vals), MaxFilterValues)
		}
	}
	q.Text = strings.TrimSpace(v.Get("q"))
	if len(q.Text) > MaxTextLen {
		return q, bad("the query is %d characters long; keep it under %d", len(q.Text), MaxTextLen)
	}
	list := func(name string) []string {
		var out []string
		for _, s := range v[name] {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	for _, f := range facets.Registry {
		vals := list(f.Name)
		if len(vals) == 0 {
			continue
		}
		if f.Day {
			for _, d := range vals {
				if _, err := time.Parse("2006-01-02", d); err != nil {
					return q, bad("%s=%q is not a day: use YYYY-MM-DD", f.Name, d)
				}
			}
		}
		q.Set(f.Name, vals...)
	}
	var err error
	if q.From, err = parseDay("from", v.Get("from")); err != nil {
		return q, err
	}
	if q.To, err = parseDay("to", v.Get("to")); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, bad("to=%s is before from=%s", v.Get("to"), v.Get("from"))
	}
	if s := v.Get("sort"); s != "" {
		if !slices.Contains([]string{SortRelevance, SortNewest, SortOldest}, s) {
			return q, bad("sort=%q: use relevance, newest or oldest", s)
		}
		q.Sort = s
	}
	if q.Page, err = parseInt("page", v.Get("page"), 1, 1, maxPage); err != nil {
		return q, err
	}
	if q.Size, err = parseInt("size", v.Get("size"), DefaultSize, 0, MaxSize); err != nil {
		return q, err
	}
	if q.FacetSize, err = parseInt("facet_size", v.Get("facet_size"), DefaultFacetSize, 0, MaxFacetSize); err != nil {
		return q, err
	}
	if s := v.Get("interval"); s != "" {
		if !slices.Contains([]string{facets.Day, facets.Month, facets.Year}, s) {
			return q, bad("interval=%q: use day, month or year", s)
		}
		q.Interval = s
	}
	return q, nil
}

func parseDay(name, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, bad("%s=%q is not a valid day: use YYYY-MM-DD", name, s)
	}
	return t, nil
}

func parseInt(name, s string, def, lo, hi int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, bad("%s=%q is not a whole number", name, s)
	}
	if n < lo || n > hi {
		return 0, bad("%s=%d is out of range: use %d to %d", name, n, lo, hi)
	}
	return n, nil
}

// Values is the URL form of q, without defaults, in a stable order: links
// built from it are the search's bookmarkable state.
func (q Query) Values() url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	for _, f := range facets.Registry {
		for _, s := range q.Filter[f.Name] {
			v.Add(f.Name, s)
		}
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.Format("2006-01-02"))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format("2006-01-02"))
	}
	if q.Sort != "" && q.Sort != SortRelevance {
		v.Set("sort", q.Sort)
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.Size != 0 && q.Size != DefaultSize {
		v.Set("size", strconv.Itoa(q.Size))
	}
	if q.FacetSize != 0 && q.FacetSize != DefaultFacetSize {
		v.Set("facet_size", strconv.Itoa(q.FacetSize))
	}
	if q.Interval != "" {
		v.Set("interval", q.Interval)
	}
	return v
}

// Filters returns the query's filters by parameter name (for export
// metadata and the UI's chips).
func (q Query) Filters() map[string][]string {
	f := map[string][]string{}
	for name, vals := range q.Filter {
		if len(vals) > 0 {
			f[name] = vals
		}
	}
	if !q.From.IsZero() {
		f["from"] = []string{q.From.Format("2006-01-02")}
	}
	if !q.To.IsZero() {
		f["to"] = []string{q.To.Format("2006-01-02")}
	}
	return f
}

// Filtered reports whether the query has any filter.
func (q Query) Filtered() bool {
	for _, vals := range q.Filter {
		if len(vals) > 0 {
			return true
		}
	}
	return !q.From.IsZero() || !q.To.IsZero()
}

// Set replaces the selected values of a facet (none: no filter on it).
func (q *Query) Set(facet string, values ...string) {
	if len(values) == 0 {
		delete(q.Filter, facet)
		return
	}
	if q.Filter == nil {
		q.Filter = map[string][]string{}
	}
	q.Filter[facet] = values
}

// Clone is a copy of q whose filters can change without changing q's.
func (q Query) Clone() Query {
	f := make(map[string][]string, len(q.Filter))
	for k, v := range q.Filter {
		f[k] = slices.Clone(v)
	}
	q.Filter = f
	return q
}
