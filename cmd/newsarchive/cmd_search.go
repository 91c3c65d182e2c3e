package main

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"newsarchive/indexer/facets"
	"newsarchive/search"
)

func (app *App) searchCommand() *cobra.Command {
	var f filterFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "search [flags] [QUERY...]",
		Short: "Search the archive from the terminal (the same search as the web UI)",
		Example: `  newsarchive search summit --person "Sergei Lavrov"
  newsarchive search --country Hungary --from 2025-10-01 --sort newest
  newsarchive search --json '+Budapest -Orban "peace talks"'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			q, v, err := f.query(args)
			if err != nil {
				return err
			}
			s, err := app.openSearcher(ctx, "search")
			if err != nil {
				return err
			}
			var res *search.Result
			if s.remote != "" {
				body, err := remoteGet(ctx, s.remote, "/api/search", v)
				if err != nil {
					return err
				}
				defer body.Close()
				res = new(search.Result)
				if err := json.NewDecoder(body).Decode(res); err != nil {
					return fmt.Errorf("read the server's answer: %w", err)
				}
			} else if res, err = s.engine.Search(ctx, q); err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printResult(app.Stdout, q, res)
			return nil
		},
	}
	f.register(cmd.Flags(), true)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON (the /api/search answer)")
	return cmd
}

var tag = regexp.MustCompile(`</?mark>`)

// printResult prints a result as a readable list with facet summaries.
func printResult(w io.Writer, q search.Query, res *search.Result) {
	if res.Hint != "" {
		fmt.Fprintln(w, res.Hint)
		return
	}
	what := "all articles"
	if q.Text != "" {
		what = fmt.Sprintf("%q", q.Text)
	}
	var filters []string
	for name, vals := range q.Filters() {
		filters = append(filters, name+": "+strings.Join(vals, " & "))
	}
	fmt.Fprintf(w, "%d articles match %s", res.Total, what)
	if len(filters) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(filters, "; "))
	}
	fmt.Fprintf(w, " — %.1f ms\n\n", res.TookMS)
	offset := (res.Page - 1) * res.Size
	for i, h := range res.Hits {
		date := "          "
		if !h.Published.IsZero() {
			date = h.Published.Format("2006-01-02")
		}
		fmt.Fprintf(w, "%3d. %s  %s", offset+i+1, date, h.Title)
		if h.Section != "" {
			fmt.Fprintf(w, "  [%s]", h.Section)
		}
		fmt.Fprintf(w, "\n     %s\n", h.URL)
		if h.Snippet != "" {
			snip := html.UnescapeString(tag.ReplaceAllStringFunc(h.Snippet, func(m string) string { return "*" }))
			fmt.Fprintf(w, "     %s\n", snip)
		}
	}
	if shown := offset + len(res.Hits); shown < res.Total {
		fmt.Fprintf(w, "\n… %d more (--page %d)\n", res.Total-shown, res.Page+1)
	}
	fmt.Fprintln(w)
	for _, f := range facets.Registry {
		vals := res.Facets.Of(f.Name)
		if len(vals) == 0 {
			continue
		}
		var parts []string
		for _, vc := range vals {
			parts = append(parts, fmt.Sprintf("%s (%d)", vc.Value, vc.Count))
		}
		fmt.Fprintf(w, "%-16s %s\n", f.Label+":", strings.Join(parts, ", "))
	}
}
