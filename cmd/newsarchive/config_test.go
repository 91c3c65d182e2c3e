package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsarchive/internal/testenv"
)

// runCLI runs the command line in this process and returns its status and
// output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// clearEnv unsets every NEWSARCHIVE_* variable for the test.
func clearEnv(t *testing.T) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "NEWSARCHIVE_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
}

func TestBadSettingsFailAtStart(t *testing.T) {
	clearEnv(t)
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"cron syntax", []string{"serve", "--schedule", "61 * * * *"}, nil, `--schedule "61 * * * *": end of range`},
		{"cron never fires", []string{"serve", "--schedule", "0 0 30 2 *"}, nil, "never fires"},
		{"cron from env", []string{"serve"}, map[string]string{"NEWSARCHIVE_SCHEDULE": "@sometimes"}, "unrecognized descriptor"},
		{"every zero", []string{"serve", "--schedule", "@every 0s"}, nil, "at least 1s"},
		{"unknown site", []string{"serve", "--schedule", "@hourly", "--site", "nosuch"}, nil, `unknown site "nosuch"`},
		{"unknown site without schedule", []string{"serve", "--site", "nosuch"}, nil, `unknown site "nosuch"`},
		{"bad tz", []string{"serve", "--schedule", "@hourly", "--tz", "Mars/Olympus"}, nil, `--tz "Mars/Olympus": unknown time zone`},
		{"negative jitter", []string{"serve", "--schedule", "@hourly", "--jitter", "-1m"}, nil, "--jitter -1m0s"},
		{"short admin token", []string{"serve"}, map[string]string{"NEWSARCHIVE_ADMIN_TOKEN": "1234"}, "--admin-token is 4 characters"},
		{"bad rate", []string{"serve", "--rate", "0"}, nil, "--rate 0"},
		{"bad addr", []string{"serve", "--addr", "8080"}, nil, `--addr "8080"`},
		{"public url with a query", []string{"serve", "--public-url", "https://news.example.org/?x=1"}, nil, `--public-url "https://news.example.org/?x=1": leave out the query`},
		{"public url not http", nil, map[string]string{"NEWSARCHIVE_PUBLIC_URL": "javascript:alert(1)"}, "--public-url \"javascript:alert(1)\": use an absolute http or https URL"},
		{"public url relative", []string{"serve", "--public-url", "news.example.org"}, nil, "use an absolute http or https URL"},
		{"data dir under a file", []string{"serve", "--data", filepath.Join(file, "data")}, nil, "not a directory"},
		{"data dir is a file", []string{"scrape", "--data", file}, nil, "data directory " + file},
		{"config checks too", []string{"config", "--schedule", "0 0 30 2 *"}, nil, "never fires"},
		{"archive that is no URL", []string{"config", "--archive", "foo.db"}, nil, `--archive "foo.db": give a postgres:// URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			data := filepath.Join(t.TempDir(), "data")
			if tt.args == nil {
				tt.args = []string{"serve"}
			}
			args := append([]string{"--data", data}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code == 0 {
				t.Fatalf("%v: status 0, want a failure", tt.args)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q, want %q", stderr, tt.want)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n > 0 {
				t.Errorf("stderr is %d lines, want one: %q", n+1, stderr)
			}
			if tt.args[0] != "config" && !strings.Contains(strings.Join(tt.args, " "), "--data") {
				if _, err := os.Stat(data); !os.IsNotExist(err) {
					t.Errorf("the data directory was created before the settings were checked")
				}
			}
		})
	}
}

func TestConfigPrintsEffectiveSettings(t *testing.T) {
	clearEnv(t)
	const secret = "very-secret-admin-token-123456"
	t.Setenv("NEWSARCHIVE_ADMIN_TOKEN", secret)
	t.Setenv("NEWSARCHIVE_RATE", "2.5")
	t.Setenv("NEWSARCHIVE_DATA", "/srv/newsarchive")
	t.Setenv("NEWSARCHIVE_PUBLIC_URL", "https://news.example.org")
	code, out, stderr := runCLI(t, "config", "--schedule", "@every 30m", "--tz", "UTC")
	if code != 0 {
		t.Fatalf("config: %d %s", code, stderr)
	}
	if strings.Contains(out, secret) {
		t.Fatalf("config printed the admin token:\n%s", out)
	}
	for _, want := range [][]string{
		{"admin-token", "<redacted>", "env NEWSARCHIVE_ADMIN_TOKEN"},
		{"rate", "2.5", "env NEWSARCHIVE_RATE"},
		{"data", "/srv/newsarchive", "env NEWSARCHIVE_DATA"},
		{"schedule", "@every 30m", "flag --schedule"},
		{"tz", "UTC", "flag --tz"},
		{"public-url", "https://news.example.org", "env NEWSARCHIVE_PUBLIC_URL"},
		{"addr", "127.0.0.1:8080", "default"},
		{"site", "rferl", "default"},
		{"log-format", "text", "default"},
		{"shutdown-timeout", "10s", "default"},
	} {
		if !hasRow(out, want) {
			t.Errorf("no row %v in:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "# schedule @every 30m (UTC): next run") {
		t.Errorf("no next run line in:\n%s", out)
	}

	clearEnv(t)
	code, out, _ = runCLI(t, "config")
	if code != 0 || !hasRow(out, []string{"admin-token", `""`, "(not", "set)", "default"}) {
		t.Errorf("config without a token: %d\n%s", code, out)
	}
}

// hasRow reports whether a line of out has exactly these fields.
func hasRow(out string, fields []string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.Join(strings.Fields(line), " ") == strings.Join(fields, " ") {
			return true
		}
	}
	return false
}

// A data directory on a read-only file system: serve fails at start with
// the reason and leaves the archive as it was. Root writes through
// permission bits, so as root the directory is bound read-only in a
// private mount namespace (unshare); elsewhere it is made mode 0555.
func TestReadOnlyDataDir(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	data := t.TempDir()
	arch := openArchive(t, data)
	arch.Close()
	before := dirDigest(t, data)

	var p *proc
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("unshare"); err != nil {
			t.Skip("running as root without unshare: no way to make a read-only directory here")
		}
		probe := exec.Command("unshare", "-rm", "sh", "-c", `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1"`, "sh", data)
		if out, err := probe.CombinedOutput(); err != nil {
			t.Skipf("cannot bind a directory read-only here (%v: %s)", err, out)
		}
		script := `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && exec "$0" --data "$1" serve --addr 127.0.0.1:0`
		p = startCmd(t, exec.Command("unshare", "-rm", "sh", "-c", script, testenv.Binary(t), data), nil)
	} else {
		if err := os.Chmod(data, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(data, 0o755) })
		p = start(t, nil, "--data", data, "serve", "--addr", "127.0.0.1:0")
	}
	if code := p.wait(30 * time.Second); code == 0 {
		t.Fatal("serve started on a read-only data directory")
	}
	stderr := strings.TrimSpace(p.stderr.String())
	t.Logf("serve on a read-only data directory: %s", stderr)
	if !strings.Contains(stderr, "data directory "+data+" is not writable") || strings.Contains(stderr, "\n") {
		t.Errorf("stderr %q, want one line saying the data directory is not writable", stderr)
	}
	if after := dirDigest(t, data); after != before {
		t.Errorf("the data directory changed")
	}
}

// dirDigest is a digest of the names and contents of a directory's files.
func dirDigest(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(e.Name()))
		h.Write(b)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}
