package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// result is one HTTP exchange that produced a status.
type result struct {
	status   int
	header   http.Header
	body     []byte // read for 2xx only
	attempts int
}

// try fetches u (no redirects followed), retrying transient failures:
// 429 and 503 pause the whole host for Retry-After (capped) or a back-off;
// other 5xx, 408 and network errors back off exponentially with full jitter.
// It gives up after MaxAttempts tries.
func (f *Fetcher) try(ctx context.Context, u *url.URL, req Request, maxBody int64, truncate bool) (*result, error) {
	h := f.hostState(hostKey(u))
	for attempt := 1; ; attempt++ {
		if err := f.waitTurn(ctx, h); err != nil {
			return nil, urlError(u.String(), err)
		}
		res, err := f.once(ctx, u, req, maxBody, truncate)
		if ctx.Err() != nil {
			return nil, urlError(u.String(), ctx.Err())
		}
		if err != nil {
			if !retryable(err) {
				return nil, urlError(u.String(), err)
			}
			terr := &TransportError{URL: u.String(), Attempts: attempt, Err: err, timeout: isTimeout(err)}
			if attempt >= f.cfg.MaxAttempts {
				return nil, terr
			}
			wait := f.jitter(backoff(f.cfg.BackoffBase, f.cfg.BackoffCap, attempt))
			f.cfg.Logger.Info("fetch failed, retrying", "url", u.String(), "error", err.Error(),
				"attempt", attempt, "wait_ms", wait.Milliseconds())
			if err := f.clock.SleepUntil(ctx, f.clock.Now().Add(wait)); err != nil {
				return nil, urlError(u.String(), err)
			}
			continue
		}
		res.attempts = attempt
		switch {
		case res.status == http.StatusTooManyRequests || res.status == http.StatusServiceUnavailable:
			// The host asked us to slow down: every request to it waits,
			// even when this URL has run out of tries.
			now := f.clock.Now()
			wait, ok := parseRetryAfter(res.header.Get("Retry-After"), now)
			if !ok {
				wait = f.jitter(backoff(f.cfg.BackoffBase, f.cfg.BackoffCap, attempt))
			}
			if wait > f.cfg.MaxRetryAfter {
				wait = f.cfg.MaxRetryAfter
			}
			h.pause(now.Add(wait))
			f.cfg.Logger.Info("host asked us to wait, pausing it", "url", u.String(), "status", res.status,
				"retry_after", res.header.Get("Retry-After"), "wait_ms", wait.Milliseconds(), "attempt", attempt)
			if attempt >= f.cfg.MaxAttempts {
				return nil, &StatusError{URL: u.String(), Code: res.status, Attempts: attempt}
			}
		case res.status >= 500 || res.status == http.StatusRequestTimeout:
			if attempt >= f.cfg.MaxAttempts {
				return nil, &StatusError{URL: u.String(), Code: res.status, Attempts: attempt}
			}
			wait := f.jitter(backoff(f.cfg.BackoffBase, f.cfg.BackoffCap, attempt))
			f.cfg.Logger.Info("server error, retrying", "url", u.String(), "status", res.status,
				"attempt", attempt, "wait_ms", wait.Milliseconds())
			if err := f.clock.SleepUntil(ctx, f.clock.Now().Add(wait)); err != nil {
				return nil, urlError(u.String(), err)
			}
		default:
			return res, nil
		}
	}
}

// once sends one GET and reads the body of a 2xx answer, within Timeout.
func (f *Fetcher) once(ctx context.Context, u *url.URL, req Request, maxBody int64, truncate bool) (*result, error) {
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	hr.Header.Set("User-Agent", f.cfg.UserAgent)
	hr.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	// No Accept-Encoding here: the transport asks for gzip itself and then
	// decodes it transparently, so the size cap counts decoded bytes.
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(hr)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is named by the caller already
		}
		return nil, err
	}
	defer resp.Body.Close()
	res := &result{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		// Drain a little so the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		return res, nil
	}
	if !truncate && !resp.Uncompressed && resp.ContentLength > maxBody {
		return nil, fmt.Errorf("%w (%d bytes announced, cap %d)", ErrTooLarge, resp.ContentLength, maxBody)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > maxBody {
		if !truncate {
			return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, maxBody)
		}
		body = body[:maxBody]
	}
	res.body = body
	return res, nil
}

// retryable reports whether a failed try is worth repeating.
func retryable(err error) bool {
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, ErrPrivateAddress), errors.Is(err, ErrTooLarge), errors.As(err, &certErr):
		return false
	}
	return true
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
