// Package storetest is the contract every archive backend keeps, as tests
// written against the methods its consumers declare (indexer.Source,
// scrape.Store, search.Articles, web.Archive): the change feed (numbers
// only rising, nothing skipped with concurrent writers), entities kept once
// per version in a generic shape, articles by document number and id. Each
// backend's tests call Run with a function that opens a fresh, empty one.
package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/article"
)

// Store is what the contract exercises.
type Store interface {
	SaveArticle(ctx context.Context, a *article.Article, raw []byte) (archive.SaveResult, error)
	Changes(ctx context.Context, after int64, limit int) ([]archive.Change, error)
	LastChange(ctx context.Context) (int64, error)
	ChangesAfter(ctx context.Context, after int64) (int, error)
	StoreEntities(ctx context.Context, items []archive.Extraction) (int, error)
	ScanFacets(ctx context.Context, through int64, fn func(archive.FacetRow) error) error
	Values(ctx context.Context, kind string) ([]string, error)
	Count(ctx context.Context) (archive.Counts, error)
	ArticlesByDoc(ctx context.Context, docs []uint32) ([]*article.Article, error)
	ArticlesByID(ctx context.Context, ids []string) ([]*article.Article, error)
	After(ctx context.Context, doc uint32, limit int) ([]archive.Doc, error)
	ClaimTick(ctx context.Context, name string, quiet time.Duration) (bool, error)
	Lease(ctx context.Context, name string) (bool, error)
}

// Open opens a fresh, empty store for one test (closed by the test's cleanup).
type Open func(t *testing.T) Store

// Run runs the whole contract.
func Run(t *testing.T, open Open) {
	t.Run("ChangeFeed", func(t *testing.T) { changeFeed(t, open) })
	t.Run("ConcurrentWriters", func(t *testing.T) { concurrentWriters(t, open) })
	t.Run("ArticlesByID", func(t *testing.T) { articlesByID(t, open) })
	t.Run("ClaimTick", func(t *testing.T) { claimTick(t, open) })
	t.Run("BadText", func(t *testing.T) { badText(t, open) })
}

// Text with invalid UTF-8 or NUL bytes (a broken page) is stored cleaned,
// the same way in every archive, and the article is not lost.
func badText(t *testing.T, open Open) {
	ctx := context.Background()
	a := open(t)
	art := sample("77", "good \x87 bad\x00 end")
	art.Title = "T\xff\xfeitle"
	art.Authors = []string{"A\x00B"}
	if _, err := a.SaveArticle(ctx, art, nil); err != nil {
		t.Fatal(err)
	}
	got, err := a.ArticlesByID(ctx, []string{"77"})
	if err != nil || got[0] == nil {
		t.Fatalf("%v %v", got, err)
	}
	if got[0].Body != "good \uFFFD bad end" || got[0].Title != "T\uFFFDitle" || got[0].Authors[0] != "AB" {
		t.Errorf("stored %q %q %q", got[0].Title, got[0].Body, got[0].Authors)
	}
	if r, _ := a.SaveArticle(ctx, art, nil); r != archive.Unchanged {
		t.Errorf("saving the same broken page again: %v, want unchanged", r)
	}
}

// A schedule's tick is claimed once by the cluster: of many claimers at
// once exactly one wins; after the quiet time the next tick can be claimed.
func claimTick(t *testing.T, open Open) {
	ctx := context.Background()
	a := open(t)
	const claimers = 8
	var won sync.WaitGroup
	wins := make(chan bool, claimers)
	for range claimers {
		won.Add(1)
		go func() {
			defer won.Done()
			ok, err := a.ClaimTick(ctx, "schedule:rferl", time.Hour)
			if err != nil {
				t.Error(err)
			}
			wins <- ok
		}()
	}
	won.Wait()
	close(wins)
	n := 0
	for ok := range wins {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d of %d claimers won the tick, want 1", n, claimers)
	}
	if ok, _ := a.ClaimTick(ctx, "schedule:svoboda", time.Hour); !ok {
		t.Error("another site's tick was not claimable")
	}
	if ok, _ := a.ClaimTick(ctx, "schedule:x", 20*time.Millisecond); !ok {
		t.Fatal("first claim refused")
	}
	time.Sleep(30 * time.Millisecond)
	if ok, _ := a.ClaimTick(ctx, "schedule:x", 20*time.Millisecond); !ok {
		t.Error("the next tick, after the quiet time, was refused")
	}
	if held, err := a.Lease(ctx, "extract"); err != nil || !held {
		t.Errorf("lease: %v %v", held, err)
	}
	if held, _ := a.Lease(ctx, "extract"); !held {
		t.Error("the holder's renewal of its lease was refused")
	}
}

func sample(id, body string) *article.Article {
	return &article.Article{
		ID: id, URL: "https://www.rferl.org/a/x/" + id + ".html", Site: "rferl", Language: "en",
		Title: "Title " + id, Body: body, Authors: []string{"A. Writer"},
		Published: time.Date(2025, 10, 22, 10, 0, 0, 0, time.UTC), Section: "Russia", Tags: []string{"Russia"},
	}
}

