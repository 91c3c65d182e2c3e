// Command newsarchive is the one binary of newsarchive: scrape Pangea news
// sites into an archive, index it, and search it from a web UI, a JSON API
// or the terminal. Run `newsarchive --help` for the commands.
package main

import (
	"context"
	"os"
	"runtime/debug"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// Indexing and searching allocate a lot of short-lived memory; a
		// less eager collector saves CPU (GOMEMLIMIT still bounds memory).
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft bound: near it the collector works harder instead of
		// letting the heap grow (the index files it maps are not counted).
		debug.SetMemoryLimit(1536 << 20)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
