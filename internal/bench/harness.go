package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
	"newsarchive/indexer/facets"
	"newsarchive/search"
)

// Config shapes one benchmark run.
type Config struct {
	N       int           // articles
	Seed    uint64        // corpus seed
	Dir     string        // work directory (a fresh data directory is made in it)
	Clients []int         // concurrency levels, e.g. 1, 4, 32
	Queries int           // queries per class and concurrency (at most)
	Budget  time.Duration // time per class and concurrency (at most)
	Plain   bool          // also measure a plain-Bleve index of the same corpus
	ExportN int           // matches to export in class (f)
	// ProfileDir, if set, receives a CPU profile of each query class (its
	// one-client run) and of the indexing phase.
	ProfileDir string
	// Reuse, if set, is the data directory of an earlier run (kept with
	// -keep) to measure again without importing and indexing.
	Reuse string
	// Archive, if set, is a postgres:// URL of an empty database to hold
	// the archive instead of the data directory's SQLite file.
	Archive  string
	Progress io.Writer // progress lines (nil: none)
}

// Phase is one measured step.
type Phase struct {
	Name     string  `json:"name"`
	Engine   string  `json:"engine"`
	Articles int     `json:"articles"`
	Seconds  float64 `json:"seconds"`
	PerSec   float64 `json:"per_second"`
	PeakRSS  int64   `json:"peak_rss_bytes"`
	// PeakAnon is the peak of resident anonymous memory (heap, stacks):
	// PeakRSS less the index files mapped into memory.
	PeakAnon int64 `json:"peak_anon_bytes"`
}

// Report is what a run measured.
type Report struct {
	N          int       `json:"n"`
	GOMAXPROCS int       `json:"gomaxprocs"`
	CPU        string    `json:"cpu"`
	When       time.Time `json:"when"`
	Phases     []Phase   `json:"phases"`
	Latencies  []Latency `json:"latencies"`
	// Sizes per article, in bytes. ArchivePerArticle is that of the SQLite
	// archive (0: not measured, as with a PostgreSQL archive).
	ArchivePerArticle    float64 `json:"archive_bytes_per_article,omitempty"`
	IndexPerArticle      float64 `json:"index_bytes_per_article"`
	PlainIndexPerArticle float64 `json:"plain_index_bytes_per_article,omitempty"`
}

func (cfg *Config) logf(format string, args ...any) {
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}
}

// Run builds the corpus, imports and indexes it, and measures.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Queries == 0 {
		cfg.Queries = 200
	}
	if cfg.Budget == 0 {
		cfg.Budget = 10 * time.Second
	}
	if len(cfg.Clients) == 0 {
		cfg.Clients = []int{1, 4, 32}
	}
	if cfg.ExportN == 0 {
		cfg.ExportN = 100_000
	}
	rep := &Report{N: cfg.N, GOMAXPROCS: runtime.GOMAXPROCS(0), CPU: cpuName(), When: time.Now().UTC()}
	corpus, err := NewCorpus(cfg.Seed)
	if err != nil {
		return nil, err
	}
	data := DataDir(cfg)
	if cfg.Reuse != "" {
		data = cfg.Reuse
	} else if err := os.RemoveAll(data); err != nil {
		return nil, err
	}
	target := filepath.Join(data, "archive.db")
	if cfg.Archive != "" {
		target = cfg.Archive
	}
	arch, err := archive.Open(ctx, target)
	if err != nil {
		return nil, err
	}
	defer arch.Close()
	if cfg.Reuse == "" {
		if err := buildIndex(ctx, cfg, corpus, data, arch, rep); err != nil {
			return nil, err
		}
		// A node added later: a fresh index follows the whole feed (the
		// entities are stored already).
		ph, err := timed("catch-up (new node)", cfg.N, func() error {
			return catchUp(ctx, cfg, arch, filepath.Join(cfg.Dir, "node-2"))
		})
		if err != nil {
			return nil, err
		}
		rep.Phases = append(rep.Phases, ph)
		cfg.logf("a new node caught up: %.0f/s", ph.PerSec)
	}

	// Open: what a server start costs (facet store loaded from the archive).
	var ix *indexer.Index
	ph, err := timed("open (load facets)", cfg.N, func() error {
		defer cfg.profile("open", true)()
		ix, err = indexer.Open(ctx, data, arch, indexer.Holder{Command: "bench"})
		return err
	})
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	rep.Phases = append(rep.Phases, ph)
	cfg.logf("opened in %.1fs", ph.Seconds)

	if cfg.Archive == "" { // a PostgreSQL archive's size is not measured
		rep.ArchivePerArticle = float64(fileSizes(filepath.Join(data, "archive.db"))) / float64(cfg.N)
	}
	rep.IndexPerArticle = float64(dirSize(indexer.Dir(data))) / float64(cfg.N)
	return measureQueries(ctx, cfg, corpus, data, arch, ix, rep)
}

