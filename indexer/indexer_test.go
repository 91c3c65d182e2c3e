package indexer_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/search"
)

func total(t *testing.T, e *search.Engine, q search.Query) int {
	t.Helper()
	if q.Size == 0 {
		q.Size, q.Page, q.FacetSize, q.Sort = 10, 1, 10, search.SortRelevance
	}
	res, err := e.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestIndexHoldsEveryArchivedArticleOnce(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	ctx := context.Background()
	counts, err := env.Archive.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := env.Index.DocCount()
	if err != nil || int(n) != counts.Articles || counts.Pending != 0 {
		t.Fatalf("index has %d docs, archive %+v", n, counts)
	}
	if got := env.Index.Facets().Len(); got != counts.Articles {
		t.Errorf("facet store has %d docs, want %d", got, counts.Articles)
	}
	// The entities were written back to the archive.
	a, err := env.Archive.Article(ctx, "33565458")
	if err != nil || len(a.People) < 10 || len(a.Countries) < 5 {
		t.Errorf("entities not stored with the article: %v %v", a.People, err)
	}
}

// A second process cannot open a held index; it is told who holds it.
func TestIndexLock(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	if err := env.Index.SetAddr("serve", "127.0.0.1:9999"); err != nil {
		t.Fatal(err)
	}
	_, err := indexer.Open(context.Background(), env.DataDir, env.Archive, indexer.Holder{Command: "search"})
	var locked *indexer.LockedError
	if !errors.As(err, &locked) || locked.Holder.Addr != "127.0.0.1:9999" || !strings.Contains(err.Error(), "in use by `newsarchive serve`") {
		t.Fatalf("second open: %v", err)
	}
	if h, held := indexer.Held(env.DataDir); !held || h.Command != "serve" {
		t.Errorf("Held = %+v, %v", h, held)
	}
}

// Articles another process archives are picked up by Watch within seconds.
func TestWatchIndexesNewArticles(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	x := &indexer.Indexer{Index: env.Index, Archive: env.Archive, Finder: testenv.Finder(t)}
	stopped := make(chan struct{})
	go func() { x.Watch(ctx, 50*time.Millisecond); close(stopped) }()
	a := &article.Article{ID: "99000001", URL: "https://www.rferl.org/a/99000001.html", Site: "rferl", Language: "en",
		Title: "Zorbakistan Holds A Snap Election", Body: "Voters in Astana went to the polls on Sunday.",
		Published: time.Date(2025, 11, 25, 9, 0, 0, 0, time.UTC)}
	if _, err := env.Archive.SaveArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for total(t, env.Engine, search.Query{Text: "Zorbakistan"}) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("a newly archived article was not searchable within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if total(t, env.Engine, search.Query{Filter: map[string][]string{"country": {"Kazakhstan"}}, Text: "Zorbakistan"}) != 1 {
		t.Error("its entities are not in the facet store")
	}
	// It held the extraction lease; stopping gives it up (a live holder's lease is refused to
	// anyone else, this process included, until then).
	if ok, _, _ := env.Archive.TryLock(ctx, indexer.ExtractLease, "test"); ok {
		t.Fatal("the extraction lease was free while Watch ran")
	}
	cancel()
	<-stopped
	if ok, h, err := env.Archive.TryLock(context.Background(), indexer.ExtractLease, "test"); !ok || err != nil {
		t.Errorf("Watch stopped but kept the extraction lease: held by %+v, %v", h, err)
	}
}

func TestRebuild(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	ctx := context.Background()
	before := total(t, env.Engine, search.Query{Filter: map[string][]string{"person": {"Sergei Lavrov"}}})
	env.Index.Close()

	var calls int
	n, err := indexer.Rebuild(ctx, env.DataDir, env.Archive, testenv.Finder(t), true, indexer.Holder{Command: "reindex"},
		func(done, all int) { calls++ })
	if err != nil || n == 0 || calls == 0 {
		t.Fatalf("rebuild: %d articles, %d progress calls, %v", n, calls, err)
	}
	ix, err := indexer.Open(ctx, env.DataDir, env.Archive, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	e := &search.Engine{Index: ix, Archive: env.Archive}
	if after := total(t, e, search.Query{Filter: map[string][]string{"person": {"Sergei Lavrov"}}}); after != before || after == 0 {
		t.Errorf("after rebuild %d Lavrov articles, before %d", after, before)
	}
	if total(t, e, search.Query{Text: "summit"}) == 0 {
		t.Error("text search finds nothing after a rebuild")
	}

	// A cancelled rebuild leaves the old index as it was.
	ix.Close()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := indexer.Rebuild(cctx, env.DataDir, env.Archive, testenv.Finder(t), true, indexer.Holder{Command: "reindex"}, nil); err == nil {
		t.Error("a cancelled rebuild reported success")
	}
	ix, err = indexer.Open(ctx, env.DataDir, env.Archive, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatalf("the old index does not open after a cancelled rebuild: %v", err)
	}
	defer ix.Close()
	if total(t, &search.Engine{Index: ix, Archive: env.Archive}, search.Query{Text: "summit"}) == 0 {
		t.Error("the old index lost its content")
	}
}

// An index built by another mapping version asks for a reindex.
func TestMappingVersionMismatch(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	if err := env.Index.Shards()[0].SetInternal([]byte("newsarchive_mapping_version"), []byte("0")); err != nil {
		t.Fatal(err)
	}
	env.Index.Close()
	_, err := indexer.Open(context.Background(), env.DataDir, env.Archive, indexer.Holder{Command: "test"})
	if !errors.Is(err, indexer.ErrMappingVersion) || !strings.Contains(err.Error(), "reindex") {
		t.Errorf("open = %v, want a request to reindex", err)
	}
}

// Each index follows the archive's change feed from a cursor of its own:
// reopened, it resumes where it stopped and takes only what changed; a
// second index over the same archive (another node, or one added later)
// catches up from zero to the same answers, and neither disturbs the other.
func TestIndexesFollowTheFeedWithTheirOwnCursors(t *testing.T) {
	env := testenv.Filled(t, samplesite.Options{})
	ctx := context.Background()
	cursor := env.Index.Cursor()
	if last, _ := env.Archive.LastChange(ctx); cursor != last || cursor == 0 {
		t.Fatalf("cursor %d after indexing, the archive's last change %d", cursor, last)
	}
	env.Index.Close()

	// Meanwhile a scrape edits one article and adds another.
	old, err := env.Archive.Article(ctx, "33565458")
	if err != nil {
		t.Fatal(err)
	}
	old.Body += "\n\nUpdate: the Zorbakistan delegation arrived on Monday."
	fresh := &article.Article{ID: "99000002", URL: "https://www.rferl.org/a/99000002.html", Site: "rferl", Language: "en",
		Title: "Zorbakistan Opens An Embassy", Body: "The embassy in Tbilisi opened on Friday.",
		Published: time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC)}
	for _, a := range []*article.Article{old, fresh} {
		if _, err := env.Archive.SaveArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}

	open := func(dir string) (*indexer.Index, *search.Engine) {
		t.Helper()
		ix, err := indexer.Open(ctx, dir, env.Archive, indexer.Holder{Command: "test"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return ix, &search.Engine{Index: ix, Archive: env.Archive, NoCache: true}
	}
	ix, e := open(env.DataDir)
	if ix.Cursor() != cursor {
		t.Fatalf("reopened at cursor %d, closed at %d", ix.Cursor(), cursor)
	}
	if lag, _ := ix.Lag(ctx, env.Archive); lag != 2 {
		t.Errorf("lag %d, want 2 changes", lag)
	}
	x := &indexer.Indexer{Index: ix, Archive: env.Archive, Finder: testenv.Finder(t)}
	if n, err := x.IndexPending(ctx); err != nil || n != 2 {
		t.Fatalf("resumed indexing took %d articles, %v; want the 2 changed", n, err)
	}
	if total(t, e, search.Query{Text: "Zorbakistan"}) != 2 || total(t, e, search.Query{Filter: map[string][]string{"country": {"Georgia"}}, Text: "embassy"}) != 1 {
		t.Error("the changed articles are not searchable with their entities")
	}
	if lag, _ := ix.Lag(ctx, env.Archive); lag != 0 {
		t.Errorf("lag %d after catching up", lag)
	}

	second, e2 := open(t.TempDir())
	x2 := &indexer.Indexer{Index: second, Archive: env.Archive, Finder: testenv.Finder(t)}
	counts, _ := env.Archive.Count(ctx)
	if n, err := x2.IndexPending(ctx); err != nil || n != counts.Articles {
		t.Fatalf("a new index took %d articles, %v; want all %d", n, err, counts.Articles)
	}
	for _, q := range []search.Query{{}, {Text: "summit"}, {Filter: map[string][]string{"person": {"Sergei Lavrov"}}}, {Text: "Zorbakistan"}} {
		q.Size, q.Page, q.FacetSize, q.Sort = 100, 1, 100, search.SortNewest
		r1, err1 := e.Search(ctx, q)
		r2, err2 := e2.Search(ctx, q)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		r1.TookMS, r2.TookMS = 0, 0
		if fmt.Sprint(r1) != fmt.Sprint(r2) {
			t.Errorf("%+v: the two indexes answer differently:\n%+v\n%+v", q, r1, r2)
		}
	}
	if ix.Cursor() != second.Cursor() {
		t.Errorf("cursors %d and %d after both caught up", ix.Cursor(), second.Cursor())
	}
}

// Named (a search's words) resolves names as Find does but learns nothing:
// a name seen in one query does not change what the next one resolves to.
func TestNamedLearnsNothing(t *testing.T) {
	ex, err := entities.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	f := indexer.NewEntityFinder(ex, []string{"Sergei Lavrov"})
	if got := f.Named("Lavrov", at)["person"]; len(got) != 1 || got[0] != "Sergei Lavrov" {
		t.Errorf("Named(Lavrov) = %v", got)
	}
	f.Named("Foreign Minister Ivan Zorbakovich said", at)
	learned := indexer.NewEntityFinder(ex, nil)
	learned.Find(&article.Article{Body: "Foreign Minister Ivan Zorbakovich said", Published: at})
	want := learned.Find(&article.Article{Body: "Minister Zorbakovich said", Published: at})["person"]
	got := f.Named("Minister Zorbakovich said", at)["person"]
	if len(want) != 1 || want[0] != "Ivan Zorbakovich" || (len(got) == 1 && got[0] == "Ivan Zorbakovich") {
		t.Errorf("after a query naming Ivan Zorbakovich: Named gives %v (Find, which learns, gives %v)", got, want)
	}
}

// TestFinderJoinsSpellingsAcrossScripts: a person the archive knows from English articles keeps
// that spelling when a Russian article names them in the Russian form of their first name, while
// another first name stays another person.
func TestFinderJoinsSpellingsAcrossScripts(t *testing.T) {
	ex, err := entities.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	f := indexer.NewEntityFinder(ex, nil)
	if got := f.Find(&article.Article{Body: "Belarusian blogger Ihar Liashuk said he was beaten.", Published: at})["person"]; len(got) != 1 || got[0] != "Ihar Liashuk" {
		t.Fatalf("English article: %q", got)
	}
	for _, tc := range []struct{ text, want string }{
		{"Суд продлил арест Игоря Ляшука. Ляшук объявил голодовку.", "Ihar Liashuk"},
		{"Об этом заявил Иван Ляшук.", "Ivan Lyashuk"},
	} {
		got := f.Find(&article.Article{Body: tc.text, Published: at, Language: "ru"})["person"]
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: %q, want %q", tc.text, got, tc.want)
		}
	}
}
