package samplesite

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SiteID is the Pangea site id in the sitemap names, as on rferl.org.
const SiteID = 8

// Options configure a sample site. The zero value serves the built-in
// articles.
type Options struct {
	// Seed drives the generator of ExtraArticles (0 means 1).
	Seed int64
	// ExtraArticles adds this many generated articles, deterministic for a
	// Seed, for load tests.
	ExtraArticles int
	// Now, if set, is the time Touch records as an article's update
	// (each further Touch adds a second); by default the current time.
	Now time.Time
	// ChunkSize is the number of URLs per archive sitemap chunk (default
	// 12, so the built-in articles fill more than three chunks).
	ChunkSize int
	// Languages adds the built-in articles in these languages (of
	// ExtraLanguages: "ru", "uk") to the English ones, each page with its
	// <html lang>, JSON-LD inLanguage and news sitemap language: a mixed
	// archive. Nil serves English only.
	Languages []string
}

// Site is the sample Pangea site, an http.Handler. It is safe for
// concurrent use.
type Site struct {
	opts    Options
	tmpl    *template.Template
	stories []*story // newest first
	byID    map[string]*story
	png     []byte
	epoch   time.Time // Last-Modified of robots.txt

	mu       sync.Mutex
	touched  map[string]revision // Touch-ed stories
	faults   map[string]*Fault
	requests []*Request
}

type revision struct {
	n       int
	updated time.Time
}

// Meta describes one page of the site for tests.
type Meta struct {
	ID         string
	Language   string // "en", "ru", "uk"
	Path       string // URL path, e.g. /a/slug/33565458.html
	Title      string
	Section    string
	Template   string // Template2019, Template2025, TemplateFactCheck or TemplateProgramme
	Published  time.Time
	Updated    time.Time // zero when never updated
	Disallowed bool      // robots.txt disallows its path
	Programme  bool      // a media/programme page: no article text
	Generated  bool      // one of Options.ExtraArticles
}

// Request is one request the site answered.
type Request struct {
	Method      string
	Path        string
	Query       string
	Status      int
	Conditional bool // it carried If-None-Match or If-Modified-Since
	Bytes       int  // body bytes sent
}

// New builds the site. It panics only if the embedded articles or
// templates are broken, which every test of this package would show.
func New(opts Options) *Site {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 12
	}
	stories, err := loadStories(opts.Languages)
	if err != nil {
		panic(fmt.Sprintf("samplesite: %v", err))
	}
	tmpl, err := parseTemplates()
	if err != nil {
		panic(fmt.Sprintf("samplesite: templates: %v", err))
	}
	stories = append(stories, generate(opts.Seed, opts.ExtraArticles)...)
	sortNewestFirst(stories)
	s := &Site{
		opts:    opts,
		tmpl:    tmpl,
		stories: stories,
		byID:    make(map[string]*story, len(stories)),
		png:     placeholderPNG(),
		epoch:   time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
		touched: map[string]revision{},
		faults:  map[string]*Fault{},
	}
	for _, st := range stories {
		if s.byID[st.ID] != nil {
			panic(fmt.Sprintf("samplesite: two articles with id %s", st.ID))
		}
		s.byID[st.ID] = st
	}
	return s
}

// Articles lists every page of the site, newest first.
func (s *Site) Articles() []Meta {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Meta, 0, len(s.stories))
	for _, st := range s.stories {
		out = append(out, Meta{
			ID: st.ID, Language: st.Language, Path: st.Path(), Title: st.Title, Section: st.Section, Template: st.Template,
			Published: st.Published, Updated: s.updatedLocked(st),
			Disallowed: st.Private, Programme: st.Template == TemplateProgramme, Generated: st.generated,
		})
	}
	return out
}

// Touch changes an article: a new paragraph and a new update time, so the
// next scrape sees a new revision (new ETag, lastmod and dateModified).
func (s *Site) Touch(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byID[id]
	if st == nil {
		return fmt.Errorf("sample site has no article %s", id)
	}
	rev := s.touched[id]
	rev.n++
	now := s.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	last := s.updatedLocked(st)
	if last.IsZero() {
		last = st.Published
	}
	if !now.After(last) {
		now = last.Add(time.Second)
	}
	rev.updated = now
	s.touched[id] = rev
	return nil
}

// updatedLocked is a story's update time, taking Touch into account.
func (s *Site) updatedLocked(st *story) time.Time {
	if rev, ok := s.touched[st.ID]; ok {
		return rev.updated
	}
	if st.Updated.After(st.Published) {
		return st.Updated
	}
	return time.Time{}
}

// modifiedLocked is the last change of a story: update or publication.
func (s *Site) modifiedLocked(st *story) time.Time {
	if u := s.updatedLocked(st); !u.IsZero() {
		return u
	}
	return st.Published
}

// Requests returns the requests received so far, in order; one still being
// answered shows the status and bytes written so far.
func (s *Site) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
	}
	return out
}

// ResetRequests forgets the requests answered so far.
func (s *Site) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

