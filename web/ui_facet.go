package web

import (
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"newsarchive/indexer/facets"
	"newsarchive/search"
)

// facetPage is the view of GET /facets/:field: more values of one facet
// within a search and a box to search them. It is the no-script form of
// the panel's "more…".
type facetPage struct {
	Field   string
	Title   string
	Search  string // the search, described
	Prefix  string
	Values  []facetValue
	Hidden  []param // the search's state, kept by the prefix form
	BackURL string
}

const maxPrefixLen = 100

func (s *Server) uiFacet(c echo.Context) error {
	q, err := search.ParseValues(c.QueryParams(), "prefix")
	if err != nil {
		return err
	}
	if c.QueryParam("facet_size") == "" {
		q.FacetSize = search.MaxFacetSize
	}
	prefix := c.QueryParam("prefix")
	if utf8.RuneCountInString(prefix) > maxPrefixLen {
		return &HTTPError{Status: http.StatusBadRequest, Msg: "the value search is too long; type the start of a name"}
	}
	field := c.Param("field")
	vals, err := s.Engine.FacetValues(c.Request().Context(), field, prefix, q)
	if err != nil {
		return err
	}
	back := q.Clone()
	back.FacetSize, back.Page = search.DefaultFacetSize, 1
	f, _ := facets.Lookup(field) // FacetValues refused unknown ones
	p := &facetPage{Field: field, Title: f.Label, Search: describe(q), Prefix: prefix,
		Values: facetValues(back, f, vals), BackURL: searchURL(back)}
	p.Hidden = hiddenParams(q, "q", "facet_size")
	return c.Render(http.StatusOK, "facet", p)
}
