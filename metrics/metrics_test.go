package metrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"newsarchive/archive"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/metrics"
	"newsarchive/scraper/scrape"
)

// scrapeMetrics GETs /metrics and parses it as Prometheus would.
func scrapeMetrics(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value finds the sample of a family whose labels include want and returns
// its value (counter, gauge) or its count (histogram).
func value(t *testing.T, fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	t.Helper()
	f, ok := fams[name]
	if !ok {
		t.Fatalf("no metric %s", name)
	}
next:
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	t.Fatalf("no sample of %s with labels %v", name, want)
	return 0
}

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	site, siteURL := testenv.SampleSite(t, samplesite.Options{})
	arch, err := archive.Open(ctx, filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer arch.Close()

	m := metrics.New(arch)
	opts := m.Instrument(testenv.ScrapeOptions(t, siteURL))
	rep, err := scrape.Run(ctx, arch, opts)
	if err != nil {
		t.Fatal(err)
	}
	m.JobFinished("rferl", "schedule", rep.State)
	m.JobFinished("rferl", "schedule", "skipped")
	m.IndexBatch(5, 20*time.Millisecond)
	m.SetLag(func(context.Context) (int, error) { return 7, nil })

	m.ObserveSearch("/api/search", time.Millisecond)
	m.ObserveSearch("/api/search", 2*time.Millisecond)
	m.ObserveExport("ndjson", time.Second)
	m.ObserveExport("zip", time.Second)
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	fams := scrapeMetrics(t, srv.URL)
	counts := rep.Counts
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"newsarchive_articles_scraped_total", map[string]string{"site": "rferl", "outcome": "new"}, float64(counts[scrape.New])},
		{"newsarchive_articles_scraped_total", map[string]string{"site": "rferl", "outcome": "skipped_robots"}, float64(counts["skipped_robots"])},
		{"newsarchive_articles_indexed_total", nil, 5},
		{"newsarchive_index_batch_duration_seconds", nil, 1},
		{"newsarchive_archive_articles", nil, float64(counts[scrape.New])},
		{"newsarchive_index_pending_articles", nil, float64(counts[scrape.New])}, // nothing indexed into the archive's queue
		{"newsarchive_search_duration_seconds", map[string]string{"route": "/api/search"}, 2},
		{"newsarchive_export_duration_seconds", map[string]string{"format": "ndjson"}, 1},
		{"newsarchive_export_duration_seconds", map[string]string{"format": "other"}, 1},
		{"newsarchive_scrape_jobs_total", map[string]string{"site": "rferl", "trigger": "schedule", "result": "done"}, 1},
		{"newsarchive_scrape_jobs_total", map[string]string{"result": "skipped"}, 1},
		{"newsarchive_index_lag_changes", nil, 7},
		{"newsarchive_archive_up", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := value(t, fams, tt.name, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
			}
		})
	}
	if counts["requests"] == 0 || counts[scrape.New] == 0 {
		t.Fatalf("the scrape did nothing: %v", counts)
	}
	// Pages: the articles and the discovery pages (sitemaps, feeds, sections).
	pages := value(t, fams, "newsarchive_pages_fetched_total", map[string]string{"site": "rferl", "outcome": "ok"})
	if pages <= float64(counts["fetched"]) || pages >= float64(len(site.Requests())) {
		t.Errorf("pages fetched ok = %v, want more than the %d articles and fewer than the site's %d requests (robots.txt is not a page)",
			pages, counts["fetched"], len(site.Requests()))
	}
	// Fetch latency: one observation per fetch, whatever its outcome.
	var fetches float64
	for _, m := range fams["newsarchive_pages_fetched_total"].GetMetric() {
		fetches += m.GetCounter().GetValue()
	}
	if n := value(t, fams, "newsarchive_fetch_duration_seconds", map[string]string{"site": "rferl"}); n != fetches {
		t.Errorf("fetch latency observations = %v, want %v", n, fetches)
	}
	if ts := value(t, fams, "newsarchive_scrape_last_success_timestamp_seconds", map[string]string{"site": "rferl"}); ts < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("last success = %v, want now", ts)
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
}

// Two servers in one process (tests, the demo) each have their own registry.
func TestRegistriesAreSeparate(t *testing.T) {
	a, b := metrics.New(nil), metrics.New(nil)
	a.IndexBatch(3, time.Millisecond)
	sa, sb := httptest.NewServer(a.Handler()), httptest.NewServer(b.Handler())
	defer sa.Close()
	defer sb.Close()
	if got := value(t, scrapeMetrics(t, sa.URL), "newsarchive_articles_indexed_total", nil); got != 3 {
		t.Errorf("a: indexed %v, want 3", got)
	}
	if got := value(t, scrapeMetrics(t, sb.URL), "newsarchive_articles_indexed_total", nil); got != 0 {
		t.Errorf("b: indexed %v, want 0", got)
	}
}