// buildIndex imports the corpus into the archive and indexes it.
func buildIndex(ctx context.Context, cfg Config, corpus *Corpus, data string, arch *archive.Archive, rep *Report) error {
	// Import: generate and archive.
	ph, err := timed("import", cfg.N, func() error { return importCorpus(ctx, cfg, corpus, arch) })
	if err != nil {
		return err
	}
	rep.Phases = append(rep.Phases, ph)
	cfg.logf("imported %d articles: %.0f/s", cfg.N, ph.PerSec)

	// Index: entity extraction + Bleve + facet store.
	ph, err = timed("index (with extraction)", cfg.N, func() error {
		defer cfg.profile("index", true)()
		n, err := indexAll(ctx, data, arch)
		if err == nil && n != cfg.N {
			err = fmt.Errorf("indexed %d of %d", n, cfg.N)
		}
		return err
	})
	if err != nil {
		return err
	}
	rep.Phases = append(rep.Phases, ph)
	cfg.logf("indexed: %.0f/s", ph.PerSec)
	return nil
}

// catchUp builds a second index in dir from the archive's feed.
func catchUp(ctx context.Context, cfg Config, arch *archive.Archive, dir string) error {
	os.RemoveAll(dir)
	defer os.RemoveAll(dir)
	n, err := indexAll(ctx, dir, arch)
	if err == nil && n != cfg.N {
		err = fmt.Errorf("the new node indexed %d of %d", n, cfg.N)
	}
	return err
}

