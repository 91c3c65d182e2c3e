package fetch

import (
	"net/netip"
	"net/url"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := t0
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"Sun, 25 May 2025 10:00:30 GMT", 30 * time.Second, true},
		{"Sunday, 25-May-25 10:01:00 GMT", time.Minute, true}, // RFC 850, still valid HTTP
		{"Sun, 25 May 2025 09:00:00 GMT", 0, true},            // past
		{"99999999999", 24 * time.Hour, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseRetryAfter(tt.in, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	base, ceiling := time.Second, 10*time.Second
	want := []time.Duration{1, 2, 4, 8, 10, 10}
	for i, w := range want {
		if got := backoff(base, ceiling, i+1); got != w*time.Second {
			t.Errorf("backoff(retry %d) = %v, want %v", i+1, got, w*time.Second)
		}
	}
	if got := backoff(time.Second, time.Hour, 200); got != time.Hour {
		t.Errorf("no overflow: got %v", got)
	}
	for range 100 {
		if j := fullJitter(time.Second); j < 0 || j > time.Second {
			t.Fatalf("jitter %v out of [0, 1s]", j)
		}
	}
}

func TestHostKey(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://www.rferl.org/a/1.html", "www.rferl.org"},
		{"https://WWW.RFERL.ORG.:443/a/1.html", "www.rferl.org"},
		{"http://www.rferl.org:80/", "www.rferl.org"},
		{"http://www.rferl.org:443/", "www.rferl.org:443"},
		{"http://127.0.0.1:8080/", "127.0.0.1:8080"},
		{"http://[::1]:8080/", "[::1]:8080"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := hostKey(u); got != tt.want {
			t.Errorf("hostKey(%s) = %s, want %s", tt.url, got, tt.want)
		}
	}
	for in, want := range map[string]string{"WWW.rferl.org.": "www.rferl.org", "127.0.0.1:8080": "127.0.0.1:8080", "[::1]:80": "[::1]:80"} {
		if got := normaliseHostEntry(in); got != want {
			t.Errorf("normaliseHostEntry(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestIsPublic(t *testing.T) {
	tests := []struct {
		addr   string
		public bool
	}{
		{"93.184.216.34", true},
		{"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"255.255.255.255", false},
		{"224.0.0.1", false},
		{"::1", false},
		{"::", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"::ffff:127.0.0.1", false}, // IPv4-mapped loopback
		{"::ffff:10.0.0.1", false},
	}
	for _, tt := range tests {
		if got := isPublic(netip.MustParseAddr(tt.addr)); got != tt.public {
			t.Errorf("isPublic(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
	if err := publicOnly("tcp", "127.0.0.1:80", nil); err == nil {
		t.Error("publicOnly let loopback through")
	}
	if err := publicOnly("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("publicOnly refused a public address: %v", err)
	}
}

func TestAgentToken(t *testing.T) {
	for in, want := range map[string]string{
		DefaultUserAgent:           "newsarchive",
		"MirrorBot/2.0 (+x)":       "mirrorbot",
		"plain":                    "plain",
		"Some Bot (+https://x.y/)": "some",
	} {
		if got := agentToken(in); got != want {
			t.Errorf("agentToken(%q) = %q, want %q", in, got, want)
		}
	}
}
