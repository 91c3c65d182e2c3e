package fetch

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// hostKey is the normalised host[:port] of u: lower case, no trailing dot,
// no default port.
func hostKey(u *url.URL) string {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	port := u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		if strings.Contains(host, ":") { // IPv6 literal
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, port)
}

// normaliseHostEntry turns a Config.Hosts entry into the form hostKey gives.
func normaliseHostEntry(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if host, port, err := net.SplitHostPort(h); err == nil {
		return net.JoinHostPort(strings.TrimSuffix(host, "."), port)
	}
	return strings.TrimSuffix(h, ".")
}

// host is the per-host politeness state: a rate limiter shared by every
// goroutine, and a pause set by Retry-After that holds back all requests.
type host struct {
	lim *rate.Limiter

	mu          sync.Mutex
	pausedUntil time.Time
	crawlDelay  time.Duration
}

func (f *Fetcher) hostState(key string) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.hosts[key]
	if !ok {
		h = &host{lim: rate.NewLimiter(rate.Limit(f.cfg.Rate), 1)}
		f.hosts[key] = h
	}
	return h
}

// pause holds back every request to the host until now+d (never shortens
// a pause already set).
func (h *host) pause(until time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if until.After(h.pausedUntil) {
		h.pausedUntil = until
	}
}

func (h *host) pausedTill() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.pausedUntil
}

// slowTo lowers the host's rate to one request per d (robots.txt
// Crawl-delay), if that is slower than the current rate.
func (h *host) slowTo(now time.Time, d time.Duration) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if d <= h.crawlDelay || rate.Every(d) >= h.lim.Limit() {
		return false
	}
	h.crawlDelay = d
	h.lim.SetLimitAt(now, rate.Every(d))
	return true
}

// reserve takes the next slot of the rate limiter. Reading the clock and
// reserving under one lock keeps the times the limiter sees in order, even
// when many goroutines queue at once.
func (h *host) reserve(c clock) (*rate.Reservation, time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := c.Now()
	return h.lim.ReserveN(now, 1), now
}

// waitTurn blocks until the host may receive one more request: after any
// Retry-After pause, and when the rate limiter grants a token. A cancelled
// ctx interrupts the wait at once.
func (f *Fetcher) waitTurn(ctx context.Context, h *host) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		now := f.clock.Now()
		if until := h.pausedTill(); now.Before(until) {
			if err := f.clock.SleepUntil(ctx, until); err != nil {
				return err
			}
			continue
		}
		r, now := h.reserve(f.clock)
		if d := r.DelayFrom(now); d > 0 {
			if err := f.clock.SleepUntil(ctx, now.Add(d)); err != nil {
				r.CancelAt(f.clock.Now())
				return err
			}
		}
		// A Retry-After may have paused the host while we waited for the
		// token: honour it (the token is spent; that only slows us down).
		if f.clock.Now().Before(h.pausedTill()) {
			continue
		}
		return nil
	}
}
