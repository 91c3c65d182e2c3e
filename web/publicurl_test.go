package web

import (
	"strings"
	"testing"
)

func TestParsePublicURL(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"https://news.example.org", "https://news.example.org", ""},
		{"https://News.Example.org/", "https://news.example.org", ""},
		{"http://127.0.0.1:8080/archive/", "http://127.0.0.1:8080/archive", ""},
		{"news.example.org", "", "absolute http or https"},
		{"/archive", "", "absolute http or https"},
		{"ftp://news.example.org", "", "absolute http or https"},
		{"javascript:alert(1)", "", "absolute http or https"},
		{"https:news.example.org", "", "absolute http or https"},
		{"https://user:pw@news.example.org", "", "user name or password"},
		{"https://news.example.org/?x=1", "", "query and the fragment"},
		{"https://news.example.org/?", "", "query and the fragment"},
		{"https://news.example.org/#top", "", "query and the fragment"},
		{"https://news.example.org/#", "", "query and the fragment"},
		{"https://news example.org", "", "not a URL"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParsePublicURL(tc.in)
			if tc.err == "" {
				if err != nil || got != tc.want {
					t.Errorf("= %q, %v; want %q", got, err, tc.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("= %q, %v; want an error saying %q", got, err, tc.err)
			}
		})
	}
}
