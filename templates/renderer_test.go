package templates

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// copyFS copies the embedded templates and assets into a MapFS that a
// test can break.
func copyFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, src := range []fs.FS{htmlFiles, staticFiles} {
		err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(src, p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func TestEmbeddedSetIsComplete(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range PageNames() {
		if r.pages[name] == nil {
			t.Errorf("no template set for page %s", name)
		}
	}
	for _, a := range []string{"app.css", "app.js", "icon.svg"} {
		if _, ok := r.Assets().Lookup(a); !ok {
			t.Errorf("no asset %s", a)
		}
	}
}

func TestLoadFailsAtStartUp(t *testing.T) {
	tests := []struct {
		name   string
		damage func(m fstest.MapFS)
		want   string
	}{
		{"a page is missing", func(m fstest.MapFS) { delete(m, "html/pages/article.html") }, `page "article" is missing`},
		{"the layout is missing", func(m fstest.MapFS) { delete(m, "html/layout.html") }, "layout is missing"},
		{"a page does not parse", func(m fstest.MapFS) {
			m["html/pages/jobs.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}{{if}}{{end}}`)}
		}, "page jobs"},
		{"a page has no content", func(m fstest.MapFS) {
			m["html/pages/jobs.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}x{{end}}`)}
		}, `defines no "content"`},
		{"a partial does not parse", func(m fstest.MapFS) {
			m["html/partials/chips.html"] = &fstest.MapFile{Data: []byte(`{{define "chips"}}{{range}}{{end}}`)}
		}, "chips.html"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := copyFS(t)
			tc.damage(m)
			_, err := Load(m, m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v, want an error with %q", err, tc.want)
			}
		})
	}
	t.Run("the copy itself loads", func(t *testing.T) {
		if _, err := Load(copyFS(t), copyFS(t)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAssetsAreFingerprinted(t *testing.T) {
	m := copyFS(t)
	r1, err := Load(m, m)
	if err != nil {
		t.Fatal(err)
	}
	m["static/app.css"] = &fstest.MapFile{Data: append(m["static/app.css"].Data, []byte("\n/* changed */")...)}
	r2, err := Load(m, m)
	if err != nil {
		t.Fatal(err)
	}
	css1, _ := r1.Assets().URL("app.css")
	css2, _ := r2.Assets().URL("app.css")
	js1, _ := r1.Assets().URL("app.js")
	js2, _ := r2.Assets().URL("app.js")
	if css1 == css2 || js1 != js2 || !strings.HasPrefix(css1, StaticPrefix+"app.") || !strings.HasSuffix(css1, ".css") {
		t.Errorf("css %s → %s, js %s → %s", css1, css2, js1, js2)
	}
	if _, err := r1.Assets().URL("nope.css"); err == nil {
		t.Error("an unknown asset has a URL")
	}
}

func TestErrorPage(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.ErrorPage(&buf, 400, `sort="<script>": use relevance, newest or oldest`); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, w := range []string{"<title>Bad Request · newsarchive</title>", "(400)", "sort=&#34;&lt;script&gt;&#34;", `href="/search"`} {
		if !strings.Contains(page, w) {
			t.Errorf("error page lacks %s", w)
		}
	}
	if strings.Contains(page, `"<script>"`) {
		t.Error("the message is not escaped")
	}
}

func TestFormatting(t *testing.T) {
	at := time.Date(2025, 11, 20, 12, 15, 0, 0, time.UTC)
	tests := []struct{ got, want string }{
		{Date(at), "20 Nov 2025"},
		{Date(time.Time{}), ""},
		{DateTime(at), "20 Nov 2025, 12:15 UTC"},
		{DateTime(at.In(time.FixedZone("X", 3600))), "20 Nov 2025, 12:15 UTC"},
		{Day("2025-11-19"), "19 Nov 2025"},
		{Day("sometime"), "sometime"},
		{Num(0), "0"},
		{Num(999), "999"},
		{Num(1000), "1,000"},
		{Num(1234567), "1,234,567"},
		{Num(-12345), "-12,345"},
		{Plural(1, "article", "articles"), "1 article"},
		{Plural(2500, "article", "articles"), "2,500 articles"},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%d: %q, want %q", i, tc.got, tc.want)
		}
	}
}
