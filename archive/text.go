package archive

import (
	"strings"
	"unicode/utf8"

	"newsarchive/article"
)

// cleanText is s as both archives can store it: invalid UTF-8 replaced by
// U+FFFD and NUL bytes dropped (PostgreSQL's text refuses both; SQLite
// would keep them, and a copy between the two must not change a word).
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

func cleanList(l []string) []string {
	var out []string
	for i, s := range l {
		if c := cleanText(s); c != s {
			if out == nil {
				out = append([]string(nil), l...)
			}
			out[i] = c
		}
	}
	if out == nil {
		return l
	}
	return out
}

// cleanArticle is a copy of art with every text field the archive stores
// cleaned (entities are stored apart, by StoreEntities).
func cleanArticle(art *article.Article) *article.Article {
	c := *art
	for _, f := range []*string{&c.ID, &c.URL, &c.Site, &c.Language, &c.Title, &c.Lead, &c.Body, &c.Section,
		&c.Image, &c.ImageCaption, &c.Kind} {
		*f = cleanText(*f)
	}
	c.Authors, c.Tags = cleanList(c.Authors), cleanList(c.Tags)
	return &c
}
