package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
)

func (app *App) extractCommand() *cobra.Command {
	var published string
	cmd := &cobra.Command{
		Use:   "extract [--published YYYY-MM-DD] FILE|-",
		Short: "Print the people, countries and dates found in a plain text (how to debug a facet)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var pub time.Time
			if published != "" {
				var err error
				if pub, err = time.Parse("2006-01-02", published); err != nil {
					return fmt.Errorf("--published %q: use YYYY-MM-DD", published)
				}
			}
			text, err := readInput(app.Stdin, args[0])
			if err != nil {
				return err
			}
			ex, err := app.extractor()
			if err != nil {
				return err
			}
			res := ex.ExtractDetailed(string(text), pub)
			if note := res.Note(); note != "" {
				app.Log.Warn(note)
			}
			enc := json.NewEncoder(app.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(res.Entities)
		},
	}
	cmd.Flags().StringVar(&published, "published", "", "the text's publication day, to resolve dates without a year and relative days")
	return cmd
}

// readInput reads a file, or standard input for "-".
func readInput(stdin io.Reader, path string) ([]byte, error) {
	const limit = 64 << 20
	var r io.Reader
	if path == "-" {
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, unwrapPath(err))
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("read %s: larger than %d MiB", path, limit>>20)
	}
	return b, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
