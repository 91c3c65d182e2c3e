package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"newsarchive/archive"
	"newsarchive/scraper"
	"newsarchive/scraper/pangea"
)

func (app *App) importCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import PATH...",
		Short: "Archive saved article pages (HTML files, or folders of them) without the network",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			files, err := htmlFiles(args)
			if err != nil {
				return err
			}
			arch, err := app.openArchive(ctx)
			if err != nil {
				return err
			}
			counts := map[string]int{}
			bar := newProgress(app.Stderr, app.Log, "import")
			for i, path := range files {
				if err := ctx.Err(); err != nil {
					bar.finish()
					return fmt.Errorf("import stopped after %d of %d files: %w", i, len(files), err)
				}
				counts[app.importFile(ctx, arch, path)]++
				bar.update(i+1, len(files))
			}
			bar.finish()
			fmt.Fprintf(app.Stdout, "imported %d files: new %d, updated %d, unchanged %d, not an article %d, failed %d\n",
				len(files), counts["new"], counts["updated"], counts["unchanged"], counts["not_article"], counts["failed"])
			if counts["failed"] > 0 && counts["failed"] == len(files) {
				return &exitError{code: 1, err: errors.New("no file could be imported")}
			}
			return nil
		},
	}
}

// importFile archives one saved page and returns its outcome.
func (app *App) importFile(ctx context.Context, arch *archive.Archive, path string) string {
	page, err := os.ReadFile(path)
	if err != nil {
		app.Log.Warn("import failed", "file", path, "err", err)
		return "failed"
	}
	a, err := pangea.Parse(page, pangea.Options{SiteForHost: scraper.SiteForHost})
	if errors.Is(err, pangea.ErrNotArticle) {
		app.Log.Info("skipped", "file", path, "reason", err.Error())
		return "not_article"
	}
	if err != nil {
		app.Log.Warn("import failed", "file", path, "err", err)
		return "failed"
	}
	res, err := arch.SaveArticle(ctx, a, page)
	if err != nil {
		app.Log.Warn("import failed", "file", path, "err", err)
		return "failed"
	}
	return res.String()
}

// htmlFiles expands the paths: files as given, folders to the .html/.htm
// files inside them.
func htmlFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, unwrapPath(err))
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(path))
			if !d.IsDir() && (ext == ".html" || ext == ".htm") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("import: no .html files found")
	}
	return out, nil
}
