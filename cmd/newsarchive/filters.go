package main

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"newsarchive/indexer/facets"
	"newsarchive/search"
)

// filterFlags are the search filters as command-line flags; they become the
// same URL parameters the web UI and the API use, so one parser checks them.
type filterFlags struct {
	facets                   map[string]*[]string // by facet name
	from, to, sort, interval string
	page, size, facetSize    int
}

func (f *filterFlags) register(fs *pflag.FlagSet, paging bool) {
	f.facets = map[string]*[]string{}
	for _, fc := range facets.Registry {
		f.facets[fc.Name] = fs.StringArray(fc.Name, nil, fc.Help)
	}
	fs.StringVar(&f.from, "from", "", "published on or after this day, YYYY-MM-DD")
	fs.StringVar(&f.to, "to", "", "published on or before this day, YYYY-MM-DD")
	fs.StringVar(&f.sort, "sort", "", "relevance, newest or oldest")
	if paging {
		fs.IntVar(&f.page, "page", 0, "page of results (from 1)")
		fs.IntVar(&f.size, "size", 0, "results per page (up to 100; default 20)")
		fs.IntVar(&f.facetSize, "facet-size", 0, "values per facet (up to 100; default 10)")
		fs.StringVar(&f.interval, "interval", "", "published histogram interval: day, month or year")
	}
}

// values turns the flags and the query words into URL parameters.
func (f *filterFlags) values(words []string) url.Values {
	v := url.Values{}
	if q := strings.TrimSpace(strings.Join(words, " ")); q != "" {
		v.Set("q", q)
	}
	for name, vals := range f.facets {
		for _, s := range *vals {
			v.Add(name, s)
		}
	}
	for name, s := range map[string]string{"from": f.from, "to": f.to, "sort": f.sort, "interval": f.interval} {
		if s != "" {
			v.Set(name, s)
		}
	}
	for name, n := range map[string]int{"page": f.page, "size": f.size, "facet_size": f.facetSize} {
		if n != 0 {
			v.Set(name, strconv.Itoa(n))
		}
	}
	return v
}

// query parses the flags as a search query.
func (f *filterFlags) query(words []string) (search.Query, url.Values, error) {
	v := f.values(words)
	q, err := search.ParseValues(v)
	return q, v, err
}
