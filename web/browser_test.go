package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/mmcdole/gofeed"

	"newsarchive/search"
)

// The browser tests drive Debian's Chromium (headless) against a real
// server on loopback with an archive filled from the sample site. Without
// a browser they are skipped, unless CI is set: then they fail.

// findChrome returns the browser to drive: $CHROME, else chromium or
// chromium-browser.
func findChrome(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	candidates := []string{os.Getenv("CHROME"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	msg := "no Chromium found (set $CHROME, or apt-get install chromium)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so the browser tests must run")
	}
	t.Skip(msg)
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile; the flags keep
// it from reaching for the network (the machine may have none).
func newBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser, with no deadline
		t.Fatalf("start %s: %v", path, err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 50*time.Second)
	t.Cleanup(tcancel)
	return tctx
}

// tab wraps a browser tab with the steps the tests take.
type tab struct {
	t       *testing.T // the running step
	shots   string     // where screenshots go: the whole test's artifact directory
	ctx     context.Context
	base    string
	dialogs *atomic.Int32
}

func (b *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// open loads a page of the server and checks it broke no CSP rule.
func (b *tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
	b.checkCSP()
}

// follow clicks the first element matching sel and waits for the page it
// leads to.
func (b *tab) follow(sel string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))); err != nil {
		b.t.Fatalf("follow %s: %v", sel, err)
	}
	b.checkCSP()
}

