package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"newsarchive/article"
	"newsarchive/indexer/facets"
)

// vocabulary makes n distinct made-up words of three syllables. The first
// syllable is one of ten, so each two-letter start ("ka") begins about a
// tenth of the vocabulary: far more words than one query may expand to.
func vocabulary(n int) []string {
	firsts := []string{"ka", "lo", "mi", "ne", "po", "ru", "sa", "ti", "vo", "ze"}
	var syll []string
	for _, c := range "bdfgklmnprstvz" {
		for _, v := range "aeiou" {
			syll = append(syll, string(c)+string(v))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		w := firsts[r.IntN(len(firsts))] + syll[r.IntN(len(syll))] + syll[r.IntN(len(syll))] + syll[r.IntN(len(syll))]
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// vocabEngine is an index of docs articles whose text covers a vocabulary
// of tens of thousands of words (every word is used at least once).
func vocabEngine(t testing.TB, docs int, words []string) *Engine {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	perDoc := len(words)/docs + 20
	next := 0
	day := time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)
	var arts []*article.Article
	for i := range docs {
		body := make([]string, perDoc)
		for j := range body {
			if next < len(words) {
				body[j] = words[next]
				next++
			} else {
				body[j] = words[r.IntN(len(words))]
			}
		}
		arts = append(arts, &article.Article{ID: fmt.Sprint(5000 + i), URL: fmt.Sprintf("https://www.rferl.org/a/%d.html", 5000+i),
			Site: "rferl", Language: "en", Title: strings.Join(body[:4], " "), Body: strings.Join(body, " "),
			Section: "Test", Published: day.Add(time.Duration(i) * time.Hour)})
	}
	e := engineOf(t, arts)
	e.NoCache = true
	return e
}

// hostileQueries are the expensive queries of the attack on the server and
// their like: each is refused with a message that says why.
func hostileQueries(words []string) []struct{ name, q, want string } {
	fuzzy := make([]string, 150)
	for i := range fuzzy {
		fuzzy[i] = words[i] + "~2"
	}
	return []struct{ name, q, want string }{
		{"ten infix wildcards", "*a* *e* *i* *o* *u* *s* *n* *r* *t* *l*", "must start with at least 2 fixed letters"},
		{"one infix wildcard", "*a*", "must start with at least 2 fixed letters"},
		{"match every word", "*", "must start with at least 2 fixed letters"},
		{"leading ?", "?alo*", "must start with at least 2 fixed letters"},
		{"one-letter prefix", "k*", "must start with at least 2 fixed letters"},
		{"regexp of everything", "/.*/", "must start with at least 2 fixed letters"},
		{"regexp without a fixed start", "/[a-z]+lo/", "must start with at least 2 fixed letters"},
		{"invalid regexp", "/ka(/", "is not valid"},
		{"150 fuzzy terms", strings.Join(fuzzy, " "), "more than 16 wildcard"},
		{"fuzziness 3", words[0] + "~3", "fuzziness of a term is at most 2"},
		{"prefix of a tenth of the vocabulary", "ka*", "would match too many terms"},
		{"regexp of a tenth of the vocabulary", "/ka.*/", "would match too many terms"},
		{"fields and prefixes", "title:ka* body:lo*", "would match too many terms"},
		{"long OR", strings.Join(words[:400], " OR "), "would match too many terms"},
	}
}

func TestBoundedQueries(t *testing.T) {
	words := vocabulary(30_000)
	e := vocabEngine(t, 600, words)
	ctx := context.Background()
	for _, c := range hostileQueries(words) {
		t.Run(c.name, func(t *testing.T) {
			for _, run := range []struct {
				what string
				do   func(Query) error
			}{
				{"search", func(q Query) error { _, err := e.Search(ctx, q); return err }},
				{"facet values", func(q Query) error { _, err := e.FacetValues(ctx, facets.Person, "", q); return err }},
				{"export", func(q Query) error {
					_, err := e.Export(ctx, q, FormatCSV, &strings.Builder{}, func() {})
					return err
				}},
			} {
				err := run.do(Query{Text: c.q, Sort: SortRelevance, Page: 1, Size: 10, FacetSize: 10})
				if !IsBadQuery(err) || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s: %v; want a bad query saying %q", run.what, err, c.want)
				}
			}
		})
	}
	// What stays within the bounds runs and finds what it should (words
	// ending in a or o: the English stemmer leaves them as they are).
	var w []string
	for _, x := range words {
		if strings.HasSuffix(x, "a") || strings.HasSuffix(x, "o") {
			w = append(w, x)
		}
	}
	for _, c := range []struct {
		name, q string
		min     int
	}{
		{"longer prefix", w[0][:5] + "*", 1},
		{"wildcard inside", w[1][:3] + "?" + w[1][4:], 1},
		{"regexp with a fixed start", "/" + w[2][:4] + "[a-z]+/", 1},
		{"fuzzy", w[3] + "~1", 1},
		{"sixteen fuzzy terms", strings.Join(fuzzied(w[10:26]), " "), 8},
		{"long OR within the limit", strings.Join(w[:300], " OR "), 50},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := e.Search(ctx, Query{Text: c.q, Sort: SortRelevance, Page: 1, Size: 10, FacetSize: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total < c.min {
				t.Errorf("total %d, want at least %d", res.Total, c.min)
			}
		})
	}
}

func fuzzied(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w + "~1"
	}
	return out
}

