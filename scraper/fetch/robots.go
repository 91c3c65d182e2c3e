package fetch

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/temoto/robotstxt"
)

// robotsEntry is the robots.txt verdict for one scheme+host, fetched once
// and kept for the fetcher's life.
type robotsEntry struct {
	ready       chan struct{}
	group       *robotstxt.Group // rules for our agent; nil with allowAll/disallowAll
	allowAll    bool
	disallowAll bool
	why         string // why all is disallowed, when robots.txt could not be used
	err         error  // a refusal that is not a robots verdict (private address, cancelled)
}

// robotsAllow reports whether robots.txt of u's host allows u, and when
// it does not because robots.txt was unusable, why.
func (f *Fetcher) robotsAllow(ctx context.Context, u *url.URL) (bool, string, error) {
	e, err := f.robotsFor(ctx, u)
	if err != nil {
		return false, "", err
	}
	switch {
	case e.allowAll:
		return true, "", nil
	case e.disallowAll:
		return false, e.why, nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return e.group.Test(path), "", nil
}

// robotsFor returns the cached entry of u's host, loading it once; other
// goroutines asking meanwhile wait for that load.
func (f *Fetcher) robotsFor(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	key := u.Scheme + "://" + hostKey(u)
	for {
		f.mu.Lock()
		e, ok := f.robots[key]
		if !ok {
			e = &robotsEntry{ready: make(chan struct{})}
			f.robots[key] = e
			f.mu.Unlock()
			f.loadRobots(ctx, u, e)
			if isContextErr(e.err) {
				// Not a verdict: let the next caller try again.
				f.mu.Lock()
				delete(f.robots, key)
				f.mu.Unlock()
			}
			close(e.ready)
			return e, e.err
		}
		f.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, urlError(u.String(), ctx.Err())
		case <-e.ready:
		}
		if isContextErr(e.err) {
			continue // the loader was cancelled; load it ourselves
		}
		return e, e.err
	}
}

// loadRobots fetches and judges robots.txt as RFC 9309 says: 2xx → the
// rules; 4xx → no rules (allow all); 5xx, no answer, or rules we cannot
// read → disallow all, for the fetcher's life. The fetch itself is polite
// (rate limit, retries) and follows up to MaxRedirects hops within Hosts.
func (f *Fetcher) loadRobots(ctx context.Context, u *url.URL, e *robotsEntry) {
	robotsURL := u.Scheme + "://" + u.Host + "/robots.txt"
	log := f.cfg.Logger.With("url", robotsURL)
	resp, err := f.do(ctx, Request{URL: robotsURL, MaxBody: robotsMaxBody}, doOpts{truncate: true})
	var se *StatusError
	switch {
	case err == nil:
		data, perr := robotstxt.FromBytes(resp.Body)
		if perr != nil {
			// RFC 9309 asks parsers to skip what they cannot use; the
			// library refuses the whole file instead, so drop the lines
			// it trips on (rules before any User-agent, bad Crawl-delay).
			log.Info("robots.txt has lines we cannot use: ignoring them", "reason", perr.Error())
			data, perr = robotstxt.FromBytes(sanitizeRobots(resp.Body))
		}
		if perr != nil {
			log.Warn("robots.txt unreadable: treating the host as disallowed", "reason", perr.Error())
			e.disallowAll, e.why = true, "robots.txt unreadable"
			return
		}
		e.group = data.FindGroup(f.token)
		if d := e.group.CrawlDelay; d > 0 {
			if f.hostState(hostKey(u)).slowTo(f.clock.Now(), d) {
				log.Info("robots.txt asks for a crawl delay: slowing down", "crawl_delay_ms", d.Milliseconds())
			}
		}
	case isContextErr(err), errors.Is(err, ErrPrivateAddress), errors.Is(err, ErrInvalidURL):
		e.err = err
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500 && se.Code != 429:
		log.Debug("no robots.txt: allowing all", "status", se.Code)
		e.allowAll = true
	case errors.Is(err, ErrRedirectLoop), errors.Is(err, ErrTooManyRedirects):
		// RFC 9309 §2.3.1.2: too many redirects → robots.txt unavailable.
		log.Warn("robots.txt redirects too often: treating it as absent", "reason", err.Error())
		e.allowAll = true
	default:
		reason := strings.TrimPrefix(err.Error(), "fetch "+robotsURL+": ")
		log.Warn("robots.txt unreachable: treating the host as disallowed", "reason", reason)
		e.disallowAll, e.why = true, "robots.txt unreachable: "+reason
	}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || (errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrTimeout))
}

// sanitizeRobots drops the lines a strict parser rejects: group rules
// before the first User-agent line (which belong to no group) and
// Crawl-delay values that are not a non-negative number.
func sanitizeRobots(body []byte) []byte {
	var out bytes.Buffer
	seenAgent := false
	for line := range bytes.Lines(body) {
		text := line
		if i := bytes.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		key, value, found := bytes.Cut(text, []byte(":"))
		if found {
			k := string(bytes.ToLower(bytes.TrimSpace(key)))
			v := string(bytes.TrimSpace(value))
			switch k {
			case "user-agent":
				seenAgent = true
			case "allow", "disallow", "crawl-delay", "crawldelay":
				if !seenAgent {
					continue
				}
				if k == "crawl-delay" || k == "crawldelay" {
					if d, err := strconv.ParseFloat(v, 64); err != nil || d < 0 || math.IsInf(d, 0) || math.IsNaN(d) {
						continue
					}
				}
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}
