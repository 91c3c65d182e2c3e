// Package pangea reads the pages of the Pangea CMS (rferl.org, voanews.com,
// svoboda.org, ...): it recognises article URLs and parses article pages
// into article.Article records.
package pangea

import (
	"net/url"
	"regexp"
	"strings"
)

// Article URLs: /a/<slug>/<id>.html, /a/<id>.html, /amp/<slug>/<id>.html and
// the old /content/article/<id>.html (also with a slug before the id).
var articlePath = regexp.MustCompile(`^/(?:a|amp|content|content/article)(?:/[^/]+)*/(\d{4,12})\.html$`)

// ArticleID returns the Pangea numeric id of an article URL (absolute or a
// path), and whether the URL is an article URL at all.
func ArticleID(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", false
	}
	m := articlePath.FindStringSubmatch(u.Path)
	if m == nil {
		return "", false
	}
	return strings.TrimLeft(m[1], "0"), true
}
