package main

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsarchive/archive"
	"newsarchive/indexer"
	"newsarchive/indexer/facets"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/scraper/pangea"
)

// envInt reads a test knob from the environment (the CI form uses the
// default; a longer local run sets it).
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a number", name, s)
	}
	return n
}

// alive reports whether a process has not exited yet.
func (p *proc) alive() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

func (p *proc) kill() {
	p.t.Helper()
	if p.alive() {
		p.cmd.Process.Signal(syscall.SIGKILL)
	}
	p.wait(10 * time.Second)
}

// Crash safety: `scrape` and `serve` run side by side as real processes
// and are killed with SIGKILL at random points (seeded), then restarted.
// Nothing committed is ever lost (each snapshot of the archive holds every
// article of the one before), every row is whole, the index opens after
// every crash, and once the work is finished the archive and the index
// agree exactly: every archived article indexed once, found by a search
// for its document number and by the facet store.
// NEWSARCHIVE_CRASH_ITERATIONS and NEWSARCHIVE_CRASH_SEED make it longer
// or different.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	t.Parallel() // mostly waiting on processes and timers
	iterations := envInt(t, "NEWSARCHIVE_CRASH_ITERATIONS", 20)
	seed := uint64(envInt(t, "NEWSARCHIVE_CRASH_SEED", 7))
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	t.Logf("seed %d, %d iterations", seed, iterations)
	site, siteURL := testenv.SampleSite(t, samplesite.Options{ExtraArticles: 800})
	want := expectedArticles(site)
	data := t.TempDir()
	env := []string{"NEWSARCHIVE_DATA=" + data}
	scrapeArgs := []string{"scrape", "--base-url", siteURL, "--allow-private", "--rate", "100"}
	serveArgs := []string{"--addr", "127.0.0.1:0", "--index-every", "100ms"}

	var srv *server
	var scr *proc
	var prev map[string]bool
	kills := map[string]int{}
	for i := range iterations {
		if srv == nil || !srv.alive() {
			srv = startServer(t, env, serveArgs...)
		}
		if scr == nil || !scr.alive() {
			scr = start(t, env, scrapeArgs...)
		}
		time.Sleep(time.Duration(50+r.IntN(1500)) * time.Millisecond)
		victim := []string{"scrape", "serve", "both"}[r.IntN(3)]
		if victim != "serve" {
			if scr.alive() {
				kills["scrape"]++
			}
			scr.kill()
		}
		if victim != "scrape" {
			kills["serve"]++
			srv.kill()
		}
		// Nothing an earlier snapshot held is gone.
		ids := archivedIDs(t, data)
		for id := range prev {
			if !ids[id] {
				t.Fatalf("iteration %d (killed %s): article %s was archived before and is gone", i, victim, id)
			}
		}
		prev = ids
		t.Logf("iteration %d: killed %s; %d articles archived", i, victim, len(ids))
	}
	scr.kill()
	srv.kill()

	// The index opens after the last crash.
	ctx := context.Background()
	arch := openArchive(t, data)
	ix, err := indexer.Open(ctx, data, arch, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatalf("the index does not open after the crashes: %v", err)
	}
	ix.Close()
	arch.Close()

	// Finish the work: a scrape to its end while serve indexes.
	srv = startServer(t, env, serveArgs...)
	if p, code := run1(t, env, scrapeArgs...); code != 0 {
		t.Fatalf("the final scrape exited %d: %s", code, p.stderr)
	}
	waitUntil(t, 60*time.Second, "every article indexed", func() bool {
		var h struct{ Articles, Pending int }
		srv.getJSON(t, "/healthz", &h)
		return h.Articles == want && h.Pending == 0
	})
	srv.stop(t)
	t.Logf("%d iterations survived (%d scrape kills, %d serve kills); %d articles", iterations, kills["scrape"], kills["serve"], want)

	checkArchiveWhole(t, data, want)
	checkIndexAgrees(t, data, want)
}

