package fetch

import (
	"context"
	"math/rand/v2"
	"time"
)

// clock is the fetcher's notion of time, replaced by a fake in tests so
// that rate limits, back-off and Retry-After waits are checked without
// sleeping.
type clock interface {
	Now() time.Time
	// SleepUntil waits until t or until ctx is done, whichever comes first.
	SleepUntil(ctx context.Context, t time.Time) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) SleepUntil(ctx context.Context, until time.Time) error {
	d := time.Until(until)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// fullJitter returns a random duration in [0, upTo].
func fullJitter(upTo time.Duration) time.Duration {
	if upTo <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(upTo) + 1))
}

// backoff is the ceiling of the wait before retry number n (1-based):
// min(ceiling, base·2^(n-1)).
func backoff(base, ceiling time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n; i++ {
		d *= 2
		if d >= ceiling || d <= 0 {
			return ceiling
		}
	}
	return min(d, ceiling)
}
