package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsarchive/internal/testenv"
)

// proc is the newsarchive binary running as a real process in a test.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdout *lines
	stderr *lines
	done   chan struct{}
	err    error // from Wait, once done is closed
}

// lines collects what a process writes, safe to read while it runs.
type lines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// logged returns the JSON log records whose msg is msg.
func (l *lines) logged(msg string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(l.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// procEnv is a clean environment (no NEWSARCHIVE_* from the caller's)
// plus env.
func procEnv(env ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEWSARCHIVE_") {
			out = append(out, kv)
		}
	}
	return append(out, env...)
}

// start runs the binary with args; the process is killed at the end of the
// test if it still runs.
func start(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	return startCmd(t, exec.Command(testenv.Binary(t), args...), env)
}

func startCmd(t *testing.T, cmd *exec.Cmd, env []string) *proc {
	t.Helper()
	p := &proc{t: t, cmd: cmd, stdout: &lines{}, stderr: &lines{}, done: make(chan struct{})}
	cmd.Env = procEnv(env...)
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("%s\nstdout:\n%s\nstderr:\n%s", strings.Join(cmd.Args, " "), p.stdout, p.stderr)
		}
	})
	return p
}

// run runs the binary to its end (at most a minute) and returns its exit
// status.
func run1(t *testing.T, env []string, args ...string) (*proc, int) {
	t.Helper()
	p := start(t, env, args...)
	return p, p.wait(time.Minute)
}

// wait waits for the process to exit and returns its status; the test
// fails if it takes longer than limit.
func (p *proc) wait(limit time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		p.cmd.Process.Kill()
		<-p.done
		p.t.Fatalf("%s did not exit within %s", p.cmd.Args[1], limit)
	}
	var ee *exec.ExitError
	switch {
	case p.err == nil:
		return 0
	case errors.As(p.err, &ee):
		return ee.ExitCode()
	}
	p.t.Fatalf("wait: %v", p.err)
	return -1
}

func (p *proc) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
}

// server is a `serve` process and its base URL.
type server struct {
	*proc
	url string
}

// startServer starts `serve` (JSON logs) and waits until it listens.
func startServer(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	p := start(t, env, append([]string{"--log-format", "json", "serve"}, args...)...)
	s := &server{proc: p}
	waitUntil(t, 30*time.Second, "the server to listen", func() bool {
		select {
		case <-p.done:
			t.Fatalf("serve exited early:\n%s", p.stderr)
		default:
		}
		if recs := p.stderr.logged("serving"); len(recs) > 0 {
			s.url = strings.TrimSuffix(recs[0]["url"].(string), "/")
			return true
		}
		return false
	})
	return s
}

// getJSON GETs a path of the server and decodes its JSON answer.
func (s *server) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode
}

// stop sends SIGTERM and checks the server exits cleanly within 10 s.
func (s *server) stop(t *testing.T) {
	t.Helper()
	start := time.Now()
	s.signal(syscall.SIGTERM)
	if code := s.wait(10 * time.Second); code != 0 {
		t.Fatalf("serve exited with status %d after SIGTERM", code)
	}
	t.Logf("serve exited %s after SIGTERM", time.Since(start).Round(time.Millisecond))
}

func waitUntil(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after %s", what, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// searchTotal is the number of articles /api/search finds for everything.
func (s *server) searchTotal(t *testing.T) int {
	t.Helper()
	var res struct {
		Total int `json:"total"`
	}
	if code := s.getJSON(t, "/api/search", &res); code != http.StatusOK {
		t.Fatalf("/api/search: %d", code)
	}
	return res.Total
}

// jobsRun is a run as /api/jobs lists it.
type jobsRun struct {
	ID      int64            `json:"id"`
	Site    string           `json:"site"`
	Trigger string           `json:"trigger"`
	State   string           `json:"state"`
	Counts  map[string]int64 `json:"counts"`
	Errors  []string         `json:"errors"`
}

type jobsView struct {
	Enabled bool      `json:"enabled"`
	Runs    []jobsRun `json:"runs"`
	Next    []struct {
		Site string    `json:"site"`
		At   time.Time `json:"at"`
	} `json:"next"`
}

func (s *server) jobs(t *testing.T) jobsView {
	t.Helper()
	var v jobsView
	if code := s.getJSON(t, "/api/jobs", &v); code != http.StatusOK {
		t.Fatalf("/api/jobs: %d", code)
	}
	return v
}
