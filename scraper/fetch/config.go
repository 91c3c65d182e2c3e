package fetch

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultUserAgent      = "newsarchive/0.1 (+https://github.com/newsarchive/newsarchive; archive bot)"
	DefaultRate           = 1.0 // requests per second per host
	DefaultTimeout        = 30 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBody        = 10 << 20 // 10 MiB, for pages
	DefaultMaxAttempts    = 4
	DefaultBackoffBase    = time.Second
	DefaultBackoffCap     = time.Minute
	DefaultMaxRetryAfter  = 2 * time.Minute
	// MaxRedirects is how many redirect hops one fetch follows.
	MaxRedirects = 5
	// robotsMaxBody: RFC 9309 asks parsers to read at least 500 KiB.
	robotsMaxBody = 512 << 10
)

// Config is the politeness policy of a Fetcher. Zero fields take the
// defaults above; Hosts is required.
type Config struct {
	// UserAgent is sent with every request. Its first token (up to "/")
	// is the name matched against robots.txt groups.
	UserAgent string
	// Rate is the request rate per host, in requests per second, shared by
	// all goroutines using the Fetcher. robots.txt fetches count too.
	Rate float64
	// Hosts the fetcher may contact ("www.rferl.org", "127.0.0.1:8080").
	// An entry without a port means the scheme's default port. Anything
	// else, including redirects, fails with ErrOffSite.
	Hosts []string
	// AllowPrivate allows loopback, private and link-local addresses (for
	// tests and the demo). Checked on the dialled IP, after DNS.
	AllowPrivate bool
	// Timeout bounds one try: connect, headers and reading the body.
	Timeout time.Duration
	// ConnectTimeout bounds the TCP connect and TLS handshake.
	ConnectTimeout time.Duration
	// MaxBody is the default body cap in bytes, counted after gzip
	// decoding; a Request may raise or lower it.
	MaxBody int64
	// MaxAttempts is the number of tries for a URL, the first included.
	MaxAttempts int
	// BackoffBase and BackoffCap shape the exponential back-off with full
	// jitter between tries: a random wait in [0, min(cap, base·2^(n-1))].
	BackoffBase, BackoffCap time.Duration
	// MaxRetryAfter caps how long a Retry-After header may pause a host.
	MaxRetryAfter time.Duration
	// Logger receives one line per event that matters (retries, pauses,
	// robots.txt trouble). Nil logs nothing.
	Logger *slog.Logger
	// Observer, if set, is told the outcome of every fetch (for metrics).
	Observer Observer
}

// Observer receives one call per Fetch, after it ends. Outcome is one of
// the Outcome* constants; took includes waits for the rate limit and retries.
// It must be safe for concurrent use.
type Observer interface {
	OnFetch(host, outcome string, took time.Duration)
}

// Outcomes reported to an Observer (a small fixed set, fit for metric labels).
const (
	OutcomeOK          = "ok"
	OutcomeNotModified = "not_modified"
	OutcomeGone        = "gone"
	OutcomeStatus      = "status_error"
	OutcomeTransport   = "transport_error"
	OutcomeTimeout     = "timeout"
	OutcomeTooLarge    = "too_large"
	OutcomeDisallowed  = "disallowed"
	OutcomeOffSite     = "off_site"
	OutcomePrivate     = "private_address"
	OutcomeRedirect    = "redirect_error"
	OutcomeCanceled    = "canceled"
	OutcomeInvalidURL  = "invalid_url"
)

// withDefaults fills zero fields and checks the rest.
func (c Config) withDefaults() (Config, error) {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if strings.ContainsAny(c.UserAgent, "\r\n") {
		return c, errors.New("fetch config: user agent must be one line")
	}
	if c.Rate < 0 {
		return c, fmt.Errorf("fetch config: rate %v: want a positive number of requests per second", c.Rate)
	}
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if len(c.Hosts) == 0 {
		return c, errors.New("fetch config: no hosts: the fetcher would be allowed to fetch nothing")
	}
	for _, h := range c.Hosts {
		if h == "" || strings.ContainsAny(h, "/ ") {
			return c, fmt.Errorf("fetch config: host %q: want host or host:port", h)
		}
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = DefaultBackoffBase
	}
	if c.BackoffCap <= 0 {
		c.BackoffCap = DefaultBackoffCap
	}
	if c.BackoffCap < c.BackoffBase {
		c.BackoffCap = c.BackoffBase
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// agentToken is the product token of the User-Agent ("newsarchive"), the
// name robots.txt groups are matched against.
func agentToken(ua string) string {
	if i := strings.IndexAny(ua, "/ "); i >= 0 {
		ua = ua[:i]
	}
	return strings.ToLower(ua)
}
