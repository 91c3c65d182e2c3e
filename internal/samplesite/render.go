package samplesite

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFiles embed.FS

// parseTemplates parses the page templates; they are part of the binary,
// so an error here is a bug caught by any test.
func parseTemplates() (*template.Template, error) {
	return template.New("site").Funcs(template.FuncMap{"join": strings.Join}).ParseFS(templateFiles, "templates/*.html")
}

// Section is a section listing of the site.
type Section struct {
	ID   string // "z/102"
	Name string // "Ukraine"
}

// sections lists the site's sections: News has every story, Features the
// stories marked feature, the others the stories of that section.
var sections = []Section{
	{"z/16", "News"},
	{"z/17", "Features"},
	{"z/101", "Russia"},
	{"z/102", "Ukraine"},
	{"z/103", "Central Asia"},
	{"z/104", "Caucasus"},
	{"z/105", "Iran"},
	{"z/106", "Balkans"},
	{"z/107", "Europe"},
	{"z/108", "Podcasts And Video"},
}

func sectionID(name string) string {
	for _, s := range sections {
		if s.Name == name {
			return s.ID
		}
	}
	return "z/16"
}

// block is one rendered piece of an article body.
type block struct {
	Kind  string // p, h2, h4, seealso, promo, video, quote
	Text  string
	Title string
	Href  string
	Image string
}

type byline struct{ Name, Href string }

type link struct{ Title, Href string }

// articlePage is what the article templates render.
type articlePage struct {
	Base, URL, Image, Description string
	S                             *story
	SectionID                     string
	Authors                       []byline
	Nav                           []Section
	PublishedAttr, PublishedText  string
	UpdatedAttr, UpdatedText      string
	JSONLD                        template.JS
	Blocks                        []block
	Popular                       []link
}

const (
	attrTime    = "2006-01-02T15:04:05-07:00"
	displayDate = "January 02, 2006"
	displayTime = "January 02, 2006 15:04 MST"
	jsonLDTime  = "2006-01-02 15:04:05Z"
)

// renderArticle renders one story for a site at base (scheme://host).
func (s *Site) renderArticle(base string, st *story, body []string, updated time.Time) ([]byte, error) {
	p := articlePage{
		Base:          base,
		URL:           base + st.Path(),
		Image:         base + "/img/" + st.ID + ".png",
		S:             st,
		SectionID:     sectionID(st.Section),
		Nav:           sections,
		PublishedAttr: st.Published.UTC().Format(attrTime),
		PublishedText: st.Published.UTC().Format(displayTime),
		Description:   st.Lead,
	}
	if p.Description == "" && len(body) > 0 {
		p.Description = plain(body[0])
	}
	if updated.After(st.Published) {
		p.UpdatedAttr = updated.UTC().Format(attrTime)
		p.UpdatedText = updated.UTC().Format(displayTime)
	}
	for _, a := range st.Authors {
		p.Authors = append(p.Authors, byline{Name: a, Href: "/author/" + slugify(a) + "/" + authorCode(a)})
	}
	for _, b := range body {
		p.Blocks = append(p.Blocks, s.block(base, b))
	}
	for _, other := range s.popular(st.ID) {
		p.Popular = append(p.Popular, link{Title: other.Title, Href: base + other.Path()})
	}
	ld, err := jsonLD(p, st, updated)
	if err != nil {
		return nil, err
	}
	p.JSONLD = ld

	name := map[string]string{
		Template2019: "article2019", Template2025: "article2025",
		TemplateFactCheck: "factcheck", TemplateProgramme: "programme",
	}[st.Template]
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		return nil, fmt.Errorf("render %s: %w", st.Path(), err)
	}
	return buf.Bytes(), nil
}

