package main

import (
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long job has come: a progress bar (done/total,
// rate, ETA) on a terminal, a log line every few seconds otherwise.
type progress struct {
	bar      *progressbar.ProgressBar
	log      *slog.Logger
	what     string
	lastLog  time.Time
	started  time.Time
	lastDone int
}

func newProgress(w io.Writer, log *slog.Logger, what string) *progress {
	p := &progress{log: log, what: what, started: time.Now(), lastLog: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(what),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// update reports done of total (total may grow as work is discovered).
func (p *progress) update(done, total int) {
	p.lastDone = done
	if p.bar != nil {
		if int64(total) != p.bar.GetMax64() {
			p.bar.ChangeMax(total)
		}
		p.bar.Set(done)
		return
	}
	if time.Since(p.lastLog) >= 5*time.Second {
		p.lastLog = time.Now()
		rate := float64(done) / time.Since(p.started).Seconds()
		p.log.Info(p.what, "done", done, "total", total, "per_second", int(rate))
	}
}

// describe names what the bar counts now (a new stage of the job).
func (p *progress) describe(what string) {
	p.what = what
	if p.bar != nil {
		p.bar.Describe(what)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
