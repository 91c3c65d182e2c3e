package bench

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Latency summarises the timings of one query class at one concurrency.
type Latency struct {
	Class   string  `json:"class"`
	Engine  string  `json:"engine"` // newsarchive or plain-bleve
	Clients int     `json:"clients"`
	Queries int     `json:"queries"`
	Errors  int     `json:"errors"`
	P50ms   float64 `json:"p50_ms"`
	P95ms   float64 `json:"p95_ms"`
	P99ms   float64 `json:"p99_ms"`
	QPS     float64 `json:"qps"`
}

// measure runs fn from clients goroutines until max queries were made or
// budget elapsed, and returns the latency percentiles.
func measure(ctx context.Context, clients, max int, budget time.Duration, fn func(ctx context.Context, i int) error) Latency {
	var mu sync.Mutex
	var took []time.Duration
	errs := 0
	next := 0
	start := time.Now()
	deadline := start.Add(budget)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next >= max || time.Now().After(deadline) || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				t0 := time.Now()
				err := fn(ctx, i)
				d := time.Since(t0)
				mu.Lock()
				took = append(took, d)
				if err != nil {
					errs++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	pct := func(p float64) float64 {
		if len(took) == 0 {
			return 0
		}
		i := int(float64(len(took)-1) * p)
		return float64(took[i].Microseconds()) / 1000
	}
	return Latency{Clients: clients, Queries: len(took), Errors: errs, P50ms: pct(0.50), P95ms: pct(0.95),
		P99ms: pct(0.99), QPS: float64(len(took)) / elapsed.Seconds()}
}
