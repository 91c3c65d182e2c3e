package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"newsarchive/indexer"
	"newsarchive/jobs"
	"newsarchive/metrics"
	"newsarchive/scraper"
	"newsarchive/scraper/scrape"
	"newsarchive/search"
	"newsarchive/web"
)

// serveConfig holds the flags of serve.
type serveConfig struct {
	addr        string
	publicURL   string // checked by check: no trailing slash
	indexEvery  time.Duration
	shutdownMax time.Duration

	scrape scrapeFlags // the options of scheduled and API jobs
	jobs   jobFlags
	setup  jobSetup // checked from scrape and jobs; zero: no jobs (demo)
}

func (app *App) serveCommand() *cobra.Command {
	var sc serveConfig
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--schedule SPEC] [--site NAME]... [scrape flags]",
		Short: "Serve the web UI and the JSON API; index what scrapes archive; scrape on a schedule",
		Long: `serve runs the web UI and the JSON API, and indexes within seconds what any
scrape archives (its own jobs, or a crontab "newsarchive scrape").

With --schedule it scrapes the --site sites itself (5 cron fields, @hourly,
@daily, "@every 30m"; in --tz); the scrape flags (--base-url, --rate,
--since, --max, ...) apply to those jobs. A job never overlaps the previous
one of its site. With NEWSARCHIVE_ADMIN_TOKEN set, POST /api/scrape starts a
job on request. GET /api/jobs lists jobs, /metrics serves Prometheus
metrics, /healthz says whether the archive and index are usable. Atom feeds
link relatively, or absolutely on --public-url (the address readers reach
the server at); never on the address a request names.

SIGINT/SIGTERM shut down cleanly: requests in flight finish (up to
--shutdown-timeout), running jobs stop at a safe point and are recorded as
interrupted (the next run resumes), the index batch in hand is finished.`,
		Example: `  newsarchive serve
  newsarchive serve --addr 0.0.0.0:8080 --schedule @hourly --site rferl --site svoboda
  newsarchive serve --schedule "17 */2 * * *" --tz Europe/Prague --jitter 5m --site rferl
  NEWSARCHIVE_ADMIN_TOKEN=$(cat /etc/newsarchive/token) newsarchive serve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := sc.check(); err != nil {
				return err
			}
			return app.serve(cmd.Context(), sc, nil)
		},
	}
	sc.flags(cmd)
	sc.scrape.register(cmd.Flags())
	sc.jobs.register(cmd.Flags())
	return cmd
}

func (sc *serveConfig) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&sc.addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&sc.publicURL, "public-url", "", "the address readers reach the server at (e.g. https://news.example.org), for absolute links in feeds; default: relative links")
	cmd.Flags().DurationVar(&sc.indexEvery, "index-every", 2*time.Second, "how often to index articles that other processes archived")
	cmd.Flags().DurationVar(&sc.shutdownMax, "shutdown-timeout", 10*time.Second, "how long in-flight requests and running jobs may take to stop on shutdown")
}

// check validates every flag of serve before anything is opened.
func (sc *serveConfig) check() error {
	if sc.indexEvery <= 0 {
		return fmt.Errorf("--index-every %s: use a positive duration such as 2s", sc.indexEvery)
	}
	if sc.shutdownMax <= 0 {
		return fmt.Errorf("--shutdown-timeout %s: use a positive duration such as 10s", sc.shutdownMax)
	}
	if _, _, err := net.SplitHostPort(sc.addr); err != nil {
		return fmt.Errorf("--addr %q: use host:port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080", sc.addr)
	}
	if err := sc.checkPublicURL(); err != nil {
		return err
	}
	s, err := sc.jobs.check(&sc.scrape)
	if err != nil {
		return err
	}
	sc.setup = s
	return nil
}

// checkPublicURL validates --public-url (empty is fine: relative links).
func (sc *serveConfig) checkPublicURL() error {
	if sc.publicURL == "" {
		return nil
	}
	u, err := web.ParsePublicURL(sc.publicURL)
	if err != nil {
		return fmt.Errorf("--public-url %q: %w", sc.publicURL, err)
	}
	sc.publicURL = u
	return nil
}

// openServingIndex opens the index for a server; an index of an older
// mapping version is rebuilt first, with a message.
func (app *App) openServingIndex(ctx context.Context) (*indexer.Index, error) {
	ix, err := app.openIndex(ctx, "serve")
	if !errors.Is(err, indexer.ErrMappingVersion) {
		return ix, err
	}
	app.Log.Warn("the index was built by another version of newsarchive; rebuilding it from the archive")
	finder, ferr := app.finderFromArchive(ctx)
	if ferr != nil {
		return nil, ferr
	}
	bar := newProgress(app.Stderr, app.Log, "reindex")
	_, err = indexer.Rebuild(ctx, app.Config.Data, app.arch, finder, false, indexer.Holder{Command: "serve"}, bar.update)
	bar.finish()
	if err != nil {
		return nil, err
	}
	return app.openIndex(ctx, "serve")
}

// serve runs the server until ctx is done, then shuts down cleanly: stop
// accepting and the schedule, let in-flight requests finish and running
// jobs stop at a safe point (both bounded), finish the index batch in hand;
// the caller closes the index and the archive. ready, if set, receives the
// address once the server listens.
func (app *App) serve(ctx context.Context, sc serveConfig, ready func(addr string)) error {
	arch, err := app.openArchive(ctx)
	if err != nil {
		return err
	}
	app.markDeadRuns(ctx, arch)
	if n, err := jobs.Reclaim(ctx, arch, scraper.ProfileNames()); err != nil {
		return err
	} else if n > 0 {
		app.Log.Warn("marked scrape runs of an earlier process with this pid as interrupted", "runs", n)
	}
	ix, err := app.openServingIndex(ctx)
	if err != nil {
		return err
	}
	finder, err := app.finder(ctx, ix)
	if err != nil {
		return err
	}

	named, err := app.queryEntities(ctx, ix)
	if err != nil {
		return err
	}
	met := metrics.New(arch)
	met.SetLag(func(ctx context.Context) (int, error) { return ix.Lag(ctx, arch) })
	jobCfg := jobs.Config{Archive: arch, Schedule: sc.setup.schedule, Sites: sc.setup.sites,
		Jitter: sc.setup.jitter, Log: app.Log, OnFinish: met.JobFinished}
	if opts := sc.setup.options; opts != nil {
		jobCfg.Options = func(site string) (scrape.Options, error) {
			o, err := opts(site)
			return met.Instrument(o), err
		}
	}
	mgr, err := jobs.New(jobCfg)
	if err != nil {
		return err
	}
	srv := &web.Server{
		Engine:     &search.Engine{Index: ix, Archive: arch, Log: app.Log, Entities: named},
		Archive:    arch,
		Log:        app.Log,
		PublicURL:  sc.publicURL,
		Jobs:       mgr,
		AdminToken: sc.setup.token,
		Metrics:    met,
		Ready: func(ctx context.Context) error {
			if _, err := ix.DocCount(); err != nil {
				return fmt.Errorf("index: %w", err)
			}
			return nil
		},
	}
	handler, err := srv.Handler()
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", sc.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", sc.addr, err)
	}
	addr := ln.Addr().String()
	if err := ix.SetAddr("serve", addr); err != nil {
		ln.Close()
		return err
	}

	httpSrv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}

	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		x := &indexer.Indexer{Index: ix, Archive: arch, Finder: finder, Log: app.Log, OnBatch: met.IndexBatch}
		x.Watch(work, sc.indexEvery)
	}()

	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	app.Log.Info("serving", "url", "http://"+addr+"/", "admin_routes", sc.setup.token != "")
	mgr.Start()
	if ready != nil {
		ready(addr)
	}

	select {
	case err = <-serveErr:
	case <-ctx.Done():
		app.Log.Info("shutting down")
	}
	app.shutdown(context.WithoutCancel(ctx), sc.shutdownMax, httpSrv, mgr)
	stopWork()
	wg.Wait() // the indexer finishes the batch in hand
	app.Log.Info("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// shutdown stops the HTTP server and the jobs side by side, each bounded
// by bound: requests in flight finish, running scrapes stop at a safe point.
func (app *App) shutdown(ctx context.Context, bound time.Duration, httpSrv *http.Server, mgr *jobs.Manager) {
	ctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := mgr.Stop(ctx); err != nil {
			app.Log.Warn("scrape jobs did not stop in time", "err", err)
		}
	}()
	if err := httpSrv.Shutdown(ctx); err != nil {
		app.Log.Warn("in-flight requests cut off at shutdown", "err", err)
		httpSrv.Close()
	}
	wg.Wait()
}

// jobsPage feeds the /jobs page from the jobs manager.
