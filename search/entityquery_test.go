package search

import (
	"context"
	"slices"
	"testing"
	"time"

	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
)

// A query of bare words also finds the articles whose facets hold the
// person or country it names, in any script: "Путин" finds the English
// article about Vladimir Putin, "Sybiha" the Ukrainian one about Сибіга;
// text matches rank first; a query with operators is taken literally.
func TestEntityAwareSearch(t *testing.T) {
	day := time.Date(2025, 10, 1, 10, 0, 0, 0, time.UTC)
	arts := []*article.Article{
		{ID: "1", URL: "https://www.rferl.org/a/1.html", Language: "en", Published: day,
			Title: "Kremlin Talks", Body: "Russian President Vladimir Putin met envoys in Moscow on Monday."},
		{ID: "2", URL: "https://www.svoboda.org/a/2.html", Language: "ru", Published: day.Add(time.Hour),
			Title: "Переговоры", Body: "Президент России Владимир Путин встретился с посланниками."},
		{ID: "3", URL: "https://www.radiosvoboda.org/a/3.html", Language: "uk", Published: day.Add(2 * time.Hour),
			Title: "Заява МЗС", Body: "Міністр закордонних справ України Андрій Сибіга заявив про нові санкції."},
		{ID: "4", URL: "https://www.rferl.org/a/4.html", Language: "en", Published: day.Add(3 * time.Hour),
			Title: "Weather", Body: "Rain is expected in Prague on Tuesday."},
	}
	e := engineOf(t, arts)
	e.NoCache = true
	ex, err := entities.New()
	if err != nil {
		t.Fatal(err)
	}
	f := indexer.NewEntityFinder(ex, nil)
	e.Entities = func(text string) map[string][]string { return f.Named(text, day) }
	ctx := context.Background()
	for _, tc := range []struct {
		q    string
		want []string // ids, in rank order
	}{
		{"Путин", []string{"2", "1"}},
		{"Putin", []string{"1", "2"}},
		{"Sybiha", []string{"3"}},
		{"+Путин", []string{"2"}},
		{`"Путин"`, []string{"2"}},
		{"Prague", []string{"4"}},
		// an excluded word stays excluded: its entity's articles are not added back
		{"Prague -Putin", []string{"4"}},
		{"Putin~1", []string{"1"}},
	} {
		res, err := e.Search(ctx, Query{Text: tc.q, Sort: SortRelevance, Page: 1, Size: 10, FacetSize: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if !slices.Equal(got, tc.want) || res.Total != len(tc.want) {
			t.Errorf("%q: hits %v (total %d), want %v", tc.q, got, res.Total, tc.want)
		}
	}
	// One value per person across scripts: the person filter returns the
	// English and the Russian article, the lang facet counts each language.
	res, err := e.Search(ctx, Query{Filter: map[string][]string{"person": {"Vladimir Putin"}}, Sort: SortNewest, Page: 1, Size: 10, FacetSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || res.Hits[0].ID != "2" || res.Hits[1].ID != "1" {
		t.Errorf("person=Vladimir Putin: %d hits %+v", res.Total, res.Hits)
	}
	langs := map[string]int{}
	for _, vc := range res.Facets.Of("lang") {
		langs[vc.Value] = vc.Count
	}
	if langs["en"] != 1 || langs["ru"] != 1 || len(langs) != 2 {
		t.Errorf("lang facet of the Putin articles: %v", langs)
	}
}
