package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// The harness runs end to end on a small corpus and reports every class
// for both engines without errors.
func TestHarnessSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two indexes")
	}
	rep, err := Run(context.Background(), Config{N: 400, Seed: 3, Dir: t.TempDir(), Clients: []int{1, 2},
		Queries: 10, Budget: 2 * time.Second, Plain: true, ExportN: 200})
	if err != nil {
		t.Fatal(err)
	}
	classes := map[string]int{}
	for _, l := range rep.Latencies {
		if l.Errors > 0 || l.Queries == 0 {
			t.Errorf("%s %s %d clients: %d queries, %d errors", l.Engine, l.Class, l.Clients, l.Queries, l.Errors)
		}
		classes[l.Engine]++
	}
	if classes["newsarchive"] != 10 || classes["plain-bleve"] != 10 {
		t.Errorf("classes measured: %v", classes)
	}
	if rep.IndexPerArticle <= 0 || rep.ArchivePerArticle <= 0 {
		t.Errorf("sizes not measured: %+v", rep)
	}
	var buf bytes.Buffer
	rep.WriteTable(&buf)
	if !strings.Contains(buf.String(), "(b) landing page") || !strings.Contains(buf.String(), "faster") {
		t.Errorf("table:\n%s", buf.String())
	}
}

func TestCorpusIsDeterministic(t *testing.T) {
	a, _ := NewCorpus(9)
	b, _ := NewCorpus(9)
	for _, i := range []int{0, 17, 999} {
		x, y := a.Article(i), b.Article(i)
		if x.Body != y.Body || x.Title != y.Title || !x.Published.Equal(y.Published) {
			t.Errorf("article %d differs between two generators of the same seed", i)
		}
	}
	if a.Article(1).Body == a.Article(2).Body {
		t.Error("two articles are the same")
	}
}
