package main

import (
	"context"
	"errors"

	"newsarchive/indexer"
	"newsarchive/search"
)

// searcher is where a CLI search runs: in this process (the index was free)
// or on the server that holds the index.
type searcher struct {
	engine *search.Engine
	remote string // host:port of the server's API
}

// openSearcher opens the index for a search-like command. When a server
// holds the index, the command goes through its API instead; when another
// CLI command holds it, that is an error saying so.
func (app *App) openSearcher(ctx context.Context, command string) (*searcher, error) {
	ix, err := app.openIndex(ctx, command)
	var locked *indexer.LockedError
	if errors.As(err, &locked) && locked.Holder.Addr != "" {
		app.Log.Debug("the index is held by a server; searching through its API", "addr", locked.Holder.Addr)
		return &searcher{remote: locked.Holder.Addr}, nil
	}
	if err != nil {
		return nil, err
	}
	// No server runs: this command indexes what scrapes left pending.
	if err := app.indexPending(ctx, ix); err != nil {
		return nil, err
	}
	named, err := app.queryEntities(ctx, ix)
	if err != nil {
		return nil, err
	}
	return &searcher{engine: &search.Engine{Index: ix, Archive: app.arch, Log: app.Log, Entities: named}}, nil
}

// indexPending indexes the archive's pending articles into ix.
func (app *App) indexPending(ctx context.Context, ix *indexer.Index) error {
	finder, err := app.finder(ctx, ix)
	if err != nil {
		return err
	}
	x := &indexer.Indexer{Index: ix, Archive: app.arch, Finder: finder, Log: app.Log}
	n, err := x.IndexPending(ctx)
	if n > 0 {
		app.Log.Info("indexed pending articles", "articles", n)
	}
	return err
}
