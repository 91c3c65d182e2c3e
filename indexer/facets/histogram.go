package facets

import (
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// Intervals of the published histogram.
const (
	Day   = "day"
	Month = "month"
	Year  = "year"
)

// AutoInterval picks the histogram interval for a span of publication
// times: days up to ~60 days, months up to ~5 years, else years.
func AutoInterval(first, last time.Time) string {
	span := last.Sub(first)
	switch {
	case span <= 62*24*time.Hour:
		return Day
	case span <= 5*366*24*time.Hour:
		return Month
	default:
		return Year
	}
}

// Bucket is one bar of the published histogram: documents published in
// [From, To).
type Bucket struct {
	Key   string    `json:"key"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Count int       `json:"count"`
}

// Histogram counts the documents of set by publication day, month or year,
// from the bucket holding first to the one holding last (empty buckets
// included, so a chart shows gaps).
func (v *View) Histogram(set *roaring.Bitmap, interval string, first, last time.Time) []Bucket {
	if first.IsZero() || last.IsZero() || last.Before(first) {
		return []Bucket{}
	}
	var buckets []Bucket
	for start := truncate(first, interval); !start.After(last); {
		end := next(start, interval)
		buckets = append(buckets, Bucket{Key: bucketKey(start, interval), From: start, To: end})
		start = end
		if len(buckets) > 5000 {
			break // a guard against absurd spans; the caller widens the interval first
		}
	}
	if len(buckets) == 0 {
		return []Bucket{}
	}
	base := buckets[0].From.Unix()
	bucketOf := func(sec int64) int {
		if sec < base {
			return -1
		}
		switch interval {
		case Day:
			return int((sec - base) / 86400)
		default:
			// Months and years are not fixed lengths: search.
			lo, hi := 0, len(buckets)-1
			for lo < hi {
				mid := (lo + hi + 1) / 2
				if buckets[mid].From.Unix() <= sec {
					lo = mid
				} else {
					hi = mid - 1
				}
			}
			return lo
		}
	}
	if interval != Day && set.GetCardinality() > 20000 {
		// Broad sets: one intersection per month bitmap (none at all for
		// the whole archive).
		all := set.GetCardinality() == v.s.alive.GetCardinality()
		for mk, b := range v.s.months {
			start, _ := monthBounds(mk)
			i := bucketOf(start)
			if i < 0 || i >= len(buckets) || start >= buckets[len(buckets)-1].To.Unix() {
				continue
			}
			if all {
				buckets[i].Count += int(b.GetCardinality())
			} else {
				buckets[i].Count += int(b.AndCardinality(set))
			}
		}
		return buckets
	}
	limit := buckets[len(buckets)-1].To.Unix()
	set.Iterate(func(d uint32) bool {
		p := v.s.pub[d]
		if p == noDate || p >= limit {
			return true
		}
		if i := bucketOf(p); i >= 0 && i < len(buckets) {
			buckets[i].Count++
		}
		return true
	})
	return buckets
}

func truncate(t time.Time, interval string) time.Time {
	t = t.UTC()
	switch interval {
	case Day:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
}

func next(t time.Time, interval string) time.Time {
	switch interval {
	case Day:
		return t.AddDate(0, 0, 1)
	case Month:
		return t.AddDate(0, 1, 0)
	default:
		return t.AddDate(1, 0, 0)
	}
}

func bucketKey(t time.Time, interval string) string {
	switch interval {
	case Day:
		return t.Format("2006-01-02")
	case Month:
		return t.Format("2006-01")
	default:
		return t.Format("2006")
	}
}