// archivedIDs reads the ids in the archive with a read-only connection
// (a server may be writing).
func archivedIDs(t *testing.T, data string) map[string]bool {
	t.Helper()
	db := openDB(t, data, true)
	defer db.Close()
	rows, err := db.Query("SELECT id FROM articles")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// openDB opens the archive database directly, for checks the archive
// package has no call for.
func openDB(t *testing.T, data string, readOnly bool) *sql.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(data, "archive.db") + "?_pragma=busy_timeout(15000)"
	if readOnly {
		dsn += "&mode=ro"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// checkArchiveWhole checks the database and every row: integrity_check
// passes, each article has its raw page, its stored hash is the hash of
// its fields, and its raw page parses to the same article; no run reports
// more new articles than there are (an article reported stored, lost and
// stored again would count twice).
func checkArchiveWhole(t *testing.T, data string, want int) {
	t.Helper()
	db := openDB(t, data, false)
	defer db.Close()
	var integrity string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	var n, orphans, bare, pending int
	db.QueryRow("SELECT count(*), sum(extracted <> version) FROM articles").Scan(&n, &pending)
	db.QueryRow("SELECT count(*) FROM articles a LEFT JOIN raw_pages r ON r.doc = a.doc WHERE r.doc IS NULL").Scan(&bare)
	db.QueryRow("SELECT count(*) FROM raw_pages r LEFT JOIN articles a ON a.doc = r.doc WHERE a.doc IS NULL").Scan(&orphans)
	if n != want || pending != 0 || bare != 0 || orphans != 0 {
		t.Fatalf("archive: %d articles (want %d), %d pending, %d without their page, %d pages without article", n, want, pending, bare, orphans)
	}

	ctx := context.Background()
	arch := openArchive(t, data)
	defer arch.Close()
	rows, err := db.Query("SELECT id, content_hash FROM articles")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			t.Fatal(err)
		}
		a, err := arch.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Title == "" || a.Body == "" || a.URL == "" || archive.ContentHash(a) != hash {
			t.Errorf("article %s is not whole: title %q, %d bytes of body, url %q, hash match %v",
				id, a.Title, len(a.Body), a.URL, archive.ContentHash(a) == hash)
			continue
		}
		raw, err := arch.RawHTML(ctx, id)
		if err != nil {
			t.Fatalf("article %s: %v", id, err)
		}
		parsed, err := pangea.Parse(raw, pangea.Options{URL: a.URL})
		if err != nil || archive.ContentHash(parsed) != hash {
			t.Errorf("article %s: its raw page does not parse to it (%v)", id, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	runs, err := arch.Runs(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var reported int64
	for _, r := range runs {
		if r.State == archive.RunRunning {
			t.Errorf("run %d still marked running after every process stopped", r.ID)
		}
		reported += r.Counts["new"]
	}
	if reported > int64(n) {
		t.Errorf("runs reported %d new articles, the archive holds %d: some were lost and stored again", reported, n)
	}
	t.Logf("%d scrape runs reported %d new articles; the archive holds %d", len(runs), reported, n)
}

// checkIndexAgrees opens the index as a server would and checks it holds
// exactly the archive: as many documents, each archived article in the
// facet store and found by a search for its document number.
func checkIndexAgrees(t *testing.T, data string, want int) {
	t.Helper()
	ctx := context.Background()
	arch := openArchive(t, data)
	defer arch.Close()
	ix, err := indexer.Open(ctx, data, arch, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatalf("open the index: %v", err)
	}
	defer ix.Close()
	if n, err := ix.DocCount(); err != nil || n != uint64(want) {
		t.Fatalf("index holds %d documents (%v), the archive %d articles", n, err, want)
	}
	checked := 0
	for after := uint32(0); ; {
		docs, err := arch.After(ctx, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			break
		}
		ix.Facets().Read(func(v *facets.View) error {
			for _, d := range docs {
				if !v.Has(d.Doc) {
					t.Errorf("article %s (doc %d) is not in the facet store", d.Article.ID, d.Doc)
				}
			}
			if v.All().GetCardinality() != uint64(want) {
				t.Errorf("facet store holds %d documents, want %d", v.All().GetCardinality(), want)
			}
			return nil
		})
		alias := bleve.NewIndexAlias(ix.Shards()...)
		for _, d := range docs {
			// Exactly one Bleve document, over all shards, for each article.
			req := bleve.NewSearchRequest(query.NewDocIDQuery([]string{indexer.BleveID(d.Doc)}))
			res, err := alias.SearchInContext(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 1 {
				t.Errorf("article %s (doc %d) is in the text index %d times", d.Article.ID, d.Doc, res.Total)
			}
			checked++
		}
		after = docs[len(docs)-1].Doc
	}
	if checked != want {
		t.Errorf("checked %d articles, want %d", checked, want)
	}
}
