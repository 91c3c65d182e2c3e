package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"newsarchive/indexer/facets"
	"newsarchive/search"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestLinksLeaveTheQueryAlone(t *testing.T) {
	q := search.Query{Text: "summit", Filter: map[string][]string{"person": make([]string, 1, 10)}, Sort: search.SortNewest, Page: 3, Size: 20}
	q.Filter["person"][0] = "Sergei Lavrov"
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"add a person", searchURL(withFilter(q, "person", "Marco Rubio")), "/search?person=Sergei+Lavrov&person=Marco+Rubio&q=summit&sort=newest"},
		{"add one already there", searchURL(withFilter(q, "person", "Sergei Lavrov")), "/search?person=Sergei+Lavrov&q=summit&sort=newest"},
		{"remove it", searchURL(withoutFilter(q, "person", "Sergei Lavrov")), "/search?q=summit&sort=newest"},
		{"a range", searchURL(withRange(q, day("2025-11-01"), day("2025-11-30"))), "/search?from=2025-11-01&person=Sergei+Lavrov&q=summit&sort=newest&to=2025-11-30"},
		{"export drops the page", exportURL(q, "csv"), "/api/export?format=csv&person=Sergei+Lavrov&q=summit&sort=newest"},
		{"feed drops the order", feedURL(q), "/feed.atom?person=Sergei+Lavrov&q=summit"},
		{"nothing", searchURL(search.Query{Page: 1}), "/search"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("%s\nwant %s", tc.got, tc.want)
			}
		})
	}
	if p := q.Filter["person"]; len(p) != 1 || p[:2][1] != "" || q.Page != 3 {
		t.Errorf("the query changed: %+v", q)
	}
}

func TestChipsAndDescribe(t *testing.T) {
	q := search.Query{Text: "gas", Filter: map[string][]string{"country": {"Russia"}, "date": {"2025-11-19"}}, From: day("2025-11-01")}
	cs := chips(q)
	var got []string
	for _, c := range cs {
		got = append(got, c.Label+"="+c.Value+" "+c.Remove)
	}
	want := []string{
		"Country=Russia /search?date=2025-11-19&from=2025-11-01&q=gas",
		"Mentions date=19 Nov 2025 /search?country=Russia&from=2025-11-01&q=gas",
		"Published=since 1 Nov 2025 /search?country=Russia&date=2025-11-19&q=gas",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("chips:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := describe(q); d != "“gas” · Russia · 19 Nov 2025 · since 1 Nov 2025" {
		t.Errorf("describe: %q", d)
	}
}

func TestPager(t *testing.T) {
	tests := []struct {
		page, size, total int
		want              string // page numbers, 0 for a gap; * marks the current
		prev, next        bool
	}{
		{1, 20, 15, "", false, false},
		{1, 20, 20, "", false, false},
		{1, 20, 21, "*1 2", false, true},
		{1, 10, 100, "*1 2 3 0 10", false, true},
		{5, 10, 100, "1 0 3 4 *5 6 7 0 10", true, true},
		{10, 10, 100, "1 0 8 9 *10", true, false},
		{3, 10, 30, "1 2 *3", true, false},
		{12, 10, 30, "1 0 3", true, false},
		{1, 0, 30, "", false, false},
	}
	for _, tc := range tests {
		p := newPager(search.Query{Page: tc.page, Size: tc.size}, tc.total)
		var got []string
		for _, l := range p.Pages {
			s := "0"
			if !l.Gap {
				s = strings.Repeat("*", btoi(l.Current)) + strconv.Itoa(l.N)
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != tc.want || (p.Prev != "") != tc.prev || (p.Next != "") != tc.next {
			t.Errorf("page %d size %d total %d: %q prev %q next %q", tc.page, tc.size, tc.total, got, p.Prev, p.Next)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestTimeline(t *testing.T) {
	res := &search.Result{Interval: facets.Month, Facets: search.Facets{Published: []facets.Bucket{
		{Key: "2025-09", From: day("2025-09-01"), To: day("2025-10-01"), Count: 4},
		{Key: "2025-10", From: day("2025-10-01"), To: day("2025-11-01"), Count: 0},
		{Key: "2025-11", From: day("2025-11-01"), To: day("2025-12-01"), Count: 8},
	}}}
	tl := newTimeline(search.Query{Text: "gas", Page: 2, Size: 20, From: day("2025-09-01")}, res)
	if len(tl.Bars) != 3 || tl.First != "Sep 2025" || tl.Last != "Nov 2025" || tl.Base != "/search?q=gas" {
		t.Fatalf("timeline %+v", tl)
	}
	b := tl.Bars
	if b[0].URL != "/search?from=2025-09-01&q=gas&to=2025-09-30" || b[2].To != "2025-11-30" || b[1].URL != "" {
		t.Errorf("bar links: %q %q %q", b[0].URL, b[1].URL, b[2].URL)
	}
	if b[2].H != "118.0" || b[2].Y != "2.0" || b[0].H != "59.0" || b[1].H != "0.0" {
		t.Errorf("bar heights: %s/%s %s %s", b[2].H, b[2].Y, b[0].H, b[1].H)
	}
	if b[0].Label != "Sep 2025: 4 articles" {
		t.Errorf("label %q", b[0].Label)
	}
	if empty := newTimeline(search.Query{}, &search.Result{}); len(empty.Bars) != 0 {
		t.Errorf("bars without buckets: %+v", empty)
	}
}

func TestSnippetHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a <mark>summit</mark> &amp; more", "a <mark>summit</mark> &amp; more"},
		{"plain &lt;b&gt; text", "plain &lt;b&gt; text"},
		{"<script>alert(1)</script> <mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt; &lt;mark&gt;x&lt;/mark&gt;"},
		{"<mark onclick=x>y</mark>", "&lt;mark onclick=x&gt;y&lt;/mark&gt;"},
	}
	for _, tc := range tests {
		if got := string(snippetHTML(tc.in)); got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.rferl.org/a/x/1.html", "https://www.rferl.org/a/x/1.html"},
		{"http://example.org/", "http://example.org/"},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{"data:text/html,x", ""},
		{"//evil.example/x", ""},
		{"/a/relative.html", ""},
		{"https:///nohost", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := safeURL(tc.in); got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
		}
	}
}
