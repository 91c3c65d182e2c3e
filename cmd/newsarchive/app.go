package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"newsarchive/archive"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
)

// App is one run of the binary: its configuration, its output streams and
// what it opened (closed at the end).
type App struct {
	Config Config
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger

	arch *archive.Archive
	ix   *indexer.Index
	ex   *entities.Extractor // built once: the indexer's and the queries' finders share it
}

func (app *App) setup(cmd *cobra.Command) error {
	log, err := newLogger(app.Stderr, app.Config.LogFormat, app.Config.LogLevel)
	if err != nil {
		return err
	}
	app.Log = log
	slog.SetDefault(log)
	return nil
}

// archiveTarget is the archive: the --archive URL, else the SQLite file in
// the data directory.
func (app *App) archiveTarget() string {
	if app.Config.Archive != "" {
		return app.Config.Archive
	}
	return filepath.Join(app.Config.Data, "archive.db")
}

// checkArchiveFlag refuses an --archive that is no URL.
func (app *App) checkArchiveFlag() error {
	if t := app.Config.Archive; t != "" && !archive.IsURL(t) {
		return fmt.Errorf("--archive %q: give a postgres:// URL (the SQLite archive is DATA/archive.db, chosen with --data)", t)
	}
	return nil
}

// openArchive opens the archive.
func (app *App) openArchive(ctx context.Context) (*archive.Archive, error) {
	if app.arch != nil {
		return app.arch, nil
	}
	if err := app.checkArchiveFlag(); err != nil {
		return nil, err
	}
	if app.Config.Archive == "" {
		if err := checkDataDir(app.Config.Data); err != nil {
			return nil, err
		}
	}
	a, err := archive.Open(ctx, app.archiveTarget())
	if err != nil {
		return nil, err
	}
	app.arch = a
	return a, nil
}

// checkDataDir makes sure the data directory exists and is writable, with a
// one-line reason when not.
func checkDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("data directory %s: %w", dir, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data directory %s is not writable: %w", dir, errors.Unwrap(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// openIndex opens the index for this command (taking its lock).
func (app *App) openIndex(ctx context.Context, command string) (*indexer.Index, error) {
	if app.ix != nil {
		return app.ix, nil
	}
	arch, err := app.openArchive(ctx)
	if err != nil {
		return nil, err
	}
	ix, err := indexer.Open(ctx, app.Config.Data, arch, indexer.Holder{Command: command})
	if err != nil {
		return nil, err
	}
	app.ix = ix
	return ix, nil
}

func (app *App) close() {
	if app.ix != nil {
		if err := app.ix.Close(); err != nil && app.Log != nil {
			app.Log.Error("close index", "err", err)
		}
		app.ix = nil
	}
	if app.arch != nil {
		app.arch.Close()
		app.arch = nil
	}
}

// markDeadRuns marks the scrape runs of this host's dead processes as
// interrupted, and says so; a failure is logged, as the command can go on.
func (app *App) markDeadRuns(ctx context.Context, arch *archive.Archive) {
	n, err := arch.MarkDeadRuns(ctx)
	switch {
	case err != nil:
		app.Log.Warn("could not check for scrape runs of dead processes", "err", err)
	case n > 0:
		app.Log.Warn("marked scrape runs of dead processes as interrupted", "runs", n)
	}
}
