// Command newsarchive-bench measures newsarchive at archive scale (see
// internal/bench): `make bench` runs it on 100,000 generated articles.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"newsarchive/internal/bench"
)

func main() {
	n := flag.Int("n", 100_000, "articles to generate")
	seed := flag.Uint64("seed", 1, "corpus seed")
	dir := flag.String("dir", "bench-out", "work directory")
	clients := flag.String("clients", "1,4,32", "concurrency levels")
	queries := flag.Int("queries", 200, "queries per class and concurrency (at most)")
	budget := flag.Duration("budget", 10*time.Second, "time per class and concurrency (at most)")
	plain := flag.Bool("plain", true, "also measure plain Bleve on the same corpus")
	jsonOut := flag.String("json", "", "write the report as JSON to this file")
	keep := flag.Bool("keep", false, "keep the generated data directory")
	profiles := flag.String("profile", "", "write CPU profiles of the indexing and of each query class into this directory")
	archiveURL := flag.String("archive", "", "hold the archive in this empty PostgreSQL database (postgres://…) instead of SQLite")
	reuse := flag.String("reuse", "", "measure the queries again on the data directory of an earlier run (kept with -keep); -n must match")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200) // as the newsarchive binary does
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1536 << 20)
	}

	cfg := bench.Config{N: *n, Seed: *seed, Dir: *dir, Queries: *queries, Budget: *budget, Plain: *plain, Progress: os.Stderr, ProfileDir: *profiles, Reuse: *reuse, Archive: *archiveURL}
	for _, c := range strings.Split(*clients, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || k <= 0 {
			fmt.Fprintf(os.Stderr, "newsarchive-bench: -clients %q: use numbers like 1,4,32\n", *clients)
			os.Exit(2)
		}
		cfg.Clients = append(cfg.Clients, k)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "newsarchive-bench:", err)
		os.Exit(1)
	}
	rep, err := bench.Run(ctx, cfg)
	if !*keep && *reuse == "" {
		defer os.RemoveAll(bench.DataDir(cfg))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "newsarchive-bench:", err)
		os.Exit(1)
	}
	rep.WriteTable(os.Stdout)
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(*jsonOut, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "newsarchive-bench:", err)
			os.Exit(1)
		}
	}
}
