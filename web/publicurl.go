package web

import (
	"errors"
	"net/url"
	"strings"
)

// ParsePublicURL checks the server's public address (serve --public-url):
// an absolute http(s) URL, with no user, query or fragment, optionally with
// a path prefix. It returns the address without a trailing slash, so links
// are that plus a path.
func ParsePublicURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", errors.New("not a URL: use the address readers reach the server at, e.g. https://news.example.org")
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "", u.Opaque != "":
		return "", errors.New("use an absolute http or https URL, e.g. https://news.example.org")
	case u.User != nil:
		return "", errors.New("a user name or password does not belong in the public address")
	case u.RawQuery != "" || u.ForceQuery, u.Fragment != "" || strings.Contains(raw, "#"):
		return "", errors.New("leave out the query and the fragment: links are the address plus a path")
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	return strings.TrimRight(u.String(), "/"), nil
}
