package pangea

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"newsarchive/article"
)

// pageType is what a page says it is.
type pageType struct {
	// kind is the article.Kind* kept with the page when it has text.
	kind string
	// name says what a page without text is, in a skip reason: "video",
	// "programme (audio)", "snippet"; "" for an article page.
	name string
}

// Pangea marks a media page three ways: utag_data.content_type, a pg-*
// class on <body>, and the JSON-LD @type. They are read in that order.
var (
	contentKinds = map[string]string{
		"article": article.KindArticle, "video": article.KindVideo, "audio": article.KindAudio,
		"photo": article.KindGallery, "gallery": article.KindGallery, "photogallery": article.KindGallery,
	}
	bodyKinds = []struct{ class, kind string }{
		{"pg-video", article.KindVideo}, {"pg-audio", article.KindAudio},
		{"pg-gallery", article.KindGallery}, {"pg-photoblog", article.KindGallery},
		{"pg-article", article.KindArticle},
	}
	linkedDataKinds = map[string]string{
		"VideoObject": article.KindVideo, "AudioObject": article.KindAudio, "ImageGallery": article.KindGallery,
	}
)

// typeOf reads the page's type. A page with no mark is an article; one
// marked with a content type of no known kind ("snippet") is an article
// if it has text, and is named by that content type if it has none.
func typeOf(doc *goquery.Document, ld linkedData) pageType {
	ct := strings.ToLower(strings.TrimSpace(utagField(doc, "content_type")))
	body := doc.Find("body").First()
	kind := contentKinds[ct]
	for _, b := range bodyKinds {
		if kind == "" && body.HasClass(b.class) {
			kind = b.kind
		}
	}
	if kind == "" {
		kind = linkedDataKinds[ld.Type]
	}
	name := kind
	if kind == "" {
		kind, name = article.KindArticle, ct
	}
	if name == article.KindArticle {
		name = ""
	}
	switch {
	case body.HasClass("pg-prog") && name != "":
		name = "programme (" + name + ")"
	case body.HasClass("pg-prog"):
		name = "programme"
	case body.HasClass("pg-media") && name == "":
		name = "media"
	}
	return pageType{kind: kind, name: name}
}

// utagField returns a field of the page's analytics object, utag_data
// (analyticsData on 2025 pages): content_type, article_uid, pub_date.
// Unquoted keys on Pangea pages, JSON on VOA's 2019–2021 pages.
func utagField(doc *goquery.Document, name string) string {
	re := utagFields[name]
	if re == nil {
		return ""
	}
	var value string
	doc.Find("script").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		text := s.Text()
		if !strings.Contains(text, "utag_data") && !strings.Contains(text, "analyticsData") {
			return true
		}
		if m := re.FindStringSubmatch(text); m != nil {
			value = m[1]
			return false
		}
		return true
	})
	return value
}

// utagFields match a key not preceded by a letter (content_type, not
// subcontent_type), quoted or not, and its string value.
var utagFields = func() map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{}
	for _, name := range []string{"content_type", "article_uid", "pub_date"} {
		m[name] = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])"?` + name + `"?\s*:\s*"([^"]*)"`)
	}
	return m
}()
