package search

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
	"newsarchive/indexer/facets"
)

// corpus is a small archive with known people, countries and dates.
var corpus = []struct {
	day, title, body, section string
}{
	{"2025-10-22", "No Trump-Putin Summit Soon", "Russian Foreign Minister Sergei Lavrov and U.S. Secretary of State Marco Rubio spoke on October 20 about a summit in Budapest. Lavrov said the summit needs preparation.", "Russia"},
	{"2025-10-21", "Hungary Prepares For A Summit", "Hungarian Prime Minister Viktor Orban said Budapest is ready to host the summit. Sergei Lavrov is expected on October 24.", "Europe"},
	{"2025-10-15", "Lavrov Visits Kazakhstan", "Sergei Lavrov met Kazakh President Kassym-Jomart Tokayev in Astana on October 14 to discuss trade.", "Central Asia"},
	{"2025-09-30", "Zelenskyy Addresses The UN", "Ukrainian President Volodymyr Zelenskyy spoke in New York on September 24 about drone attacks on Kyiv.", "Ukraine"},
	{"2025-08-12", "Sanctions On Iranian Oil", "The U.S. Treasury announced sanctions on Iranian oil exports on August 11. Iran condemned the move.", "Iran"},
	{"2025-08-01", "Georgian Protests Continue", "Protesters gathered in Tbilisi on July 31, the 250th day of protests against the Georgian Dream government.", "Caucasus"},
	{"2024-12-20", "A Year Of War", "Volodymyr Zelenskyy and Emmanuel Macron met in Paris on December 19 to discuss support for Ukraine.", "Ukraine"},
	{"2023-05-05", "Summit Of Central Asian Leaders", "Kassym-Jomart Tokayev and Shavkat Mirziyoyev met at a summit in Samarkand on May 4.", "Central Asia"},
	{"", "An Undated Note", "Marco Rubio spoke about Russia and summit diplomacy.", "Russia"},
}

func testEngine(t testing.TB, n int) *Engine {
	t.Helper()
	var arts []*article.Article
	for i, c := range corpus[:n] {
		a := &article.Article{ID: fmt.Sprint(1000 + i), URL: fmt.Sprintf("https://www.rferl.org/a/%d.html", 1000+i),
			Site: "rferl", Language: "en", Title: c.title, Body: c.body, Section: c.section, Lead: ""}
		if c.day != "" {
			a.Published, _ = time.Parse("2006-01-02", c.day)
			a.Published = a.Published.Add(10 * time.Hour)
		}
		arts = append(arts, a)
	}
	return engineOf(t, arts)
}

