// Package load drives a running newsarchive server the way its users do —
// many concurrent clients mixing text searches, filters, facet clicks on
// the facets the server returned, article views, facet-value searches,
// feeds and exports — and reports what it saw: requests and errors,
// latency percentiles per kind of request, the server's peak memory and
// its goroutines before and after. It only talks to loopback servers and
// is bounded in clients, time and requests. Session runs the whole
// exercise of `make load`: a generated archive, `serve`, and a scrape
// indexing beside the load.
package load

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"
)

// Limits of one run.
const (
	DefaultClients     = 32
	MaxClients         = 512
	DefaultDuration    = 60 * time.Second
	MaxDuration        = 30 * time.Minute
	DefaultMaxRequests = 2_000_000
	DefaultTimeout     = 60 * time.Second
	// DefaultExportMax is the largest result set a client exports; bigger
	// ones are narrowed by a facet click first.
	DefaultExportMax = 2000
)

// Config shapes one load run.
type Config struct {
	// Target is the server's base URL, e.g. http://127.0.0.1:8080; only
	// loopback addresses are accepted.
	Target      string
	Clients     int           // concurrent clients (default 32)
	Duration    time.Duration // how long to run (default 60 s)
	MaxRequests int           // stop after the clients made this many requests, the hostile ones' not counted (default 2,000,000)
	Timeout     time.Duration // per request (default 60 s)
	ExportMax   int           // largest result set to export (default 2000)
	Seed        uint64        // drives the clients' choices
	// Hostile adds clients that send only expensive queries (KindHostile)
	// beside the others: the cheap requests must keep answering.
	Hostile int
	// ServerPID is the server's process id, for its peak RSS (0: not
	// reported).
	ServerPID int
}

func (c Config) withDefaults() (Config, error) {
	if err := CheckLoopback(c.Target); err != nil {
		return c, err
	}
	if c.Clients == 0 {
		c.Clients = DefaultClients
	}
	if c.Duration == 0 {
		c.Duration = DefaultDuration
	}
	if c.MaxRequests == 0 {
		c.MaxRequests = DefaultMaxRequests
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.ExportMax == 0 {
		c.ExportMax = DefaultExportMax
	}
	switch {
	case c.Hostile < 0 || c.Hostile > MaxClients:
		return c, fmt.Errorf("load: %d hostile clients: use 0 to %d", c.Hostile, MaxClients)
	case c.Clients < 1 || c.Clients > MaxClients:
		return c, fmt.Errorf("load: %d clients: use 1 to %d", c.Clients, MaxClients)
	case c.Duration < 0 || c.Duration > MaxDuration:
		return c, fmt.Errorf("load: duration %s: use up to %s", c.Duration, MaxDuration)
	case c.MaxRequests < 1:
		return c, fmt.Errorf("load: max requests %d: use 1 or more", c.MaxRequests)
	}
	return c, nil
}

// ErrNotLoopback is returned for a target that is not on this machine.
var ErrNotLoopback = errors.New("load runs against loopback servers only")

// CheckLoopback accepts http URLs whose host is a loopback address
// (127.0.0.0/8, ::1) or "localhost": the generator never loads anyone
// else's server.
func CheckLoopback(target string) error {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("load: target %q: want http://127.0.0.1:PORT", target)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("load: target %q: %w", target, ErrNotLoopback)
	}
	return nil
}
