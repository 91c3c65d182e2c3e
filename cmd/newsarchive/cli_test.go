package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsarchive/indexer"
	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
	"newsarchive/search"
)

// cli runs the command line in this process and returns its exit status
// and outputs.
func cli(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(ctx, args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func scrapedData(t *testing.T) string {
	t.Helper()
	_, base := testenv.SampleSite(t, samplesite.Options{})
	data := t.TempDir()
	code, out, errOut := cli(t, context.Background(), "--data", data, "scrape", "--base-url", base, "--allow-private", "--rate", "100")
	if code != 0 {
		t.Fatalf("scrape: %d %s %s", code, out, errOut)
	}
	if !strings.Contains(out, "rferl: discovered") {
		t.Fatalf("no summary line: %q", out)
	}
	return data
}

func TestSearchAndExportCommands(t *testing.T) {
	data := scrapedData(t)
	ctx := context.Background()
	code, out, errOut := cli(t, ctx, "--data", data, "search", "--json", "--person", "Sergei Lavrov", "summit")
	if code != 0 {
		t.Fatalf("search: %d %s", code, errOut)
	}
	var res search.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 6 {
		t.Errorf("search total = %d, want 6", res.Total)
	}
	code, out, _ = cli(t, ctx, "--data", data, "search", "--person", "Sergei Lavrov", "summit")
	if code != 0 || !strings.Contains(out, "6 articles match \"summit\"") || !strings.Contains(out, "People:") {
		t.Errorf("readable search output:\n%s", out)
	}

	file := filepath.Join(t.TempDir(), "lavrov.csv")
	code, _, errOut = cli(t, ctx, "--data", data, "export", "--format", "csv", "-o", file, "--person", "Sergei Lavrov")
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	_, out, _ = cli(t, ctx, "--data", data, "search", "--json", "--person", "Sergei Lavrov")
	json.Unmarshal([]byte(out), &res)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows)-1 != res.Total {
		t.Errorf("export: %d rows (%v), search total %d", len(rows)-1, err, res.Total)
	}
	// Python's csv module reads it back the same, where Python exists.
	if py, err := exec.LookPath("python3"); err == nil {
		out, err := exec.Command(py, "-c", "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8'))) - 1)", file).Output()
		if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); err != nil || n != res.Total {
			t.Errorf("python csv read %q rows (%v), want %d", out, err, res.Total)
		}
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*part*"))
	if len(matches) > 0 {
		t.Errorf("export left temporary files: %v", matches)
	}
}

// While a server holds the index, search goes through its API.
func TestSearchThroughRunningServer(t *testing.T) {
	data := scrapedData(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		code, _, _ := cli(t, ctx, "--data", data, "--log-level", "warn", "serve", "--addr", "127.0.0.1:0")
		done <- code
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if h, held := indexer.Held(data); held && h.Addr != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not come up")
		}
		time.Sleep(50 * time.Millisecond)
	}
	var res search.Result
	for time.Now().Before(deadline) {
		code, out, errOut := cli(t, context.Background(), "--data", data, "search", "--json", "summit")
		if code != 0 {
			t.Fatalf("search through the server: %s", errOut)
		}
		json.Unmarshal([]byte(out), &res)
		if res.Total > 0 {
			break
		}
		time.Sleep(200 * time.Millisecond) // the server indexes the scrape's articles first
	}
	if res.Total == 0 {
		t.Error("no results through the server")
	}
	code, _, errOut := cli(t, context.Background(), "--data", data, "reindex")
	if code == 0 || !strings.Contains(errOut, "in use by `newsarchive serve`") {
		t.Errorf("reindex while serving: %d %q; want a clear refusal", code, errOut)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "programme.html")
	os.WriteFile(page, []byte("<html><body><h1>Live radio</h1></body></html>"), 0o644)
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	tests := []struct {
		args []string
		env  map[string]string
		code int
		says string
	}{
		{[]string{"search", "--from", "2025-13-40"}, nil, 2, "from="},
		{[]string{"search", "--size", "1000"}, nil, 2, "size="},
		{[]string{"export", "--format", "xml"}, nil, 2, "format="},
		{[]string{"scrape", "--site", "nosuch"}, nil, 2, "unknown site"},
		{[]string{"scrape", "--since", "yesterday"}, nil, 2, "--since"},
		{[]string{"scrape"}, map[string]string{"NEWSARCHIVE_RATE": "fast"}, 2, "NEWSARCHIVE_RATE"},
		{[]string{"parse", page}, nil, 1, "not an article"},
		{[]string{"parse", filepath.Join(dir, "missing.html")}, nil, 2, "no such file"},
		{[]string{"extract", "--published", "22.10.2025", "-"}, nil, 2, "YYYY-MM-DD"},
		{[]string{"--data", filepath.Join(notDir, "sub"), "search", "x"}, nil, 2, "data directory"},
		{[]string{"nosuchcommand"}, nil, 2, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			args := tt.args
			if args[0] != "--data" {
				args = append([]string{"--data", filepath.Join(dir, "data")}, args...)
			}
			code, _, errOut := cli(t, context.Background(), args...)
			if code != tt.code || !strings.Contains(errOut, tt.says) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("exit %d, stderr %q; want exit %d and one line saying %q", code, errOut, tt.code, tt.says)
			}
		})
	}
}
