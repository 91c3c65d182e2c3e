package main

import (
	"time"

	"github.com/spf13/cobra"

	"newsarchive/indexer"
)

func (app *App) reindexCommand() *cobra.Command {
	var keep bool
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the index from the archive (no network), finding every article's entities again; the old index stays until the new one is complete",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			arch, err := app.openArchive(ctx)
			if err != nil {
				return err
			}
			finder, err := app.finderFromArchive(ctx)
			if err != nil {
				return err
			}
			start := time.Now()
			bar := newProgress(app.Stderr, app.Log, "reindex")
			n, err := indexer.Rebuild(ctx, app.Config.Data, arch, finder, !keep, indexer.Holder{Command: "reindex"}, bar.update)
			bar.finish()
			if err != nil {
				return err
			}
			secs := time.Since(start).Seconds()
			app.Log.Info("reindexed", "articles", n, "took_s", int(secs), "per_second", int(float64(n)/max(secs, 0.001)))
			return nil
		},
	}
	cmd.Flags().BoolVar(&keep, "keep-entities", false, "keep the entities stored in the archive (a new index mapping, not a better extractor)")
	return cmd
}
