package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"newsarchive/archive"
	"newsarchive/jobs"
)

// jobsPage is the view of GET /jobs. The page is public (browsers send no
// admin token), so it shows the public view (jobs.View.Public: no process
// id, host name or options, errors as classes); GET /api/jobs with the admin
// token has the details.
type jobsPage struct {
	jobs.PublicView
	Rows []jobRow
}

// jobRow is one run as the table shows it.
type jobRow struct {
	jobs.PublicRun
	Duration   string
	Counts     []countItem
	ErrorCount int // errors recorded; PublicRun.Errors has their classes
}

type countItem struct {
	Name  string
	Value int64
}

// jobsView reads the jobs from the scheduler, or from the archive's run
// records when there is none (a server that runs no jobs).
func (s *Server) jobsView(ctx context.Context, limit int) (jobs.View, error) {
	if s.Jobs != nil {
		return s.Jobs.View(ctx, limit)
	}
	runs, err := s.Archive.Runs(ctx, limit)
	if err != nil {
		return jobs.View{}, err
	}
	return jobs.View{Runs: runs, Next: []jobs.NextRun{}}, nil
}

func (s *Server) uiJobs(c echo.Context) error {
	v, err := s.jobsView(c.Request().Context(), jobs.DefaultRuns)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "jobs", newJobsPage(v, time.Now()))
}

func newJobsPage(v jobs.View, now time.Time) *jobsPage {
	pub := v.Public()
	p := &jobsPage{PublicView: pub}
	for i, r := range pub.Runs {
		row := jobRow{PublicRun: r, ErrorCount: len(v.Runs[i].Errors)}
		end := r.FinishedAt
		if end.IsZero() && r.State == archive.RunRunning {
			end = now
		}
		if !end.IsZero() && !r.StartedAt.IsZero() {
			row.Duration = duration(end.Sub(r.StartedAt))
		}
		for name, n := range r.Counts {
			row.Counts = append(row.Counts, countItem{name, n})
		}
		slices.SortFunc(row.Counts, func(a, b countItem) int {
			if a.Name < b.Name {
				return -1
			}
			if a.Name > b.Name {
				return 1
			}
			return 0
		})
		p.Rows = append(p.Rows, row)
	}
	return p
}

// duration is a short readable duration: "850 ms", "42 s", "3 min 5 s", "2 h 4 min".
func duration(d time.Duration) string {
	switch {
	case d < 0:
		return ""
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.0f s", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}
