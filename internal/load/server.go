package load

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// probe reads one small answer of the server on a fresh connection that it
// closes, so it leaves no connection (and no server goroutine) behind.
func probe(req *http.Request) (*http.Response, error) {
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	return c.Do(req)
}

// Goroutines reads go_goroutines from the server's /metrics.
func Goroutines(ctx context.Context, target string) (float64, error) {
	if err := CheckLoopback(target); err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := probe(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET /metrics: status %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("GET /metrics: %w", err)
	}
	f := fams["go_goroutines"]
	if f == nil || len(f.GetMetric()) == 0 {
		return 0, fmt.Errorf("GET /metrics: no go_goroutines")
	}
	return f.GetMetric()[0].GetGauge().GetValue(), nil
}

// Settled waits up to limit for the server's goroutines to come back to
// at most baseline, and returns the last count read.
func Settled(ctx context.Context, target string, baseline float64, limit time.Duration) (float64, error) {
	deadline := time.Now().Add(limit)
	for {
		n, err := Goroutines(ctx, target)
		if err != nil || n <= baseline || time.Now().After(deadline) {
			return n, err
		}
		select {
		case <-ctx.Done():
			return n, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// PeakRSS reads the peak resident set size (VmHWM) of a process, in bytes.
func PeakRSS(pid int) (int64, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
