// Package discover finds the article URLs of a Pangea site: it reads the
// sitemap index and its latest, news and archive sitemaps, the /api/ RSS
// feed and the section listings, and yields candidate URLs (with the date
// and title hints those sources give) to the scrape run. The parsers of
// those sources (ParseSitemap, ParseRSS, ParseSectionPage) live here too.
package discover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"newsarchive/scraper"
	"newsarchive/scraper/fetch"
)

// Fetcher is what discovery needs from the polite fetcher.
type Fetcher interface {
	Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// Candidate is an article URL found by discovery, with the hints its
// source gave.
type Candidate struct {
	URL       string    // absolute, on the profile's origin
	ID        string    // Pangea numeric id
	LastMod   time.Time // sitemap <lastmod>
	Published time.Time // news sitemap publication date or RSS pubDate
	Title     string    // news sitemap or RSS title
	Source    string    // "latest", "news", "chunk sitemap_8_3", "rss", "section z/16 p1"
}

// Source names for Options.Sources.
const (
	SourceSitemaps = "sitemaps"
	SourceRSS      = "rss"
	SourceSections = "sections"
)

// Defaults for Options.
const (
	DefaultSectionPages = 3
	// DefaultUntilGrace is how much later than Until a <lastmod> may be and
	// still be kept: lastmod is the last change, not the publication, so an
	// article published before Until and corrected a little later is kept
	// (the scrape run checks the real publication date after parsing).
	DefaultUntilGrace = 30 * 24 * time.Hour
	// SitemapMaxBody is the fetch cap for one sitemap file (as served,
	// usually gzip; ParseSitemap caps the decoded size separately).
	SitemapMaxBody int64 = 64 << 20
	// MaxSitemapsPerRun bounds the sitemap files one run reads from an
	// index (rferl.org lists 14, svoboda.org 49): a hostile or broken index
	// cannot send discovery on an endless crawl.
	MaxSitemapsPerRun = 1000
	maxProblems       = 100
)

// Options shape one discovery run.
type Options struct {
	// Since and Until bound the candidates by date (zero: unbounded). The
	// date is the publication date when the source gives one (news sitemap,
	// RSS), else <lastmod>. Candidates without any date are kept.
	//
	// Since is exact: lastmod is never earlier than publication, so an
	// entry modified before Since was published before it. Archive chunks
	// are newest first, so once a whole chunk is older than Since the older
	// chunks are not read at all.
	//
	// Until can only be approximate on lastmod (an old article edited later
	// has a late lastmod), so entries with only a lastmod are kept up to
	// Until+UntilGrace. Chunks newer than Until must still be read: the
	// index's lastmod is when a chunk file was regenerated, not how new its
	// articles are, so nothing tells which chunks are entirely too new.
	Since, Until time.Time
	// UntilGrace: 0 → DefaultUntilGrace; negative → none (strict lastmod).
	UntilGrace time.Duration
	// Sources limits discovery to some of SourceSitemaps, SourceRSS and
	// SourceSections; empty means all three.
	Sources []string
	// SectionPages is how many pages of each section listing to read
	// (0 → DefaultSectionPages).
	SectionPages int
	// MaxChunks limits how many archive chunks are read (0: all).
	MaxChunks int
}

// Stop, returned by the yield callback, ends discovery without an error
// (for instance when --max is reached).
var Stop = errors.New("stop discovery")

// Stats counts what one Discover call saw.
type Stats struct {
	Candidates   int            // yielded
	PerSource    map[string]int // yielded, by Candidate.Source
	Duplicates   int            // same Pangea id seen earlier in this run
	OffSite      int            // URLs (or sitemaps) outside the profile's hosts: dropped
	NotArticle   int            // on-site URLs that are not article URLs
	Invalid      int            // entries without a usable URL
	BadDates     int            // entries whose date could not be read (kept undated)
	OutOfRange   int            // outside Since/Until
	SitemapsRead int            // sitemap files fetched and parsed (even partly)
	ChunksPruned int            // archive chunks not read because of Since
	Skipped      int            // sitemaps not for articles (sections, videos)
	Fetched      int            // sources fetched (an answer, whatever it held)
	FetchErrors  int            // sources that could not be fetched
	ParseErrors  int            // sources read only partly or not at all
	Problems     []Problem      // the first 100 failures, for the run's report
}

// Problem is one source that failed, in the user's terms.
type Problem struct {
	URL    string
	Reason string
}

// Discoverer discovers the articles of one site profile.
type Discoverer struct {
	profile scraper.Profile
	origin  *url.URL
	fetcher Fetcher
	log     *slog.Logger
}

// New returns a Discoverer for p that fetches through f. A nil logger logs
// nothing.
func New(p scraper.Profile, f Fetcher, log *slog.Logger) (*Discoverer, error) {
	u, err := url.Parse(p.Origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discover: profile %s: origin %q is not an http(s) URL", p.Name, p.Origin)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Discoverer{profile: p, origin: &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host)}, fetcher: f, log: log}, nil
}

// Discover yields the site's candidate articles, each Pangea id once, in
// this order: the latest and news sitemaps (merged, newest first), the
// archive chunks newest first, the RSS feed, then the section pages. A
// failing source is logged, counted and skipped. It stops early when ctx is
// done (returning its error) or when yield returns an error (returning it,
// or nil for Stop).
func (d *Discoverer) Discover(ctx context.Context, opts Options, yield func(Candidate) error) (Stats, error) {
	r := &run{d: d, opts: opts.withDefaults(), yield: yield, seen: map[string]bool{},
		stats: Stats{PerSource: map[string]int{}}}
	steps := []struct {
		source string
		do     func(context.Context) error
	}{
		{SourceSitemaps, r.sitemaps},
		{SourceRSS, r.rss},
		{SourceSections, r.sections},
	}
	for _, s := range steps {
		if !r.opts.wants(s.source) {
			continue
		}
		if err := s.do(ctx); err != nil {
			if errors.Is(err, Stop) {
				return r.stats, nil
			}
			return r.stats, err
		}
	}
	return r.stats, nil
}

func (o Options) withDefaults() Options {
	if o.UntilGrace == 0 {
		o.UntilGrace = DefaultUntilGrace
	}
	if o.UntilGrace < 0 {
		o.UntilGrace = 0
	}
	if o.SectionPages <= 0 {
		o.SectionPages = DefaultSectionPages
	}
	return o
}

func (o Options) wants(source string) bool {
	if len(o.Sources) == 0 {
		return true
	}
	for _, s := range o.Sources {
		if s == source {
			return true
		}
	}
	return false
}

// inRange applies Since/Until to a candidate (see Options).
func (o Options) inRange(c Candidate) bool {
	if !c.Published.IsZero() {
		return (o.Since.IsZero() || !c.Published.Before(o.Since)) &&
			(o.Until.IsZero() || !c.Published.After(o.Until))
	}
	if c.LastMod.IsZero() {
		return true
	}
	return (o.Since.IsZero() || !c.LastMod.Before(o.Since)) &&
		(o.Until.IsZero() || !c.LastMod.After(o.Until.Add(o.UntilGrace)))
}
