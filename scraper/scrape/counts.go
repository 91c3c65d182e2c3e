package scrape

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Outcomes of one candidate article, as counted in a run's report.
const (
	New         = "new"          // archived for the first time
	Updated     = "updated"      // changed since the last fetch: the old version kept as a revision
	Unchanged   = "unchanged"    // fetched again, same content
	NotModified = "not_modified" // 304: the site confirmed our copy is current, no body fetched
	Failed      = "failed"       // could not be fetched or parsed (retried on a later run)
	Gone        = "gone"         // 404/410: not retried for GoneRetry
)

// DiscoveryFailed counts the discovery requests (sitemaps, feed, section
// pages) that failed.
const DiscoveryFailed = "discovery_failed"

// Reasons to skip a candidate (counted as "skipped_<reason>").
const (
	SkipRobots     = "robots"      // robots.txt disallows it
	SkipNotArticle = "not_article" // a media/programme page
	SkipOutOfRange = "out_of_range"
	SkipRetryLater = "retry_later" // failed recently; not due yet
	SkipOffSite    = "off_site"    // redirected off the site
)

// Counts are a run's counters by outcome; safe for concurrent use.
type Counts struct {
	mu sync.Mutex
	m  map[string]int64
}

func (c *Counts) add(key string, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int64{}
	}
	c.m[key] += n
}

// Get returns one counter.
func (c *Counts) Get(key string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

// Map returns a copy of the counters.
func (c *Counts) Map() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int64, len(c.m))
	for k, v := range c.m {
		out[k] = v
	}
	return out
}

// Skipped returns the total of skipped candidates.
func skippedTotal(m map[string]int64) (int64, []string) {
	var total int64
	var parts []string
	for k, v := range m {
		if r, ok := strings.CutPrefix(k, "skipped_"); ok && v > 0 {
			total += v
			parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(r, "_", " "), v))
		}
	}
	sort.Strings(parts)
	return total, parts
}

// Summary is the one-line report of a run.
func Summary(m map[string]int64) string {
	skipped, reasons := skippedTotal(m)
	s := fmt.Sprintf("discovered %d", m["discovered"])
	if n := m[DiscoveryFailed]; n > 0 {
		s += fmt.Sprintf(" (discovery requests failed %d)", n)
	}
	s += fmt.Sprintf(", fetched %d, new %d, updated %d, unchanged %d (not modified %d), skipped %d",
		m["fetched"], m[New], m[Updated], m[Unchanged]+m[NotModified], m[NotModified], skipped)
	if len(reasons) > 0 {
		s += " (" + strings.Join(reasons, ", ") + ")"
	}
	s += fmt.Sprintf(", failed %d", m[Failed]+m[Gone])
	if m[Gone] > 0 {
		s += fmt.Sprintf(" (gone %d)", m[Gone])
	}
	return s
}
