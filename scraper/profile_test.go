package scraper

import "testing"

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
		{"127.0.0.1:8080", "", false},
		{"example.org", "", false},
	}
	for _, tt := range tests {
		got, ok := SiteForHost(tt.host)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SiteForHost(%q) = %q, %v; want %q, %v", tt.host, got, ok, tt.want, tt.ok)
		}
	}
}
