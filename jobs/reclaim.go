package jobs

import (
	"context"
	"fmt"
	"os"

	"newsarchive/archive"
	"newsarchive/scraper/scrape"
)

// reclaimRuns is how many of the newest runs Reclaim looks at.
const reclaimRuns = 500

// Reclaim cleans up after an earlier process that had this very process id
// on this host — a container restarts its server as the same pid (often 1),
// so the archive's "is that pid alive?" test takes the dead one's runs and
// locks for ours. Call it once at start, before any job runs: every run
// still "running" under our pid is marked interrupted, and the scrape
// locks of sites held under our pid are released. It returns how many runs
// it marked.
func Reclaim(ctx context.Context, arch Archive, sites []string) (int, error) {
	host, _ := os.Hostname()
	runs, err := arch.Runs(ctx, reclaimRuns)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range runs {
		if r.State != archive.RunRunning || r.PID != os.Getpid() || r.Host != host {
			continue
		}
		errs := append(r.Errors, archive.RunStoppedNote)
		if err := arch.FinishRun(ctx, r.ID, archive.RunInterrupted, r.Counts, errs); err != nil {
			return n, fmt.Errorf("mark scrape run %d interrupted: %w", r.ID, err)
		}
		n++
	}
	for _, site := range sites {
		if err := arch.Unlock(ctx, scrape.LockName(site)); err != nil {
			return n, err
		}
	}
	return n, nil
}
