// Package scraper collects articles from Pangea sites: the site profiles,
// and the run that discovers, fetches, parses and archives their articles.
// Fetching (fetch), discovery (discover), page parsing (pangea) and the
// run itself (scrape) live in sub-packages.
package scraper

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed profiles.json
var profilesJSON []byte

// Profile describes one Pangea site: a language service of RFE/RL or VOA.
// It is data, not code: profiles.json holds the built-in ones.
type Profile struct {
	Name     string   `json:"name"`
	Network  string   `json:"network"` // "RFE/RL" or "VOA"
	Service  string   `json:"service"` // the service, in English: "Radio Azattyq (Kazakh)"
	Origin   string   `json:"origin"`
	Hosts    []string `json:"hosts"`
	Language string   `json:"language"` // BCP 47: "en", "prs", "uk"
	// SiteID is the Pangea site id in the site's sitemap names
	// (sitemap_<id>_news.xml.gz); 0 when not known, and discovery reads
	// it from the sitemap index.
	SiteID int `json:"site_id,omitempty"`
	// OutletNames are the service's own names, in its language ("Радио
	// Свобода"): credited as a page's author, they name no person.
	OutletNames []string  `json:"outlet_names"`
	Feed        string    `json:"feed"`
	Sections    []Section `json:"sections"`
}

// Section is a section listing, paged as /<id>?p=N (for example "z/16").
type Section struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// builtIn reads profiles.json once; nothing changes it afterwards.
var builtIn = sync.OnceValue(func() []Profile {
	var ps []Profile
	if err := json.Unmarshal(profilesJSON, &ps); err != nil {
		panic(fmt.Sprintf("scraper: built-in profiles.json is invalid: %v", err))
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
})

// Profiles returns the built-in site profiles, sorted by name (a copy the
// caller may change).
func Profiles() []Profile {
	var ps []Profile
	for _, p := range builtIn() {
		ps = append(ps, p.clone())
	}
	return ps
}

func (p Profile) clone() Profile {
	p.Hosts = slices.Clone(p.Hosts)
	p.Sections = slices.Clone(p.Sections)
	p.OutletNames = slices.Clone(p.OutletNames)
	return p
}

// ProfileNames lists the names of the built-in profiles.
func ProfileNames() []string {
	var names []string
	for _, p := range Profiles() {
		names = append(names, p.Name)
	}
	return names
}

// LookupProfile returns the built-in profile called name.
func LookupProfile(name string) (Profile, error) {
	if p, ok := builtInNamed(name); ok {
		return p.clone(), nil
	}
	return Profile{}, fmt.Errorf("unknown site %q: `newsarchive sites` lists the %d known ones", name, len(builtIn()))
}

// ProfileForHost returns the profile that serves host (www.rferl.org,
// rferl.org, a staging or mobile mirror), if any.
func ProfileForHost(host string) (Profile, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, p := range builtIn() {
		if slices.Contains(p.Hosts, host) {
			return p.clone(), true
		}
	}
	return Profile{}, false
}

// SiteForHost names the profile of a host ("www.rferl.org", with or
// without a port), for pangea.Options.SiteForHost.
func SiteForHost(host string) (string, bool) {
	if u, err := url.Parse("//" + host); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	p, ok := ProfileForHost(host)
	return p.Name, ok
}

// OutletNames returns the names of site's own service ("Радио Свобода"),
// which its pages may credit as author and which name no person, for
// pangea.Options.OutletNames. (The networks' names, RFE/RL and Voice of
// America, the parser knows itself.)
func OutletNames(site string) []string {
	p, _ := builtInNamed(site)
	return slices.Clone(p.OutletNames)
}

// builtInNamed returns the built-in profile called name, not a copy: the
// caller must not change it.
func builtInNamed(name string) (Profile, bool) {
	for _, p := range builtIn() {
		if p.Name == name {
			return p, true
		}
	}
	return Profile{}, false
}

// WithBaseURL returns a copy of p that fetches from base instead of its
// origin (a mirror, or a loopback test site). The base host becomes the only
// host the profile may fetch from, besides its own hosts.
func (p Profile) WithBaseURL(base string) (Profile, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return p, fmt.Errorf("base URL %q: want http(s)://host[:port]", base)
	}
	p.Origin = u.Scheme + "://" + u.Host
	p.Hosts = append([]string{strings.ToLower(u.Host)}, p.Hosts...)
	return p, nil
}

// OriginHost is the host (with port) the profile fetches from.
func (p Profile) OriginHost() string {
	u, err := url.Parse(p.Origin)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// AllowsHost reports whether host belongs to the profile's site.
func (p Profile) AllowsHost(host string) bool {
	return slices.Contains(p.Hosts, strings.ToLower(host))
}
