package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"newsarchive/article"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
	"newsarchive/indexer/facets"
	"newsarchive/search"
)

// aliasFile is the user's alias table in the data directory: extra spelling
// variants of names, one "variant = Canonical Name" a line.
func (app *App) aliasFile() string { return filepath.Join(app.Config.Data, "aliases.txt") }

// extractor is the entity extractor with the user's alias table, if any,
// built on first use (its tables are loaded once a process).
func (app *App) extractor() (*entities.Extractor, error) {
	if app.ex != nil {
		return app.ex, nil
	}
	ex, err := entities.New()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(app.aliasFile())
	if os.IsNotExist(err) {
		app.ex = ex
		return ex, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read aliases: %w", err)
	}
	defer f.Close()
	if err := ex.LoadAliases(f); err != nil {
		return nil, fmt.Errorf("read aliases %s: %w", app.aliasFile(), err)
	}
	app.ex = ex
	return ex, nil
}

// finder builds the entity finder for an open index: it knows every person
// the index's facet store holds.
func (app *App) finder(ctx context.Context, ix *indexer.Index) (*indexer.EntityFinder, error) {
	ex, err := app.extractor()
	if err != nil {
		return nil, err
	}
	var known []string
	ix.Facets().Read(func(v *facets.View) error {
		known = v.FieldValues(facets.Person)
		return nil
	})
	return indexer.NewEntityFinder(ex, known), nil
}

// finderFromArchive builds the entity finder from the archive's people (for
// a rebuild, when no index is open).
func (app *App) finderFromArchive(ctx context.Context) (indexer.Finder, error) {
	ex, err := app.extractor()
	if err != nil {
		return nil, err
	}
	known, err := app.arch.Values(ctx, article.KindPerson)
	if err != nil {
		return nil, err
	}
	return indexer.NewEntityFinder(ex, known), nil
}

// queryEntities is what the words of a search name, for the engine: a
// finder over the process's extractor that knows the index's people, so
// "Lavrov" or "Лавров" is the "Sergei Lavrov" the facets hold. It learns
// nothing from queries.
func (app *App) queryEntities(ctx context.Context, ix *indexer.Index) (search.EntityFinder, error) {
	f, err := app.finder(ctx, ix) // a finder of its own: the indexer's learns, this one must not
	if err != nil {
		return nil, err
	}
	return func(text string) map[string][]string { return f.Named(text, time.Now()) }, nil
}
