package load

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"text/tabwriter"
	"time"
)

// Kinds of request a client makes.
const (
	KindLanding     = "landing"       // GET / (everything, all facets)
	KindSearchText  = "search_text"   // GET /api/search?q=words
	KindSearchPage  = "search_page"   // GET /search?q=words (HTML)
	KindFilter      = "search_filter" // GET /api/search with person/country/date filters
	KindFacetClick  = "facet_click"   // the previous search narrowed by a facet value it returned
	KindArticle     = "article"       // GET /articles/:id (HTML)
	KindArticleAPI  = "article_api"   // GET /api/articles/:id
	KindFacetValues = "facet_values"  // GET /api/facets/:field?prefix=
	KindFeed        = "feed"          // GET /feed.atom?...
	KindExport      = "export"        // GET /api/export?format=...
)

// KindStats summarises the requests of one kind.
type KindStats struct {
	Kind     string  `json:"kind"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	P50ms    float64 `json:"p50_ms"`
	P95ms    float64 `json:"p95_ms"`
	P99ms    float64 `json:"p99_ms"`
	MaxMS    float64 `json:"max_ms"`
}

// Report is what a load run measured.
type Report struct {
	Target  string `json:"target"`
	Clients int    `json:"clients"`
	// Hostile is how many clients sent only expensive queries beside them.
	Hostile  int           `json:"hostile_clients,omitempty"`
	Duration time.Duration `json:"duration_ns"`
	// Requests and Errors count every request, the hostile ones included.
	Requests int `json:"requests"`
	Errors   int `json:"errors"`
	// Kinds holds the statistics per kind of request, and "all": every
	// request of the ordinary clients (the hostile ones have their own row).
	Kinds []KindStats `json:"kinds"`
	// ErrorSamples are the first errors seen, for the reader.
	ErrorSamples []string `json:"error_samples,omitempty"`
	// Server side: peak resident memory (VmHWM) and goroutines before the
	// run and after it (idle connections closed, settled).
	PeakRSS          int64   `json:"server_peak_rss_bytes"`
	GoroutinesBefore float64 `json:"server_goroutines_before"`
	GoroutinesAfter  float64 `json:"server_goroutines_after"`
	// Set by a Session: the archive, and what the scrape beside the load
	// archived and the server indexed meanwhile.
	Articles      int `json:"articles,omitempty"`
	ScrapedDuring int `json:"scraped_during,omitempty"`
	PendingAfter  int `json:"pending_after"`
	// What the exports streamed.
	ExportedBytes int64 `json:"exported_bytes"`
	ExportedLines int   `json:"exported_lines"`
}

// recorder collects one client's timings.
type recorder struct {
	took    map[string][]time.Duration
	errs    map[string]int
	samples []string
}

func newRecorder() *recorder {
	return &recorder{took: map[string][]time.Duration{}, errs: map[string]int{}}
}

func (r *recorder) add(kind string, d time.Duration, err error) {
	r.took[kind] = append(r.took[kind], d)
	if err != nil {
		r.errs[kind]++
		if len(r.samples) < 5 {
			r.samples = append(r.samples, fmt.Sprintf("%s: %v", kind, err))
		}
	}
}

// summarise merges the clients' recorders into the report.
func (rep *Report) summarise(recs []*recorder) {
	all := map[string][]time.Duration{}
	errs := map[string]int{}
	for _, r := range recs {
		for k, ds := range r.took {
			all[k] = append(all[k], ds...)
			rep.Requests += len(ds)
			if k != KindHostile {
				all["all"] = append(all["all"], ds...)
			}
		}
		for k, n := range r.errs {
			errs[k] += n
			rep.Errors += n
			if k != KindHostile {
				errs["all"] += n
			}
		}
		for _, s := range r.samples {
			if len(rep.ErrorSamples) < 20 {
				rep.ErrorSamples = append(rep.ErrorSamples, s)
			}
		}
	}
	kinds := make([]string, 0, len(all))
	for k := range all {
		if k != "all" {
			kinds = append(kinds, k)
		}
	}
	sort.Strings(kinds)
	for _, k := range append(kinds, "all") {
		ds := all[k]
		slices.Sort(ds)
		rep.Kinds = append(rep.Kinds, KindStats{Kind: k, Requests: len(ds), Errors: errs[k],
			P50ms: ms(quantile(ds, 0.50)), P95ms: ms(quantile(ds, 0.95)), P99ms: ms(quantile(ds, 0.99)), MaxMS: ms(quantile(ds, 1))})
	}
}

// Kind returns the statistics of one kind ("all" for every request of the
// ordinary clients).
func (rep *Report) Kind(kind string) KindStats {
	for _, k := range rep.Kinds {
		if k.Kind == kind {
			return k
		}
	}
	return KindStats{Kind: kind}
}

// quantile is the nearest-rank quantile of sorted durations.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// WriteTable prints the report.
func (rep *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "load: %d clients", rep.Clients)
	if rep.Hostile > 0 {
		fmt.Fprintf(w, " + %d hostile", rep.Hostile)
	}
	fmt.Fprintf(w, " for %s against %s", rep.Duration.Round(time.Second), rep.Target)
	if rep.Articles > 0 {
		fmt.Fprintf(w, " (%d articles archived)", rep.Articles)
	}
	fmt.Fprintf(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\trequests\terrors\tp50 ms\tp95 ms\tp99 ms\tmax ms\t")
	for _, k := range rep.Kinds {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t\n", k.Kind, k.Requests, k.Errors, k.P50ms, k.P95ms, k.P99ms, k.MaxMS)
	}
	tw.Flush()
	secs := rep.Duration.Seconds()
	if secs > 0 {
		all := rep.Kind("all")
		fmt.Fprintf(w, "\n%d requests (%.0f/s), %d errors\n", all.Requests, float64(all.Requests)/secs, all.Errors)
		if h := rep.Kind(KindHostile); h.Requests > 0 {
			fmt.Fprintf(w, "and %d hostile requests (%.0f/s), %d errors\n", h.Requests, float64(h.Requests)/secs, h.Errors)
		}
	}
	fmt.Fprintf(w, "exports: %d lines, %.1f MB\n", rep.ExportedLines, float64(rep.ExportedBytes)/(1<<20))
	if rep.PeakRSS > 0 {
		fmt.Fprintf(w, "server peak RSS: %.0f MB\n", float64(rep.PeakRSS)/(1<<20))
	}
	fmt.Fprintf(w, "server goroutines: %.0f before, %.0f after\n", rep.GoroutinesBefore, rep.GoroutinesAfter)
	if rep.ScrapedDuring > 0 || rep.PendingAfter > 0 {
		fmt.Fprintf(w, "scraped and indexed during the load: %d articles (%d still pending at the end)\n", rep.ScrapedDuring, rep.PendingAfter)
	}
	for _, s := range rep.ErrorSamples {
		fmt.Fprintf(w, "error: %s\n", s)
	}
}
