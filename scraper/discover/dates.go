package discover

import (
	"strings"
	"time"
)

// dateLayouts are the W3C Datetime forms sitemaps use, from the most
// precise down to a bare year, plus the space-separated form Pangea writes
// in some places. Fractional seconds of any length ("…:23.4598287Z") are
// accepted by time.Parse after the seconds field.
var dateLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006-01",
	"2006",
}

// parseDate reads a sitemap or feed date and returns it in UTC. An empty
// string is (zero, true); a placeholder date before 1970 ("0001-01-01",
// "1900-01-01", which Pangea uses for "unset") is zero as well. ok is false
// only for text that is not a date at all.
func parseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1970 {
				return time.Time{}, true
			}
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
