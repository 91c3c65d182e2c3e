package jobs_test

import (
	"strings"
	"testing"
	"time"

	"newsarchive/jobs"
)

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		spec    string
		wantErr string // "" means valid
	}{
		{"17 * * * *", ""},
		{"*/5 6-22 * * 1-5", ""},
		{"@hourly", ""},
		{"@daily", ""},
		{"@every 30m", ""},
		{"@every 2s", ""},
		{"CRON_TZ=Europe/Prague 0 6 * * *", ""},
		{"  @hourly  ", ""},
		{"", "empty"},
		{"0 0 30 2 *", "never fires"},
		{"0 0 31 4 *", "never fires"},
		{"61 * * * *", "above maximum"},
		{"* * * *", "expected exactly 5 fields"},
		{"0 * * * * *", "expected exactly 5 fields"},
		{"@fortnightly", "unrecognized descriptor"},
		{"@every 0s", "at least 1s"},
		{"@every -5m", "at least 1s"},
		{"@every 500ms", "at least 1s"},
		{"@every soon", "no duration"},
		{"CRON_TZ=UTC", "time zone alone"},
		{"CRON_TZ=Nowhere/City 0 * * * *", "bad location"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := jobs.ParseSchedule(tt.spec, time.UTC)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseSchedule(%q): %v", tt.spec, err)
				}
				if s.Next(time.Now()).IsZero() {
					t.Errorf("ParseSchedule(%q): never fires", tt.spec)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseSchedule(%q) = %v, want an error containing %q", tt.spec, s, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseSchedule(%q) error %q, want it to contain %q", tt.spec, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestScheduleTimeZone(t *testing.T) {
	prague, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		spec string
		loc  *time.Location
		want time.Time
	}{
		{"0 6 * * *", time.UTC, time.Date(2025, 1, 10, 6, 0, 0, 0, time.UTC)},
		{"0 6 * * *", prague, time.Date(2025, 1, 10, 5, 0, 0, 0, time.UTC)}, // 06:00 CET
		{"CRON_TZ=Europe/Prague 0 6 * * *", time.UTC, time.Date(2025, 1, 10, 5, 0, 0, 0, time.UTC)},
		{"@hourly", prague, time.Date(2025, 1, 10, 1, 0, 0, 0, time.UTC)},
		{"@every 30m", time.UTC, from.Add(30 * time.Minute)},
		{"0 0 29 2 *", time.UTC, time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)}, // rare, but fires
	}
	for _, tt := range tests {
		t.Run(tt.spec+" "+tt.loc.String(), func(t *testing.T) {
			s, err := jobs.ParseSchedule(tt.spec, tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(from); !got.Equal(tt.want) {
				t.Errorf("Next(%s) = %s, want %s", from, got, tt.want)
			}
		})
	}
}
