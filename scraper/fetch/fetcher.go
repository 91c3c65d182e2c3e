// Package fetch owns polite HTTP fetching from the archived sites: one
// Fetcher type holds the whole policy — robots.txt, a per-host rate limit,
// an honest User-Agent, conditional GET, Retry-After and back-off, timeouts,
// a body size cap, redirects only within the site's hosts, and no private
// addresses. Callers never touch net/http directly.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Fetcher fetches pages politely. It is safe for concurrent use; the rate
// limit, Retry-After pauses and the robots.txt cache are shared by all
// goroutines.
type Fetcher struct {
	cfg    Config
	token  string   // robots.txt agent name
	hostOK []string // normalised Config.Hosts
	client *http.Client

	clock  clock
	jitter func(time.Duration) time.Duration

	mu     sync.Mutex
	hosts  map[string]*host
	robots map[string]*robotsEntry
}

// Request is one page to fetch. ETag and LastModified come from the stored
// fetch state of the URL and turn the request into a conditional GET.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// MaxBody overrides Config.MaxBody for this request (e.g. a larger cap
	// for sitemaps); zero keeps the default.
	MaxBody int64
}

// Response is a page fetched (status 2xx) or confirmed unchanged (304).
type Response struct {
	URL         string // final URL, after redirects
	Status      int
	NotModified bool // 304: the stored copy is current; Body is empty
	Body        []byte
	ContentType string
	// ETag and LastModified validators to store for the next conditional
	// GET (on a 304 without them, the request's own are kept).
	ETag, LastModified string
	// Attempts is how many tries the final URL took (1 without retries).
	Attempts int
	// Took is the whole fetch, waits for the rate limit and retries included.
	Took time.Duration
}

// New builds a Fetcher from cfg, filling defaults.
func New(cfg Config) (*Fetcher, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	f := &Fetcher{
		cfg:    cfg,
		token:  agentToken(cfg.UserAgent),
		clock:  realClock{},
		jitter: fullJitter,
		hosts:  map[string]*host{},
		robots: map[string]*robotsEntry{},
	}
	for _, h := range cfg.Hosts {
		f.hostOK = append(f.hostOK, normaliseHostEntry(h))
	}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !cfg.AllowPrivate {
		dialer.Control = publicOnly
	}
	f.client = &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil, // a proxy would hide the address we must check
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   cfg.ConnectTimeout,
			ResponseHeaderTimeout: cfg.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		},
		// Redirects are followed by Fetch itself, hop by hop, so that each
		// hop is checked against Hosts and robots.txt and rate limited.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return f, nil
}

// Close releases idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

// UserAgent is the User-Agent header the fetcher sends.
func (f *Fetcher) UserAgent() string { return f.cfg.UserAgent }

// Fetch gets req.URL politely: after robots.txt allows it, when the host's
// rate limit and any Retry-After pause allow it, retrying transient failures.
// It returns a Response for 2xx and 304, and otherwise one of the package's
// errors (ErrDisallowed, ErrGone, ErrTooLarge, ErrOffSite, ErrPrivateAddress,
// ErrRedirectLoop, ErrTooManyRedirects, ErrTimeout, *StatusError,
// *TransportError) or the context's error.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	start := f.clock.Now()
	resp, err := f.do(ctx, req, doOpts{robots: true})
	if o := f.cfg.Observer; o != nil {
		hostName := ""
		if u, perr := url.Parse(req.URL); perr == nil {
			hostName = hostKey(u)
		}
		o.OnFetch(hostName, outcome(resp, err), f.clock.Now().Sub(start))
	}
	if resp != nil {
		resp.Took = f.clock.Now().Sub(start)
	}
	return resp, err
}

// Allowed reports whether robots.txt lets us fetch rawURL, fetching (and
// caching) the host's robots.txt if needed. An off-site or invalid URL is an
// error, not a "no".
func (f *Fetcher) Allowed(ctx context.Context, rawURL string) (bool, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return false, err
	}
	if !f.allowedHost(u) {
		return false, urlError(rawURL, ErrOffSite)
	}
	ok, _, err := f.robotsAllow(ctx, u)
	return ok, err
}

// parseURL accepts absolute http(s) URLs only, without user info; the
// fragment is dropped.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, urlError(raw, ErrInvalidURL)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

func (f *Fetcher) allowedHost(u *url.URL) bool {
	return slices.Contains(f.hostOK, hostKey(u))
}

