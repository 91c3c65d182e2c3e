package pangea

import (
	"html"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Washington time on a system without a zone database

	"github.com/PuerkitoBio/goquery"
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

// washingtonLayouts are the dates of VOA's 2019–2021 pages: shown under
// the title ("May 11, 2020 08:24 AM") and in utag_data.pub_date
// ("Monday, May 11, 2020 - 08:09"), in Washington time without a zone.
var washingtonLayouts = []string{
	"January 2, 2006 03:04 PM",
	"January 2, 2006 3:04 PM",
	"Jan 2, 2006 03:04 PM",
	"Monday, January 2, 2006 - 15:04",
}

// washington is the time zone of VOA's newsroom.
var washington = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		return time.UTC // unreachable: time/tzdata is linked in
	}
	return loc
})

// washingtonDate returns the publication time of a VOA 2019–2021 page, in
// UTC: the date shown under the title (among the header's meta items),
// else utag_data.pub_date.
func washingtonDate(headerMeta *goquery.Selection, pubDate string) time.Time {
	var values []string
	headerMeta.Each(func(_ int, s *goquery.Selection) {
		values = append(values, collapseSpace(s.Text()))
	})
	values = append(values, pubDate)
	for _, v := range values {
		for _, layout := range washingtonLayouts {
			if t, err := time.ParseInLocation(layout, v, washington()); err == nil && t.Year() > 1900 {
				return t.UTC()
			}
		}
	}
	return time.Time{}
}
