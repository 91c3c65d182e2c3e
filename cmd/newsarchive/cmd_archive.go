package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"newsarchive/archive"
)

func (app *App) archiveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "archive",
		Short: "Manage the archive itself",
	}
	cmd.AddCommand(app.archiveCopyCommand())
	return cmd
}

func (app *App) archiveCopyCommand() *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "copy --from SRC --to DST",
		Short: "Copy a whole archive between SQLite (a file) and PostgreSQL (a postgres:// URL), either way; resumable, verified",
		Long: `copy moves every article with its raw page, revisions and entities, the change feed's
numbers, the fetch state and the scrape runs from SRC to DST. SRC and DST are a SQLite
archive file or a postgres:// URL. Run it again after a stop or a kill: it resumes where it
stopped. At the end it compares the row counts of every table.

Stop the scrapers writing to SRC while it copies; then point every process at DST
(--archive, or --data for SQLite). Each serve node rebuilds its index from DST
(newsarchive reindex) or follows it from scratch with an empty --data.`,
		Example: `  newsarchive archive copy --from data/archive.db --to postgres://news@db.internal/news
  newsarchive archive copy --from postgres://news@db.internal/news --to /backup/archive.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" || to == "" {
				return fmt.Errorf("give both --from and --to (a SQLite file or a postgres:// URL)")
			}
			if from == to {
				return fmt.Errorf("--from and --to are the same archive")
			}
			ctx := cmd.Context()
			src, err := archive.Open(ctx, from)
			if err != nil {
				return err
			}
			defer src.Close()
			dst, err := archive.Open(ctx, to)
			if err != nil {
				return err
			}
			defer dst.Close()
			start := time.Now()
			bar := newProgress(app.Stderr, app.Log, "copy")
			table := ""
			counts, err := archive.Copy(ctx, src, dst, func(t string, done, total int) {
				if t != table {
					table = t
					bar.describe("copy " + t)
				}
				bar.update(done, total)
			})
			bar.finish()
			if err != nil {
				return fmt.Errorf("copy %s to %s stopped (run it again to resume): %w", src.Path(), dst.Path(), err)
			}
			fmt.Fprintf(app.Stdout, "copied %s to %s in %s: %d articles, %d entity sets, %d raw pages, %d revisions, %d fetch states, %d runs; counts verified\n",
				src.Path(), dst.Path(), time.Since(start).Round(time.Second), counts["articles"], counts["extractions"],
				counts["raw_pages"], counts["revisions"], counts["fetch_state"], counts["runs"])
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the archive to copy: a SQLite file or a postgres:// URL")
	cmd.Flags().StringVar(&to, "to", "", "where to copy it: a SQLite file or a postgres:// URL")
	return cmd
}
