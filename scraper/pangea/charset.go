package pangea

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// metaScanLimit bounds how far into a page the <meta charset> is looked
// for. Browsers look at the first 1024 bytes only, but Pangea pages put
// a kilobyte or more of inline script before their <meta charset>.
const metaScanLimit = 64 << 10

// toUTF8 returns page decoded to UTF-8 and the name of the charset it was
// read as. The charset comes from, in order: a byte-order mark, the HTTP
// Content-Type, a <meta charset> or <meta http-equiv=Content-Type> in the
// head, a valid UTF-8 byte sequence, and windows-1252 as the last resort.
func toUTF8(page []byte, contentType string) ([]byte, string, error) {
	enc, name, certain := charset.DetermineEncoding(page, contentType)
	if !certain {
		if label := metaCharset(page); label != "" {
			if e, n := charset.Lookup(label); e != nil {
				enc, name = e, n
				if strings.HasPrefix(name, "utf-16") { // a page that declares UTF-16 in ASCII is not UTF-16
					name = "utf-8"
				}
			}
		} else if utf8.Valid(page) {
			name = "utf-8"
		}
	}
	if name == "utf-8" {
		return bytes.ToValidUTF8(bytes.TrimPrefix(page, []byte("\xef\xbb\xbf")), []byte("\uFFFD")), name, nil
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return nil, name, fmt.Errorf("decode page as %s: %w", name, err)
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD")), name, nil
}

// metaCharset returns the charset label declared by a <meta> element in
// the head of page, or "".
func metaCharset(page []byte) string {
	if len(page) > metaScanLimit {
		page = page[:metaScanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				if label := metaTagCharset(z, hasAttr); label != "" {
					return label
				}
			}
		}
	}
}

// metaTagCharset reads the charset of one <meta> tag: charset="..." or
// http-equiv="Content-Type" content="text/html; charset=...".
func metaTagCharset(z *html.Tokenizer, hasAttr bool) string {
	var cs, httpEquiv, content string
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch strings.ToLower(string(k)) {
		case "charset":
			cs = strings.TrimSpace(string(v))
		case "http-equiv":
			httpEquiv = strings.ToLower(strings.TrimSpace(string(v)))
		case "content":
			content = string(v)
		}
	}
	if cs != "" {
		return cs
	}
	if httpEquiv == "content-type" && content != "" {
		if _, params, err := mime.ParseMediaType(content); err == nil {
			return params["charset"]
		}
	}
	return ""
}
