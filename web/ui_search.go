package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"newsarchive/indexer/facets"
	"newsarchive/search"
)

// searchPage is the view of the search page (GET / and /search).
type searchPage struct {
	Title       string
	Q           search.Query
	Hidden      []param
	Res         *search.Result
	Chips       []filterChip
	ClearURL    string
	Facets      []facetGroup
	Timeline    timelineView
	Sorts       []navLink
	Hits        []hitView
	Start       int    // the number of the first hit
	FirstPage   string // the first page of this search
	PastEnd     bool   // the page asked for is past the last result
	Pager       pagerView
	Exports     []navLink
	FeedURL     string
	Empty       bool      // the archive holds nothing yet
	Suggestions []navLink // for no results: the same search with one filter less
}

// hitView is one result row.
type hitView struct {
	ID         string
	URL        string
	Title      string
	Published  time.Time
	Section    string
	SectionURL string
	Snippet    template.HTML
	People     []navLink
	Countries  []navLink
}

func (s *Server) uiSearch(c echo.Context) error {
	q, err := search.ParseValues(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := s.Engine.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "search", newSearchPage(q, res))
}

func newSearchPage(q search.Query, res *search.Result) *searchPage {
	p := &searchPage{
		Title:    describe(q),
		Q:        q,
		Hidden:   hiddenParams(q),
		Res:      res,
		Chips:    chips(q),
		Facets:   facetGroups(q, res),
		Timeline: newTimeline(q, res),
		Pager:    newPager(q, res.Total),
		FeedURL:  feedURL(q),
		Empty:    res.Hint != "",
		Start:    (q.Page-1)*q.Size + 1,
	}
	first := q.Clone()
	first.Page = 1
	p.FirstPage = searchURL(first)
	p.PastEnd = res.Total > 0 && q.Size > 0 && len(res.Hits) == 0
	if q.Filtered() {
		clear := q.Clone()
		clear.Filter = nil
		clear.From, clear.To, clear.Page = time.Time{}, time.Time{}, 1
		p.ClearURL = searchURL(clear)
	}
	for _, o := range []struct{ sort, label string }{
		{search.SortRelevance, "Relevance"}, {search.SortNewest, "Newest"}, {search.SortOldest, "Oldest"},
	} {
		sq := q.Clone()
		sq.Sort, sq.Page = o.sort, 1
		p.Sorts = append(p.Sorts, navLink{Label: o.label, URL: searchURL(sq), Current: q.Sort == o.sort})
	}
	for _, f := range search.Formats {
		label := map[string]string{search.FormatCSV: "CSV", search.FormatJSON: "JSON", search.FormatNDJSON: "NDJSON"}[f]
		p.Exports = append(p.Exports, navLink{Label: label, URL: exportURL(q, f)})
	}
	for _, h := range res.Hits {
		hv := hitView{ID: h.ID, URL: "/articles/" + h.ID, Title: h.Title, Published: h.Published,
			Section: h.Section, Snippet: snippetHTML(h.Snippet)}
		if h.Section != "" {
			hv.SectionURL = searchURL(withFilter(q, facets.Section, h.Section))
		}
		hv.People = entityLinks(q, facets.Person, h.People)
		hv.Countries = entityLinks(q, facets.Country, h.Countries)
		p.Hits = append(p.Hits, hv)
	}
	if res.Total == 0 && !p.Empty {
		for _, ch := range p.Chips {
			p.Suggestions = append(p.Suggestions, navLink{Label: "without " + ch.Label + ": " + ch.Value, URL: ch.Remove})
		}
		if q.Text != "" && q.Filtered() {
			nq := q.Clone()
			nq.Text, nq.Page = "", 1
			p.Suggestions = append(p.Suggestions, navLink{Label: "without the words “" + q.Text + "”", URL: searchURL(nq)})
		}
	}
	return p
}

// entityLinks are an article's people or countries as links that add a
// filter to the search (or mark it when already selected).
func entityLinks(q search.Query, name string, values []string) []navLink {
	out := make([]navLink, 0, len(values))
	selected := q.Filter[name]
	for _, v := range values {
		out = append(out, navLink{Label: v, URL: searchURL(withFilter(q, name, v)), Current: contains(selected, v)})
	}
	return out
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// facetGroup is one facet of the panel.
type facetGroup struct {
	Field   string
	Title   string
	Values  []facetValue
	More    bool   // there may be more values than shown
	MoreURL string // a page with more values and a value search (no script needed)
	APIURL  string // the same values as JSON, for the script
	AddBase string // the search a value is added to, for the script
}

// facetValue is a value with its count; its link adds the filter, or
// removes it when selected.
type facetValue struct {
	Value    string
	Label    string
	Count    int
	URL      string
	Selected bool
}

func facetGroups(q search.Query, res *search.Result) []facetGroup {
	var out []facetGroup
	for _, f := range facets.Registry {
		if !f.Counted {
			continue
		}
		vals := res.Facets.Of(f.Name)
		g := facetGroup{Field: f.Name, Title: f.Label, Values: facetValues(q, f, vals),
			More: q.FacetSize > 0 && len(vals) >= q.FacetSize && q.FacetSize < search.MaxFacetSize}
		more := q.Clone()
		more.Page, more.FacetSize = 1, search.MaxFacetSize
		g.MoreURL = pageURL("/facets/"+f.Name, more)
		g.APIURL = pageURL("/api/facets/"+f.Name, more)
		base := q.Clone()
		base.Page = 1
		g.AddBase = searchURL(base)
		out = append(out, g)
	}
	return out
}

func facetValues(q search.Query, f facets.Facet, vals []facets.ValueCount) []facetValue {
	selected := q.Filter[f.Name]
	out := make([]facetValue, 0, len(vals))
	for _, vc := range vals {
		fv := facetValue{Value: vc.Value, Label: valueLabel(f, vc.Value), Count: vc.Count, Selected: contains(selected, vc.Value)}
		if fv.Selected {
			fv.URL = searchURL(withoutFilter(q, f.Name, vc.Value))
		} else {
			fv.URL = searchURL(withFilter(q, f.Name, vc.Value))
		}
		out = append(out, fv)
	}
	return out
}

// pagerView is the pagination under the results.
type pagerView struct {
	Prev, Next string
	Pages      []pageLink
	Last       int
}

// pageLink is a page number (or a gap, "…").
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

func newPager(q search.Query, total int) pagerView {
	var p pagerView
	if q.Size <= 0 || total <= q.Size {
		return p
	}
	p.Last = (total + q.Size - 1) / q.Size
	at := func(n int) string {
		pq := q.Clone()
		pq.Page = n
		return searchURL(pq)
	}
	if q.Page > 1 {
		p.Prev = at(min(q.Page-1, p.Last))
	}
	if q.Page < p.Last {
		p.Next = at(q.Page + 1)
	}
	var show []int
	for _, n := range []int{1, q.Page - 2, q.Page - 1, q.Page, q.Page + 1, q.Page + 2, p.Last} {
		if n >= 1 && n <= p.Last && (len(show) == 0 || n > show[len(show)-1]) {
			show = append(show, n)
		}
	}
	prev := 0
	for _, n := range show {
		if prev != 0 && n > prev+1 {
			p.Pages = append(p.Pages, pageLink{Gap: true})
		}
		p.Pages = append(p.Pages, pageLink{N: n, URL: at(n), Current: n == q.Page})
		prev = n
	}
	return p
}
