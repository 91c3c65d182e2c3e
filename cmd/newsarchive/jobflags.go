package main

import (
	"fmt"
	"time"
	_ "time/tzdata" // --tz works on a base image without /usr/share/zoneinfo

	"github.com/spf13/pflag"

	"newsarchive/jobs"
	"newsarchive/scraper/scrape"
)

// minTokenLen is the shortest admin token serve accepts.
const minTokenLen = 16

// secretAnnotation marks a flag whose value `config` redacts.
const secretAnnotation = "newsarchive_secret"

// jobFlags are serve's flags for scrape jobs: the schedule and the admin
// token that guards POST /api/scrape.
type jobFlags struct {
	schedule   string
	tz         string
	jitter     time.Duration
	adminToken string
}

func (f *jobFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.schedule, "schedule", "", `scrape the --site sites on this schedule: 5 cron fields ("17 * * * *"), @hourly, @daily or "@every 30m" (default: no schedule)`)
	fs.StringVar(&f.tz, "tz", "Local", "time zone the schedule is read in (an IANA name such as Europe/Prague, or UTC)")
	fs.DurationVar(&f.jitter, "jitter", 0, "delay each scheduled scrape by a random time up to this (e.g. 5m), to spread load")
	fs.StringVar(&f.adminToken, "admin-token", "", "token that POST /api/scrape needs (Authorization: Bearer ...); prefer the environment variable; empty turns the admin routes off")
	_ = fs.SetAnnotation("admin-token", secretAnnotation, []string{"true"})
}

// jobSetup is the checked form of the job flags.
type jobSetup struct {
	schedule *jobs.Schedule
	sites    []string
	jitter   time.Duration
	token    string
	options  func(site string) (scrape.Options, error)
}

// check validates the job flags together with the scrape flags they use,
// with a one-line reason for the first problem.
func (f *jobFlags) check(sf *scrapeFlags) (jobSetup, error) {
	if _, err := sf.options(); err != nil {
		return jobSetup{}, err
	}
	loc, err := time.LoadLocation(f.tz)
	if err != nil || f.tz == "" {
		return jobSetup{}, fmt.Errorf("--tz %q: unknown time zone (use an IANA name such as Europe/Prague, or UTC)", f.tz)
	}
	if f.jitter < 0 {
		return jobSetup{}, fmt.Errorf("--jitter %s: use 0 or a positive duration such as 5m", f.jitter)
	}
	if n := len(f.adminToken); n > 0 && n < minTokenLen {
		return jobSetup{}, fmt.Errorf("--admin-token is %d characters: use at least %d (e.g. the output of `openssl rand -hex 32`)", n, minTokenLen)
	}
	s := jobSetup{sites: sf.sites, jitter: f.jitter, token: f.adminToken, options: sf.optionsFor}
	if f.schedule != "" {
		if s.schedule, err = jobs.ParseSchedule(f.schedule, loc); err != nil {
			return jobSetup{}, fmt.Errorf("--%w", err)
		}
	}
	return s, nil
}