// engineOf archives arts in a fresh archive, indexes them with the real
// entity finder and returns an engine over them.
func engineOf(t testing.TB, arts []*article.Article) *Engine {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	arch, err := archive.Open(ctx, filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { arch.Close() })
	for _, a := range arts {
		if _, err := arch.SaveArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := indexer.Open(ctx, dir, arch, indexer.Holder{Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ex, err := entities.New()
	if err != nil {
		t.Fatal(err)
	}
	x := &indexer.Indexer{Index: ix, Archive: arch, Finder: indexer.NewEntityFinder(ex, nil)}
	if got, err := x.IndexPending(ctx); err != nil || got != len(arts) {
		t.Fatalf("indexed %d, %v; want %d", got, err, len(arts))
	}
	return &Engine{Index: ix, Archive: arch}
}

func mustQuery(t *testing.T, raw string) Query {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParseValues(v)
	if err != nil {
		t.Fatalf("ParseValues(%q): %v", raw, err)
	}
	return q
}

func ids(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	e := testEngine(t, len(corpus))
	ctx := context.Background()
	tests := []struct {
		query     string
		wantTotal int
		wantIDs   []string // in order, when given
	}{
		{"", 9, []string{"1000", "1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008"}},
		{"sort=oldest", 9, []string{"1007", "1006", "1005", "1004", "1003", "1002", "1001", "1000", "1008"}},
		{"q=summit", 4, nil},
		{"q=summit&sort=newest", 4, []string{"1000", "1001", "1007", "1008"}},
		{"q=summit&person=Sergei+Lavrov&sort=newest", 2, []string{"1000", "1001"}},
		{"person=Sergei+Lavrov", 3, []string{"1000", "1001", "1002"}},
		{"person=Sergei+Lavrov&person=Marco+Rubio", 1, []string{"1000"}},
		{"country=Hungary", 2, nil},
		{"country=Ukraine&country=France", 1, []string{"1006"}},
		{"date=2025-10-20", 1, []string{"1000"}},
		{"from=2025-10-01&to=2025-10-21", 2, []string{"1001", "1002"}},
		{"from=2025-10-22", 1, []string{"1000"}},
		{"section=Ukraine&section=Iran", 3, nil},
		{"q=%2Bsummit+-Budapest", 2, nil},
		{"q=%22drone+attacks%22", 1, []string{"1003"}},
		{"q=title:kazakhstan", 1, []string{"1002"}},
		{"q=body:astana", 1, []string{"1002"}},
		{"q=%22kazakhstan+sergei%22", 0, nil}, // no phrase from the title into the body
		{"q=lead:astana", 0, nil},
		{"q=summit+AND+(", 4, nil}, // not valid syntax: plain words
		{"q=nothingmatchesthis", 0, nil},
		{"person=Nobody+Known", 0, nil},
		{"size=2&page=2", 9, []string{"1002", "1003"}},
		{"size=2&page=9", 9, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := e.Search(ctx, mustQuery(t, tt.query))
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.wantTotal {
				t.Errorf("total = %d, want %d (hits %v)", res.Total, tt.wantTotal, ids(res))
			}
			if tt.wantIDs != nil && !slices.Equal(ids(res), tt.wantIDs) && !(len(tt.wantIDs) == 0 && len(res.Hits) == 0) {
				t.Errorf("hits = %v, want %v", ids(res), tt.wantIDs)
			}
		})
	}
}

// Selecting any facet value narrows the total to exactly that value's count.
func TestFacetCountsMatchFilters(t *testing.T) {
	e := testEngine(t, len(corpus))
	ctx := context.Background()
	for _, base := range []string{"", "q=summit", "country=Russia", "from=2025-01-01"} {
		res, err := e.Search(ctx, mustQuery(t, base+"&facet_size=100"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			name string
			vals []string
			cnts []int
		}{
			{"person", values(res.Facets.Of("person")), counts(res.Facets.Of("person"))},
			{"country", values(res.Facets.Of("country")), counts(res.Facets.Of("country"))},
			{"date", values(res.Facets.Of("date")), counts(res.Facets.Of("date"))},
			{"section", values(res.Facets.Of("section")), counts(res.Facets.Of("section"))},
		} {
			if len(f.vals) == 0 && res.Total > 0 && f.name != "date" {
				t.Errorf("%s: facet %s is empty", base, f.name)
			}
			for i, val := range f.vals {
				sub, err := e.Search(ctx, mustQuery(t, base+"&"+f.name+"="+url.QueryEscape(val)))
				if err != nil {
					t.Fatal(err)
				}
				if sub.Total != f.cnts[i] {
					t.Errorf("%s: facet %s=%q counts %d, but filtering by it gives %d", base, f.name, val, f.cnts[i], sub.Total)
				}
			}
		}
		sum := 0
		for _, b := range res.Facets.Published {
			sum += b.Count
		}
		dated := res.Total
		if base == "" || base == "country=Russia" {
			dated-- // the undated article
		}
		if base == "q=summit" {
			dated--
		}
		if sum != dated {
			t.Errorf("%s: published histogram sums to %d, want %d (interval %s)", base, sum, dated, res.Interval)
		}
	}
}

func values(vcs []facets.ValueCount) []string {
	var out []string
	for _, vc := range vcs {
		out = append(out, vc.Value)
	}
	return out
}

func counts(vcs []facets.ValueCount) []int {
	var out []int
	for _, vc := range vcs {
		out = append(out, vc.Count)
	}
	return out
}

func TestSnippetHighlights(t *testing.T) {
	e := testEngine(t, len(corpus))
	res, err := e.Search(context.Background(), mustQuery(t, "q=summits&sort=newest"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "<mark>summit</mark>") {
		t.Fatalf("snippet does not mark the stemmed word: %+v", res.Hits)
	}
}

func TestEmptyArchiveHint(t *testing.T) {
	e := testEngine(t, 0)
	res, err := e.Search(context.Background(), mustQuery(t, "q=anything"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || res.Hint == "" {
		t.Errorf("empty archive: total %d, hint %q", res.Total, res.Hint)
	}
}

func TestFacetValues(t *testing.T) {
	e := testEngine(t, len(corpus))
	got, err := e.FacetValues(context.Background(), "person", "lav", mustQuery(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Value != "Sergei Lavrov" || got[0].Count != 3 {
		t.Errorf("FacetValues(person, lav) = %v", got)
	}
	if _, err := e.FacetValues(context.Background(), "colour", "x", mustQuery(t, "")); !IsBadQuery(err) {
		t.Errorf("unknown facet: err = %v, want a bad query", err)
	}
}

func TestExport(t *testing.T) {
	e := testEngine(t, len(corpus))
	ctx := context.Background()
	q := mustQuery(t, "q=summit")
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := e.Export(ctx, q, format, &buf, nil)
			if err != nil || n != 4 {
				t.Fatalf("exported %d, %v; want 4", n, err)
			}
			switch format {
			case FormatCSV:
				if !bytes.HasPrefix(buf.Bytes(), []byte(CSVBOM)) {
					t.Errorf("csv: no byte order mark")
				}
				rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte(CSVBOM)))).ReadAll()
				if err != nil || len(rows) != 5 || !slices.Equal(rows[0], CSVHeader) {
					t.Errorf("csv: %d rows, %v", len(rows), err)
				}
			case FormatJSON:
				var doc struct {
					Meta     ExportMeta        `json:"meta"`
					Articles []article.Article `json:"articles"`
				}
				if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc.Articles) != 4 || doc.Meta.Total != 4 || doc.Meta.Query != "summit" {
					t.Errorf("json: %v, meta %+v, %d articles", err, doc.Meta, len(doc.Articles))
				}
			case FormatNDJSON:
				lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
				for _, l := range lines {
					var a article.Article
					if err := json.Unmarshal([]byte(l), &a); err != nil {
						t.Errorf("ndjson line: %v", err)
					}
				}
				if len(lines) != 4 {
					t.Errorf("ndjson: %d lines", len(lines))
				}
			}
		})
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.Export(cancelled, mustQuery(t, ""), FormatCSV, &bytes.Buffer{}, nil); err == nil {
		t.Error("an export whose client went away should stop with an error")
	}
}

// A cached result is never served for a query that differs only in a
// default-looking field (size=0 asks for no hits at all).
func TestCacheKeepsQueriesApart(t *testing.T) {
	e := testEngine(t, len(corpus))
	ctx := context.Background()
	for _, raw := range []string{"", "size=0", "", "facet_size=0", "size=0&facet_size=0"} {
		q := mustQuery(t, raw)
		res, err := e.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != min(q.Size, res.Total) || (q.FacetSize == 0) != (len(res.Facets.Of("person")) == 0) {
			t.Errorf("%q: %d hits, %d people values", raw, len(res.Hits), len(res.Facets.Of("person")))
		}
	}
}
