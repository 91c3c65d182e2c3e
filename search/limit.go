package search

import (
	"context"
	"errors"
	"runtime"
	"time"

	"golang.org/x/sync/semaphore"
)

// ErrBusy means the process runs as many text searches as it allows and
// none finished within the wait: the caller should try again shortly
// (HTTP 503 with Retry-After).
var ErrBusy = errors.New("the server is busy with other searches; try again in a few seconds")

// Limits bound how many text searches one process runs at once. Searches
// without text (facet clicks, the landing page) and cached answers take no
// slot: a burst of expensive queries cannot starve them.
type Limits struct {
	// Text is how many text searches run at once (default 4 per core).
	Text int
	// Patterns is how many of them may hold wildcard, regexp or fuzzy
	// terms (default one per two cores, at least one).
	Patterns int
	// Wait is how long a search waits for a slot before ErrBusy (default 2 s).
	Wait time.Duration
}

// limiter holds the semaphores of Limits (golang.org/x/sync/semaphore:
// waiting honours the context, so a client that leaves stops waiting).
type limiter struct {
	text, patterns *semaphore.Weighted
	wait           time.Duration
}

func newLimiter(l Limits) *limiter {
	procs := runtime.GOMAXPROCS(0)
	if l.Text <= 0 {
		l.Text = 4 * procs
	}
	if l.Patterns <= 0 {
		l.Patterns = max(1, procs/2)
	}
	if l.Wait <= 0 {
		l.Wait = 2 * time.Second
	}
	return &limiter{text: semaphore.NewWeighted(int64(l.Text)), patterns: semaphore.NewWeighted(int64(l.Patterns)), wait: l.Wait}
}

// acquire takes a slot for a text search (and a pattern slot when it has
// patterns); release gives them back.
func (l *limiter) acquire(ctx context.Context, patterns bool) (release func(), err error) {
	wctx, cancel := context.WithTimeout(ctx, l.wait)
	defer cancel()
	if patterns {
		if err := l.patterns.Acquire(wctx, 1); err != nil {
			return nil, busy(ctx)
		}
	}
	if err := l.text.Acquire(wctx, 1); err != nil {
		if patterns {
			l.patterns.Release(1)
		}
		return nil, busy(ctx)
	}
	return func() {
		l.text.Release(1)
		if patterns {
			l.patterns.Release(1)
		}
	}, nil
}

// busy is the error of a wait that failed: the request's own end when it
// ended, else ErrBusy.
func busy(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return ErrBusy
}

// limits returns the engine's limiter, made on first use.
func (e *Engine) limits() *limiter {
	e.limitOnce.Do(func() { e.limiter = newLimiter(e.Limits) })
	return e.limiter
}
