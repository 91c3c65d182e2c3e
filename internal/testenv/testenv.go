// Package testenv builds what many tests need: the sample Pangea site on a
// loopback server, an archive scraped from it and indexed, and the
// newsarchive binary for tests that run it as a real process.
package testenv

import (
	"context"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"newsarchive/archive"
	"newsarchive/indexer"
	"newsarchive/indexer/entities"
	"newsarchive/internal/pgtest"
	"newsarchive/internal/samplesite"
	"newsarchive/scraper"
	"newsarchive/scraper/fetch"
	"newsarchive/scraper/scrape"
	"newsarchive/search"
)

// SampleSite serves a sample site on a loopback server for the test's life
// and returns it with its base URL.
func SampleSite(t testing.TB, opts samplesite.Options) (*samplesite.Site, string) {
	t.Helper()
	site := samplesite.New(opts)
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	return site, srv.URL
}

// ScrapeOptions are the options to scrape a loopback site as the rferl
// profile, fast (it is our own server).
func ScrapeOptions(t testing.TB, baseURL string) scrape.Options {
	t.Helper()
	p, err := scraper.LookupProfile("rferl")
	if err != nil {
		t.Fatal(err)
	}
	if p, err = p.WithBaseURL(baseURL); err != nil {
		t.Fatal(err)
	}
	return scrape.Options{Profile: p, Trigger: "test", Fetch: fetch.Config{Rate: 1000, AllowPrivate: true}}
}

// Env is a data directory filled from the sample site, with its archive
// and index open.
type Env struct {
	DataDir string
	Site    *samplesite.Site
	SiteURL string
	Archive *archive.Archive
	Index   *indexer.Index
	Engine  *search.Engine
	Report  *scrape.Report
}

// Filled scrapes the sample site into a fresh data directory and indexes it.
func Filled(t testing.TB, opts samplesite.Options) *Env {
	t.Helper()
	ctx := context.Background()
	e := &Env{DataDir: t.TempDir()}
	e.Site, e.SiteURL = SampleSite(t, opts)
	var err error
	if e.Archive, err = archive.Open(ctx, filepath.Join(e.DataDir, "archive.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Archive.Close() })
	if e.Report, err = scrape.Run(ctx, e.Archive, ScrapeOptions(t, e.SiteURL)); err != nil {
		t.Fatal(err)
	}
	if e.Index, err = indexer.Open(ctx, e.DataDir, e.Archive, indexer.Holder{Command: "test"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Index.Close() })
	x := &indexer.Indexer{Index: e.Index, Archive: e.Archive, Finder: Finder(t)}
	if _, err := x.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	e.Engine = &search.Engine{Index: e.Index, Archive: e.Archive}
	return e
}

// Finder is the real entity finder.
func Finder(t testing.TB) indexer.Finder {
	t.Helper()
	ex, err := entities.New()
	if err != nil {
		t.Fatal(err)
	}
	return indexer.NewEntityFinder(ex, nil)
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildOut  []byte
)

// Main runs a package's tests, then stops the PostgreSQL cluster they
// started (pgtest) and removes the binary Binary built; packages that call
// Binary use it as their TestMain.
func Main(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// Binary builds the newsarchive command once per test process and returns
// its path (removed at the end by Main).
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsarchive-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "newsarchive")
		cmd := exec.Command("go", "build", "-o", binPath, "newsarchive/cmd/newsarchive")
		cmd.Dir = moduleRoot()
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("build newsarchive: %v\n%s", buildErr, buildOut)
	}
	return binPath
}

// moduleRoot is the repository root, found from this file's location.
func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// ClosedPort is the URL of a loopback port nothing listens on: every
// connection to it is refused.
func ClosedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
