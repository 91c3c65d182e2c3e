package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"newsarchive/indexer/facets"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/search"
	"newsarchive/web"
)

func newServer(t *testing.T) (*testenv.Env, *httptest.Server) {
	t.Helper()
	env := testenv.Filled(t, samplesite.Options{})
	s := &web.Server{Engine: env.Engine, Archive: env.Archive}
	srv := httptest.NewServer(web.TestHandler(t, s))
	t.Cleanup(srv.Close)
	return env, srv
}

func getJSON(t *testing.T, u string, into any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if into != nil {
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("GET %s: %d, not JSON: %v\n%s", u, resp.StatusCode, err, body)
		}
	}
	return resp.StatusCode
}

// The done check: the summit search with a person filter returns
// the sample site's summit articles that mention Lavrov, and every facet
// count equals the total of the search narrowed by that value.
func TestSearchAPI(t *testing.T) {
	_, srv := newServer(t)
	var res search.Result
	if code := getJSON(t, srv.URL+"/api/search?q=summit&person=Sergei+Lavrov", &res); code != 200 {
		t.Fatalf("status %d", code)
	}
	want := []string{"33446120", "33501290", "33531200", "33551204", "33565458", "33584550"}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
		if !slices.Contains(h.People, "Sergei Lavrov") {
			t.Errorf("hit %s does not list Sergei Lavrov: %v", h.ID, h.People)
		}
		if !strings.Contains(strings.ToLower(h.Snippet), "<mark>summit") {
			t.Errorf("hit %s snippet without a marked summit: %q", h.ID, h.Snippet)
		}
	}
	slices.Sort(got)
	if res.Total != len(want) || !slices.Equal(got, want) {
		t.Fatalf("total %d, hits %v; want %v", res.Total, got, want)
	}
	for name, vcs := range map[string][]valueCount{
		"person": conv(res.Facets.Of("person")), "country": conv(res.Facets.Of("country")), "date": conv(res.Facets.Of("date")),
	} {
		for _, vc := range vcs {
			var sub search.Result
			getJSON(t, srv.URL+"/api/search?q=summit&person=Sergei+Lavrov&"+name+"="+url.QueryEscape(vc.Value), &sub)
			if sub.Total != vc.Count {
				t.Errorf("facet %s=%q counts %d, filtering gives %d", name, vc.Value, vc.Count, sub.Total)
			}
		}
	}
}

type valueCount struct {
	Value string
	Count int
}

func conv(in []facets.ValueCount) []valueCount {
	out := make([]valueCount, len(in))
	for i, v := range in {
		out[i] = valueCount{v.Value, v.Count}
	}
	return out
}

// Bad input gets a 4xx with a message saying what to fix — never a 500.
func TestBadInput(t *testing.T) {
	_, srv := newServer(t)
	tests := []struct {
		path   string
		status int
		says   string
	}{
		{"/api/search?colour=red", 400, "unknown parameter"},
		{"/api/search?from=2025-13-40", 400, "YYYY-MM-DD"},
		{"/api/search?size=-1", 400, "size"},
		{"/api/search?size=10000", 400, "size"},
		{"/api/search?page=1e9", 400, "page"},
		{"/api/search?page=0", 400, "page"},
		{"/api/search?sort=random", 400, "sort"},
		{"/api/search?facet_size=1000", 400, "facet_size"},
		{"/api/search?to=2025-01-01&from=2025-02-01", 400, "before"},
		{"/api/search?q=" + strings.Repeat("a", 2000), 400, "characters"},
		{"/api/search?q=" + strings.Repeat("(", 50) + "a" + strings.Repeat(")", 50), 400, "nests"},
		{"/api/search?q=%ff%fe", 400, "UTF-8"},
		{"/api/search?q=a&q=b", 400, "once"},
		{"/api/search?date=yesterday", 400, "YYYY-MM-DD"},
		{"/api/articles/99999999", 404, "not found"},
		{"/api/articles/abc", 400, "number"},
		{"/api/facets/colour?prefix=x", 400, "unknown facet"},
		{"/api/export?format=xml", 400, "format"},
		{"/api/export?format=csv&from=nope", 400, "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.path[:min(len(tt.path), 60)], func(t *testing.T) {
			var body struct {
				Error string `json:"error"`
			}
			code := getJSON(t, srv.URL+tt.path, &body)
			if code != tt.status || !strings.Contains(body.Error, tt.says) {
				t.Errorf("GET %s = %d %q; want %d saying %q", tt.path, code, body.Error, tt.status, tt.says)
			}
		})
	}
}

