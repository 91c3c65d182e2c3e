package facets

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and strips accents, for case- and accent-insensitive
// value search ("Sikorski" finds "Radosław Sikorski").
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.Map(func(r rune) rune {
		if r == 'ł' || r == 'Ł' {
			return 'l'
		}
		return unicode.ToLower(r)
	}, out)
	return out
}
