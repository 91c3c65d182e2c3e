package web

import (
	"strconv"
	"time"

	"newsarchive/indexer/facets"
	"newsarchive/search"
	"newsarchive/templates"
)

// The published timeline: an inline SVG bar chart of the result set. Bar
// sizes are SVG attributes (x, y, width, height), which the CSP allows;
// each bar with articles is a link filtering the search to its dates.

const (
	timelineWidth  = 1000 // viewBox units; the chart scales to the page
	timelineHeight = 120
)

type timelineView struct {
	Bars      []timelineBar
	Width     int
	Height    int
	First     string // label of the first bar
	Last      string
	Interval  string
	Base      string // the search without dates, for the brushing script
	Intervals []navLink
}

type timelineBar struct {
	X, Y, W, H string // SVG attributes, in viewBox units
	SlotX      string // the full-height click area
	SlotW      string
	Label      string // "Nov 2025: 12 articles"
	URL        string // "" when the bar is empty
	From, To   string // YYYY-MM-DD, To inclusive
	Count      int
}

func newTimeline(q search.Query, res *search.Result) timelineView {
	t := timelineView{Width: timelineWidth, Height: timelineHeight, Interval: res.Interval}
	buckets := res.Facets.Published
	if len(buckets) == 0 {
		return t
	}
	base := withRange(q, time.Time{}, time.Time{})
	t.Base = searchURL(base)
	maxCount := 0
	for _, b := range buckets {
		maxCount = max(maxCount, b.Count)
	}
	slot := float64(timelineWidth) / float64(len(buckets))
	gap := min(slot*0.15, 4)
	for i, b := range buckets {
		to := b.To.AddDate(0, 0, -1) // bucket ends are exclusive; to= is inclusive
		bar := timelineBar{
			X: num(float64(i)*slot + gap/2), W: num(slot - gap),
			SlotX: num(float64(i) * slot), SlotW: num(slot),
			Label: bucketLabel(b.From, res.Interval) + ": " + templates.Plural(b.Count, "article", "articles"),
			From:  b.From.Format("2006-01-02"), To: to.Format("2006-01-02"), Count: b.Count,
		}
		h := 0.0
		if maxCount > 0 && b.Count > 0 {
			h = max(float64(b.Count)/float64(maxCount)*(timelineHeight-2), 2)
		}
		bar.H, bar.Y = num(h), num(timelineHeight-h)
		if b.Count > 0 {
			bar.URL = searchURL(withRange(q, b.From, to))
		}
		t.Bars = append(t.Bars, bar)
	}
	t.First = bucketLabel(buckets[0].From, res.Interval)
	t.Last = bucketLabel(buckets[len(buckets)-1].From, res.Interval)
	for _, iv := range []string{facets.Day, facets.Month, facets.Year} {
		iq := q.Clone()
		iq.Interval, iq.Page = iv, 1
		t.Intervals = append(t.Intervals, navLink{Label: iv, URL: searchURL(iq), Current: iv == res.Interval})
	}
	return t
}

func bucketLabel(t time.Time, interval string) string {
	switch interval {
	case facets.Year:
		return t.Format("2006")
	case facets.Month:
		return t.Format("Jan 2006")
	}
	return t.Format("2 Jan 2006")
}

// num prints an SVG coordinate with at most one decimal.
func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
