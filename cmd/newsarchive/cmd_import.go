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
				outcome, err := app.importFile(ctx, arch, path)
				if err != nil {
					// The archive cannot take the file: every later file
					// would fail the same way.
					bar.finish()
					app.printImported(counts, i, len(files))
					if ctx.Err() != nil {
						return fmt.Errorf("import stopped after %d of %d files: %w", i, len(files), ctx.Err())
					}
					return fmt.Errorf("import stopped at %s (file %d of %d) with %s archived before it: %w",
						path, i+1, len(files), fileCount(archivedFiles(counts)), err)
				}
				counts[outcome]++
				bar.update(i+1, len(files))
			}
			bar.finish()
			app.printImported(counts, len(files), len(files))
			if archivedFiles(counts) == 0 {
				return &exitError{code: 1, err: fmt.Errorf("no file could be imported: of %s, not an article %d, failed %d (see the log for each file's reason)",
					fileCount(len(files)), counts["not_article"], counts["failed"])}
			}
			return nil
		},
	}
}

// printImported prints the summary line of an import that handled done of
// total files.
func (app *App) printImported(counts map[string]int, done, total int) {
	what := fmt.Sprintf("%d files", total)
	if done < total {
		what = fmt.Sprintf("%d of %d files", done, total)
	}
	fmt.Fprintf(app.Stdout, "imported %s: new %d, updated %d, unchanged %d, not an article %d, failed %d\n",
		what, counts["new"], counts["updated"], counts["unchanged"], counts["not_article"], counts["failed"])
}

// archivedFiles is how many files ended in the archive (new, updated or
// unchanged).
func archivedFiles(counts map[string]int) int {
	return counts["new"] + counts["updated"] + counts["unchanged"]
}

// fileCount is "1 file" or "n files".
func fileCount(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}

// importFile archives one saved page and returns its outcome: new,
// updated, unchanged, or not_article and failed for a file that is skipped
// (logged with its reason). The error is the archive's: it could not store
// the article, and the import must stop.
func (app *App) importFile(ctx context.Context, arch *archive.Archive, path string) (string, error) {
	page, err := os.ReadFile(path)
	if err != nil {
		app.Log.Warn("import failed", "file", path, "err", err)
		return "failed", nil
	}
	a, err := pangea.Parse(page, pangea.Options{SiteForHost: scraper.SiteForHost, OutletNames: scraper.OutletNames})
	if errors.Is(err, pangea.ErrNotArticle) {
		app.Log.Info("skipped", "file", path, "reason", err.Error())
		return "not_article", nil
	}
	if err != nil {
		app.Log.Warn("import failed", "file", path, "err", err)
		return "failed", nil
	}
	res, err := arch.SaveArticle(ctx, a, page)
	if err != nil {
		return "", err
	}
	return res.String(), nil
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