// block turns one written body block into a rendered one.
func (s *Site) block(base, text string) block {
	switch {
	case strings.HasPrefix(text, "## "):
		return block{Kind: "h2", Text: strings.TrimPrefix(text, "## ")}
	case strings.HasPrefix(text, "#### "):
		return block{Kind: "h4", Text: strings.TrimPrefix(text, "#### ")}
	case strings.HasPrefix(text, "[see-also ") || strings.HasPrefix(text, "[promo "):
		directive, rest, _ := strings.Cut(text, "]")
		kind, id, _ := strings.Cut(strings.TrimPrefix(directive, "["), " ")
		b := block{Kind: "promo", Text: strings.TrimSpace(rest), Image: base + "/img/" + id + ".png"}
		if kind == "see-also" {
			b.Kind = "seealso"
		}
		if other := s.byID[id]; other != nil {
			b.Title, b.Href = other.Title, base+other.Path()
		} else {
			b.Title, b.Href = "More on this story", base+"/a/"+id+".html"
		}
		return b
	case strings.HasPrefix(text, "[video "):
		return block{Kind: "video", Title: strings.TrimSuffix(strings.TrimPrefix(text, "[video "), "]"), Image: base + "/img/video.png"}
	case strings.HasPrefix(text, "[quote "):
		q, author, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(text, "[quote "), "]"), "|")
		return block{Kind: "quote", Text: strings.TrimSpace(q), Title: strings.TrimSpace(author)}
	}
	return block{Kind: "p", Text: text}
}

// plain is a body block's text without directives, for descriptions.
func plain(b string) string {
	if strings.HasPrefix(b, "[") || strings.HasPrefix(b, "#") {
		return ""
	}
	return b
}

// jsonLD builds the page's schema.org record, as Pangea writes it
// (datetimes with a space, "0001-01-01" for no modification time).
func jsonLD(p articlePage, st *story, updated time.Time) (template.JS, error) {
	typ := "NewsArticle"
	if st.Template == TemplateFactCheck {
		typ = "ClaimReview"
	}
	modified := "0001-01-01 00:00:00Z"
	if updated.After(st.Published) {
		modified = updated.UTC().Format(jsonLDTime)
	} else if st.Template == Template2025 {
		modified = st.Published.UTC().Format(jsonLDTime)
	}
	var authors []map[string]string
	for _, a := range p.Authors {
		authors = append(authors, map[string]string{"@type": "Person", "name": a.Name, "url": p.Base + a.Href})
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            typ,
		"headline":         st.Title,
		"name":             st.Title,
		"articleSection":   st.Section,
		"inLanguage":       jsonLDLanguages[st.Language],
		"keywords":         strings.Join(st.Tags, ", "),
		"datePublished":    st.Published.UTC().Format(jsonLDTime),
		"dateModified":     modified,
		"url":              p.URL,
		"mainEntityOfPage": p.URL,
		"description":      p.Description,
		"image":            map[string]any{"@type": "ImageObject", "url": p.Image, "width": 1080, "height": 608},
		"publisher":        map[string]any{"@type": "NewsMediaOrganization", "name": "RFE/RL Sample Site", "url": p.Base},
	}
	if len(authors) > 0 {
		ld["author"] = authors
	}
	if st.Template == TemplateFactCheck {
		ld["claimReviewed"] = st.Claim
		ld["reviewRating"] = map[string]any{"@type": "rating", "alternateName": st.Verdict, "ratingValue": 1, "bestRating": 5, "worstRating": 1}
	}
	// json.Marshal escapes <, > and & as \u003c..., so a title cannot end
	// the script element.
	b, err := json.Marshal(ld)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// sectionPage is what the section template renders.
type sectionPage struct {
	Base, URL, Prev, Next string
	Section               Section
	Nav                   []Section
	Items                 []sectionItem
	PageSize              int
}

type sectionItem struct{ Title, Href, Image, Date string }

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// authorCode imitates the short code at the end of Pangea author URLs.
func authorCode(name string) string {
	var h uint32 = 2166136261
	for i := 0; i < len(name); i++ {
		h = (h ^ uint32(name[i])) * 16777619
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	var b [5]byte
	for i := range b {
		b[i] = letters[h%26]
		h /= 26
	}
	return string(b[:])
}

// popular is the "Most Popular" sidebar of an article page: the three
// newest other text articles.
func (s *Site) popular(id string) []*story {
	var out []*story
	for _, st := range s.stories {
		if len(out) == 3 {
			break
		}
		if st.ID != id && st.Template != TemplateProgramme && !st.Private {
			out = append(out, st)
		}
	}
	return out
}
