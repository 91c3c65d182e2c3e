package templates

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// PageNames lists the pages every build must have; New fails without one.
func PageNames() []string {
	return []string{"search", "article", "facet", "jobs", "error"}
}

// Page is what every page template is executed with: the site-wide fields
// and the handler's data.
type Page struct {
	Name string // the page, e.g. "search" (the nav marks it current)
	Path string // the request's URL path
	Data any    // the handler's view of the page
}

// Renderer renders pages; it is safe for concurrent use (each page's
// template set is parsed once and never changed).
type Renderer struct {
	pages  map[string]*template.Template
	assets *Assets
}

// New builds the renderer from the embedded templates and assets.
func New() (*Renderer, error) {
	return Load(htmlFiles, staticFiles)
}

// Load builds a renderer from a template tree (html/layout.html,
// html/partials/*.html, html/pages/*.html) and a static tree (static/*).
// It fails if a page of PageNames is missing or a template does not parse.
func Load(htmlFS, staticFS fs.FS) (*Renderer, error) {
	assets, err := loadAssets(staticFS, "static")
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]*template.Template{}, assets: assets}
	funcs := funcMap(assets)
	layout, err := fs.ReadFile(htmlFS, "html/layout.html")
	if err != nil {
		return nil, fmt.Errorf("templates: the layout is missing: %w", err)
	}
	partials, err := fs.Glob(htmlFS, "html/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	base := template.New("layout").Funcs(funcs)
	if _, err := base.Parse(string(layout)); err != nil {
		return nil, fmt.Errorf("templates: layout: %w", err)
	}
	for _, p := range partials {
		b, err := fs.ReadFile(htmlFS, p)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		if _, err := base.New(path.Base(p)).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("templates: %s: %w", p, err)
		}
	}
	for _, name := range PageNames() {
		b, err := fs.ReadFile(htmlFS, "html/pages/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("templates: page %q is missing: %w", name, err)
		}
		set, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		if _, err := set.New(name + ".html").Parse(string(b)); err != nil {
			return nil, fmt.Errorf("templates: page %s: %w", name, err)
		}
		if set.Lookup("content") == nil {
			return nil, fmt.Errorf("templates: page %s defines no \"content\"", name)
		}
		r.pages[name] = set
	}
	return r, nil
}

// Assets returns the static assets.
func (r *Renderer) Assets() *Assets { return r.assets }

// Render writes a page: name is one of PageNames, path the request's URL
// path, data the handler's view.
func (r *Renderer) Render(w io.Writer, name, path string, data any) error {
	return r.render(w, Page{Name: name, Path: path, Data: data})
}

func (r *Renderer) render(w io.Writer, p Page) error {
	set, ok := r.pages[p.Name]
	if !ok {
		return fmt.Errorf("templates: no page %q", p.Name)
	}
	// Execute into a buffer: a template error must not leave half a page.
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render page %s: %w", p.Name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// ErrorView is the data of the error page.
type ErrorView struct {
	Status int
	Title  string // e.g. "Bad Request"
	Msg    string
}

// ErrorPage writes the error page for a status and a message for the user.
func (r *Renderer) ErrorPage(w io.Writer, status int, msg string) error {
	title := http.StatusText(status)
	if title == "" {
		title = "Error"
	}
	msg = strings.TrimSpace(msg)
	return r.render(w, Page{Name: "error", Data: ErrorView{Status: status, Title: title, Msg: msg}})
}
