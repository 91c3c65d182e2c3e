package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"newsarchive/article"
	"newsarchive/indexer/facets"
)

// mixed is a small archive in Russian, Ukrainian, English and three
// languages of the neutral analysis (Kazakh, Georgian, Azerbaijani):
// synthetic texts where a name appears in several grammatical cases.
var mixed = []struct {
	id, lang, title, lead, body string
}{
	{"3000", "ru", "Путин провёл совещание с правительством", "",
		"Президент России Владимир Путин обсудил с министрами бюджет на следующий год."},
	{"3001", "ru-RU", "Встреча в Кремле", "Песков рассказал о планах.",
		"Журналисты спросили Путина о переговорах. Песков сообщил, что Путину доложили о ситуации на границе."},
	{"3002", "uk", "Зеленський відвідав Львів", "",
		"Президент Зеленський зустрівся з військовими у Львові та говорив про оборону України."},
	{"3003", "uk", "Засідання уряду", "Речник Зеленського повідомив подробиці.",
		"Зеленському передали листа від союзників. Уряд обговорив бюджет України."},
	{"3004", "en", "Leaders Plan Summits", "",
		"European leaders plan several summits this autumn to discuss energy and security."},
	{"3005", "en-GB", "Putin Speaks On Energy", "",
		"Vladimir Putin said on Tuesday that gas exports would continue. A summit is not planned."},
	{"3006", "kk", "Астанада кездесу өтті", "",
		"Қазақстан президенті Тоқаев Астанада Путин мен Зеленский туралы айтты."},
	{"3007", "ka", "თბილისში აქცია გაიმართა", "",
		"თბილისში ათასობით ადამიანი შეიკრიბა პარლამენტის წინ."},
	{"3008", "az", "Bakıda görüş keçirildi", "",
		"Prezident Bakıda xarici nazirlərlə görüş keçirdi."},
}

func mixedEngine(t testing.TB) *Engine {
	t.Helper()
	day := time.Date(2025, 10, 1, 10, 0, 0, 0, time.UTC)
	var arts []*article.Article
	for i, m := range mixed {
		arts = append(arts, &article.Article{ID: m.id, URL: "https://www.svoboda.org/a/" + m.id + ".html", Site: "svoboda",
			Language: m.lang, Title: m.title, Lead: m.lead, Body: m.body, Section: "News",
			Published: day.Add(time.Duration(i) * time.Hour)})
	}
	e := engineOf(t, arts)
	e.NoCache = true
	return e
}

func TestSearchPerLanguage(t *testing.T) {
	e := mixedEngine(t)
	ctx := context.Background()
	tests := []struct {
		q     string
		want  []string // the hits, in any order
		first string   // the best hit, when given
	}{
		// A nominative finds the other cases, in the language's analysis;
		// the Kazakh article (neutral analysis) holds the word as it is.
		{"Путин", []string{"3000", "3001", "3006"}, "3000"},
		{"Путина", []string{"3000", "3001"}, ""},
		{"путину", []string{"3000", "3001"}, ""},
		{"Зеленський", []string{"3002", "3003"}, "3002"},
		{"Зеленського", []string{"3002", "3003"}, ""},
		{"України", []string{"3002", "3003"}, ""},
		// a place name whose vowel alternates: Львів, Львова, у Львові
		{"Львова", []string{"3002"}, ""},
		// English still stems (Porter), and only English text matches.
		{"summit", []string{"3004", "3005"}, "3004"},
		{"Putin", []string{"3005"}, ""},
		// A fielded query searches that part in every language.
		{"title:Путин", []string{"3000"}, ""},
		{"lead:Зеленського", []string{"3003"}, ""},
		{"body:Путину", []string{"3000", "3001"}, ""},
		{"title:summit", []string{"3004"}, ""},
		{`"спросили Путина"`, []string{"3001"}, ""},
		{"+Путин -Песков", []string{"3000", "3006"}, ""},
		{"бюджет", []string{"3000", "3003"}, ""},
		{"бюджет України", []string{"3000", "3002", "3003"}, "3003"},
		// The neutral analysis: words as they are, Latin diacritics folded.
		{"Тоқаев", []string{"3006"}, ""},
		{"თბილისში", []string{"3007"}, ""},
		{"gorus", []string{"3008"}, ""},
		{"Bakida", []string{"3008"}, ""},
		// Words no shard holds match nothing, without an error.
		{"несуществующее", nil, ""},
		{"+Путин +несуществующее", nil, ""},
		{"Путин несуществующее", []string{"3000", "3001", "3006"}, "3000"},
		// Only "not these": every other article, as Bleve reads it.
		{"-Путин", []string{"3002", "3003", "3004", "3005", "3007", "3008"}, ""},
		{"-несуществующее", []string{"3000", "3001", "3002", "3003", "3004", "3005", "3006", "3007", "3008"}, ""},
	}
	for _, c := range tests {
		t.Run(c.q, func(t *testing.T) {
			res, err := e.Search(ctx, Query{Text: c.q, Sort: SortRelevance, Page: 1, Size: 20, FacetSize: 10})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			sorted := slices.Clone(got)
			slices.Sort(sorted)
			if !slices.Equal(sorted, c.want) || res.Total != len(c.want) {
				t.Errorf("hits %v (total %d), want %v", got, res.Total, c.want)
			}
			if c.first != "" && (len(got) == 0 || got[0] != c.first) {
				t.Errorf("ranked %v, want %s first", got, c.first)
			}
		})
	}
}

