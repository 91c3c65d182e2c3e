package archive_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/internal/pgtest"
)

// fill writes n articles (with raw pages; every third edited once, so it
// has a revision; every second with entities), fetch states and runs.
func fill(t *testing.T, a *archive.Archive, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		art := &article.Article{ID: fmt.Sprint(1000 + i), URL: fmt.Sprintf("https://www.rferl.org/a/%d.html", 1000+i),
			Site: "rferl", Language: "en", Title: fmt.Sprintf("Title %d", i), Body: fmt.Sprintf("Body %d — Київ", i),
			Published: time.Date(2025, 10, 1, 0, i, 0, 0, time.UTC)}
		if _, err := a.SaveArticle(ctx, art, []byte(fmt.Sprintf("<html>%d</html>", i))); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			art.Body += " (updated)"
			if _, err := a.SaveArticle(ctx, art, []byte("<html>v2</html>")); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.PutFetchState(ctx, archive.FetchState{URL: art.URL, ArticleID: art.ID, Status: 200, Outcome: "new",
			FetchedAt: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	feed, err := a.Changes(ctx, 0, n*2)
	if err != nil {
		t.Fatal(err)
	}
	var ex []archive.Extraction
	for i, c := range feed {
		if i%2 == 0 {
			ex = append(ex, archive.Extraction{Doc: c.Doc, Version: c.Version,
				Entities: map[string][]string{"person": {fmt.Sprintf("Person %d", i)}, "country": {"Ukraine"}}})
		}
	}
	if _, err := a.StoreEntities(ctx, ex); err != nil {
		t.Fatal(err)
	}
	if id, err := a.StartRun(ctx, archive.Run{Site: "rferl", Trigger: "cli"}); err != nil {
		t.Fatal(err)
	} else if err := a.FinishRun(ctx, id, archive.RunDone, map[string]int64{"new": int64(n)}, nil); err != nil {
		t.Fatal(err)
	}
}

// contents is everything a copy must carry, read through the archive.
func contents(t *testing.T, a *archive.Archive) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	feed, err := a.Changes(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	out["feed"] = feed
	for _, c := range feed {
		raw, err := a.RawHTML(ctx, c.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		revs, err := a.Revisions(ctx, c.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		fs, _, err := a.FetchState(ctx, c.Article.URL)
		if err != nil {
			t.Fatal(err)
		}
		out["article "+c.Article.ID] = []any{string(raw), revs, fs}
	}
	runs, err := a.Runs(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i := range runs {
		runs[i].PID, runs[i].Host = 0, ""
	}
	out["runs"] = runs
	return out
}

// An archive copied SQLite → PostgreSQL → SQLite is the same archive each
// time; a copy stopped midway resumes and ends whole; a destination holding
// another archive is refused; new articles in the copy continue the feed.
func TestCopyBothWays(t *testing.T) {
	ctx := context.Background()
	open := func(target string) *archive.Archive {
		t.Helper()
		a, err := archive.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	src := open(filepath.Join(t.TempDir(), "archive.db"))
	fill(t, src, 1200)
	want := contents(t, src)

	pg := open(pgtest.URL(t))
	stop, cancel := context.WithCancel(ctx)
	_, err := archive.Copy(stop, src, pg, func(table string, done, total int) {
		if table == "articles" && done >= 500 {
			cancel() // a kill after the first batch
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped copy: %v", err)
	}
	counts, err := archive.Copy(ctx, src, pg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if counts["articles"] != 1200 || counts["revisions"] != 400 || counts["extractions"] == 0 || counts["runs"] != 1 {
		t.Errorf("counts %v", counts)
	}
	if got := contents(t, pg); !reflect.DeepEqual(got, want) {
		t.Errorf("PostgreSQL holds another archive than the SQLite it was copied from")
	}

	back := open(filepath.Join(t.TempDir(), "archive.db"))
	if _, err := archive.Copy(ctx, pg, back, nil); err != nil {
		t.Fatal(err)
	}
	if got := contents(t, back); !reflect.DeepEqual(got, want) {
		t.Errorf("the SQLite copied back differs from the original")
	}

	// The copies go on as archives: a new article continues the feed.
	for _, a := range []*archive.Archive{pg, back} {
		last, _ := a.LastChange(ctx)
		art := &article.Article{ID: "99", URL: "https://www.rferl.org/a/99.html", Title: "New"}
		if _, err := a.SaveArticle(ctx, art, nil); err != nil {
			t.Fatal(err)
		}
		if now, _ := a.LastChange(ctx); now != last+1 {
			t.Errorf("%s: the next change is %d, want %d", a.Path(), now, last+1)
		}
	}

	other := open(filepath.Join(t.TempDir(), "archive.db"))
	fill(t, other, 3)
	if _, err := archive.Copy(ctx, other, pg, nil); err == nil {
		t.Error("a copy into an archive holding other articles was not refused")
	}
}
