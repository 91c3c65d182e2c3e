package discover

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsarchive/scraper/fetch"
	"newsarchive/scraper/pangea"
)

// run is the state of one Discover call.
type run struct {
	d     *Discoverer
	opts  Options
	yield func(Candidate) error
	seen  map[string]bool // Pangea ids yielded or found out of range
	stats Stats
}

// Pangea sitemap files: sitemap_<site>_<n|latest|news|sections|videos>.xml[.gz].
var sitemapName = regexp.MustCompile(`^sitemap_(\d+)_([a-z0-9]+)\.xml(?:\.gz)?$`)

// sitemaps reads the index, then latest+news, the archive chunks newest
// first, and any other sitemap the index lists.
func (r *run) sitemaps(ctx context.Context) error {
	indexURL := r.d.origin.String() + "/sitemap.xml"
	idx, err := r.fetchSitemap(ctx, indexURL)
	if err != nil {
		return err
	}
	var latest, news []string
	var others []string
	type chunk struct {
		n   int
		url string
	}
	var chunks []chunk
	switch {
	case idx != nil && idx.Kind == KindURLSet:
		// A site whose /sitemap.xml is a plain urlset.
		return r.emitSitemap(idx, "sitemap")
	case idx == nil || idx.Kind != KindIndex:
		// No index: the well-known names of the newest sitemaps still work.
		if id := r.d.profile.SiteID; id > 0 {
			base := r.d.origin.String()
			latest = []string{fmt.Sprintf("%s/sitemap_%d_latest.xml.gz", base, id)}
			news = []string{fmt.Sprintf("%s/sitemap_%d_news.xml.gz", base, id)}
			r.d.log.Info("no sitemap index: trying the latest and news sitemaps by name", "url", indexURL)
		}
	default:
		siteIDs := map[int]int{} // how many of the index's sitemaps name each site id
		for _, ref := range idx.Sitemaps {
			loc, ok := r.resolve(ref.Loc)
			if !ok {
				continue
			}
			m := sitemapName.FindStringSubmatch(strings.ToLower(path.Base(loc)))
			if m != nil {
				if id, err := strconv.Atoi(m[1]); err == nil && id > 0 {
					siteIDs[id]++
				}
			}
			if !r.opts.Since.IsZero() && !ref.LastMod.IsZero() && ref.LastMod.Before(r.opts.Since) {
				// Not changed since before Since: it holds nothing newer.
				r.stats.ChunksPruned++
				continue
			}
			switch {
			case m == nil:
				others = append(others, loc)
			case m[2] == "latest":
				latest = append(latest, loc)
			case m[2] == "news":
				news = append(news, loc)
			case m[2] == "sections" || m[2] == "videos":
				r.stats.Skipped++ // section fronts and video pages are not text articles
			default:
				n, err := strconv.Atoi(m[2])
				if err != nil {
					others = append(others, loc)
					continue
				}
				chunks = append(chunks, chunk{n, loc})
			}
		}
		r.logSiteID(siteIDs, indexURL)
	}

	if n := len(latest) + len(news) + len(chunks) + len(others); n > MaxSitemapsPerRun {
		r.parseFailed(indexURL, fmt.Errorf("sitemap index lists %d sitemaps; reading the first %d", n, MaxSitemapsPerRun))
		budget := MaxSitemapsPerRun - len(latest) - len(news)
		slices.SortStableFunc(chunks, func(a, b chunk) int { return a.n - b.n })
		chunks = chunks[:max(0, min(len(chunks), budget))]
		others = others[:max(0, min(len(others), budget-len(chunks)))]
	}

	// latest and news are merged before yielding, so a candidate carries
	// both the lastmod of one and the title and publication date of the other.
	g := newGroup()
	for _, list := range []struct {
		urls   []string
		source string
	}{{latest, "latest"}, {news, "news"}} {
		for _, u := range list.urls {
			sm, err := r.fetchSitemap(ctx, u)
			if err != nil {
				return err
			}
			r.addEntries(g, sm, list.source)
		}
	}
	if err := r.emit(g); err != nil {
		return err
	}

	// Archive chunks: n ascending is newest first on Pangea sites.
	slices.SortStableFunc(chunks, func(a, b chunk) int { return a.n - b.n })
	for i, c := range chunks {
		if r.opts.MaxChunks > 0 && i >= r.opts.MaxChunks {
			r.d.log.Info("archive chunk limit reached", "read", i, "left", len(chunks)-i)
			break
		}
		sm, err := r.fetchSitemap(ctx, c.url)
		if err != nil {
			return err
		}
		if err := r.emitSitemap(sm, "chunk "+strings.TrimSuffix(strings.TrimSuffix(path.Base(c.url), ".gz"), ".xml")); err != nil {
			return err
		}
		if r.olderThanSince(sm) {
			rest := len(chunks) - i - 1
			r.stats.ChunksPruned += rest
			r.d.log.Info("archive chunk entirely older than --since: not reading older chunks",
				"url", c.url, "since", r.opts.Since.Format(time.RFC3339), "chunks_skipped", rest)
			break
		}
	}
	for _, u := range others {
		sm, err := r.fetchSitemap(ctx, u)
		if err != nil {
			return err
		}
		if sm != nil && sm.Kind == KindIndex {
			r.d.log.Info("nested sitemap index not followed", "url", u)
			continue
		}
		if err := r.emitSitemap(sm, strings.TrimSuffix(strings.TrimSuffix(path.Base(u), ".gz"), ".xml")); err != nil {
			return err
		}
	}
	return nil
}

