package load

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// searchAnswer is the part of GET /api/search a client reads.
type searchAnswer struct {
	Total int `json:"total"`
	Hits  []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"hits"`
	Facets struct {
		Person  []valueCount `json:"person"`
		Country []valueCount `json:"country"`
		Date    []valueCount `json:"date"`
		Section []valueCount `json:"section"`
	} `json:"facets"`
}

type valueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// client is one simulated user: it remembers its last search, the words
// of titles it saw, the articles and the facet values offered to it.
type client struct {
	base    string
	http    *http.Client
	r       *rand.Rand
	rec     *recorder
	maxExp  int
	last    url.Values // the last search
	answer  *searchAnswer
	words   []string
	ids     []string
	people  []string
	exports struct {
		bytes int64
		lines int
	}
	// hostile clients send only expensive queries (Config.Hostile).
	hostile bool
}

// action is one weighted step of the mix.
type action struct {
	weight int
	do     func(c *client, ctx context.Context) (string, error)
}

// mix is what users do, by weight: mostly searches and facet clicks, then
// reading articles, looking up facet values, feeds and a few exports.
var mix = []action{
	{24, (*client).searchText},
	{18, (*client).facetClick},
	{8, (*client).filterSearch},
	{6, (*client).searchPage},
	{14, (*client).article},
	{5, (*client).articleAPI},
	{10, (*client).facetValues},
	{6, (*client).feed},
	{4, (*client).export},
	{5, (*client).landing},
}

var totalWeight = func() int {
	n := 0
	for _, a := range mix {
		n += a.weight
	}
	return n
}()

// step does one weighted random action and records it.
func (c *client) step(ctx context.Context) {
	if c.hostile {
		c.run(ctx, (*client).hostileQuery)
		return
	}
	n := c.r.IntN(totalWeight)
	for _, a := range mix {
		if n < a.weight {
			c.run(ctx, a.do)
			return
		}
		n -= a.weight
	}
}

func (c *client) run(ctx context.Context, do func(*client, context.Context) (string, error)) {
	start := time.Now()
	kind, err := do(c, ctx)
	if ctx.Err() != nil && err != nil {
		return // the run ended mid-request: not the server's fault
	}
	c.rec.add(kind, time.Now().Sub(start), err)
}

// get fetches path and hands the body to read (nil: discard it). Any
// transport error or status other than 200 (or than the statuses given) is
// an error.
func (c *client) get(ctx context.Context, path string, read func(io.Reader) error, ok ...int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if len(ok) == 0 {
		ok = []int{http.StatusOK}
	}
	if !slices.Contains(ok, resp.StatusCode) {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("GET %s: status %d: %s", trim(path), resp.StatusCode, strings.TrimSpace(string(b)))
	}
	if read != nil {
		if err := read(resp.Body); err != nil {
			return fmt.Errorf("GET %s: %w", trim(path), err)
		}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

func trim(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// search runs an API search and remembers its answer.
func (c *client) search(ctx context.Context, v url.Values) error {
	var a searchAnswer
	err := c.get(ctx, "/api/search?"+v.Encode(), func(r io.Reader) error { return json.NewDecoder(r).Decode(&a) })
	if err != nil {
		return err
	}
	c.last, c.answer = v, &a
	for _, h := range a.Hits {
		if len(c.ids) < 500 {
			c.ids = append(c.ids, h.ID)
		} else {
			c.ids[c.r.IntN(len(c.ids))] = h.ID
		}
		for _, w := range strings.FieldsFunc(h.Title, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 4 && len(c.words) < 300 {
				c.words = append(c.words, strings.ToLower(w))
			}
		}
	}
	for _, p := range a.Facets.Person {
		if len(c.people) < 200 {
			c.people = append(c.people, p.Value)
		}
	}
	return nil
}

func (c *client) pick(s []string) string { return s[c.r.IntN(len(s))] }

// text is one to three words seen in titles, sometimes as a phrase or
// with an operator.
func (c *client) text() string {
	if len(c.words) == 0 {
		return "president"
	}
	n := 1 + c.r.IntN(3)
	var ws []string
	for range n {
		ws = append(ws, c.pick(c.words))
	}
	switch c.r.IntN(6) {
	case 0:
		return `"` + strings.Join(ws, " ") + `"`
	case 1:
		return "+" + strings.Join(ws, " +")
	}
	return strings.Join(ws, " ")
}

func (c *client) searchText(ctx context.Context) (string, error) {
	v := url.Values{"q": {c.text()}}
	switch c.r.IntN(4) {
	case 0:
		v.Set("sort", "newest")
	case 1:
		v.Set("page", fmt.Sprint(2+c.r.IntN(5)))
	}
	return KindSearchText, c.search(ctx, v)
}

func (c *client) landing(ctx context.Context) (string, error) {
	return KindLanding, c.get(ctx, "/", nil)
}

func (c *client) searchPage(ctx context.Context) (string, error) {
	return KindSearchPage, c.get(ctx, "/search?"+url.Values{"q": {c.text()}}.Encode(), nil)
}

// facetClick narrows the last search by one of the facet values it
// returned, as a user clicking the facet panel; half of them on the page.
func (c *client) facetClick(ctx context.Context) (string, error) {
	if c.answer == nil {
		return c.searchText(ctx)
	}
	v := clone(c.last)
	v.Del("page")
	field, vals := "person", c.answer.Facets.Person
	switch c.r.IntN(4) {
	case 1:
		field, vals = "country", c.answer.Facets.Country
	case 2:
		field, vals = "date", c.answer.Facets.Date
	case 3:
		field, vals = "section", c.answer.Facets.Section
	}
	if len(vals) == 0 || len(v[field]) >= 3 {
		return c.searchText(ctx) // nothing to click: start again
	}
	v.Add(field, vals[c.r.IntN(len(vals))].Value)
	if c.r.IntN(2) == 0 {
		return KindFacetClick, c.get(ctx, "/search?"+v.Encode(), nil)
	}
	return KindFacetClick, c.search(ctx, v)
}

// filterSearch is a search by filters only (a person and a country seen
// before, a year).
func (c *client) filterSearch(ctx context.Context) (string, error) {
	v := url.Values{}
	if len(c.people) > 0 {
		v.Set("person", c.pick(c.people))
	}
	if c.answer != nil && len(c.answer.Facets.Country) > 0 {
		v.Set("country", c.answer.Facets.Country[c.r.IntN(len(c.answer.Facets.Country))].Value)
	}
	if c.r.IntN(2) == 0 {
		y := 2016 + c.r.IntN(10)
		v.Set("from", fmt.Sprintf("%d-01-01", y))
		v.Set("to", fmt.Sprintf("%d-12-31", y))
	}
	return KindFilter, c.search(ctx, v)
}

func (c *client) article(ctx context.Context) (string, error) {
	if len(c.ids) == 0 {
		return c.searchText(ctx)
	}
	return KindArticle, c.get(ctx, "/articles/"+c.pick(c.ids), nil)
}

func (c *client) articleAPI(ctx context.Context) (string, error) {
	if len(c.ids) == 0 {
		return c.searchText(ctx)
	}
	id := c.pick(c.ids)
	return KindArticleAPI, c.get(ctx, "/api/articles/"+id, func(r io.Reader) error {
		var a struct {
			ID string `json:"id"`
		}
		if err := json.NewDecoder(r).Decode(&a); err != nil {
			return err
		}
		if a.ID != id {
			return fmt.Errorf("asked for article %s, got %q", id, a.ID)
		}
		return nil
	})
}

// facetValues looks up people by the first letters of a name seen, within
// the last search half of the time.
func (c *client) facetValues(ctx context.Context) (string, error) {
	prefix := "a"
	if len(c.people) > 0 {
		name := []rune(c.pick(c.people))
		prefix = strings.ToLower(string(name[:min(len(name), 1+c.r.IntN(3))]))
	}
	v := url.Values{"prefix": {prefix}}
	if c.last != nil && c.r.IntN(2) == 0 {
		v = clone(c.last)
		v.Del("page")
		v.Del("sort")
		v.Set("prefix", prefix)
	}
	return KindFacetValues, c.get(ctx, "/api/facets/person?"+v.Encode(), nil)
}

func (c *client) feed(ctx context.Context) (string, error) {
	v := url.Values{"q": {c.text()}}
	if c.last != nil && c.r.IntN(2) == 0 {
		v = clone(c.last)
		v.Del("page")
		v.Del("sort")
	}
	return KindFeed, c.get(ctx, "/feed.atom?"+v.Encode(), func(r io.Reader) error {
		b, err := io.ReadAll(r)
		if err == nil && !strings.Contains(string(b), "<feed") {
			err = errors.New("not an Atom feed")
		}
		return err
	})
}

// export streams the last search in a random format when it is small
// enough; otherwise it clicks a facet first to narrow it.
func (c *client) export(ctx context.Context) (string, error) {
	if c.answer == nil || c.answer.Total > c.maxExp {
		return c.facetClick(ctx)
	}
	v := clone(c.last)
	v.Del("page")
	v.Del("sort")
	format := []string{"csv", "json", "ndjson"}[c.r.IntN(3)]
	v.Set("format", format)
	return KindExport, c.get(ctx, "/api/export?"+v.Encode(), func(r io.Reader) error {
		cr := &countingReader{r: r}
		sc := bufio.NewScanner(cr)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		lines := 0
		for sc.Scan() {
			lines++
		}
		if err := sc.Err(); err != nil {
			return err
		}
		c.exports.bytes += cr.n
		c.exports.lines += lines
		return nil
	})
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
