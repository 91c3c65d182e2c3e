package search

import (
	"context"
	"errors"
	"io"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParseValues: no query string makes the search path panic, hang or
// fail with anything but a message for the user. It parses the raw query
// as the server does (url.ParseQuery, then ParseValues), compiles the text
// (compileText), and runs what parses through a small real index: a
// search, a facet-value search and an export. Errors must be the caller's
// (IsBadQuery: a 400), never an internal one (a 500). A query that parses
// keeps its limits and survives a round trip through its URL form.
// Seeds: testdata/fuzz/FuzzParseValues plus the ones added here. The index
// is vocabEngine's: 30,000 distinct words.
func FuzzParseValues(f *testing.F) {
	for _, s := range []string{
		"",
		"q=summit&person=Sergei+Lavrov&country=Russia&sort=newest&page=2&size=5",
		"q=%22foreign+agent%22+-Kremlin&from=2025-01-01&to=2025-12-31&interval=month",
		"q=title:summit+AND+body:Lavrov^2&facet_size=100&date=2025-10-20",
		"q=+summit+-Budapest+%22prepares+for%22&section=Russia&section=Europe&lang=en&site=rferl",
		"q=sum*+Lav?ov+/summ[a-z]+/+Budapest~2+published:>%222025-01-01%22",
		"q=n:5+OR+person:%22Sergei+Lavrov%22+country:Russia",
		"q=((((((a))))))&prefix=lav",
		"q=%28%28%28&size=0&facet_size=0",
		"q=AND+OR+NOT+%3A+%5E+~+*+%22",
		"q=%ff%fe&person=%ef%bf%bd",
		"page=-1&size=1e9&sort=random&from=2025-02-30",
		"q=a&q=b&colour=red",
		// Expensive patterns (see bounds.go): refused or bounded.
		"q=*a*+*e*+*i*+*o*+*u*+*s*+*n*+*r*+*t*+*l*",
		"q=/.*/", "q=ka*", "q=kalo*", "q=/ka[a-z]%2Bo/", "q=kalomi~2+zebuda~1", "q=ka~2",
		"q=title:lo*+OR+body:mi*+OR+lead:ne*", "q=person:Se*",
	} {
		f.Add(s)
	}
	words := vocabulary(30_000)
	var long []string
	for _, w := range words[:500] {
		long = append(long, w+"~1")
	}
	f.Add("q=" + url.QueryEscape(strings.Join(words[:400], " OR ")))
	f.Add("q=" + url.QueryEscape(strings.Join(long[:20], " ")))
	// A vocabulary of tens of thousands of words, as a real archive has:
	// patterns can expand to far more terms than a query may.
	e := vocabEngine(f, 600, words)
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw) // a bad escape drops the pair, as in the server
		q, err := ParseValues(v, "prefix")
		if err != nil {
			checkBad(t, "ParseValues", err)
			return
		}
		checkLimits(t, q)
		back, err := ParseValues(q.Values())
		if err != nil {
			t.Fatalf("the URL form %q of a parsed query does not parse: %v", q.Values().Encode(), err)
		}
		// Zero sizes are the struct's "default"; Values leaves them out.
		if q.Size == 0 {
			back.Size = 0
		}
		if q.FacetSize == 0 {
			back.FacetSize = 0
		}
		if !reflect.DeepEqual(q, back) {
			t.Fatalf("round trip changed the query:\n%+v\n%+v", q, back)
		}
		if q.Text != "" {
			if c, err := compileText(q.Text); err != nil {
				checkBad(t, "compileText", err)
			} else if c.query == nil {
				t.Fatal("compileText: no query and no error")
			}
		}

		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		res, err := e.Search(ctx, q)
		if err != nil {
			checkBad(t, "Search", err)
			return // the other calls share the compiled text
		}
		if res.Total < len(res.Hits) || len(res.Hits) > max(q.Size, 0) {
			t.Fatalf("total %d, %d hits for size %d", res.Total, len(res.Hits), q.Size)
		}
		for _, h := range res.Hits {
			if !utf8.ValidString(h.Snippet) {
				t.Fatalf("snippet not UTF-8: %q", h.Snippet)
			}
		}
		if _, err := e.FacetValues(ctx, "person", v.Get("prefix"), q); err != nil {
			checkBad(t, "FacetValues", err)
		}
		if _, err := e.Export(ctx, q, FormatCSV, io.Discard, nil); err != nil {
			checkBad(t, "Export", err)
		}
	})
}

// checkBad fails unless err is the caller's mistake with a message.
func checkBad(t *testing.T, what string, err error) {
	t.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%s: took longer than 20 s: %v", what, err)
	}
	if !IsBadQuery(err) || err.Error() == "" || !utf8.ValidString(err.Error()) {
		t.Fatalf("%s: %T %v: not a message for the user (would be a 500)", what, err, err)
	}
}

// checkLimits fails if a parsed query asks for more than the limits allow.
func checkLimits(t *testing.T, q Query) {
	t.Helper()
	switch {
	case q.Page < 1 || q.Page > maxPage, q.Size < 0 || q.Size > MaxSize, q.FacetSize < 0 || q.FacetSize > MaxFacetSize:
		t.Fatalf("page %d, size %d, facet size %d out of range", q.Page, q.Size, q.FacetSize)
	case len(q.Text) > MaxTextLen || !utf8.ValidString(q.Text):
		t.Fatalf("text of %d bytes (valid UTF-8: %v)", len(q.Text), utf8.ValidString(q.Text))
	case !slices.Contains([]string{SortRelevance, SortNewest, SortOldest}, q.Sort):
		t.Fatalf("sort %q", q.Sort)
	case !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From):
		t.Fatalf("to %s before from %s", q.To, q.From)
	}
	for _, l := range q.Filter {
		if len(l) > MaxFilterValues {
			t.Fatalf("%d filter values", len(l))
		}
	}
}