func TestExportAPI(t *testing.T) {
	_, srv := newServer(t)
	var res search.Result
	getJSON(t, srv.URL+"/api/search?country=Russia", &res)
	resp, err := http.Get(srv.URL + "/api/export?format=csv&country=Russia")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="newsarchive-country-russia-`) ||
		!strings.Contains(cd, `.csv"; filename*=UTF-8''newsarchive-country-russia-`) || !strings.HasSuffix(cd, ".csv") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(body), search.CSVBOM) {
		t.Errorf("the CSV export does not start with a byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), search.CSVBOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != res.Total || res.Total == 0 {
		t.Errorf("export has %d rows, search total %d", len(rows)-1, res.Total)
	}
	if !slices.Equal(rows[0], search.CSVHeader) {
		t.Errorf("header %v", rows[0])
	}
}

func TestFacetValuesAPI(t *testing.T) {
	_, srv := newServer(t)
	var got struct {
		Values []valueCount `json:"values"`
	}
	if code := getJSON(t, srv.URL+"/api/facets/person?prefix=lav", &got); code != 200 {
		t.Fatalf("status %d", code)
	}
	if len(got.Values) == 0 || got.Values[0].Value != "Sergei Lavrov" {
		t.Errorf("values = %v", got.Values)
	}
}

func TestArticleAndHealth(t *testing.T) {
	_, srv := newServer(t)
	var a struct {
		ID, Title string
		People    []string
	}
	if code := getJSON(t, srv.URL+"/api/articles/33565458", &a); code != 200 || a.ID != "33565458" || !slices.Contains(a.People, "Ursula von der Leyen") {
		t.Errorf("article: %d %+v", code, a)
	}
	var h map[string]any
	if code := getJSON(t, srv.URL+"/healthz", &h); code != 200 || h["archive"] != "ok" || h["pending"] != 0.0 {
		t.Errorf("healthz: %d %v", code, h)
	}

	// A failing part is named; its error's text (an address) is not shown.
	env := testenv.Filled(t, samplesite.Options{})
	s := &web.Server{Engine: env.Engine, Archive: env.Archive, Ready: func(context.Context) error {
		return errors.New("index: dial tcp 10.1.2.3:5432: connection refused")
	}}
	down := httptest.NewServer(web.TestHandler(t, s))
	defer down.Close()
	resp, err := http.Get(down.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || !strings.Contains(string(body), `"index":"unavailable"`) || strings.Contains(string(body), "10.1.2.3") {
		t.Errorf("healthz of a failing index: %d %s", resp.StatusCode, body)
	}
}

// The kind and lang facets are counted and filter like the others.
func TestKindAndLangFacets(t *testing.T) {
	_, srv := newServer(t)
	var all search.Result
	getJSON(t, srv.URL+"/api/search", &all)
	for _, f := range []struct{ facet, value string }{{"kind", "article"}, {"lang", "en"}} {
		vals := all.Facets.Of(f.facet)
		if len(vals) != 1 || vals[0].Value != f.value || vals[0].Count != all.Total {
			t.Errorf("%s facet = %v, want %s counting all %d", f.facet, vals, f.value, all.Total)
		}
		var sub search.Result
		getJSON(t, srv.URL+"/api/search?"+f.facet+"="+f.value, &sub)
		if sub.Total != all.Total {
			t.Errorf("%s=%s finds %d of %d", f.facet, f.value, sub.Total, all.Total)
		}
	}
	var none search.Result
	if code := getJSON(t, srv.URL+"/api/search?kind=video", &none); code != 200 || none.Total != 0 {
		t.Errorf("kind=video: %d, total %d", code, none.Total)
	}
}
