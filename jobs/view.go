package jobs

import (
	"context"
	"sort"
	"time"

	"newsarchive/archive"
	"newsarchive/scraper/scrape"
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

// PublicView is View as anyone may see it (GET /api/jobs without the admin
// token): no process ids, host names or run options (they hold --base-url
// origins), and the errors as classes (scrape.PublicErrors), never their
// text, which can name internal addresses.
type PublicView struct {
	Enabled  bool        `json:"enabled"`
	Schedule string      `json:"schedule,omitempty"`
	TimeZone string      `json:"time_zone,omitempty"`
	Jitter   string      `json:"jitter,omitempty"`
	Runs     []PublicRun `json:"runs"`
	Next     []NextRun   `json:"next"`
}

// PublicRun is a run in a PublicView: state, site, counts, times and the
// classes of its errors.
type PublicRun struct {
	ID         int64            `json:"id"`
	Site       string           `json:"site"`
	Trigger    string           `json:"trigger"`
	State      string           `json:"state"`
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt time.Time        `json:"finished_at,omitzero"`
	Counts     map[string]int64 `json:"counts"`
	Errors     []string         `json:"errors"`
}

// Public is the view without what only the admin may see.
func (v View) Public() PublicView {
	p := PublicView{Enabled: v.Enabled, Schedule: v.Schedule, TimeZone: v.TimeZone, Jitter: v.Jitter,
		Runs: make([]PublicRun, len(v.Runs)), Next: v.Next}
	for i, r := range v.Runs {
		p.Runs[i] = PublicRun{ID: r.ID, Site: r.Site, Trigger: r.Trigger, State: r.State, StartedAt: r.StartedAt,
			FinishedAt: r.FinishedAt, Counts: r.Counts, Errors: scrape.PublicErrors(r.Errors)}
	}
	if p.Next == nil {
		p.Next = []NextRun{}
	}
	return p
}
