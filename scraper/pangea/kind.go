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
func typeOf(doc *goquery.Document, ld linkedData, an analytics) pageType {
	ct := strings.ToLower(strings.TrimSpace(an.contentType))
	body := doc.Find("body").First()
	kind := contentKinds[ct]
	for _, b := range bodyKinds {
		if kind == "" && body.HasClass(b.class) {
			kind = b.kind
		}
	}
	if kind == "" {
		kind = linkedDataKinds[ld.typ()]
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

// analytics holds the fields of the page's analytics object, utag_data
// (analyticsData on 2025 pages), that the parser reads.
type analytics struct {
	contentType, articleUID, pubDate string
}

// readAnalytics reads the analytics fields in one pass over the page's
// scripts: unquoted keys on Pangea pages, JSON on VOA's 2019–2021 pages.
// The first value of each key is kept.
func readAnalytics(doc *goquery.Document) analytics {
	var a analytics
	fields := map[string]*string{
		"content_type": &a.contentType, "article_uid": &a.articleUID, "pub_date": &a.pubDate,
	}
	doc.Find("script").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		text := s.Text()
		if !strings.Contains(text, "utag_data") && !strings.Contains(text, "analyticsData") {
			return true
		}
		for _, m := range analyticsField.FindAllStringSubmatch(text, -1) {
			if v := fields[m[1]]; v != nil {
				*v = m[2]
				delete(fields, m[1])
			}
		}
		return len(fields) > 0
	})
	return a
}

// analyticsField matches a key not preceded by a letter (content_type, not
// subcontent_type), quoted or not, and its string value.
var analyticsField = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])"?(content_type|article_uid|pub_date)"?\s*:\s*"([^"]*)"`)