func TestLangFacetCountsMixed(t *testing.T) {
	e := mixedEngine(t)
	ctx := context.Background()
	for _, c := range []struct {
		q    string
		want map[string]int
	}{
		{"", map[string]int{"ru": 2, "uk": 2, "en": 2, "kk": 1, "ka": 1, "az": 1}},
		{"q=Путин", map[string]int{"ru": 2, "kk": 1}},
		{"q=Зеленський", map[string]int{"uk": 2}},
	} {
		res, err := e.Search(ctx, mustQuery(t, c.q+"&facet_size=100"))
		if err != nil {
			t.Fatal(err)
		}
		// Counted by base language: the facet may keep a regional form
		// (ru-RU) or its base.
		got := map[string]int{}
		for _, vc := range res.Facets.Of(facets.Lang) {
			got[strings.SplitN(vc.Value, "-", 2)[0]] += vc.Count
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%q: lang facet %v, want %v", c.q, got, c.want)
		}
		for _, vc := range res.Facets.Of(facets.Lang) {
			lang, n := vc.Value, vc.Count
			sub, err := e.Search(ctx, mustQuery(t, c.q+"&lang="+lang))
			if err != nil {
				t.Fatal(err)
			}
			if sub.Total != n {
				t.Errorf("%q: lang %s counts %d, filtering by it gives %d", c.q, lang, n, sub.Total)
			}
		}
	}
}

func TestSnippetsMarkInflectedForms(t *testing.T) {
	e := mixedEngine(t)
	ctx := context.Background()
	for _, c := range []struct {
		q, id string
		marks []string
	}{
		{"Путин", "3001", []string{"<mark>Путина</mark>", "<mark>Путину</mark>"}},
		{"Путин", "3006", []string{"<mark>Путин</mark>"}},
		{"Зеленський", "3003", []string{"<mark>Зеленському</mark>"}},
		{"Зеленський", "3002", []string{"<mark>Зеленський</mark>"}},
		{"України", "3002", []string{"<mark>України</mark>"}},
		{"summit", "3004", []string{"<mark>summits</mark>"}},
		{"gorus", "3008", []string{"<mark>görüş</mark>"}},
	} {
		res, err := e.Search(ctx, Query{Text: c.q, Sort: SortRelevance, Page: 1, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		var snippet string
		for _, h := range res.Hits {
			if h.ID == c.id {
				snippet = h.Snippet
			}
		}
		for _, m := range c.marks {
			if !strings.Contains(snippet, m) {
				t.Errorf("%q in %s: snippet %q lacks %s", c.q, c.id, snippet, m)
			}
		}
	}
	// Russian analysis does not mark an English word that only looks alike,
	// and English keeps Porter: "summits" marks "summit".
	res, err := e.Search(ctx, Query{Text: "summits", Sort: SortRelevance, Page: 1, Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range res.Hits {
		if h.ID == "3005" {
			found = true
			if !strings.Contains(h.Snippet, "<mark>summit</mark>") {
				t.Errorf("summits in 3005: %q", h.Snippet)
			}
		}
	}
	if !found {
		t.Errorf("summits: 3005 not among the hits %v", ids(res))
	}
}

// A word of the mixed archive runs only in the fields that hold it: the
// budget counts what runs, at least once per part of the text.
func TestNarrowedToFieldsThatHoldTheWord(t *testing.T) {
	e := mixedEngine(t)
	c, err := compileText("Путин")
	if err != nil {
		t.Fatal(err)
	}
	var readers []index.IndexReader
	for _, sh := range e.Index.Shards() {
		adv, err := sh.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		readers = append(readers, r)
	}
	q, words, err := narrow(e.Index.Mapping(), readers, c.query)
	if err != nil {
		t.Fatal(err)
	}
	if len(words) != 3 {
		t.Errorf("%d leaves counted for the word, want 3", len(words))
	}
	var fields []string
	collectFields(q, &fields)
	slices.Sort(fields)
	want := []string{"body_ru", "body_x", "title_ru"}
	if !slices.Equal(fields, want) {
		t.Errorf("narrowed to %v, want %v", fields, want)
	}
}

func collectFields(q query.Query, out *[]string) {
	switch x := q.(type) {
	case *query.BooleanQuery:
		for _, c := range []query.Query{x.Must, x.Should, x.MustNot, x.Filter} {
			if c != nil {
				collectFields(c, out)
			}
		}
	case *query.ConjunctionQuery:
		for _, c := range x.Conjuncts {
			collectFields(c, out)
		}
	case *query.DisjunctionQuery:
		for _, c := range x.Disjuncts {
			collectFields(c, out)
		}
	case query.FieldableQuery:
		*out = append(*out, x.Field())
	}
}

// TestFoldRune: a letter lower-cased without its diacritics, with no allocation (it runs for
// every word of every snippet).
func TestFoldRune(t *testing.T) {
	for in, want := range map[rune]rune{'Ä': 'a', 'Й': 'и', 'é': 'e', 'A': 'a', 'ж': 'ж', 'ї': 'і', 'ё': 'е'} {
		if got := foldRune(in); got != want {
			t.Errorf("foldRune(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { foldRune('Й'); foldRune('ü') }); n != 0 {
		t.Errorf("foldRune allocates %v times a call", n)
	}
}
