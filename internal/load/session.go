package load

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"newsarchive/archive"
	"newsarchive/article"
	"newsarchive/internal/bench"
	"newsarchive/internal/samplesite"
)

// Session is the whole load exercise: a fresh archive of generated
// articles, indexed; `serve` on it; a scrape of a loopback sample site
// into the same data directory, so the server indexes while it answers;
// the load; then a clean stop of both.
type Session struct {
	Bin          string // the newsarchive binary
	Dir          string // work directory: data/, serve.log, scrape.log
	Articles     int    // generated articles in the archive (default 100,000)
	SiteArticles int    // generated articles on the sample site scraped during the load (default 7000: a minute at 100/s)
	Seed         uint64 // corpus seed (default 1)
	Load         Config // Target and ServerPID are filled in
	Progress     io.Writer
}

func (s *Session) logf(format string, args ...any) {
	if s.Progress != nil {
		fmt.Fprintf(s.Progress, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}
}

// Run builds the archive, starts the server and the scrape, runs the load
// and stops everything.
func (s *Session) Run(ctx context.Context) (*Report, error) {
	if s.Articles == 0 {
		s.Articles = 100_000
	}
	if s.SiteArticles == 0 {
		s.SiteArticles = 7000
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	data := filepath.Join(s.Dir, "data")
	if err := os.RemoveAll(data); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := BuildArchive(ctx, data, s.Articles, s.Seed); err != nil {
		return nil, err
	}
	s.logf("archived %d generated articles in %s", s.Articles, time.Since(start).Round(time.Second))
	start = time.Now()
	if err := s.command(ctx, "reindex.log", "reindex").Run(); err != nil {
		return nil, fmt.Errorf("load: reindex (see %s): %w", filepath.Join(s.Dir, "reindex.log"), err)
	}
	s.logf("indexed them in %s", time.Since(start).Round(time.Second))

	serve := s.command(ctx, "serve.log", "--log-format", "json", "serve", "--addr", "127.0.0.1:0", "--index-every", "1s")
	if err := serve.Start(); err != nil {
		return nil, fmt.Errorf("load: start serve: %w", err)
	}
	defer stop(serve, 30*time.Second)
	target, err := s.waitServing(ctx, serve)
	if err != nil {
		return nil, err
	}
	if err := waitIndexed(ctx, target, s.Articles, time.Minute); err != nil {
		return nil, err
	}
	s.logf("serving %s (pid %d)", target, serve.Process.Pid)

	siteURL, closeSite, err := startSite(s.SiteArticles, int64(s.Seed))
	if err != nil {
		return nil, err
	}
	defer closeSite()
	scrape := s.command(ctx, "scrape.log", "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100")
	if err := scrape.Start(); err != nil {
		return nil, fmt.Errorf("load: start scrape: %w", err)
	}
	defer stop(scrape, 30*time.Second)
	s.logf("scraping %d articles from %s meanwhile", s.SiteArticles, siteURL)

	cfg := s.Load
	cfg.Target, cfg.ServerPID = target, serve.Process.Pid
	if cfg.Hostile > 0 {
		s.logf("load: %d clients + %d hostile for %s", max(cfg.Clients, 1), cfg.Hostile, cfg.Duration)
	} else {
		s.logf("load: %d clients for %s", max(cfg.Clients, 1), cfg.Duration)
	}
	rep, err := Run(ctx, cfg)
	if rep != nil {
		if h, herr := health(ctx, target); herr == nil {
			rep.Articles, rep.ScrapedDuring, rep.PendingAfter = h.Articles, h.Articles-s.Articles, h.Pending
		}
	}
	if err != nil {
		return rep, err
	}
	// A scrape stopped before its end exits 1 ("interrupted; run it again").
	var ee *exec.ExitError
	if err := stop(scrape, 30*time.Second); err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		return rep, fmt.Errorf("load: the scrape did not stop cleanly (see %s): %w", filepath.Join(s.Dir, "scrape.log"), err)
	}
	if err := stop(serve, 30*time.Second); err != nil {
		return rep, fmt.Errorf("load: serve did not stop cleanly (see %s): %w", filepath.Join(s.Dir, "serve.log"), err)
	}
	return rep, nil
}

// command is the binary run on the session's data directory, its output
// going to a log file in the work directory.
func (s *Session) command(ctx context.Context, logName string, args ...string) *exec.Cmd {
	cmd := exec.Command(s.Bin, append([]string{"--data", filepath.Join(s.Dir, "data")}, args...)...)
	// The environment's NEWSARCHIVE_* settings would change what runs.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEWSARCHIVE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if f, err := os.Create(filepath.Join(s.Dir, logName)); err == nil {
		cmd.Stdout, cmd.Stderr = f, f
	}
	return cmd
}

