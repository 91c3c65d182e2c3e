package metrics

import (
	"time"

	"newsarchive/scraper/fetch"
	"newsarchive/scraper/scrape"
)

// Instrument returns opts with the fetch observer and the outcome hook that
// count a scrape's pages and articles under its site's name. Hooks already
// set are kept and called too.
func (m *Metrics) Instrument(opts scrape.Options) scrape.Options {
	site := opts.Profile.Name
	opts.Fetch.Observer = fetchObserver{m: m, site: site, next: opts.Fetch.Observer}
	prev := opts.OnOutcome
	opts.OnOutcome = func(outcome string) {
		m.articles.WithLabelValues(site, outcome).Inc()
		if prev != nil {
			prev(outcome)
		}
	}
	return opts
}

// fetchObserver counts fetches by outcome and their latency.
type fetchObserver struct {
	m    *Metrics
	site string
	next fetch.Observer
}

func (o fetchObserver) OnFetch(host, outcome string, took time.Duration) {
	o.m.pagesFetched.WithLabelValues(o.site, outcome).Inc()
	o.m.fetchSeconds.WithLabelValues(o.site).Observe(took.Seconds())
	if o.next != nil {
		o.next.OnFetch(host, outcome, took)
	}
}
