package web

import (
	"context"
	"encoding/csv"
	"encoding/xml"
	"io"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"newsarchive/indexer"
	"newsarchive/internal/testenv"
	"newsarchive/scraper/pangea"
	"newsarchive/search"
)

// hostileID is the article of testdata/hostile-article.html: a synthetic
// Pangea page whose title, lead, body, authors, section, tags, image and
// JSON-LD carry script and SVG tags, event handlers, javascript: links,
// CSS, spreadsheet formulas, bidi overrides and zero-width characters.
const hostileID = "99999901"

// hostileSection is its section, a formula; it also finds the article.
const hostileSection = "+cmd|' /C calc'!A0"

// hostileEnv is the sample archive plus the hostile article, parsed by the
// real parser from its page, archived and indexed.
func hostileEnv(t *testing.T) *uiEnv {
	t.Helper()
	e := newUIEnv(t)
	raw, err := os.ReadFile("testdata/hostile-article.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := pangea.Parse(raw, pangea.Options{URL: "https://www.rferl.org/a/hostile-page/" + hostileID + ".html", Site: "rferl"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := e.Archive.SaveArticle(ctx, a, raw); err != nil {
		t.Fatal(err)
	}
	x := &indexer.Indexer{Index: e.Index, Archive: e.Archive, Finder: testenv.Finder(t)}
	if n, err := x.IndexPending(ctx); err != nil || n != 1 {
		t.Fatalf("indexed %d, %v", n, err)
	}
	return e
}

var inSection = "section=" + url.QueryEscape(hostileSection)

// hostilePages are the pages that show the hostile article's fields, and
// pages that echo hostile input.
var hostilePages = []string{
	"/articles/" + hostileID,
	"/search?" + inSection,
	"/search?q=%22javascript+link%22",
	"/search?" + inSection + "&person=Sergei+Lavrov",
	"/facets/section?" + inSection,
	"/facets/person?" + inSection + "&prefix=%E2%80%AE%3Csvg+onload%3Dalert(1)%3E",
	"/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%E2%80%AE&person=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
	"/facets/%3Csvg%20onload%3Dalert(1)%3E",
	"/search?from=%3Cscript%3E",
}

// Scraped markup renders as text in every page: no element, attribute or
// URL from the article is live, and bidi overrides are isolated (dir) so
// they cannot reorder the page around them.
func TestHostileArticleRendersInert(t *testing.T) {
	e := hostileEnv(t)
	for _, path := range hostilePages {
		t.Run(path, func(t *testing.T) {
			r := get(t, e.http.URL, path)
			if r.status >= 500 {
				t.Fatalf("status %d", r.status)
			}
			checkInert(t, r.body)
		})
	}
	// The article page shows every hostile field as text.
	r := get(t, e.http.URL, "/articles/"+hostileID)
	doc, err := html.Parse(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	text := textOf(doc)
	for _, s := range []string{"<script>alert('title')</script>", "<svg onload=alert(3)>", `"><img src=x onerror=alert(4)>`,
		`<a href="javascript:alert(7)">click</a>`, "<style>*{color:red}</style>", "<svg/onload=alert(14)>",
		`=HYPERLINK("http://evil.example","Ann Author")` + "\u202erohtua", "<iframe src=javascript:alert(5)>", hostileSection, "{{.}}"} {
		if !strings.Contains(text, s) {
			t.Errorf("the article page does not show %q as text", s)
		}
	}
	if strings.Contains(r.body, "og-image") || strings.Contains(r.body, "alert('canonical')") {
		t.Errorf("the page links the article's javascript: image or canonical URL")
	}
}

// checkInert fails on anything in a page that a browser would run or load
// from scraped or user input.
func checkInert(t *testing.T, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node, isolated bool)
	walk = func(n *html.Node, isolated bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				if src := attr(n, "src"); !strings.HasPrefix(src, "/static/") || n.FirstChild != nil {
					t.Errorf("a script that is not the app's: src %q, content %q", src, textOf(n))
				}
			case "style", "iframe", "frame", "object", "embed", "base", "img", "video", "audio", "math":
				t.Errorf("a <%s> element in the page", n.Data)
			case "meta":
				if attr(n, "http-equiv") != "" {
					t.Errorf("a <meta http-equiv> in the page")
				}
			case "svg":
				if attr(n, "class") == "" && attr(n, "role") == "" {
					t.Errorf("an <svg> that is not the timeline's")
				}
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" || k == "formaction" {
					t.Errorf("<%s %s=%q>: an event handler or inline style", n.Data, a.Key, a.Val)
				}
				if isURLAttr(k) && dangerousURL(a.Val) {
					t.Errorf("<%s %s=%q>: a script or data URL", n.Data, a.Key, a.Val)
				}
			}
			if attr(n, "dir") != "" && n.Data != "html" || n.Data == "bdi" || n.Data == "title" || n.Data == "input" {
				isolated = true
			}
		}
		if n.Type == html.TextNode && strings.ContainsAny(n.Data, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") && !isolated {
			t.Errorf("bidi controls in %q outside an element with dir (they can reorder the page around them)", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, isolated)
		}
	}
	walk(doc, false)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func isURLAttr(k string) bool {
	switch k {
	case "href", "src", "action", "data", "poster", "cite", "background", "xlink:href", "srcset", "data-api", "data-base":
		return true
	}
	return false
}

