package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"newsarchive/scraper"
)

func TestSitesCommand(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"table", []string{"sites"}, []string{
			"NAME", "SITE ID",
			"rferl ", "https://www.rferl.org",
			"darivoa ", "prs", "https://www.darivoa.com", "VOA Dari",
			"azattyq ", " kk ", " 5 ",
		}},
		{"json", []string{"sites", "--json"}, []string{`"name": "svoboda"`, `"site_id": 2`, `"Радио Свобода"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, ctx, tt.args...)
			if code != 0 {
				t.Fatalf("sites: exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%.600s", w, out)
				}
			}
			if tt.name == "table" && strings.Count(out, "\n") != len(scraper.Profiles())+1 {
				t.Errorf("%d lines for %d profiles", strings.Count(out, "\n"), len(scraper.Profiles()))
			}
			if tt.name == "json" {
				var ps []scraper.Profile
				if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != len(scraper.Profiles()) {
					t.Errorf("--json: %d profiles, %v", len(ps), err)
				}
			}
		})
	}
	if code, _, errOut := cli(t, ctx, "sites", "extra"); code == 0 || !strings.Contains(errOut, "newsarchive:") {
		t.Errorf("sites with an argument: exit %d, %q", code, errOut)
	}
}
