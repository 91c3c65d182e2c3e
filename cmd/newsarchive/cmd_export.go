package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"newsarchive/search"
)

func (app *App) exportCommand() *cobra.Command {
	var f filterFlags
	var format, output string
	cmd := &cobra.Command{
		Use:   "export --format csv|json|ndjson [-o FILE] [flags] [QUERY...]",
		Short: "Write every article matching a search, streamed (CSV, JSON or NDJSON)",
		Example: `  newsarchive export --format csv -o lavrov.csv --person "Sergei Lavrov"
  newsarchive export --format ndjson --country Hungary --from 2025-10-01 > hungary.ndjson`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := search.CheckFormat(format); err != nil {
				return err
			}
			q, v, err := f.query(args)
			if err != nil {
				return err
			}
			s, err := app.openSearcher(ctx, "export")
			if err != nil {
				return err
			}
			out, finish, err := openOutput(app.Stdout, output)
			if err != nil {
				return err
			}
			var n int
			if s.remote != "" {
				v.Set("format", format)
				body, rerr := remoteGet(ctx, s.remote, "/api/export", v)
				if rerr != nil {
					finish(rerr)
					return rerr
				}
				defer body.Close()
				_, err = io.Copy(out, body)
			} else {
				n, err = s.engine.Export(ctx, q, format, out, nil)
			}
			if err := finish(err); err != nil {
				return err
			}
			if output != "" {
				app.Log.Info("exported", "file", output, "format", format, "articles", n)
			}
			return nil
		},
	}
	f.register(cmd.Flags(), false)
	cmd.Flags().StringVar(&format, "format", "csv", "csv, json or ndjson")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file (default: standard output)")
	return cmd
}

// openOutput opens where an export goes. A file is written under a temporary
// name and renamed when complete, so an interrupted export never leaves a
// truncated file under the name asked for.
func openOutput(stdout io.Writer, path string) (io.Writer, func(error) error, error) {
	if path == "" || path == "-" {
		return stdout, func(err error) error { return err }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return nil, nil, fmt.Errorf("export to %s: %w", path, err)
	}
	finish := func(err error) error {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return err
		}
		if err := tmp.Close(); err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("export to %s: %w", path, err)
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("export to %s: %w", path, err)
		}
		return nil
	}
	return tmp, finish, nil
}
