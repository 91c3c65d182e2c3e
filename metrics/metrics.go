// Package metrics owns newsarchive's Prometheus metrics: one registry per
// server (no globals) holding what fetching, scraping, indexing, searching,
// exporting and scrape jobs count, the archive's size and indexing queue
// read when Prometheus asks, and the /metrics handler.
package metrics

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"newsarchive/archive"
)

// Namespace prefixes every metric name.
const Namespace = "newsarchive"

// Counter is what the archive gauges read (archive.Archive has it).
type Counter interface {
	Count(ctx context.Context) (archive.Counts, error)
}

// Metrics is the registry of one server and its instruments. All methods
// are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	pagesFetched   *prometheus.CounterVec   // site, outcome
	fetchSeconds   *prometheus.HistogramVec // site
	articles       *prometheus.CounterVec   // site, outcome
	indexed        prometheus.Counter
	indexSeconds   prometheus.Histogram
	searchSeconds  *prometheus.HistogramVec // route
	exportSeconds  *prometheus.HistogramVec // format
	jobs           *prometheus.CounterVec   // site, trigger, result
	jobLastSuccess *prometheus.GaugeVec     // site
	archive        *archiveCollector        // nil without an archive
}

// New builds the registry with every metric, the Go runtime and process
// metrics, and — when arch is set — the archive's article count and
// indexing queue length, read at each scrape of /metrics.
func New(arch Counter) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		pagesFetched: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "pages_fetched_total",
			Help: "Pages requested from the sites, by outcome (ok, not_modified, gone, status_error, timeout, ...).",
		}, []string{"site", "outcome"}),
		fetchSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "fetch_duration_seconds",
			Help:    "Time to fetch one page, waits for the rate limit and retries included.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2, 5, 10, 30, 60, 120},
		}, []string{"site"}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "articles_scraped_total",
			Help: "Candidate articles handled by scrapes in this server, by outcome (new, updated, unchanged, not_modified, failed, gone, skipped_*).",
		}, []string{"site", "outcome"}),
		indexed: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "articles_indexed_total",
			Help: "Articles written to the index (new ones and new versions).",
		}),
		indexSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "index_batch_duration_seconds",
			Help:    "Time to extract entities from and index one batch of articles.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}),
		searchSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "search_duration_seconds",
			Help:    "Time to answer a search (the API, the search page, the landing page).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		exportSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "export_duration_seconds",
			Help:    "Time to stream one export, by format.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}, []string{"format"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "scrape_jobs_total",
			Help: "Scrape jobs run by this server, by trigger (schedule, api) and result (done, failed, interrupted, skipped, error).",
		}, []string{"site", "trigger", "result"}),
		jobLastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "scrape_last_success_timestamp_seconds",
			Help: "When a scrape job of the site last finished done (Unix time); alert when it grows old.",
		}, []string{"site"}),
	}
	m.reg.MustRegister(m.pagesFetched, m.fetchSeconds, m.articles, m.indexed, m.indexSeconds,
		m.searchSeconds, m.exportSeconds, m.jobs, m.jobLastSuccess,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if arch != nil {
		m.archive = newArchiveCollector(arch)
		m.reg.MustRegister(m.archive)
	}
	return m
}

// Registry is the registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format (or
// OpenMetrics when asked). A metric that cannot be read is left out and
// the rest is served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:      m.reg,
		ErrorHandling: promhttp.ContinueOnError,
		Timeout:       10 * time.Second,
	})
}

// ObserveSearch records how long a search took, by route (the route's
// pattern, e.g. /api/search).
func (m *Metrics) ObserveSearch(route string, took time.Duration) {
	m.searchSeconds.WithLabelValues(route).Observe(took.Seconds())
}

// ObserveExport records how long an export took, by format (csv, json,
// ndjson; anything else is "other").
func (m *Metrics) ObserveExport(format string, took time.Duration) {
	switch format {
	case "csv", "json", "ndjson":
	default:
		format = "other"
	}
	m.exportSeconds.WithLabelValues(format).Observe(took.Seconds())
}

// IndexBatch counts one committed index batch (indexer.Indexer.OnBatch).
func (m *Metrics) IndexBatch(n int, took time.Duration) {
	m.indexed.Add(float64(n))
	m.indexSeconds.Observe(took.Seconds())
}

// JobFinished counts one scrape job by how it ended (jobs.Config.OnFinish).
func (m *Metrics) JobFinished(site, trigger, result string) {
	m.jobs.WithLabelValues(site, trigger, result).Inc()
	if result == archive.RunDone {
		m.jobLastSuccess.WithLabelValues(site).SetToCurrentTime()
	}
}

// Lag says how many of the archive's changes this node's index has not
// taken yet (indexer.Index.Lag).
type Lag func(ctx context.Context) (int, error)

// SetLag makes /metrics export the node's lag behind the archive.
func (m *Metrics) SetLag(lag Lag) {
	if m.archive != nil {
		m.archive.lag.Store(&lag)
	}
}

// archiveCollector reads the archive's counts, the node's lag and the
// archive's round trip when Prometheus scrapes.
type archiveCollector struct {
	arch                               Counter
	lag                                atomic.Pointer[Lag]
	articles, pending, behind, rtt, up *prometheus.Desc
}

func newArchiveCollector(arch Counter) *archiveCollector {
	return &archiveCollector{
		arch:     arch,
		articles: prometheus.NewDesc(Namespace+"_archive_articles", "Articles in the archive.", nil, nil),
		pending: prometheus.NewDesc(Namespace+"_index_pending_articles",
			"Articles whose current version waits for its entities (and so for the indexes).", nil, nil),
		behind: prometheus.NewDesc(Namespace+"_index_lag_changes",
			"Changes of the archive's feed this node's index has not taken yet.", nil, nil),
		rtt: prometheus.NewDesc(Namespace+"_archive_roundtrip_seconds",
			"How long the archive took to answer this scrape's count.", nil, nil),
		up: prometheus.NewDesc(Namespace+"_archive_up", "1 when the archive answered this scrape, else 0.", nil, nil),
	}
}

func (c *archiveCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.articles, c.pending, c.behind, c.rtt, c.up} {
		ch <- d
	}
}

func (c *archiveCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	n, err := c.arch.Count(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(c.rtt, prometheus.GaugeValue, time.Since(start).Seconds())
	ch <- prometheus.MustNewConstMetric(c.articles, prometheus.GaugeValue, float64(n.Articles))
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(n.Pending))
	if lag := c.lag.Load(); lag != nil {
		if behind, err := (*lag)(ctx); err == nil {
			ch <- prometheus.MustNewConstMetric(c.behind, prometheus.GaugeValue, float64(behind))
		}
	}
}
