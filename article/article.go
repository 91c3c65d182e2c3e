// Package article defines the Article record that flows through the whole
// pipeline: the parser produces it, the archive stores it, the indexer adds
// its entities, and the search API and exports return it.
package article

import (
	"strings"
	"time"
)

// Article is one news article as the archive keeps it. Its JSON form is the
// contract of `newsarchive parse` and GET /api/articles/:id.
type Article struct {
	// ID is the Pangea numeric id as a string: the stable key across mirrors
	// and slug changes.
	ID           string    `json:"id"`
	URL          string    `json:"url"`
	Site         string    `json:"site"`
	Language     string    `json:"language"`
	Title        string    `json:"title"`
	Lead         string    `json:"lead"`
	Kind         string    `json:"kind"` // KindArticle, or the kind of a media page with a text story
	Body         string    `json:"body"`
	Authors      []string  `json:"authors"`
	Published    time.Time `json:"published,omitzero"`
	Updated      time.Time `json:"updated,omitzero"`
	Section      string    `json:"section"`
	Tags         []string  `json:"tags"`
	Image        string    `json:"image,omitempty"`
	ImageCaption string    `json:"image_caption,omitempty"`

	// People, Countries and Dates are filled in when the article is indexed.
	People    []string `json:"people,omitempty"`
	Countries []string `json:"countries,omitempty"`
	Dates     []string `json:"dates,omitempty"`
}

// Kinds of page. A media page is archived only when it carries a text
// story; its kind is kept so that a search can tell it from an article.
const (
	KindArticle = "article"
	KindVideo   = "video"
	KindAudio   = "audio"
	KindGallery = "gallery"
)

// Text returns the article's searchable text — title, lead and body — as
// the entity extractor reads it.
func (a *Article) Text() string {
	s := a.Title
	if a.Lead != "" {
		s += "\n\n" + a.Lead
	}
	if a.Body != "" {
		s += "\n\n" + a.Body
	}
	return s
}

// BaseLanguage is the primary language subtag of a BCP 47 tag, lower-cased:
// "en-GB", "ru_RU" and " UK " are "en", "ru" and "uk".
func BaseLanguage(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}