func articlesByID(t *testing.T, open Open) {
	ctx := context.Background()
	a := open(t)
	for _, id := range []string{"10", "20"} {
		if _, err := a.SaveArticle(ctx, sample(id, "text "+id), nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := a.ArticlesByID(ctx, []string{"20", "nope", "10", "20"})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].ID != "20" || got[1] != nil || got[2].ID != "10" || got[3].ID != "20" || got[2].Body != "text 10" {
		t.Errorf("ArticlesByID = %v %v %v %v", got[0], got[1], got[2], got[3])
	}
}

// The change feed: every insert, edit and new set of entities draws the
// next number; entities are kept once per version; the same entities again
// change nothing; an edited article waits for its new version's entities.
func changeFeed(t *testing.T, open Open) {
	ctx := context.Background()
	a := open(t)
	for _, id := range []string{"1", "2", "3"} {
		if _, err := a.SaveArticle(ctx, sample(id, "text "+id), nil); err != nil {
			t.Fatal(err)
		}
	}
	feed, err := a.Changes(ctx, 0, 10)
	if err != nil || len(feed) != 3 || feed[2].Change != 3 || feed[0].Extracted {
		t.Fatalf("changes = %+v, %v", feed, err)
	}
	// Article 2 changes between reading the feed and storing its entities.
	if _, err := a.SaveArticle(ctx, sample("2", "changed"), nil); err != nil {
		t.Fatal(err)
	}
	var found []archive.Extraction
	for _, c := range feed {
		found = append(found, archive.Extraction{Doc: c.Doc, Version: c.Version,
			Entities: map[string][]string{"person": {"Sergei Lavrov"}, "country": {"Russia"}, "organisation": {"NATO"}}})
	}
	if n, err := a.StoreEntities(ctx, found); err != nil || n != 2 {
		t.Fatalf("stored %d, %v; want 2 (article 2 has a newer version)", n, err)
	}
	if n, err := a.StoreEntities(ctx, found); err != nil || n != 0 {
		t.Fatalf("storing the same entities again changed %d, %v", n, err)
	}
	last, _ := a.LastChange(ctx)
	if last != 6 {
		t.Fatalf("last change %d, want 6 (3 inserts, 1 edit, 2 entity sets)", last)
	}
	feed, _ = a.Changes(ctx, 3, 10)
	var got []string
	for _, c := range feed {
		got = append(got, fmt.Sprintf("%d:%s:v%d:%v", c.Change, c.Article.ID, c.Version, c.Extracted))
	}
	if want := "4:2:v2:false 5:1:v1:true 6:3:v1:true"; strings.Join(got, " ") != want {
		t.Errorf("feed after 3 = %s, want %s", strings.Join(got, " "), want)
	}
	if p := feed[1].Article.People; len(p) != 1 || p[0] != "Sergei Lavrov" {
		t.Errorf("article 1 people = %v", p)
	}
	if n, _ := a.ChangesAfter(ctx, 4); n != 2 {
		t.Errorf("changes after 4: %d, want 2", n)
	}
	if c, _ := a.Count(ctx); c.Articles != 3 || c.Pending != 1 {
		t.Errorf("counts %+v, want 3 articles, 1 waiting for entities", c)
	}
	var rows []archive.FacetRow
	if err := a.ScanFacets(ctx, 6, func(r archive.FacetRow) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Entities["person"][0] != "Sergei Lavrov" || rows[1].ID != "3" || rows[1].Entities["organisation"][0] != "NATO" {
		t.Errorf("facet rows = %+v", rows)
	}
	rows = nil
	a.ScanFacets(ctx, 5, func(r archive.FacetRow) error { rows = append(rows, r); return nil })
	if len(rows) != 1 || rows[0].ID != "1" {
		t.Errorf("facet rows through change 5 = %+v, want article 1 only", rows)
	}
	if people, err := a.Values(ctx, "person"); err != nil || len(people) != 1 || people[0] != "Sergei Lavrov" {
		t.Errorf("people = %v, %v", people, err)
	}
	docs, err := a.ArticlesByDoc(ctx, []uint32{rows[0].Doc + 2, rows[0].Doc, 12345, rows[0].Doc + 2})
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].ID != "3" || docs[1].ID != "1" || docs[2] != nil || len(docs[0].Countries) != 1 || docs[3] == nil || docs[3].ID != "3" {
		t.Errorf("ArticlesByDoc order wrong (a repeated doc is there each time): %v %v %v %v", docs[0], docs[1], docs[2], docs[3])
	}
	all, err := a.After(ctx, 0, 2)
	if err != nil || len(all) != 2 || all[0].Article.ID != "1" {
		t.Errorf("After(0, 2) = %v, %v", all, err)
	}
}

// Writers in several goroutines and processes' worth of connections while a
// reader follows the feed: the reader sees numbers only rising, and at the
// end has seen every article at its last change. (SQLite takes its write
// lock when a transaction begins, so a number is never committed after a
// higher one.)
func concurrentWriters(t *testing.T, open Open) {
	ctx := context.Background()
	a := open(t)
	const writers, each = 4, 40
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("%d%03d", w+1, i%25) // some ids are saved twice: edits
				if _, err := a.SaveArticle(ctx, sample(id, fmt.Sprintf("text %d %d", w, i)), nil); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	seen := map[uint32]int64{}
	var cursor int64
	follow := func() {
		feed, err := a.Changes(ctx, cursor, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range feed {
			if c.Change <= cursor {
				t.Fatalf("change %d after cursor %d", c.Change, cursor)
			}
			cursor, seen[c.Doc] = c.Change, c.Change
		}
	}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		follow()
	}
	for before := int64(-1); before != cursor; {
		before = cursor
		follow()
	}
	// Read the whole feed again: every article once, at its last change.
	final := map[uint32]int64{}
	for after := int64(0); ; {
		feed, err := a.Changes(ctx, after, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(feed) == 0 {
			break
		}
		for _, c := range feed {
			if _, twice := final[c.Doc]; twice {
				t.Errorf("article %d is in the feed twice", c.Doc)
			}
			final[c.Doc] = c.Change
			after = c.Change
		}
	}
	n := len(final)
	for doc, change := range final {
		if seen[doc] != change {
			t.Errorf("article %d: last change %d, the reader saw %d", doc, change, seen[doc])
		}
	}
	if n != writers*25 {
		t.Errorf("%d articles, want %d", n, writers*25)
	}
}