// An expensive search in flight must not hold the facet store: an index
// batch writes while it runs, and a search without text (the landing page,
// a facet click) answers meanwhile. Before, the text match ran inside the
// store's read lock, the batch waited for it and every new search queued
// behind the batch.
func TestSearchDoesNotHoldTheStore(t *testing.T) {
	e := testEngine(t, len(corpus))
	inSearch, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	e.testHookText = func() {
		once.Do(func() {
			close(inSearch)
			<-release
		})
	}
	ctx := context.Background()
	slow := make(chan error, 1)
	go func() {
		_, err := e.Search(ctx, mustQuery(t, "q=summit"))
		slow <- err
	}()
	<-inSearch

	wrote := make(chan struct{})
	go func() {
		e.Index.Facets().Put(facets.Doc{Num: 999, Values: map[string][]string{facets.Person: {"New Person"}}})
		close(wrote)
	}()
	select {
	case <-wrote:
	case <-time.After(30 * time.Second):
		t.Fatal("an index batch waits for a text search in flight")
	}
	res, err := e.Search(ctx, mustQuery(t, "person=New+Person"))
	if err != nil || res.Total != 1 {
		t.Fatalf("search during the slow one: %v, %+v", err, res)
	}
	close(release)
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
}

// A burst of text searches beyond the limit gets ErrBusy after a short
// wait, a search without text still answers, and a slot comes back when a
// search ends.
func TestBusy(t *testing.T) {
	e := testEngine(t, len(corpus))
	e.NoCache = true
	e.Limits = Limits{Text: 1, Patterns: 1, Wait: 50 * time.Millisecond}
	inSearch, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	e.testHookText = func() {
		once.Do(func() {
			close(inSearch)
			<-release
		})
	}
	ctx := context.Background()
	first := make(chan error, 1)
	go func() {
		_, err := e.Search(ctx, mustQuery(t, "q=summit"))
		first <- err
	}()
	<-inSearch
	if _, err := e.Search(ctx, mustQuery(t, "q=Lavrov")); !errors.Is(err, ErrBusy) {
		t.Fatalf("second text search: %v, want ErrBusy", err)
	}
	if _, err := e.Search(ctx, mustQuery(t, "q=Lav*")); !errors.Is(err, ErrBusy) {
		t.Fatalf("pattern search: %v, want ErrBusy", err)
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.Search(gone, mustQuery(t, "q=Lavrov")); !errors.Is(err, context.Canceled) {
		t.Fatalf("a client that left: %v, want its own end, not ErrBusy", err)
	}
	if res, err := e.Search(ctx, mustQuery(t, "country=Russia")); err != nil || res.Total == 0 {
		t.Fatalf("search without text: %v, %+v", err, res)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if _, err := e.Search(ctx, mustQuery(t, "q=Lav*")); err != nil {
		t.Fatalf("after the slot came back: %v", err)
	}
}

// BenchmarkHostileQueries runs the queries of the attack, and their
// allowed neighbours, on an index of 30,000 words. Every refused query
// must stay cheap: it fails if one allocates more than 64 MB (before the
// bounds, one such query grew the server by gigabytes).
func BenchmarkHostileQueries(b *testing.B) {
	words := vocabulary(30_000)
	e := vocabEngine(b, 1_000, words)
	ctx := context.Background()
	cases := hostileQueries(words)
	cases = append(cases, struct{ name, q, want string }{"allowed prefix", words[0][:5] + "*", ""},
		struct{ name, q, want string }{"allowed fuzzy", words[3] + "~2", ""})
	for _, c := range cases {
		b.Run(strings.ReplaceAll(c.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			q := Query{Text: c.q, Sort: SortRelevance, Page: 1, Size: 10, FacetSize: 10}
			var before, after runtimeMem
			before.read()
			for b.Loop() {
				_, err := e.Search(ctx, q)
				if c.want != "" && !IsBadQuery(err) || c.want == "" && err != nil {
					b.Fatalf("%q: %v", c.q, err)
				}
			}
			after.read()
			if per := (after.alloc - before.alloc) / uint64(b.N); per > 64<<20 {
				b.Fatalf("%q allocates %d MB a search", c.q, per>>20)
			}
		})
	}
}

// runtimeMem is the bytes allocated so far by the process.
type runtimeMem struct{ alloc uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.alloc = s.TotalAlloc
}
