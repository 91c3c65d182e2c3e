// Command newsarchive is the one binary of newsarchive: scrape Pangea news
// sites into an archive, index it, and search it from a web UI, a JSON API
// or the terminal. Run `newsarchive --help` for the commands.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