// stop ends a child with SIGTERM (SIGKILL after limit) once; later calls
// return at once.
func stop(cmd *exec.Cmd, limit time.Duration) error {
	if cmd.Process == nil || cmd.ProcessState != nil {
		return nil
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if f, ok := cmd.Stdout.(*os.File); ok {
			f.Close()
		}
		return err
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		return fmt.Errorf("%s did not stop within %s", filepath.Base(cmd.Path), limit)
	}
}

// waitServing reads the server's JSON log until it says where it listens.
func (s *Session) waitServing(ctx context.Context, serve *exec.Cmd) (string, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		f, err := os.Open(filepath.Join(s.Dir, "serve.log"))
		if err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				var rec struct{ Msg, URL string }
				if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "serving" {
					f.Close()
					return strings.TrimSuffix(rec.URL, "/"), nil
				}
			}
			f.Close()
		}
		if err := serve.Process.Signal(syscall.Signal(0)); err != nil {
			return "", fmt.Errorf("load: serve exited (see %s)", filepath.Join(s.Dir, "serve.log"))
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return "", errors.New("load: serve did not start listening within 2 minutes")
}

type healthz struct {
	Articles int `json:"articles"`
	Pending  int `json:"pending"`
}

func health(ctx context.Context, target string) (healthz, error) {
	var h healthz
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+"/healthz", nil)
	if err != nil {
		return h, err
	}
	resp, err := probe(req)
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	return h, json.NewDecoder(resp.Body).Decode(&h)
}

// waitIndexed waits until the server's archive holds n articles and none
// is pending.
func waitIndexed(ctx context.Context, target string, n int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		h, err := health(ctx, target)
		if err == nil && h.Articles >= n && h.Pending == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("load: the server has %d articles, %d pending, after %s (%v)", h.Articles, h.Pending, limit, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// startSite serves the sample site with n generated articles on loopback.
func startSite(n int, seed int64) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: samplesite.New(samplesite.Options{ExtraArticles: n, Seed: seed}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// BuildArchive fills a fresh archive in dataDir with n articles of the
// benchmark corpus (bench.NewCorpus), generated on every core and saved in
// batches: a big archive in a minute, without the network.
func BuildArchive(ctx context.Context, dataDir string, n int, seed uint64) error {
	corpus, err := bench.NewCorpus(seed)
	if err != nil {
		return err
	}
	arch, err := archive.Open(ctx, filepath.Join(dataDir, "archive.db"))
	if err != nil {
		return err
	}
	defer arch.Close()
	const batch = 1000
	next := make(chan []*article.Article, 2)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for from := range jobs {
				b := make([]*article.Article, 0, batch)
				for i := from; i < min(from+batch, n); i++ {
					b = append(b, corpus.Article(i))
				}
				next <- b
			}
		}()
	}
	go func() {
		for from := 0; from < n && ctx.Err() == nil; from += batch {
			jobs <- from
		}
		close(jobs)
		wg.Wait()
		close(next)
	}()
	var saveErr error
	for b := range next {
		if saveErr == nil {
			saveErr = arch.SaveArticles(ctx, b)
		}
	}
	if saveErr != nil {
		return fmt.Errorf("load: build the archive: %w", saveErr)
	}
	return ctx.Err()
}