// dangerousURL reports a javascript:, vbscript: or data: URL, however
// disguised (case, whitespace and control characters inside the scheme).
func dangerousURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, strings.ToLower(v))
	for _, s := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(v, s) {
			return true
		}
	}
	return false
}

// The Atom feed of a search that finds the hostile article: scraped text
// only in text constructs, no element outside Atom's, every link http(s)
// or a path. A forged X-Forwarded-Proto does not make its links javascript:
// ones.
func TestHostileArticleInFeed(t *testing.T) {
	e := hostileEnv(t)
	for _, proto := range []string{"", "javascript", "data:text/html,"} {
		var header []string
		if proto != "" {
			header = []string{"X-Forwarded-Proto", proto}
		}
		r := get(t, e.http.URL, "/feed.atom?"+inSection, header...)
		if r.status != 200 || !strings.Contains(r.body, hostileID) {
			t.Fatalf("feed: status %d, without the hostile article:\n%s", r.status, r.body)
		}
		atomElems := map[string]bool{"feed": true, "title": true, "subtitle": true, "link": true, "id": true, "updated": true,
			"author": true, "name": true, "entry": true, "summary": true, "published": true, "content": true, "rights": true, "email": true, "uri": true}
		dec := xml.NewDecoder(strings.NewReader(r.body))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the feed is not XML: %v", err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if !atomElems[se.Name.Local] || se.Name.Space != "http://www.w3.org/2005/Atom" {
				t.Errorf("element %s:%s in the feed", se.Name.Space, se.Name.Local)
			}
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "type" && se.Name.Local != "link" && a.Value != "text":
					t.Errorf("<%s type=%q>: scraped text must be a text construct", se.Name.Local, a.Value)
				case a.Name.Local == "href" && !strings.HasPrefix(a.Value, "http://") && !strings.HasPrefix(a.Value, "https://") &&
					(!strings.HasPrefix(a.Value, "/") || strings.HasPrefix(a.Value, "//")):
					t.Errorf("<%s href=%q> with X-Forwarded-Proto %q", se.Name.Local, a.Value, proto)
				}
			}
		}
		if !strings.Contains(r.body, "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;") {
			t.Errorf("the hostile title is not in the feed as escaped text")
		}
	}
}