// logSiteID logs the Pangea site id the sitemap index's file names carry
// (sitemap_<id>_news.xml.gz; the one most of them carry, the smaller on a
// tie) when the profile does not know it or knows another.
func (r *run) logSiteID(siteIDs map[int]int, indexURL string) {
	found := 0
	for id, n := range siteIDs {
		if n > siteIDs[found] || (n == siteIDs[found] && id < found) {
			found = id
		}
	}
	switch known := r.d.profile.SiteID; {
	case found == 0 || found == known:
	case known == 0:
		r.d.log.Info("site id read from the sitemap index", "url", indexURL, "site_id", found)
	default:
		r.d.log.Warn("the sitemap index names another site id than the profile", "url", indexURL,
			"site_id", known, "index_site_id", found)
	}
}

// olderThanSince reports whether every dated entry of a chunk is older
// than Since (and at least one is dated).
func (r *run) olderThanSince(sm *Sitemap) bool {
	if r.opts.Since.IsZero() || sm == nil {
		return false
	}
	dated := 0
	for _, e := range sm.URLs {
		d := e.LastMod
		if d.IsZero() {
			d = e.Published
		}
		if d.IsZero() {
			continue
		}
		if !d.Before(r.opts.Since) {
			return false
		}
		dated++
	}
	return dated > 0
}

// fetchSitemap fetches and parses one sitemap. A failure is logged and
// counted, and gives a nil (or partial) sitemap; only the context's end is
// returned as an error.
func (r *run) fetchSitemap(ctx context.Context, u string) (*Sitemap, error) {
	resp, err := r.d.fetcher.Fetch(ctx, fetch.Request{URL: u, MaxBody: SitemapMaxBody})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.fetchFailed(u, err)
		return nil, nil
	}
	r.stats.Fetched++
	sm, err := ParseSitemap(bytes.NewReader(resp.Body))
	r.stats.SitemapsRead++
	r.stats.BadDates += sm.BadDates
	r.stats.Invalid += sm.Invalid
	if err != nil {
		switch n := len(sm.URLs) + len(sm.Sitemaps); n {
		case 0:
		case 1:
			err = fmt.Errorf("%w (kept the 1 entry read before it)", err)
		default:
			err = fmt.Errorf("%w (kept the %d entries read before it)", err, n)
		}
		r.parseFailed(u, err)
	}
	return sm, nil
}

func (r *run) emitSitemap(sm *Sitemap, source string) error {
	g := newGroup()
	r.addEntries(g, sm, source)
	return r.emit(g)
}

func (r *run) addEntries(g *group, sm *Sitemap, source string) {
	if sm == nil {
		return
	}
	if sm.Kind == KindIndex {
		r.d.log.Info("sitemap index where a list of pages was expected: ignored", "source", source)
		return
	}
	for _, e := range sm.URLs {
		if c, ok := r.candidate(e.Loc, source); ok {
			c.LastMod, c.Published, c.Title = e.LastMod, e.Published, e.Title
			g.add(c, &r.stats)
		}
	}
}

// rss reads the profile's feed (/api/).
func (r *run) rss(ctx context.Context) error {
	if r.d.profile.Feed == "" {
		return nil
	}
	feedURL, ok := r.resolve(r.d.profile.Feed)
	if !ok {
		return nil
	}
	resp, err := r.d.fetcher.Fetch(ctx, fetch.Request{URL: feedURL})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.fetchFailed(feedURL, err)
		return nil
	}
	r.stats.Fetched++
	items, err := ParseRSS(bytes.NewReader(resp.Body))
	if err != nil {
		r.parseFailed(feedURL, err)
		return nil
	}
	g := newGroup()
	for _, it := range items {
		if c, ok := r.candidate(it.URL, "rss"); ok {
			c.Published, c.LastMod, c.Title = it.Published, it.Updated, it.Title
			g.add(c, &r.stats)
		}
	}
	return r.emit(g)
}

