package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"newsarchive/scraper"
)

func (app *App) sitesCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sites [--json]",
		Short: "List the built-in site profiles: name, network, language, Pangea site id, origin, service",
		Long: `sites lists the built-in profiles, one per RFE/RL and VOA language service:
the name --site takes, the network, the language (BCP 47), the Pangea site id
of its sitemaps ("-" when unknown: discovery reads it from the site's sitemap
index), the origin and the service. --json prints the whole profiles.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ps := scraper.Profiles()
			if asJSON {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(ps)
			}
			w := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tNETWORK\tLANGUAGE\tSITE ID\tORIGIN\tSERVICE")
			for _, p := range ps {
				id := "-"
				if p.SiteID > 0 {
					id = strconv.Itoa(p.SiteID)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Name, p.Network, p.Language, id, p.Origin, p.Service)
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the profiles as JSON")
	return cmd
}
