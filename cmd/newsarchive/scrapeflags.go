package main

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"newsarchive/scraper"
	"newsarchive/scraper/fetch"
	"newsarchive/scraper/scrape"
)

// scrapeFlags are the flags of a scrape, shared by `scrape` and by the
// scheduled jobs of `serve`.
type scrapeFlags struct {
	sites        []string
	baseURL      string
	since, until string
	max          int
	rate         float64
	userAgent    string
	allowPrivate bool
	sources      []string
	sectionPages int
}

func (f *scrapeFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.sites, "site", []string{"rferl"}, "site profile to scrape (repeat for several; the sites command lists them)")
	fs.StringVar(&f.baseURL, "base-url", "", "fetch the site from this origin instead (a mirror, or a local test site)")
	fs.StringVar(&f.since, "since", "", "only articles published on or after this day, YYYY-MM-DD (a backfill bound)")
	fs.StringVar(&f.until, "until", "", "only articles published on or before this day, YYYY-MM-DD")
	fs.IntVar(&f.max, "max", 0, "stop after this many articles (0: no limit)")
	fs.Float64Var(&f.rate, "rate", fetch.DefaultRate, "requests per second to each site")
	fs.StringVar(&f.userAgent, "user-agent", fetch.DefaultUserAgent, "User-Agent sent to the sites (keep a contact URL in it)")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow fetching from loopback and private addresses (tests, local mirrors)")
	fs.StringSliceVar(&f.sources, "sources", nil, "discovery sources to use: sitemaps, rss, sections (default all)")
	fs.IntVar(&f.sectionPages, "section-pages", 0, "pages of each section listing to read (default 3)")
}

// privateHost reports whether a URL names a loopback, private or
// link-local address literally (or localhost). Names that resolve there are
// refused later, when the fetcher dials them.
func privateHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified()
}

// options checks the flags and returns the run options of each site.
func (f *scrapeFlags) options() ([]scrape.Options, error) {
	since, err := flagDay("since", f.since)
	if err != nil {
		return nil, err
	}
	until, err := flagDay("until", f.until)
	if err != nil {
		return nil, err
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return nil, fmt.Errorf("--until %s is before --since %s", f.until, f.since)
	}
	if f.max < 0 {
		return nil, fmt.Errorf("--max %d: use 0 (no limit) or more", f.max)
	}
	if f.rate <= 0 || f.rate > 100 {
		return nil, fmt.Errorf("--rate %v: use a number of requests per second above 0 (and at most 100)", f.rate)
	}
	if len(f.sites) == 0 {
		return nil, fmt.Errorf("--site: name at least one site (`newsarchive sites` lists them)")
	}
	if f.baseURL != "" && len(f.sites) > 1 {
		return nil, fmt.Errorf("--base-url points one site elsewhere; give a single --site with it")
	}
	if f.baseURL != "" && !f.allowPrivate && privateHost(f.baseURL) {
		return nil, fmt.Errorf("--base-url %s is a loopback or private address, which the scraper refuses: add --allow-private to fetch from a local mirror or test site", f.baseURL)
	}
	var out []scrape.Options
	for _, name := range f.sites {
		if _, err := scraper.LookupProfile(name); err != nil {
			return nil, fmt.Errorf("--site: %w", err)
		}
		o, err := f.siteOptions(name, since, until)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// optionsFor returns the run options of one site (any built-in site, for a
// job the admin API asks for); --base-url applies when it is the site the
// flags name.
func (f *scrapeFlags) optionsFor(name string) (scrape.Options, error) {
	if _, err := f.options(); err != nil {
		return scrape.Options{}, err
	}
	since, _ := flagDay("since", f.since)
	until, _ := flagDay("until", f.until)
	return f.siteOptions(name, since, until)
}

func (f *scrapeFlags) siteOptions(name string, since, until time.Time) (scrape.Options, error) {
	p, err := scraper.LookupProfile(name)
	if err != nil {
		return scrape.Options{}, err
	}
	if f.baseURL != "" && len(f.sites) == 1 && f.sites[0] == name {
		if p, err = p.WithBaseURL(f.baseURL); err != nil {
			return scrape.Options{}, fmt.Errorf("--base-url: %w", err)
		}
	}
	return scrape.Options{
		Profile: p, Since: since, Until: until, Max: f.max,
		Fetch:   fetch.Config{UserAgent: f.userAgent, Rate: f.rate, AllowPrivate: f.allowPrivate},
		Sources: f.sources, SectionPages: f.sectionPages,
	}, nil
}

func flagDay(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, fmt.Errorf("--%s %q: use YYYY-MM-DD", name, s)
	}
	return t, nil
}