func eval[T any](b *tab, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (b *tab) total() int { return eval[int](b, `+document.getElementById('summary').dataset.total`) }
func (b *tab) chips() []string {
	return eval[[]string](b, `[...document.querySelectorAll('.chips .chip')].map(c => c.dataset.name + '=' + c.querySelector('.chip-value').textContent)`)
}
func (b *tab) location() string { return eval[string](b, `location.pathname + location.search`) }

// checkCSP fails on any Content-Security-Policy violation the page reported
// (an inline script or style the policy blocked).
func (b *tab) checkCSP() {
	b.t.Helper()
	if v := eval[[]string](b, `window.__csp || []`); len(v) > 0 {
		b.t.Errorf("%s broke the CSP: %v", b.location(), v)
	}
}

func (b *tab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(b.shots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot of %s: %s", b.location(), path)
}

// cspWatch records CSP violations in window.__csp; DevTools injects it
// into every page before the page's own scripts.
const cspWatch = `window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`

func TestBrowser(t *testing.T) {
	chrome := findChrome(t)
	e := newUIEnv(t)
	ctx := newBrowser(t, chrome)
	b := &tab{t: t, shots: t.ArtifactDir(), ctx: ctx, base: e.http.URL, dialogs: new(atomic.Int32)}

	// Any alert, confirm or prompt means scraped text ran as script: count
	// it and close it so the page goes on.
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

	const query = "Moscow"
	all := e.total(t, search.Query{})
	want := e.total(t, search.Query{Text: query})
	if want < 3 {
		t.Fatalf("the sample archive has %d articles about %q; pick another query", want, query)
	}
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"load the search page", func(t *testing.T) {
			b.t = t
			b.open("/")
			if got := b.total(); got != all {
				t.Errorf("total %d, want %d", got, all)
			}
		}},
		{"type a query", func(t *testing.T) {
			b.t = t
			b.do(pressSlash) // the shortcut focuses the search box
			if id := eval[string](b, `document.activeElement.id`); id != "q" {
				t.Fatalf("after /, the focus is on %q", id)
			}
			if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(query+"\r"))); err != nil {
				t.Fatal(err)
			}
			b.checkCSP()
			if got := b.total(); got != want {
				t.Errorf("total %d, want %d", got, want)
			}
			if loc := b.location(); loc != "/search?q="+query {
				t.Errorf("location %s", loc)
			}
			if n := eval[int](b, `document.querySelectorAll('.hit mark').length`); n == 0 {
				t.Error("no highlighted words")
			}
		}},
		{"click a person facet", func(t *testing.T) {
			b.t = t
			// The first person mentioned by some but not all results.
			i := eval[int](b, `[...document.querySelectorAll('.facet[data-field=person] a.value .count')].findIndex(c => +c.textContent.replace(/,/g, '') < `+fmt.Sprint(want)+`)`)
			if i < 0 {
				t.Fatal("every person facet value covers all results")
			}
			sel := fmt.Sprintf(`.facet[data-field=person] li:nth-child(%d) a.value`, i+1)
			name := eval[string](b, `document.querySelector('`+sel+` .label').textContent`)
			count := eval[int](b, `+document.querySelector('`+sel+` .count').textContent.replace(/,/g, '')`)
			b.follow(sel)
			if got := b.total(); got != count || got >= want {
				t.Errorf("total %d after choosing %s, want its count %d", got, name, count)
			}
			if c := b.chips(); len(c) != 1 || c[0] != "person="+name {
				t.Errorf("chips %v", c)
			}
		}},
		{"remove the chip", func(t *testing.T) {
			b.t = t
			b.follow(".chips .chip a.remove")
			if got := b.total(); got != want {
				t.Errorf("total %d, want %d", got, want)
			}
			if c := b.chips(); len(c) != 0 {
				t.Errorf("chips %v", c)
			}
			b.screenshot("search.png")
		}},
		{"click a timeline bar", func(t *testing.T) {
			b.t = t
			n := eval[int](b, `document.querySelectorAll('.timeline a.bar').length`)
			if n == 0 {
				t.Fatal("no timeline bars")
			}
			sel := fmt.Sprintf(`.timeline a.bar:nth-of-type(%d) rect.slot`, n)
			count := eval[int](b, `+document.querySelectorAll('.timeline a.bar')[`+fmt.Sprint(n-1)+`].dataset.count`)
			from := eval[string](b, `document.querySelectorAll('.timeline a.bar')[`+fmt.Sprint(n-1)+`].dataset.from`)
			b.follow(sel)
			if got := b.total(); got != count {
				t.Errorf("total %d, want the bar's %d", got, count)
			}
			if c := b.chips(); len(c) != 1 || !strings.HasPrefix(c[0], "published=") {
				t.Errorf("chips %v", c)
			}
			if loc := b.location(); !strings.Contains(loc, "from="+from) || !strings.Contains(loc, "q="+query) {
				t.Errorf("location %s", loc)
			}
		}},
		{"open an article", func(t *testing.T) {
			b.t = t
			title := eval[string](b, `document.querySelector('.hit h2 a').textContent`)
			b.follow(".hit h2 a")
			if got := eval[string](b, `document.querySelector('h1').textContent`); got != title {
				t.Errorf("article page title %q, want %q", got, title)
			}
			b.screenshot("article.png")
		}},
		{"follow an entity link", func(t *testing.T) {
			b.t = t
			article := b.location()
			name := eval[string](b, `document.querySelector('.entities-panel a.tag').textContent`)
			b.follow(".entities-panel a.tag")
			c := b.chips()
			if len(c) != 1 || !strings.HasSuffix(c[0], "="+name) {
				t.Errorf("chips %v, want %s", c, name)
			}
			if n := eval[int](b, `document.querySelectorAll('.hit h2 a[href="`+article+`"]').length`); n != 1 && b.total() <= search.DefaultSize {
				t.Errorf("the article %s is not among the results for %s", article, name)
			}
		}},
		{"download the CSV export", func(t *testing.T) {
			b.t = t
			b.open("/search?q=" + query + "&sort=newest")
			total := b.total()
			dir := t.TempDir()
			if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
				t.Fatal(err)
			}
			b.do(chromedp.Click(chromedp.CSS(`.actions a[href^="/api/export?format=csv"]`), chromedp.NodeVisible))
			file := waitForFile(t, ctx, dir, ".csv")
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(raw), search.CSVBOM) {
				t.Errorf("%s does not start with a byte order mark: a spreadsheet would not read it as UTF-8", filepath.Base(file))
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), search.CSVBOM))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows)-1 != total || rows[0][0] != "id" {
				t.Errorf("%s: %d rows after the header, the page says %d", filepath.Base(file), len(rows)-1, total)
			}
		}},
		{"open the Atom feed", func(t *testing.T) {
			b.t = t
			total := b.total()
			href := eval[string](b, `document.querySelector('link[rel=alternate][type="application/atom+xml"]').href`)
			xml, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+jsString(href)+`).then(r => r.text())`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			feed, err := gofeed.NewParser().ParseString(xml)
			if err != nil {
				t.Fatalf("%s is not a feed: %v", href, err)
			}
			if feed.FeedType != "atom" || len(feed.Items) != min(total, feedSize) {
				t.Errorf("%s: %s feed with %d entries, want %d", href, feed.FeedType, len(feed.Items), min(total, feedSize))
			}
		}},
		{"scraped markup renders as text and runs nothing", func(t *testing.T) {
			b.t = t
			for i, path := range []string{"/articles/" + xssID, "/search?q=" + `%22foreign+agent%22`} {
				b.open(path)
				b.screenshot([]string{"xss-article.png", "xss-search.png"}[i])
				text := eval[string](b, `document.body.textContent`)
				if !strings.Contains(text, "<script>alert(1)</script>") || !strings.Contains(text, "<img src=x onerror=alert(1)>") {
					t.Errorf("%s: the title's markup is not shown as text", path)
				}
				if n := eval[int](b, `document.images.length`); n != 0 {
					t.Errorf("%s: %d images in the page", path, n)
				}
				if src := eval[[]string](b, `[...document.scripts].map(s => s.getAttribute('src') || 'inline')`); len(src) != 1 || !strings.HasPrefix(src[0], "/static/app.") {
					t.Errorf("%s: scripts %v", path, src)
				}
			}
			if n := b.dialogs.Load(); n != 0 {
				t.Errorf("%d dialogs opened: scraped text ran as script", n)
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			return // the next steps start where this one should have ended
		}
	}
}

