package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"newsarchive/internal/samplesite"
	"newsarchive/scraper"
	"newsarchive/scraper/fetch"
	"newsarchive/scraper/scrape"
)

func (app *App) demoCommand() *cobra.Command {
	var sc serveConfig
	cmd := &cobra.Command{
		Use:   "demo [--addr 127.0.0.1:8080]",
		Short: "Run the whole pipeline offline: a built-in sample site on loopback → scrape → index → the web UI",
		Long: `demo serves a built-in sample Pangea site on a loopback port, scrapes it as the
rferl profile would scrape www.rferl.org (sitemaps, RSS, section pages, robots.txt),
extracts entities, indexes the articles and serves the web UI until Ctrl-C. The site's
articles are in English, Russian and Ukrainian, each page marked with its language.

Unless --data is given, the demo's data lives in a temporary directory removed on exit.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := sc.checkPublicURL(); err != nil {
				return err
			}
			if !cmd.Flags().Changed("data") {
				dir, err := os.MkdirTemp("", "newsarchive-demo-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				app.Config.Data = dir
			}
			site, stop, err := startSampleSite()
			if err != nil {
				return err
			}
			defer stop()
			app.Log.Info("sample site up", "url", site)

			p, err := scraper.LookupProfile("rferl")
			if err != nil {
				return err
			}
			if p, err = p.WithBaseURL(site); err != nil {
				return err
			}
			arch, err := app.openArchive(ctx)
			if err != nil {
				return err
			}
			opts := scrape.Options{Profile: p, Trigger: "demo",
				Fetch: fetch.Config{Rate: 200, AllowPrivate: true}}
			if err := app.scrapeAll(ctx, arch, []scrape.Options{opts}, "demo"); err != nil {
				return err
			}
			return app.serve(ctx, sc, func(addr string) {
				fmt.Fprintf(app.Stdout, "\nnewsarchive demo: open http://%s/ (Ctrl-C to stop)\n", addr)
			})
		},
	}
	sc.flags(cmd)
	return cmd
}

// startSampleSite serves the built-in sample site on a loopback port.
func startSampleSite() (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("start the sample site: %w", err)
	}
	// English, Russian and Ukrainian articles: the demo shows a mixed archive.
	site := samplesite.New(samplesite.Options{Languages: samplesite.ExtraLanguages})
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "sample site:", err)
		}
	}()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String(), stop, nil
}
