package web

import (
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// attachment is the Content-Disposition of a download named name (RFC
// 6266): filename= an ASCII approximation inside a quoted string, for
// clients that know no better, and filename*= the whole UTF-8 name
// percent-encoded (RFC 8187), which browsers prefer when present.
//
// mime.FormatMediaType is not used: for a non-ASCII name it sends only
// filename* (no fallback), and for quotes it relies on backslash escapes
// inside the quoted string, which browsers do not all undo.
func attachment(name string) string {
	name = cleanFileName(name)
	return `attachment; filename="` + asciiFileName(name) + `"; filename*=UTF-8''` + encodeExtValue(name)
}

// unsafeInName are the characters a file name on a common system cannot
// hold, or that could make a path.
const unsafeInName = `"\/:*?<>|`

var dashes = regexp.MustCompile(`-{2,}`)

// cleanFileName makes any string a usable file name: invalid UTF-8,
// control characters and unsafeInName become dashes; invisible format
// characters (such as a right-to-left override, which can disguise an
// extension) are dropped.
func cleanFileName(name string) string {
	name = strings.ToValidUTF8(name, "-")
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Cf, r):
			return -1
		case unicode.IsControl(r), r == utf8.RuneError, strings.ContainsRune(unsafeInName, r):
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(dashes.ReplaceAllString(name, "-"), "-. ")
	if name == "" {
		return "download"
	}
	return name
}

// asciiFileName is name in printable ASCII for the filename= parameter:
// other characters become dashes (runs of them one), and % is left out
// too, as some clients percent-decode this parameter.
func asciiFileName(name string) string {
	ext := path.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	ascii := func(s string) string {
		s = strings.Map(func(r rune) rune {
			if r < 0x20 || r > 0x7e || r == '%' || strings.ContainsRune(unsafeInName, r) {
				return '-'
			}
			return r
		}, s)
		return strings.Trim(dashes.ReplaceAllString(s, "-"), "-. ")
	}
	base, e := ascii(strings.TrimSuffix(name, ext)), ascii(ext)
	if base == "" {
		base = "download"
	}
	if e != "" {
		return base + "." + e
	}
	return base
}

// encodeExtValue percent-encodes the UTF-8 bytes of s except RFC 8187's
// attr-char.
func encodeExtValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