// indexAll opens (or creates) the index in dir and indexes every article
// of the archive's feed it does not hold yet, finding the entities of those
// that have none stored. It returns how many it indexed.
func indexAll(ctx context.Context, dir string, arch *archive.Archive) (int, error) {
	ix, err := indexer.Open(ctx, dir, arch, indexer.Holder{Command: "bench"})
	if err != nil {
		return 0, err
	}
	ex, err := entities.New()
	if err != nil {
		ix.Close()
		return 0, err
	}
	x := &indexer.Indexer{Index: ix, Archive: arch, Finder: indexer.NewEntityFinder(ex, nil), BatchSize: 1000,
		Log: slog.New(slog.DiscardHandler)}
	n, err := x.IndexPending(ctx)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// measureQueries runs the query classes, the export and (with Plain) the
// same on a plain Bleve index.
func measureQueries(ctx context.Context, cfg Config, corpus *Corpus, data string, arch *archive.Archive, ix *indexer.Index, rep *Report) (*Report, error) {
	eng := &search.Engine{Index: ix, Archive: arch, NoCache: true} // measure the engine, not its cache
	qs := newQuerySet(cfg, corpus, eng)
	resetPeakRSS()
	stopAnon := anonPeak()
	for _, class := range qs.classes() {
		for _, clients := range cfg.Clients {
			stop := cfg.profile(class.name, clients == cfg.Clients[0])
			l := measure(ctx, clients, cfg.Queries, cfg.Budget, class.ours)
			stop()
			l.Class, l.Engine = class.name, "newsarchive"
			rep.Latencies = append(rep.Latencies, l)
			cfg.logf("%-28s %2d clients: p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  (%d queries, %d errors)",
				class.name, clients, l.P50ms, l.P95ms, l.P99ms, l.Queries, l.Errors)
		}
	}
	rep.Phases = append(rep.Phases, Phase{Name: "queries", Engine: "newsarchive", PeakRSS: peakRSS(), PeakAnon: stopAnon()})

	// (f) Export of up to ExportN matches.
	ph, err := timed("export (f)", 0, func() error {
		n, err := eng.Export(ctx, qs.exportQuery(), search.FormatCSV, io.Discard, nil)
		qs.exported = n
		return err
	})
	if err != nil {
		return nil, err
	}
	ph.Articles = qs.exported
	ph.PerSec = float64(qs.exported) / ph.Seconds
	rep.Phases = append(rep.Phases, ph)
	cfg.logf("exported %d rows: %.0f rows/s", qs.exported, ph.PerSec)

	if cfg.Plain {
		if err := runPlain(ctx, cfg, data, arch, qs, rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// DataDir is where a run keeps its data directory.
func DataDir(cfg Config) string { return filepath.Join(cfg.Dir, fmt.Sprintf("data-%d", cfg.N)) }

func timed(name string, n int, fn func() error) (Phase, error) {
	runtime.GC()
	resetPeakRSS()
	stop := anonPeak()
	start := time.Now()
	err := fn()
	secs := time.Since(start).Seconds()
	ph := Phase{Name: name, Engine: "newsarchive", Articles: n, Seconds: secs, PeakRSS: peakRSS(), PeakAnon: stop()}
	if n > 0 {
		ph.PerSec = float64(n) / secs
	}
	return ph, err
}

// importCorpus generates the articles on every core and archives them.
func importCorpus(ctx context.Context, cfg Config, c *Corpus, arch *archive.Archive) error {
	next := make(chan *article.Article, 256)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < cfg.N; i += workers {
				if ctx.Err() != nil {
					return
				}
				next <- c.Article(i)
			}
		}(w)
	}
	go func() { wg.Wait(); close(next) }()
	const batch = 500
	buf := make([]*article.Article, 0, batch)
	done := 0
	flush := func() error {
		if err := arch.SaveArticles(ctx, buf); err != nil {
			return err
		}
		done += len(buf)
		buf = buf[:0]
		if done%50000 == 0 {
			cfg.logf("imported %d", done)
		}
		return nil
	}
	for a := range next {
		buf = append(buf, a)
		if len(buf) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(buf) > 0 {
		return flush()
	}
	return ctx.Err()
}

func fileSizes(path string) int64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return n
}

func cpuName() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return runtime.GOARCH
}

// querySet holds the deterministic queries of each class.
type querySet struct {
	cfg      Config
	eng      *search.Engine
	words    [][]string
	people   []string
	lands    []string
	prefixes []string
	exported int
}

func newQuerySet(cfg Config, c *Corpus, eng *search.Engine) *querySet {
	r := rand.New(rand.NewPCG(cfg.Seed, 99))
	qs := &querySet{cfg: cfg, eng: eng}
	for i := 0; i < 500; i++ {
		var ws []string
		for n := 1 + r.IntN(3); n > 0; n-- {
			ws = append(ws, c.words[200+r.IntN(2000)])
		}
		qs.words = append(qs.words, ws)
	}
	eng.Index.Facets().Read(func(v *facets.View) error {
		for _, vc := range v.Top(facets.Person, v.All(), 20) {
			qs.people = append(qs.people, vc.Value)
		}
		for _, vc := range v.Top(facets.Country, v.All(), 10) {
			qs.lands = append(qs.lands, vc.Value)
		}
		return nil
	})
	for i := 0; i < 200; i++ {
		p := c.people[r.IntN(2000)].last
		qs.prefixes = append(qs.prefixes, strings.ToLower(p[:2+r.IntN(2)]))
	}
	return qs
}

type class struct {
	name string
	ours func(ctx context.Context, i int) error
	q    func(i int) url.Values
}

func (qs *querySet) text(i int) string { return strings.Join(qs.words[i%len(qs.words)], " ") }

func (qs *querySet) classes() []class {
	run := func(q func(i int) url.Values) func(context.Context, int) error {
		return func(ctx context.Context, i int) error {
			sq, err := search.ParseValues(q(i))
			if err != nil {
				return err
			}
			_, err = qs.eng.Search(ctx, sq)
			return err
		}
	}
	cs := []class{
		{name: "(a) text + facets", q: func(i int) url.Values { return url.Values{"q": {qs.text(i)}} }},
		{name: "(b) landing page", q: func(i int) url.Values { return url.Values{} }},
		{name: "(c) text + 2 filters", q: func(i int) url.Values {
			return url.Values{"q": {qs.words[i%len(qs.words)][0]}, "person": {qs.people[i%len(qs.people)]},
				"country": {qs.lands[i%len(qs.lands)]}}
		}},
		{name: "(e) deep page 500", q: func(i int) url.Values {
			if i%2 == 0 {
				return url.Values{"page": {"500"}, "sort": {"newest"}}
			}
			return url.Values{"q": {qs.words[i%len(qs.words)][0]}, "page": {"500"}}
		}},
	}
	for i := range cs {
		cs[i].ours = run(cs[i].q)
	}
	facetSearch := class{name: "(d) facet-value search", ours: func(ctx context.Context, i int) error {
		_, err := qs.eng.FacetValues(ctx, facets.Person, qs.prefixes[i%len(qs.prefixes)], search.Query{FacetSize: 10})
		return err
	}}
	return append(cs[:3], append([]class{facetSearch}, cs[3:]...)...)
}

// exportQuery matches about ExportN articles (the whole archive when smaller).
func (qs *querySet) exportQuery() search.Query {
	q := search.Query{Sort: search.SortNewest}
	if qs.cfg.N <= qs.cfg.ExportN {
		return q
	}
	// A date range holding about ExportN articles, newest first.
	qs.eng.Index.Facets().Read(func(v *facets.View) error {
		page := v.Page(v.All(), false, qs.cfg.ExportN-1, 1)
		if len(page) == 1 {
			d := v.Published(page[0])
			q.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
		}
		return nil
	})
	return q
}
