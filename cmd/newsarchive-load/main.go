// Command newsarchive-load puts a newsarchive server under load (see
// internal/load). `make load` runs the whole exercise: a 100,000-article
// archive, `serve` on it, a scrape indexing beside it, 32 clients for 60 s.
// With -target it only loads a server already running on loopback.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"newsarchive/internal/load"
)

func main() {
	bin := flag.String("bin", "./newsarchive", "the newsarchive binary to run")
	dir := flag.String("dir", "load-out", "work directory (its data/ is rebuilt on each run)")
	n := flag.Int("n", 100_000, "generated articles in the archive")
	siteArticles := flag.Int("site-articles", 7000, "generated articles on the sample site scraped during the load (the scrape runs at 100/s)")
	clients := flag.Int("clients", load.DefaultClients, "concurrent clients")
	hostile := flag.Int("hostile", 0, "extra clients sending only expensive queries (leading wildcards, regexps, fuzzy terms, long ORs)")
	duration := flag.Duration("duration", load.DefaultDuration, "how long to run the load")
	maxRequests := flag.Int("max-requests", load.DefaultMaxRequests, "stop after this many requests (the hostile clients' not counted)")
	seed := flag.Uint64("seed", 1, "seed of the corpus and of the clients' choices")
	target := flag.String("target", "", "load this running server (loopback only) instead of running a session")
	pid := flag.Int("pid", 0, "with -target: the server's pid, for its peak RSS")
	jsonOut := flag.String("json", "", "also write the report as JSON to this file")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := load.Config{Target: *target, Clients: *clients, Duration: *duration, MaxRequests: *maxRequests, Seed: *seed, ServerPID: *pid, Hostile: *hostile}
	var rep *load.Report
	var err error
	if *target != "" {
		rep, err = load.Run(ctx, cfg)
	} else {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fail(err)
		}
		s := &load.Session{Bin: *bin, Dir: *dir, Articles: *n, SiteArticles: *siteArticles, Seed: *seed, Load: cfg, Progress: os.Stderr}
		rep, err = s.Run(ctx)
	}
	if rep != nil {
		fmt.Println()
		rep.WriteTable(os.Stdout)
		if *jsonOut != "" {
			b, _ := json.MarshalIndent(rep, "", "  ")
			if werr := os.WriteFile(*jsonOut, b, 0o644); werr != nil {
				fail(werr)
			}
		}
	}
	if err != nil {
		fail(err)
	}
	if rep.Errors > 0 {
		fail(fmt.Errorf("%d of %d requests failed", rep.Errors, rep.Requests))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "newsarchive-load:", err)
	os.Exit(1)
}
