package load

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Run drives the server at cfg.Target with cfg.Clients clients (and
// cfg.Hostile hostile ones beside them) until cfg.Duration has passed or
// the ordinary clients made cfg.MaxRequests requests, and reports.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	conns := cfg.Clients + cfg.Hostile
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, IdleConnTimeout: 30 * time.Second}
	hc := &http.Client{Transport: tr, Timeout: cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	rep := &Report{Target: cfg.Target, Clients: cfg.Clients, Hostile: cfg.Hostile}
	if rep.GoroutinesBefore, err = Goroutines(ctx, cfg.Target); err != nil {
		return nil, fmt.Errorf("load: the server's goroutines before the run: %w", err)
	}

	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var made atomic.Int64
	clients := make([]*client, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range clients {
		c := &client{base: cfg.Target, http: hc, rec: newRecorder(), maxExp: cfg.ExportMax,
			r: rand.New(rand.NewPCG(cfg.Seed, uint64(i))), hostile: i >= cfg.Clients}
		clients[i] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Only the ordinary clients' requests count against
			// MaxRequests; the hostile ones stop with them.
			for runCtx.Err() == nil {
				if c.hostile {
					if made.Load() >= int64(cfg.MaxRequests) {
						return
					}
				} else if made.Add(1) > int64(cfg.MaxRequests) {
					return
				}
				c.step(runCtx)
			}
		}()
	}
	wg.Wait()
	rep.Duration = time.Now().Sub(start)
	tr.CloseIdleConnections()

	recs := make([]*recorder, len(clients))
	for i, c := range clients {
		recs[i] = c.rec
		rep.ExportedBytes += c.exports.bytes
		rep.ExportedLines += c.exports.lines
	}
	rep.summarise(recs)
	if cfg.ServerPID > 0 {
		rep.PeakRSS, _ = PeakRSS(cfg.ServerPID)
	}
	rep.GoroutinesAfter, err = Settled(ctx, cfg.Target, rep.GoroutinesBefore, 15*time.Second)
	if err != nil {
		return rep, fmt.Errorf("load: the server's goroutines after the run: %w", err)
	}
	return rep, ctx.Err()
}
