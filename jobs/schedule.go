package jobs

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is when scheduled jobs run: a cron spec read in a time zone.
type Schedule struct {
	// Spec is the spec as given: five cron fields ("17 * * * *"), a
	// descriptor (@hourly, @daily, @weekly, @monthly, @yearly) or
	// "@every 30m"; it may start with CRON_TZ=Zone.
	Spec string
	// Location is the time zone the fields are read in.
	Location *time.Location

	cron cron.Schedule
}

// ParseSchedule checks a spec and returns its schedule in loc (nil: the
// local time zone). A spec that can never fire (February 30th) is an
// error too.
func ParseSchedule(spec string, loc *time.Location) (*Schedule, error) {
	spec = strings.TrimSpace(spec)
	if loc == nil {
		loc = time.Local
	}
	if spec == "" {
		return nil, errors.New("schedule is empty: use 5 cron fields (\"17 * * * *\"), @hourly, @daily or @every 30m")
	}
	if err := checkPrefixes(spec); err != nil {
		return nil, err
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %v (use 5 cron fields \"minute hour day-of-month month day-of-week\", @hourly, @daily or @every 30m)", spec, err)
	}
	sch := &Schedule{Spec: spec, Location: loc, cron: s}
	if sch.Next(time.Now()).IsZero() {
		return nil, fmt.Errorf("schedule %q never fires: no such date comes in the next five years", spec)
	}
	return sch, nil
}

// checkPrefixes catches what the cron parser would take badly: a time zone
// prefix with nothing after it (the parser panics on it) and an @every
// whose duration is not positive (the parser silently makes it 1s).
func checkPrefixes(spec string) error {
	rest := spec
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		i := strings.IndexAny(spec, " \t")
		if i < 0 {
			return fmt.Errorf("schedule %q: a time zone alone is no schedule; add the cron fields after it", spec)
		}
		rest = strings.TrimSpace(spec[i:])
	}
	if d, ok := strings.CutPrefix(rest, "@every "); ok {
		dur, err := time.ParseDuration(strings.TrimSpace(d))
		if err != nil {
			return fmt.Errorf("schedule %q: %q is no duration (use e.g. @every 30m or @every 6h)", spec, strings.TrimSpace(d))
		}
		if dur < time.Second {
			return fmt.Errorf("schedule %q: the interval must be at least 1s", spec)
		}
	}
	return nil
}

// Next is the first time after t that the schedule fires, in its time
// zone; zero if it never does.
func (s *Schedule) Next(t time.Time) time.Time {
	return s.cron.Next(t.In(s.Location))
}

// String is the spec and its time zone.
func (s *Schedule) String() string {
	return s.Spec + " (" + s.Location.String() + ")"
}

// quiet is how long after one node claimed a tick the others' claims of the
// same tick are refused: half the gap between two ticks (at least a second).
func (s *Schedule) quiet() time.Duration {
	next := s.Next(time.Now())
	gap := s.Next(next).Sub(next)
	return max(gap/2, time.Second)
}