type doOpts struct {
	robots   bool // check robots.txt on every hop
	truncate bool // cut an oversized body instead of failing (robots.txt)
}

// do follows up to MaxRedirects hops, each checked against Hosts (and
// robots.txt), each fetched with retries.
func (f *Fetcher) do(ctx context.Context, req Request, o doOpts) (*Response, error) {
	u, err := parseURL(req.URL)
	if err != nil {
		return nil, err
	}
	maxBody := f.cfg.MaxBody
	if req.MaxBody > 0 {
		maxBody = req.MaxBody
	}
	visited := map[string]bool{u.String(): true}
	for hop := 0; ; hop++ {
		if !f.allowedHost(u) {
			if hop == 0 {
				return nil, urlError(req.URL, ErrOffSite)
			}
			return nil, urlError(req.URL, &redirectError{to: u.String(), err: ErrOffSite})
		}
		if o.robots {
			ok, why, err := f.robotsAllow(ctx, u)
			if err != nil {
				return nil, err
			}
			if !ok {
				var refusal error = ErrDisallowed
				if why != "" {
					refusal = fmt.Errorf("%w (%s)", ErrDisallowed, why)
				}
				if hop == 0 {
					return nil, urlError(req.URL, refusal)
				}
				return nil, urlError(req.URL, &redirectError{to: u.String(), err: refusal})
			}
		}
		res, err := f.try(ctx, u, req, maxBody, o.truncate)
		if err != nil {
			return nil, err
		}
		switch {
		case isRedirect(res.status):
			loc := res.header.Get("Location")
			next, perr := u.Parse(loc)
			if loc == "" || perr != nil || (next.Scheme != "http" && next.Scheme != "https") {
				return nil, &StatusError{URL: u.String(), Code: res.status, Attempts: res.attempts}
			}
			next.Fragment, next.RawFragment = "", ""
			if visited[next.String()] {
				return nil, urlError(req.URL, &redirectError{to: next.String(), err: ErrRedirectLoop})
			}
			if hop+1 > MaxRedirects {
				return nil, urlError(req.URL, ErrTooManyRedirects)
			}
			visited[next.String()] = true
			u = next
		case res.status == http.StatusNotModified:
			r := &Response{URL: u.String(), Status: res.status, NotModified: true, Attempts: res.attempts,
				ETag: res.header.Get("ETag"), LastModified: res.header.Get("Last-Modified"),
				ContentType: res.header.Get("Content-Type")}
			if r.ETag == "" {
				r.ETag = req.ETag
			}
			if r.LastModified == "" {
				r.LastModified = req.LastModified
			}
			return r, nil
		case res.status >= 200 && res.status < 300:
			return &Response{URL: u.String(), Status: res.status, Body: res.body, Attempts: res.attempts,
				ContentType: res.header.Get("Content-Type"), ETag: res.header.Get("ETag"),
				LastModified: res.header.Get("Last-Modified")}, nil
		default:
			return nil, &StatusError{URL: u.String(), Code: res.status, Attempts: res.attempts}
		}
	}
}

// redirectError says where a redirect led ("redirected to …: outside the
// site's hosts").
type redirectError struct {
	to  string
	err error
}

func (e *redirectError) Error() string { return "redirected to " + e.to + ": " + e.err.Error() }
func (e *redirectError) Unwrap() error { return e.err }

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// outcome names the result of a fetch for an Observer.
func outcome(resp *Response, err error) string {
	var se *StatusError
	switch {
	case err == nil && resp != nil && resp.NotModified:
		return OutcomeNotModified
	case err == nil:
		return OutcomeOK
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrTimeout):
		return OutcomeCanceled
	case errors.Is(err, ErrGone):
		return OutcomeGone
	case errors.As(err, &se):
		return OutcomeStatus
	case errors.Is(err, ErrDisallowed):
		return OutcomeDisallowed
	case errors.Is(err, ErrOffSite):
		return OutcomeOffSite
	case errors.Is(err, ErrPrivateAddress):
		return OutcomePrivate
	case errors.Is(err, ErrTooLarge):
		return OutcomeTooLarge
	case errors.Is(err, ErrRedirectLoop), errors.Is(err, ErrTooManyRedirects):
		return OutcomeRedirect
	case errors.Is(err, ErrTimeout):
		return OutcomeTimeout
	case errors.Is(err, ErrInvalidURL):
		return OutcomeInvalidURL
	}
	return OutcomeTransport
}