// sections reads up to SectionPages pages of each section listing,
// following each page's "next" link.
func (r *run) sections(ctx context.Context) error {
	for _, sec := range r.d.profile.Sections {
		pageURL, ok := r.resolve("/" + strings.TrimPrefix(sec.ID, "/"))
		for page := 0; ok && page < r.opts.SectionPages; page++ {
			resp, err := r.d.fetcher.Fetch(ctx, fetch.Request{URL: pageURL})
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				r.fetchFailed(pageURL, err)
				break
			}
			r.stats.Fetched++
			links, next, err := ParseSectionPage(bytes.NewReader(resp.Body), pageURL)
			if err != nil {
				r.parseFailed(pageURL, err)
				break
			}
			source := fmt.Sprintf("section %s p%d", sec.ID, pageNumber(pageURL))
			g := newGroup()
			for _, l := range links {
				if c, ok := r.candidate(l, source); ok {
					g.add(c, &r.stats)
				}
			}
			if err := r.emit(g); err != nil {
				return err
			}
			if next == "" {
				break
			}
			pageURL, ok = r.resolve(next)
		}
	}
	return nil
}

// pageNumber is the ?p= of a section page URL (0 for the first page).
func pageNumber(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(u.Query().Get("p"))
	return n
}

// resolve makes raw absolute against the origin and keeps it on the site:
// URLs on any of the profile's hosts (mirrors, the canonical host when a
// base URL is set) are moved to the origin, so discovery and fetching stay
// on the one host being scraped; other hosts are dropped and counted.
func (r *run) resolve(raw string) (string, bool) {
	u, err := r.d.origin.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.stats.Invalid++
		return "", false
	}
	host := strings.ToLower(u.Host)
	if host != r.d.origin.Host {
		if !r.d.profile.AllowsHost(host) {
			r.stats.OffSite++
			r.d.log.Debug("off-site URL dropped", "url", u.String())
			return "", false
		}
		u.Scheme, u.Host = r.d.origin.Scheme, r.d.origin.Host
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), true
}

// candidate turns a found URL into a Candidate, if it is an on-site article.
func (r *run) candidate(raw, source string) (Candidate, bool) {
	u, ok := r.resolve(raw)
	if !ok {
		return Candidate{}, false
	}
	id, ok := pangea.ArticleID(u)
	if !ok {
		r.stats.NotArticle++
		return Candidate{}, false
	}
	return Candidate{URL: u, ID: id, Source: source}, true
}

// emit yields a group's candidates newest first, skipping those out of
// range or already yielded.
func (r *run) emit(g *group) error {
	cands := g.sorted()
	for _, c := range cands {
		if r.seen[c.ID] {
			r.stats.Duplicates++
			continue
		}
		// The first source to name an id decides: an article found out of
		// range is not yielded later by an undated source (a section page).
		r.seen[c.ID] = true
		if !r.opts.inRange(*c) {
			r.stats.OutOfRange++
			continue
		}
		r.stats.Candidates++
		r.stats.PerSource[c.Source]++
		if err := r.yield(*c); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) fetchFailed(u string, err error) {
	r.stats.FetchErrors++
	r.problem(u, err)
}

func (r *run) parseFailed(u string, err error) {
	r.stats.ParseErrors++
	r.problem(u, err)
}

func (r *run) problem(u string, err error) {
	reason := err.Error()
	// Fetch errors already begin with "fetch <url>: ".
	reason = strings.TrimPrefix(reason, "fetch "+u+": ")
	r.d.log.Warn("discovery source failed, going on with the next", "url", u, "reason", reason)
	if len(r.stats.Problems) < maxProblems {
		r.stats.Problems = append(r.stats.Problems, Problem{URL: u, Reason: reason})
	}
}

// group collects the candidates of one source (or of latest+news), one per
// Pangea id, merging the hints of repeated entries.
type group struct {
	order []*Candidate
	byID  map[string]*Candidate
}

func newGroup() *group { return &group{byID: map[string]*Candidate{}} }

func (g *group) add(c Candidate, st *Stats) {
	old, ok := g.byID[c.ID]
	if !ok {
		cc := c
		g.order = append(g.order, &cc)
		g.byID[c.ID] = &cc
		return
	}
	st.Duplicates++
	// Keep the richest hints: fill what the first entry lacked.
	if c.LastMod.After(old.LastMod) {
		old.LastMod = c.LastMod
	}
	if old.Published.IsZero() {
		old.Published = c.Published
	}
	if old.Title == "" {
		old.Title = c.Title
	}
}

// sorted returns the candidates newest first (by publication date, else
// lastmod); undated ones keep their order at the end.
func (g *group) sorted() []*Candidate {
	out := slices.Clone(g.order)
	date := func(c *Candidate) time.Time {
		if !c.Published.IsZero() {
			return c.Published
		}
		return c.LastMod
	}
	slices.SortStableFunc(out, func(a, b *Candidate) int { return date(b).Compare(date(a)) })
	return out
}
