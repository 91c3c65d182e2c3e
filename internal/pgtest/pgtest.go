// Package pgtest runs a private PostgreSQL cluster for tests: initdb in a
// temporary directory, its own free port on loopback only, started on
// first use and stopped by Stop (a package's TestMain calls it). As root it
// runs the server as the postgres user, as PostgreSQL requires. Without
// PostgreSQL's programs the tests that need it skip — unless CI is set,
// where they fail: CI installs Debian's postgresql (.ci/run).
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver
)

// cluster is the one running cluster of this test process.
type cluster struct {
	dir  string // data, socket and log
	bin  string // the directory of initdb, pg_ctl
	port int
	as   *user.User // the user the server runs as (nil: this process's)
}

var (
	once    sync.Once
	running *cluster
	failed  error
	dbs     atomic.Int64
)

// URL creates a fresh, empty database for the test and returns its
// postgres:// URL; the test is skipped (or, with CI set, failed) when
// PostgreSQL is not installed.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { running, failed = start() })
	if failed != nil {
		if errors.Is(failed, errNotInstalled) && os.Getenv("CI") == "" {
			t.Skipf("PostgreSQL tests: %v", failed)
		}
		t.Fatalf("PostgreSQL tests: %v", failed)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbs.Add(1))
	admin, err := sql.Open("pgx", running.url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	return running.url(name)
}

// Stop stops the cluster, if one was started, and removes its files.
func Stop() {
	if running == nil {
		return
	}
	running.run("pg_ctl", "-D", running.data(), "-m", "immediate", "-w", "stop")
	os.RemoveAll(running.dir)
	running = nil
}

var errNotInstalled = errors.New("PostgreSQL's programs (initdb, pg_ctl) are not installed: apt-get install postgresql")

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *cluster) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

func start() (*cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "newsarchive-pg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		if c.as, err = user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("running as root, the server needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(c.as.Uid)
		gid, _ := strconv.Atoi(c.as.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	if c.port, err = freePort(); err != nil {
		return nil, err
	}
	if out, err := c.run("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	if out, err := c.startServer(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		return nil, fmt.Errorf("start PostgreSQL: %v\n%s\n%s", err, out, log)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", c.url("postgres"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	for {
		if err = db.PingContext(ctx); err == nil {
			return c, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("PostgreSQL did not answer on port %d: %w", c.port, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// run runs one of PostgreSQL's programs, as the server's user.
func (c *cluster) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.as != nil {
		uid, _ := strconv.Atoi(c.as.Uid)
		gid, _ := strconv.Atoi(c.as.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Env = append(os.Environ(), "HOME="+c.dir)
	}
	return cmd.CombinedOutput()
}

// findBin finds the newest installed PostgreSQL's programs.
func findBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errNotInstalled
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Outage stops the test cluster's server, as a database restart or a cut
// network would, and returns the function that starts it again (on the
// same port, with the same data).
func Outage(t testing.TB) (restore func()) {
	t.Helper()
	if running == nil {
		t.Fatal("pgtest: no cluster runs")
	}
	c := running
	if out, err := c.run("pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop"); err != nil {
		t.Fatalf("stop PostgreSQL: %v\n%s", err, out)
	}
	return func() {
		t.Helper()
		if out, err := c.startServer(); err != nil {
			t.Fatalf("start PostgreSQL again: %v\n%s", err, out)
		}
	}
}

// startServer starts the cluster's server on its port, loopback only.
func (c *cluster) startServer() ([]byte, error) {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
		c.port, c.dir)
	return c.run("pg_ctl", "-D", c.data(), "-o", opts, "-l", filepath.Join(c.dir, "server.log"), "-w", "-t", "60", "start")
}
