package jobs

import (
	"context"
	"sort"
	"time"

	"newsarchive/archive"
)

// View is what the jobs API and page show.
type View struct {
	// Enabled says whether the server scrapes on a schedule.
	Enabled  bool   `json:"enabled"`
	Schedule string `json:"schedule,omitempty"`
	TimeZone string `json:"time_zone,omitempty"`
	Jitter   string `json:"jitter,omitempty"`
	// Runs are the newest runs in the archive, newest first: scheduled, API
	// and crontab ones alike, with state, counts and errors.
	Runs []archive.Run `json:"runs"`
	// Next is the next scheduled run of each scheduled site, soonest first.
	Next []NextRun `json:"next"`
}

// NextRun is when a site's next scheduled job fires (before its jitter).
type NextRun struct {
	Site string    `json:"site"`
	At   time.Time `json:"at"`
}

// DefaultRuns is how many runs View lists when asked for 0.
const DefaultRuns = 50

// View returns the newest limit runs and the next scheduled run of each
// site.
func (m *Manager) View(ctx context.Context, limit int) (View, error) {
	if limit <= 0 {
		limit = DefaultRuns
	}
	runs, err := m.cfg.Archive.Runs(ctx, limit)
	if err != nil {
		return View{}, err
	}
	v := View{Runs: runs, Next: m.Next()}
	if s := m.cfg.Schedule; s != nil {
		v.Enabled, v.Schedule, v.TimeZone = true, s.Spec, s.Location.String()
		if m.cfg.Jitter > 0 {
			v.Jitter = m.cfg.Jitter.String()
		}
	}
	return v, nil
}

// Next is the next scheduled run of each scheduled site, soonest first
// (empty without a schedule).
func (m *Manager) Next() []NextRun {
	out := []NextRun{}
	if m.cron == nil {
		return out
	}
	for site := range m.entries {
		out = append(out, NextRun{Site: site, At: m.next(site)})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Site < out[j].Site
	})
	return out
}
