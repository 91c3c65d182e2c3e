package pangea

import (
	"html"
	"strings"
	"time"
)

// dateLayouts are the datetime forms seen in Pangea pages: RFC 3339 in
// <time datetime>, and in JSON-LD also a space instead of the "T"
// ("2019-06-30 22:02:29Z"), a missing zone, or a bare date.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999 -07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate reads a Pangea datetime and returns it in UTC. It reports
// false for text that is not a datetime and for the CMS's placeholders
// of "no date": 0001-01-01 and any year up to 1900. Entity-encoded text
// ("2025-10-22T10:00:00&#43;02:00", also encoded twice) is decoded first.
// A datetime without a zone is taken as UTC.
func parseDate(s string) (time.Time, bool) {
	for range 3 {
		u := html.UnescapeString(s)
		if u == s {
			break
		}
		s = u
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if t.Year() <= 1900 {
			return time.Time{}, false
		}
		return t.UTC(), true
	}
	return time.Time{}, false
}
