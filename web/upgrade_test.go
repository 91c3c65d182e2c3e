package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
	"newsarchive/internal/pgtest"
	"newsarchive/search"
	"newsarchive/web"
)

// A data dir written by the release before the change feed (archive schema
// 1, index mapping 5: testdata/upgrade-v1/data, the demo's archive plus one
// article edited and one added after the last indexing) opens with this
// one: the archive migrates in place, the old index asks to be rebuilt
// (ErrMappingVersion) and is rebuilt from the archive without extracting
// the stored entities again — only the two waiting articles are extracted —
// and every answer is the one the old release gave after indexing them
// (testdata/upgrade-v1/answers, recorded from it).
func TestUpgradeFromSchema1(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS("testdata/upgrade-v1/data")); err != nil {
		t.Fatal(err)
	}
	arch, err := archive.Open(ctx, filepath.Join(data, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer arch.Close()
	if c, _ := arch.Count(ctx); c.Articles != 36 || c.Pending != 2 {
		t.Fatalf("after the upgrade: %+v, want 36 articles, 2 waiting for entities", c)
	}
	// The index of mapping 5 (one English analysis) asks to be rebuilt:
	// mapping 6 analyses each article in its language.
	if _, err := indexer.Open(ctx, data, arch, indexer.Holder{Command: "test"}); !errors.Is(err, indexer.ErrMappingVersion) {
		t.Fatalf("opening the index of mapping 5: %v; want ErrMappingVersion", err)
	}
	ex, err := entities.New()
	if err != nil {
		t.Fatal(err)
	}
	known, err := arch.Values(ctx, article.KindPerson)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := indexer.Rebuild(ctx, data, arch, indexer.NewEntityFinder(ex, known), false, indexer.Holder{Command: "test"}, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := indexer.Open(ctx, data, arch, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Facets().Len() != 36 {
		t.Fatalf("the rebuilt index holds %d articles; want 36", ix.Facets().Len())
	}
	checkAnswers(t, ix, arch)

	// The same archive copied into PostgreSQL, followed by a new node,
	// gives the same answers.
	pg, err := archive.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if _, err := archive.Copy(ctx, arch, pg, nil); err != nil {
		t.Fatal(err)
	}
	node, err := indexer.Open(ctx, t.TempDir(), pg, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	x := &indexer.Indexer{Index: node, Archive: pg, Finder: indexer.NewEntityFinder(ex, known)}
	if n, err := x.IndexPending(ctx); err != nil || n != 36 {
		t.Fatalf("the node on PostgreSQL indexed %d, %v; want 36", n, err)
	}
	t.Run("postgres", func(t *testing.T) { checkAnswers(t, node, pg) })
}

// checkAnswers asks a server on ix and arch the questions the previous
// release answered (testdata/upgrade-v1/answers) and compares.
func checkAnswers(t *testing.T, ix *indexer.Index, arch web.Archive) {
	t.Helper()
	srv := httptest.NewServer(web.TestHandler(t, &web.Server{Engine: &search.Engine{Index: ix, Archive: arch.(search.Articles)}, Archive: arch}))
	defer srv.Close()
	for file, path := range map[string]string{
		"all.json":              "/api/search?facet_size=100&size=100",
		"summit.json":           "/api/search?q=summit&facet_size=100&size=100",
		"lavrov.json":           "/api/search?person=Sergei+Lavrov&facet_size=100&size=100",
		"water.json":            "/api/search?q=water&size=100",
		"update.json":           "/api/search?q=Update&size=100",
		"export-all.ndjson":     "/api/export?format=ndjson",
		"export-summit.csv":     "/api/export?format=csv&q=summit",
		"article-33601550.json": "/api/articles/33601550",
		"article-99000001.json": "/api/articles/99000001",
	} {
		t.Run(file, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata/upgrade-v1/answers", file))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d %s", path, resp.StatusCode, got)
			}
			if !sameAnswer(t, file, got, want) {
				t.Errorf("GET %s answers differently after the upgrade:\n got %.600s\nwant %.600s", path, got, want)
			}
		})
	}
}

// sameAnswer compares two answers, JSON values as values without the
// time a search took.
func sameAnswer(t *testing.T, file string, got, want []byte) bool {
	t.Helper()
	switch {
	case strings.HasSuffix(file, ".csv"):
		// Version 1 wrote no byte order mark; the one exports start with
		// now is a change of the format, not of the upgraded archive.
		return bytes.Equal(bytes.TrimPrefix(got, []byte(search.CSVBOM)), want)
	case strings.HasSuffix(file, ".ndjson"):
		g, w := bytes.Split(bytes.TrimSpace(got), []byte("\n")), bytes.Split(bytes.TrimSpace(want), []byte("\n"))
		if len(g) != len(w) {
			return false
		}
		for i := range g {
			if !sameAnswer(t, "line.json", g[i], w[i]) {
				return false
			}
		}
		return true
	}
	var g, w map[string]any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	delete(g, "took_ms")
	delete(w, "took_ms")
	// Fields added on purpose since: the article's kind (video, gallery…).
	for _, added := range []string{"kind"} {
		if _, had := w[added]; !had {
			delete(g, added)
		}
	}
	// Facets counted since the facet registry (lang, which DESIGN's
	// contract lists and the previous release left out; kind) are not in
	// the old answers.
	if f, ok := g["facets"].(map[string]any); ok {
		if wf, _ := w["facets"].(map[string]any); wf != nil {
			for k := range f {
				if _, had := wf[k]; !had {
					delete(f, k)
				}
			}
		}
	}
	// Ranked by relevance, the hits of a text search merge two shards
	// whose scores are normalised over the fields the query runs in; since
	// mapping 6 a word runs only in the fields that hold it, so the shards'
	// scores interleave differently. The same hits must come back.
	if file == "summit.json" {
		for _, m := range []map[string]any{g, w} {
			if hits, ok := m["hits"].([]any); ok {
				sort.Slice(hits, func(i, j int) bool {
					return fmt.Sprint(hits[i].(map[string]any)["id"]) < fmt.Sprint(hits[j].(map[string]any)["id"])
				})
			}
		}
	}
	return reflect.DeepEqual(g, w)
}
