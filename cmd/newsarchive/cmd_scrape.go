package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"newsarchive/archive"
	"newsarchive/scraper/scrape"
)

func (app *App) scrapeCommand() *cobra.Command {
	var f scrapeFlags
	cmd := &cobra.Command{
		Use:   "scrape [--site NAME]... [--base-url URL] [--since DATE] [--until DATE] [--max N] [--rate R]",
		Short: "Discover, fetch, parse and archive a site's articles (incremental, polite, resumable)",
		Example: `  newsarchive scrape --site rferl --since 2025-10-01
  newsarchive scrape --site rferl --site svoboda --max 200
  # in a crontab (a second scrape of the same site while one runs exits at once):
  17 * * * *  newsarchive --data /var/lib/newsarchive scrape --site rferl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			runs, err := f.options()
			if err != nil {
				return err
			}
			arch, err := app.openArchive(cmd.Context())
			if err != nil {
				return err
			}
			return app.scrapeAll(cmd.Context(), arch, runs, "cli")
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// scrapeAll runs the scrapes one site after another and prints each
// summary line. A site of which nothing could be fetched fails the command
// once the other sites had their turn; any other error stops it at once.
func (app *App) scrapeAll(ctx context.Context, arch *archive.Archive, runs []scrape.Options, trigger string) error {
	app.markDeadRuns(ctx, arch)
	var failed []error
	for _, opts := range runs {
		opts.Trigger, opts.Log = trigger, app.Log
		bar := newProgress(app.Stderr, app.Log, "scrape "+opts.Profile.Name)
		opts.Progress = bar.update
		rep, err := scrape.Run(ctx, arch, opts)
		bar.finish()
		if rep != nil {
			fmt.Fprintf(app.Stdout, "%s: %s\n", opts.Profile.Name, rep.Summary())
		}
		if errors.Is(err, scrape.ErrNothingFetched) {
			failed = append(failed, err)
			continue
		}
		if err != nil {
			return err
		}
		if rep.State == archive.RunInterrupted {
			return &exitError{code: 1, err: fmt.Errorf("scrape of %s interrupted; run it again to resume", opts.Profile.Name)}
		}
	}
	switch len(failed) {
	case 0:
		return nil
	case 1:
		return failed[0]
	}
	return fmt.Errorf("%d of %d scrapes failed: %w", len(failed), len(runs), errors.Join(failed...))
}
