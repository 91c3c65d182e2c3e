package pangea

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// linkedData holds the fields of a page's JSON-LD (schema.org
// NewsArticle, ClaimReview, ...) that the parser falls back on.
type linkedData struct {
	Headline       string          `json:"headline"`
	Name           string          `json:"name"`
	DatePublished  string          `json:"datePublished"`
	DateModified   string          `json:"dateModified"`
	InLanguage     string          `json:"inLanguage"`
	URL            string          `json:"url"`
	Author         json.RawMessage `json:"author"`
	Keywords       json.RawMessage `json:"keywords"`
	Image          json.RawMessage `json:"image"`
	ArticleSection json.RawMessage `json:"articleSection"`
	Publisher      json.RawMessage `json:"publisher"`
	// RawType is the object's schema.org @type ("NewsArticle",
	// "VideoObject"), a string or an array; see typ.
	RawType json.RawMessage `json:"@type"`
}

// typ returns the object's schema.org @type (see firstType).
func (ld linkedData) typ() string {
	return firstType(ld.RawType)
}

// articleTypes are the schema.org types whose JSON-LD describes the page's
// article; any other object is used only when there is none of these.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true,
	"AnalysisNewsArticle": true, "BlogPosting": true, "ClaimReview": true,
	"OpinionNewsArticle": true, "BackgroundNewsArticle": true,
}

// readLinkedData returns the article's JSON-LD object, or a zero value when
// the page has none that can be read. Broken JSON-LD is ignored: the HTML
// is the primary source.
func readLinkedData(doc *goquery.Document) linkedData {
	var best, first *linkedData
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		for _, ld := range decodeLD(s.Text()) {
			if articleTypes[ld.typ()] {
				best = &ld
				return false
			}
			if first == nil && (ld.Headline != "" || ld.DatePublished != "") {
				first = &ld
			}
		}
		return true
	})
	switch {
	case best != nil:
		return *best
	case first != nil:
		return *first
	}
	return linkedData{}
}

// decodeLD decodes one JSON-LD script: an object, an array of objects, or
// an object with an @graph array.
func decodeLD(text string) []linkedData {
	// The CMS sometimes leaves raw line breaks and tabs inside strings,
	// which JSON does not allow; outside strings they are only spacing.
	text = strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(strings.TrimSpace(text))
	var raws []json.RawMessage
	if strings.HasPrefix(text, "[") {
		if json.Unmarshal([]byte(text), &raws) != nil {
			return nil
		}
	} else {
		var graph struct {
			Graph []json.RawMessage `json:"@graph"`
		}
		if json.Unmarshal([]byte(text), &graph) != nil {
			return nil
		}
		raws = append(graph.Graph, json.RawMessage(text))
	}
	var out []linkedData
	for _, raw := range raws {
		var ld linkedData
		if json.Unmarshal(raw, &ld) != nil {
			continue
		}
		out = append(out, ld)
	}
	return out
}

// firstType reads @type, a string or an array of strings (the first
// article type in the array, else its first entry).
func firstType(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var ss []string
	if json.Unmarshal(raw, &ss) == nil {
		for _, s := range ss {
			if articleTypes[s] {
				return s
			}
		}
		if len(ss) > 0 {
			return ss[0]
		}
	}
	return ""
}

// authors returns the names of the JSON-LD authors that are people:
// an organisation credited as author (the site itself) is not a byline.
func (ld linkedData) authors() []string {
	type person struct {
		Type json.RawMessage `json:"@type"`
		Name string          `json:"name"`
	}
	var list []json.RawMessage
	if json.Unmarshal(ld.Author, &list) != nil {
		list = []json.RawMessage{ld.Author}
	}
	var names []string
	for _, raw := range list {
		var name string
		if json.Unmarshal(raw, &name) == nil {
			names = append(names, name)
			continue
		}
		var p person
		if json.Unmarshal(raw, &p) != nil {
			continue
		}
		if t := firstType(p.Type); t == "Organization" || t == "NewsMediaOrganization" {
			continue
		}
		names = append(names, p.Name)
	}
	return names
}

// publisher returns the name of the JSON-LD publisher (the outlet).
func (ld linkedData) publisher() string {
	var org struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(ld.Publisher, &org) == nil {
		return org.Name
	}
	return ""
}

// keywords returns the JSON-LD keywords, a comma-separated string or an
// array.
func (ld linkedData) keywords() []string {
	var s string
	if json.Unmarshal(ld.Keywords, &s) == nil {
		return strings.Split(s, ",")
	}
	var ss []string
	_ = json.Unmarshal(ld.Keywords, &ss)
	return ss
}

// image returns the JSON-LD image URL: a string, an ImageObject, or the
// first of an array of either.
func (ld linkedData) image() string {
	return urlOf(ld.Image)
}

func urlOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(raw, &obj) == nil && obj.URL != "" {
		return obj.URL
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil && len(list) > 0 {
		return urlOf(list[0])
	}
	return ""
}

// section returns the JSON-LD articleSection (the first, if a list).
func (ld linkedData) section() string {
	var s string
	if json.Unmarshal(ld.ArticleSection, &s) == nil {
		return s
	}
	var ss []string
	if json.Unmarshal(ld.ArticleSection, &ss) == nil && len(ss) > 0 {
		return ss[0]
	}
	return ""
}
