package discover

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// MaxFeedBytes caps what ParseRSS reads (the /api/ feed is a few hundred KB).
const MaxFeedBytes int64 = 16 << 20

// Item is one entry of the /api/ RSS feed.
type Item struct {
	URL       string
	Title     string
	Published time.Time // zero if absent or unreadable
	Updated   time.Time
}

// ParseRSS reads an RSS (or Atom) feed. gofeed does the reading: it knows
// the date formats feeds use in practice (RFC 822 with or without seconds
// and zones, RFC 3339), entities, CDATA and non-UTF-8 encodings, which
// a hand-written encoding/xml reader would have to relearn.
func ParseRSS(r io.Reader) ([]Item, error) {
	lr := &io.LimitedReader{R: r, N: MaxFeedBytes + 1}
	feed, err := gofeed.NewParser().Parse(lr)
	if lr.N <= 0 {
		return nil, fmt.Errorf("rss: feed larger than %d bytes", MaxFeedBytes)
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, errors.New("rss: not an RSS or Atom feed")
		}
		return nil, fmt.Errorf("rss: %w", err)
	}
	items := make([]Item, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		link := strings.TrimSpace(it.Link)
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = strings.TrimSpace(it.GUID)
		}
		if link == "" {
			continue
		}
		item := Item{URL: link, Title: strings.TrimSpace(it.Title)}
		if it.PublishedParsed != nil && it.PublishedParsed.Year() >= 1970 {
			item.Published = it.PublishedParsed.UTC()
		}
		if it.UpdatedParsed != nil && it.UpdatedParsed.Year() >= 1970 {
			item.Updated = it.UpdatedParsed.UTC()
		}
		items = append(items, item)
	}
	return items, nil
}
