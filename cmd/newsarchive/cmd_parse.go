package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"newsarchive/scraper"
	"newsarchive/scraper/pangea"
)

func (app *App) parseCommand() *cobra.Command {
	var pageURL string
	cmd := &cobra.Command{
		Use:   "parse [--url URL] FILE|-",
		Short: "Print the article JSON the parser gets from one saved page (exit 1 if it is not an article)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			page, err := readInput(app.Stdin, args[0])
			if err != nil {
				return err
			}
			a, err := pangea.Parse(page, pangea.Options{URL: pageURL, SiteForHost: scraper.SiteForHost, OutletNames: scraper.OutletNames})
			switch {
			case errors.Is(err, pangea.ErrNoID) && pageURL == "":
				err = fmt.Errorf("%w (give the page's address with --url)", err)
			case errors.Is(err, pangea.ErrUnknownSite):
				err = fmt.Errorf("%w (`newsarchive sites` lists the known ones)", err)
			}
			if err != nil {
				// Not an article (a programme page), no id, unreadable: exit 1 with the reason.
				return &exitError{code: 1, err: err}
			}
			enc := json.NewEncoder(app.Stdout)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(a)
		},
	}
	cmd.Flags().StringVar(&pageURL, "url", "", "the page's URL, when it has no canonical link")
	return cmd
}