// The CSV export of the hostile article: still one header and one row of
// ten cells, and no cell a spreadsheet would run as a formula.
func TestHostileArticleInCSV(t *testing.T) {
	e := hostileEnv(t)
	r := get(t, e.http.URL, "/api/export?format=csv&"+inSection)
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != hostileID {
		t.Fatalf("export: %d rows, %v; want the header and the hostile article\n%s", len(rows), err, r.body)
	}
	for i, cell := range rows[1] {
		if formulaStart(cell) {
			t.Errorf("column %s: %q would run as a formula", search.CSVHeader[i], cell)
		}
	}
	for _, want := range []string{"'" + hostileSection, `'=HYPERLINK("http://evil.example","Ann Author")` + "\u202erohtua; -Bob"} {
		if !strings.Contains(strings.Join(rows[1], "\x00"), want) {
			t.Errorf("export lacks the neutralised %q: %q", want, rows[1])
		}
	}
}

// formulaStart: a spreadsheet runs a cell as a formula when it starts
// with =, +, - or @ (after spaces, and in the full-width forms too).
func formulaStart(cell string) bool {
	s := strings.TrimLeft(cell, " \t\r\n\u00a0\u200b\ufeff")
	return s != "" && strings.ContainsRune("=+-@＝＋－＠", []rune(s)[0])
}

// In a real browser the hostile article runs nothing: no dialog, no CSP
// violation, no image, only the app's script; the "more…" facet panel
// (built by the app's JavaScript from the JSON API) shows the hostile
// section as text; the title's bidi override is isolated.
func TestBrowserHostileArticle(t *testing.T) {
	chrome := findChrome(t)
	e := hostileEnv(t)
	ctx := newBrowser(t, chrome)
	b := &tab{t: t, shots: t.ArtifactDir(), ctx: ctx, base: e.http.URL, dialogs: new(atomic.Int32)}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.dialogs.Add(1)
			t.Logf("a dialog opened: %q", ev.Message)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	for _, path := range hostilePages {
		b.open(path)
		if n := eval[int](b, `document.images.length + document.querySelectorAll('iframe,object,embed').length`); n != 0 {
			t.Errorf("%s: %d images or frames in the page", path, n)
		}
		if src := eval[[]string](b, `[...document.scripts].map(s => s.getAttribute('src') || 'inline')`); len(src) != 1 || !strings.HasPrefix(src[0], "/static/app.") {
			t.Errorf("%s: scripts %v", path, src)
		}
	}
	b.open("/articles/" + hostileID)
	b.screenshot("hostile-article.png")
	// The first author ends in an unclosed right-to-left override: were it
	// not isolated, it would reverse the rest of the line and draw the ", "
	// after it before (left of) its end.
	boxes := eval[[]float64](b, `(() => {
		const s = document.querySelector('.article .author'), r = document.createRange();
		r.selectNodeContents(s.nextSibling);
		const a = s.getBoundingClientRect(), c = r.getBoundingClientRect();
		return [a.right, c.left, s.nextSibling.textContent === ', ' ? 1 : 0];
	})()`)
	if len(boxes) != 3 || boxes[2] != 1 || boxes[1] < boxes[0]-1 {
		t.Errorf("first author ends at x=%v, the comma after it starts at x=%v (%v): the author's bidi override reordered the line", boxes[0], boxes[1], boxes)
	}
	// The facet panel's "more…" search, filled by app.js.
	b.open("/search?q=summit&facet_size=1") // one value shown: every facet has "more…"
	b.do(chromedp.Click(chromedp.CSS(`.facet[data-field=section] a.more`), chromedp.NodeVisible))
	b.do(chromedp.SendKeys(`#find-section`, "+cmd"))
	var got string
	for range 100 { // the panel searches 150 ms after the last key
		got = eval[string](b, `[...document.querySelectorAll('.facet[data-field=section] .facet-search .values a.value .label')].map(l => l.textContent).join('|')`)
		if got == hostileSection {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got != hostileSection {
		t.Errorf("the facet panel shows %q, want the section as text", got)
	}
	b.checkCSP()
	if n := b.dialogs.Load(); n != 0 {
		t.Errorf("%d dialogs opened: scraped text ran as script", n)
	}
}
