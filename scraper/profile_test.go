package scraper

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestSiteForHost(t *testing.T) {
	tests := []struct {
		host, want string
		ok         bool
	}{
		{"www.rferl.org", "rferl", true},
		{"www.rferl.org:443", "rferl", true},
		{"staging.rferl.org", "rferl", true},
		{"WWW.SVOBODA.ORG", "svoboda", true},
		{"www.voanews.com", "voa", true},
		{"www.darivoa.com", "darivoa", true},
		{"darivoa.com", "darivoa", true},
		{"www.azattyq.org", "azattyq", true},
		{"rus.azattyq.org", "azattyq-ru", true},
		{"en.radiofarda.com", "radiofarda-en", true},
		{"www.radiofarda.com", "radiofarda", true},
		{"ktat.krymr.com", "krymr-crh", true},
		{"golos-ameriki.ru", "golosameriki", true},
		{"gandhara.rferl.org", "gandhara", true},
		{"127.0.0.1:8080", "", false},
		{"example.org", "", false},
		{"krymr.com", "", false},
	}
	for _, tt := range tests {
		got, ok := SiteForHost(tt.host)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SiteForHost(%q) = %q, %v; want %q, %v", tt.host, got, ok, tt.want, tt.ok)
		}
	}
}

// TestProfilesData checks profiles.json: every profile is usable, and no
// host or site id belongs to two of them.
func TestProfilesData(t *testing.T) {
	ps := Profiles()
	if len(ps) < 80 {
		t.Errorf("%d profiles; want every RFE/RL and VOA service", len(ps))
	}
	bcp47 := regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	names, hosts, ids := map[string]bool{}, map[string]string{}, map[int]string{}
	networks := map[string]int{}
	for _, p := range ps {
		if p.Name == "" || names[p.Name] || strings.ToLower(p.Name) != p.Name {
			t.Errorf("profile name %q: empty, repeated or not lower case", p.Name)
		}
		names[p.Name] = true
		networks[p.Network]++
		u, err := url.Parse(p.Origin)
		if err != nil || u.Scheme != "https" || u.Path != "" || !p.AllowsHost(u.Host) {
			t.Errorf("%s: origin %q is not https://<one of its hosts>", p.Name, p.Origin)
		}
		if !bcp47.MatchString(p.Language) {
			t.Errorf("%s: language %q is not a BCP 47 tag", p.Name, p.Language)
		}
		if p.Service == "" || !strings.HasPrefix(p.Feed, "/") {
			t.Errorf("%s: service %q, feed %q", p.Name, p.Service, p.Feed)
		}
		for _, h := range p.Hosts {
			if other, dup := hosts[h]; dup || h != strings.ToLower(h) {
				t.Errorf("host %q: in %s and %s, or not lower case", h, other, p.Name)
			}
			hosts[h] = p.Name
		}
		if p.SiteID < 0 {
			t.Errorf("%s: site id %d", p.Name, p.SiteID)
		}
		if other, dup := ids[p.SiteID]; p.SiteID > 0 && dup {
			t.Errorf("site id %d: in %s and %s", p.SiteID, other, p.Name)
		}
		ids[p.SiteID] = p.Name
		for _, n := range p.OutletNames {
			if strings.TrimSpace(n) != n || n == "" {
				t.Errorf("%s: outlet name %q", p.Name, n)
			}
		}
	}
	if networks["RFE/RL"] < 40 || networks["VOA"] < 40 || len(networks) != 2 {
		t.Errorf("profiles by network: %v", networks)
	}
	// The site ids the design names.
	for name, id := range map[string]int{"rferl": 8, "svoboda": 2, "radiofarda": 3, "radiosvoboda": 9, "slobodnaevropa": 18, "currenttime": 54} {
		if p, err := LookupProfile(name); err != nil || p.SiteID != id {
			t.Errorf("%s: site id %d, %v; want %d", name, p.SiteID, err, id)
		}
	}
}

func TestOutletNames(t *testing.T) {
	tests := []struct {
		site      string
		want, not []string
	}{
		{"darivoa", []string{"صدای امریکا"}, []string{"Радио Свобода"}},
		{"svoboda", []string{"Радио Свобода"}, []string{"صدای امریکا"}},
		{"nosuch", nil, []string{"Радио Свобода"}},
	}
	for _, tt := range tests {
		got := OutletNames(tt.site)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("OutletNames(%q) = %q, want %q in it", tt.site, got, w)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(got, n) {
				t.Errorf("OutletNames(%q) holds %q", tt.site, n)
			}
		}
	}
}

func TestLookupProfile(t *testing.T) {
	p, err := LookupProfile("darivoa")
	if err != nil || p.Origin != "https://www.darivoa.com" || p.Language != "prs" || p.Network != "VOA" {
		t.Errorf("LookupProfile(darivoa) = %+v, %v", p, err)
	}
	p.Hosts[0], p.OutletNames[0] = "changed", "changed"
	if again, _ := LookupProfile("darivoa"); again.Hosts[0] == "changed" || again.OutletNames[0] == "changed" {
		t.Error("a caller's change reached the built-in profile")
	}
	if _, err := LookupProfile("nosuch"); err == nil || !strings.Contains(err.Error(), `unknown site "nosuch"`) ||
		!strings.Contains(err.Error(), "newsarchive sites") {
		t.Errorf("LookupProfile(nosuch) error = %v", err)
	}
}