// waitForFile waits until dir holds a finished download ending in ext.
func waitForFile(t *testing.T, ctx context.Context, dir, ext string) string {
	t.Helper()
	for {
		matches, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(matches) > 0 {
			return matches[0]
		}
		select {
		case <-ctx.Done():
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no %s download in %s: %v", ext, dir, entries)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// pressSlash presses "/" as a keyboard does: one keyDown that carries the
// text, so a page that cancels the keydown types nothing (chromedp's
// KeyEvent sends the text in a separate char event that no keydown
// handler can cancel).
var pressSlash = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, ev := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeKeyDown, Key: "/", Code: "Slash", Text: "/", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191},
	} {
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
			return err
		}
	}
	return nil
})

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

// Right-to-left text in a real browser: the Dari article's title, lead,
// body (a paragraph that starts with a Latin acronym too), byline and
// caption compute as rtl and start at the right, an English article's as
// ltr; in the result list the Dari title and snippet read right to left
// beside English ones; an RTL value leaves the chip and the facet panel
// in their places.
func TestBrowserRightToLeft(t *testing.T) {
	chrome := findChrome(t)
	e := dariEnv(t)
	ctx := newBrowser(t, chrome)
	b := &tab{t: t, shots: t.ArtifactDir(), ctx: ctx, base: e.http.URL, dialogs: new(atomic.Int32)}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch + bidiProbe}); err != nil {
		t.Fatal(err)
	}
	dirs := func(sel string) []string {
		t.Helper()
		return eval[[]string](b, `[...document.querySelectorAll(`+jsString(sel)+`)].map(el => getComputedStyle(el).direction)`)
	}
	// starts reports, for each element, which side its text starts at:
	// "right" when it hugs the element's right edge, "left" for the left.
	starts := func(sel string) []string {
		t.Helper()
		return eval[[]string](b, `[...document.querySelectorAll(`+jsString(sel)+`)].map(__side)`)
	}
	all := func(got []string, want string) bool {
		for _, g := range got {
			if g != want {
				return false
			}
		}
		return len(got) > 0
	}

	t.Run("result list", func(t *testing.T) {
		b.t = t
		b.open("/search?sort=newest")
		if href := eval[string](b, `document.querySelector('.hit h2 a').getAttribute('href')`); href != "/articles/"+dariID {
			t.Fatalf("the first hit is %s, want the Dari article", href)
		}
		for _, c := range []struct{ sel, dir, side string }{
			{".hit:nth-child(1) h2", "rtl", "right"},
			{".hit:nth-child(1) .snippet", "rtl", "right"},
			{".hit:nth-child(2) h2", "ltr", "left"},
			{".hit:nth-child(2) .snippet", "ltr", "left"},
		} {
			if got := dirs(c.sel); !all(got, c.dir) {
				t.Errorf("%s: direction %v, want %s", c.sel, got, c.dir)
			}
			if got := starts(c.sel); !all(got, c.side) {
				t.Errorf("%s: the text starts at the %v, want the %s", c.sel, got, c.side)
			}
		}
		b.screenshot("rtl-results.png")
	})

	t.Run("mixed scripts", func(t *testing.T) {
		b.t = t
		b.open("/search?sort=newest&lang=fa&lang=ru&lang=uk")
		if n := eval[int](b, `document.querySelectorAll('.hit').length`); n < 9 {
			t.Fatalf("%d hits, want the Dari, Russian and Ukrainian articles", n)
		}
		if got := dirs(".hit:nth-child(1) h2, .hit:nth-child(1) .snippet"); !all(got, "rtl") {
			t.Errorf("the Dari hit reads %v, want rtl", got)
		}
		if got := dirs(".hit:nth-child(n+2) h2, .hit:nth-child(n+2) .snippet"); !all(got, "ltr") {
			t.Errorf("the Cyrillic hits read %v, want ltr", got)
		}
		if got := starts(".hit:nth-child(n+2) h2"); !all(got, "left") {
			t.Errorf("the Cyrillic titles start at the %v, want the left", got)
		}
		b.screenshot("mixed-results.png")
	})

	t.Run("chip and facet panel", func(t *testing.T) {
		b.t = t
		b.open("/search?q=" + url.QueryEscape("هلمند") + "&section=" + url.QueryEscape(dariSection))
		if got := b.total(); got != 1 {
			t.Fatalf("total %d, want the Dari article", got)
		}
		if n := eval[int](b, `document.querySelectorAll('.hit .snippet mark').length`); n == 0 {
			t.Error("no highlighted word in the Dari snippet")
		}
		if got := dirs(".hit .snippet"); !all(got, "rtl") {
			t.Errorf("snippet direction %v", got)
		}
		// The chip reads label, value, ×, left to right, inside its row.
		chip := eval[[]float64](b, `(() => {
			const c = document.querySelector('.chip'), r = el => el.getBoundingClientRect();
			const l = r(c.querySelector('.chip-label')), v = r(c.querySelector('.chip-value')), x = r(c.querySelector('.remove')), row = r(c);
			return [l.left, l.right, v.left, v.right, x.left, x.right, row.left, row.right];
		})()`)
		if len(chip) != 8 || !(chip[1] <= chip[2]+1 && chip[3] <= chip[4]+1 && chip[0] >= chip[6]-1 && chip[5] <= chip[7]+1) {
			t.Errorf("the chip's label, value and × are out of order or out of the chip: %v", chip)
		}
		if got := eval[string](b, `document.querySelector('.chip .chip-value').textContent`); got != dariSection {
			t.Errorf("chip value %q", got)
		}
		// Every facet value stays in the panel: its label left of its count,
		// the count at the right, the panel left of the results.
		bad := eval[[]string](b, `(() => {
			const panel = document.querySelector('.facets').getBoundingClientRect();
			const results = document.querySelector('.hits').getBoundingClientRect();
			const out = [];
			if (panel.right > results.left) out.push('the panel overlaps the results');
			for (const a of document.querySelectorAll('.facets a.value')) {
				const v = a.getBoundingClientRect(), l = a.querySelector('.label').getBoundingClientRect(), c = a.querySelector('.count').getBoundingClientRect();
				if (v.left < panel.left - 1 || v.right > panel.right + 1 || l.right > c.left + 1 || c.right < v.right - 12)
					out.push(a.textContent);
			}
			return out;
		})()`)
		if len(bad) > 0 {
			t.Errorf("facet values out of place: %q", bad)
		}
		label := `.facet[data-field=section] a.value .label`
		if got := eval[string](b, `document.querySelector(`+jsString(label)+`).textContent`); got != dariSection {
			t.Errorf("section facet shows %q", got)
		}
		if got := dirs(label); !all(got, "rtl") {
			t.Errorf("section facet label direction %v", got)
		}
		b.screenshot("rtl-chip-facets.png")
	})

	t.Run("facet value search", func(t *testing.T) {
		b.t = t
		b.open("/search?facet_size=1") // one value shown: every facet has "more…"
		b.do(chromedp.Click(chromedp.CSS(`.facet[data-field=section] a.more`), chromedp.NodeVisible))
		b.do(chromedp.SendKeys(`#find-section`, "افغ"))
		label := `.facet[data-field=section] .facet-search .values a.value .label`
		var got string
		for range 100 { // the panel searches 150 ms after the last key
			got = eval[string](b, `[...document.querySelectorAll(`+jsString(label)+`)].map(l => l.textContent).join('|')`)
			if got == dariSection {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if got != dariSection {
			t.Fatalf("the value search shows %q, want %q", got, dariSection)
		}
		if d := dirs(label + ", #find-section"); !all(d, "rtl") {
			t.Errorf("the value search box and its value read %v, want rtl", d)
		}
		b.checkCSP()
	})

	t.Run("dari article", func(t *testing.T) {
		b.t = t
		b.open("/articles/" + dariID)
		for _, sel := range []string{"h1", ".article .lead", ".article .body p", ".article .author", ".caption-text", ".crumbs a:last-child", ".tags .tag"} {
			if got := dirs(sel); !all(got, "rtl") {
				t.Errorf("%s: direction %v, want rtl", sel, got)
			}
		}
		for _, sel := range []string{"h1", ".article .lead", ".article .body p"} {
			if got := starts(sel); !all(got, "right") {
				t.Errorf("%s: the text starts at the %v, want the right", sel, got)
			}
		}
		if got := eval[[]string](b, `[...document.querySelectorAll('h1, .article .lead, .article .body p')].map(el => el.closest('[lang]').lang)`); !all(got, "fa") {
			t.Errorf("lang of the text %v, want fa", got)
		}
		// The interface around the text stays left to right.
		if got := dirs(".article .meta, .entities-panel, .top"); !all(got, "ltr") {
			t.Errorf("the page around the article is %v, want ltr", got)
		}
		b.screenshot("rtl-article.png")
	})

	t.Run("english article", func(t *testing.T) {
		b.t = t
		b.open("/articles/" + englishID)
		for _, sel := range []string{"h1", ".article .lead", ".article .body p"} {
			if got := dirs(sel); !all(got, "ltr") {
				t.Errorf("%s: direction %v, want ltr", sel, got)
			}
			if got := starts(sel); !all(got, "left") {
				t.Errorf("%s: the text starts at the %v, want the left", sel, got)
			}
		}
		b.screenshot("ltr-article.png")
	})
}

// bidiProbe defines __side(el): "right" when the first line of el's text
// ends at el's right edge and leaves room on the left, "left" the other
// way ("full" when the line fills the element).
const bidiProbe = `
window.__side = el => {
	const r = document.createRange();
	r.selectNodeContents(el);
	const lines = r.getClientRects(), box = el.getBoundingClientRect();
	if (!lines.length) return 'empty';
	const first = [...lines].filter(l => Math.abs(l.top - lines[0].top) < 2);
	const left = Math.min(...first.map(l => l.left)), right = Math.max(...first.map(l => l.right));
	const gapL = left - box.left, gapR = box.right - right;
	if (gapL < 2 && gapR < 2) return 'full';
	return gapR < gapL ? 'right' : 'left';
};`
