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
	"newsarchive/search"
	"newsarchive/search/web"
)

// serveConfig holds the flags of serve.
type serveConfig struct {
	addr        string
	indexEvery  time.Duration
	shutdownMax time.Duration
}

func (app *App) serveCommand() *cobra.Command {
	var sc serveConfig
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Serve the web UI and the JSON API; index what scrapes archive",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.serve(cmd.Context(), sc, nil)
		},
	}
	sc.flags(cmd)
	return cmd
}

func (sc *serveConfig) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&sc.addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().DurationVar(&sc.indexEvery, "index-every", 2*time.Second, "how often to index articles that other processes archived")
	cmd.Flags().DurationVar(&sc.shutdownMax, "shutdown-timeout", 10*time.Second, "how long in-flight requests may take to finish on shutdown")
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
	_, err = indexer.Rebuild(ctx, app.Config.Data, app.arch, finder, indexer.Holder{Command: "serve"}, bar.update)
	bar.finish()
	if err != nil {
		return nil, err
	}
	return app.openIndex(ctx, "serve")
}

// serve runs the server until ctx is done, then shuts down cleanly: stop
// accepting, let in-flight requests finish (bounded), finish the index batch
// in hand, close the index and the archive. ready, if set, receives the
// address once the server listens.
func (app *App) serve(ctx context.Context, sc serveConfig, ready func(addr string)) error {
	arch, err := app.openArchive(ctx)
	if err != nil {
		return err
	}
	if n, err := arch.MarkDeadRuns(ctx); err == nil && n > 0 {
		app.Log.Warn("marked scrape runs of dead processes as interrupted", "runs", n)
	}
	ix, err := app.openServingIndex(ctx)
	if err != nil {
		return err
	}
	finder, err := app.finder(ctx, ix)
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

	srv := &web.Server{
		Engine:  &search.Engine{Index: ix, Archive: arch, Log: app.Log},
		Archive: arch,
		Log:     app.Log,
	}
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
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
		x := &indexer.Indexer{Index: ix, Archive: arch, Finder: finder, Log: app.Log}
		x.Watch(work, sc.indexEvery)
	}()

	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	app.Log.Info("serving", "url", "http://"+addr+"/")
	if ready != nil {
		ready(addr)
	}

	select {
	case err = <-serveErr:
	case <-ctx.Done():
		app.Log.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sc.shutdownMax)
	defer cancel()
	if serr := httpSrv.Shutdown(shutdownCtx); serr != nil {
		app.Log.Warn("in-flight requests cut off at shutdown", "err", serr)
	}
	stopWork()
	wg.Wait()
	app.Log.Info("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