var (
	articleRoute = regexp.MustCompile(`^/a/(?:private/)?(?:[^/]+/)?(\d+)\.html$`)
	sectionRoute = regexp.MustCompile(`^/(z/\d+)$`)
	chunkRoute   = regexp.MustCompile(`^/sitemap_` + strconv.Itoa(SiteID) + `_(\d+)\.xml\.gz$`)
	imageRoute   = regexp.MustCompile(`^/img/[\w.-]+\.png$`)
)

// ServeHTTP answers one request: a fault if one is set for the path, else
// the page.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The request is logged before anything is answered, and its status and
	// size before they reach the client: whoever has the answer finds the
	// request in Requests.
	entry := &Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "",
	}
	s.mu.Lock()
	s.requests = append(s.requests, entry)
	s.mu.Unlock()
	rec := &recorder{ResponseWriter: w, site: s, entry: entry}
	defer rec.finish()
	if f, ok := s.takeFault(r.URL.Path); ok {
		serveFault(rec, r, f)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		rec.Header().Set("Allow", "GET, HEAD")
		http.Error(rec, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	s.route(rec, r, scheme+"://"+r.Host)
}

func (s *Site) route(w http.ResponseWriter, r *http.Request, base string) {
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		serve(w, r, []byte(s.robots(base)), "text/plain; charset=utf-8", s.epoch)
	case p == "/sitemap.xml":
		body, mod := s.sitemapIndex(base)
		serve(w, r, body, "text/xml; charset=utf-8", mod)
	case p == fmt.Sprintf("/sitemap_%d_latest.xml.gz", SiteID):
		body, mod := s.urlSet(base, s.newest(20))
		serve(w, r, gzipped(body), "application/x-gzip", mod)
	case p == fmt.Sprintf("/sitemap_%d_news.xml.gz", SiteID):
		body, mod := s.newsSitemap(base, s.newest(10))
		serve(w, r, gzipped(body), "application/x-gzip", mod)
	case p == fmt.Sprintf("/sitemap_%d_sections.xml.gz", SiteID):
		body, mod := s.sectionsSitemap(base)
		serve(w, r, gzipped(body), "application/x-gzip", mod)
	case chunkRoute.MatchString(p):
		n, _ := strconv.Atoi(chunkRoute.FindStringSubmatch(p)[1])
		chunk := s.chunk(n)
		if chunk == nil {
			http.NotFound(w, r)
			return
		}
		body, mod := s.urlSet(base, chunk)
		serve(w, r, gzipped(body), "application/x-gzip", mod)
	case p == "/api/" || p == "/api":
		body, mod := s.rss(base, s.newest(20))
		serve(w, r, body, "application/rss+xml; charset=utf-8", mod)
	case sectionRoute.MatchString(p):
		s.serveSection(w, r, base, sectionRoute.FindStringSubmatch(p)[1])
	case articleRoute.MatchString(p):
		s.serveArticle(w, r, base, articleRoute.FindStringSubmatch(p)[1])
	case imageRoute.MatchString(p):
		serve(w, r, s.png, "image/png", s.epoch)
	default:
		http.NotFound(w, r)
	}
}

func (s *Site) serveArticle(w http.ResponseWriter, r *http.Request, base, id string) {
	st := s.byID[strings.TrimLeft(id, "0")]
	if st == nil {
		http.NotFound(w, r)
		return
	}
	if r.URL.Path != st.Path() {
		// Pangea answers a wrong or missing slug with a redirect.
		http.Redirect(w, r, base+st.Path(), http.StatusMovedPermanently)
		return
	}
	s.mu.Lock()
	rev := s.touched[st.ID]
	updated := s.updatedLocked(st)
	modified := s.modifiedLocked(st)
	s.mu.Unlock()
	body := st.Body
	if rev.n > 0 {
		body = append(append([]string(nil), body...), fmt.Sprintf(
			"Editor's note: this article was updated on %s with new information (revision %d).",
			rev.updated.Format(displayDate), rev.n))
	}
	page, err := s.renderArticle(base, st, body, updated)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	serve(w, r, page, "text/html; charset=utf-8", modified)
}

// serve answers with body, an ETag made from its hash and a Last-Modified
// time; http.ServeContent answers If-None-Match and If-Modified-Since with
// 304.
func serve(w http.ResponseWriter, r *http.Request, body []byte, contentType string, modified time.Time) {
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "max-age=60")
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

// recorder notes the status and size of an answer in its log entry.
type recorder struct {
	http.ResponseWriter
	site  *Site
	entry *Request
}

func (r *recorder) note(status, n int) {
	r.site.mu.Lock()
	if r.entry.Status == 0 {
		r.entry.Status = status
	}
	r.entry.Bytes += n
	r.site.mu.Unlock()
}

func (r *recorder) WriteHeader(code int) {
	r.note(code, 0)
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.note(http.StatusOK, len(b))
	return r.ResponseWriter.Write(b)
}

// finish records 200 for a handler that wrote nothing.
func (r *recorder) finish() {
	r.note(http.StatusOK, 0)
}
