package fetch

import (
	"errors"
	"fmt"
)

// Errors a fetch can end with. Use errors.Is; every returned error names
// the URL ("fetch https://…/a/1.html: disallowed by robots.txt").
var (
	// ErrDisallowed: robots.txt forbids the URL for our user agent, or
	// robots.txt could not be read (a server error or no answer counts as
	// "disallow all", as RFC 9309 asks).
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrGone: the server answered 404 or 410. The error is also a
	// *StatusError carrying the code. Not retried.
	ErrGone = errors.New("gone")
	// ErrTooLarge: the body (after decompression) is larger than the cap.
	ErrTooLarge = errors.New("body larger than the size cap")
	// ErrOffSite: the URL, or a redirect, leads outside the configured hosts.
	ErrOffSite = errors.New("outside the site's hosts")
	// ErrPrivateAddress: the host resolved to a loopback, private,
	// link-local or otherwise non-public address and AllowPrivate is off.
	ErrPrivateAddress = errors.New("refusing a private or loopback address")
	// ErrRedirectLoop: a redirect leads back to a URL already visited.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrTooManyRedirects: more than MaxRedirects hops.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTimeout: the request (connect, headers or body) took longer than
	// the timeout on every try. The error is also a *TransportError.
	ErrTimeout = errors.New("timed out")
	// ErrInvalidURL: not an absolute http(s) URL.
	ErrInvalidURL = errors.New("not an absolute http(s) URL")
)

// StatusError is an HTTP status the fetcher gave up on: a 404/410 at once,
// other 4xx at once, 5xx and 429 after MaxAttempts tries.
type StatusError struct {
	URL      string
	Code     int
	Attempts int
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("fetch %s: status %d", e.URL, e.Code)
	if e.Code == 404 || e.Code == 410 {
		msg += " (gone)"
	}
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" after %d tries", e.Attempts)
	}
	return msg
}

// Is makes errors.Is(err, ErrGone) true for 404 and 410.
func (e *StatusError) Is(target error) bool {
	return target == ErrGone && (e.Code == 404 || e.Code == 410)
}

// TransportError is a network failure (refused connection, reset, DNS,
// timeout) that persisted through MaxAttempts tries.
type TransportError struct {
	URL      string
	Attempts int
	Err      error
	timeout  bool
}

func (e *TransportError) Error() string {
	what := "network error"
	if e.timeout {
		what = "timed out"
	}
	tries := ""
	if e.Attempts > 1 {
		tries = fmt.Sprintf(" after %d tries", e.Attempts)
	}
	return fmt.Sprintf("fetch %s: %s%s: %v", e.URL, what, tries, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrTimeout) true for timeouts.
func (e *TransportError) Is(target error) bool { return target == ErrTimeout && e.timeout }

// Timeout reports whether the last try timed out.
func (e *TransportError) Timeout() bool { return e.timeout }

// urlError prefixes err with the URL in the user's terms.
func urlError(rawURL string, err error) error {
	return fmt.Errorf("fetch %s: %w", rawURL, err)
}
