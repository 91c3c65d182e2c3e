package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// privateMount returns the command prefix that runs a shell in a private
// mount namespace where it may mount a tmpfs (root, or an unprivileged
// user namespace), or skips the test.
func privateMount(t *testing.T) []string {
	t.Helper()
	for _, pre := range [][]string{{"unshare", "-m"}, {"unshare", "-rm"}} {
		dir := t.TempDir()
		cmd := exec.Command(pre[0], append(pre[1:], "sh", "-c", `mount -t tmpfs -o size=1m tmpfs "$1"`, "sh", dir)...)
		if err := cmd.Run(); err == nil {
			return pre
		}
	}
	t.Skip("cannot mount a small file system here (needs unshare and mount rights)")
	return nil
}

// diskFullScript runs in a private mount namespace: a 6 MB tmpfs holds the
// data directory; a first scrape stores 20 articles; a filler takes all
// but 1 MB; a second scrape runs out of space. The data directory is
// copied out after each scrape for the checks (the tmpfs dies with the
// namespace).
const diskFullScript = `
set -u
mount -t tmpfs -o size=6m tmpfs "$MNT" || exit 90
"$BIN" --data "$MNT/data" scrape --base-url "$SITE" --allow-private --rate 100 --max 20 >"$OUT/first.out" 2>"$OUT/first.err"
echo $? >"$OUT/first.code"
mkdir "$OUT/first" && cp -a "$MNT/data/." "$OUT/first/"
dd if=/dev/zero of="$MNT/filler" bs=64k 2>/dev/null
truncate -s -1M "$MNT/filler"
"$BIN" --data "$MNT/data" scrape --base-url "$SITE" --allow-private --rate 100 >"$OUT/second.out" 2>"$OUT/second.err"
echo $? >"$OUT/second.code"
mkdir "$OUT/data" && cp -a "$MNT/data/." "$OUT/data/"
`

// A scrape that fills the disk stops with a clear one-line error and a
// non-zero status; the archive stays intact (integrity_check ok, every row
// whole) and keeps everything stored before; with space again, the next
// scrape finishes the work.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	t.Parallel() // mostly waiting on processes and timers
	prefix := privateMount(t)
	site, siteURL := testenv.SampleSite(t, samplesite.Options{ExtraArticles: 400})
	want := expectedArticles(site)
	out, mnt := t.TempDir(), t.TempDir()
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(out, name))
		return strings.TrimSpace(string(b))
	}
	cmd := exec.Command(prefix[0], append(prefix[1:], "sh", "-c", diskFullScript)...)
	cmd.Env = procEnv("BIN="+testenv.Binary(t), "SITE="+siteURL, "MNT="+mnt, "OUT="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Logf("second scrape's log:\n%s", read("second.err"))
		t.Fatalf("disk-full script: %v\n%s", err, b)
	}
	if read("first.code") != "0" {
		t.Fatalf("first scrape: status %s\n%s", read("first.code"), read("first.err"))
	}
	first := archivedIDs(t, filepath.Join(out, "first"))
	data := filepath.Join(out, "data")

	code, stderr := read("second.code"), read("second.err")
	lines := strings.Split(stderr, "\n")
	last := lines[len(lines)-1]
	t.Logf("the scrape on a full disk: status %s, %q; %d lines mention the full disk", code, last, strings.Count(stderr, "no space left"))
	if code == "0" {
		t.Errorf("a scrape that ran out of disk space exited 0")
	}
	if !strings.HasPrefix(last, "newsarchive: ") || !strings.Contains(last, "no space left") {
		t.Errorf("last line %q, want one line saying the disk has no space left", last)
	}
	if n := strings.Count(stderr, "no space left"); n > 10 {
		t.Errorf("the scrape went on after the disk filled: %d lines mention it", n)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
		t.Errorf("a stack trace on a full disk:\n%s", stderr)
	}

	ids := archivedIDs(t, data)
	for id := range first {
		if !ids[id] {
			t.Errorf("article %s stored before the disk filled is gone", id)
		}
	}
	if len(first) < 20 || len(ids) >= want {
		t.Fatalf("%d articles before the disk filled, %d after; want 20 or more and fewer than %d", len(first), len(ids), want)
	}
	checkWholeRows(t, data)

	// Space again (the copy lives on the real disk): the next scrape
	// finishes the work.
	if p, code := run1(t, []string{"NEWSARCHIVE_DATA=" + data}, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100"); code != 0 {
		t.Fatalf("scrape after the disk full: status %d\n%s", code, p.stderr)
	}
	if n := len(archivedIDs(t, data)); n != want {
		t.Errorf("after the disk full and a new scrape: %d articles, want %d", n, want)
	}
	checkWholeRows(t, data)
}

// checkWholeRows: integrity_check passes and every stored article is
// whole with its raw page.
func checkWholeRows(t *testing.T, data string) {
	t.Helper()
	db := openDB(t, data, false)
	defer db.Close()
	var integrity string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	var bare int
	db.QueryRow("SELECT count(*) FROM articles a LEFT JOIN raw_pages r ON r.doc = a.doc WHERE r.doc IS NULL OR a.title = '' OR a.body = ''").Scan(&bare)
	if bare != 0 {
		t.Errorf("%d articles without their page or text", bare)
	}
	arch := openArchive(t, data)
	defer arch.Close()
	if _, err := arch.Count(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// A scrape whose archive writes start failing (here: a file size limit the
// process runs under, which needs no privileges, so this runs wherever the
// tests do) stops at the first failed write with one line saying the archive
// cannot be written; what was stored before stays whole, and a scrape
// without the limit finishes the work.
func TestArchiveWriteError(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	t.Parallel()
	site, siteURL := testenv.SampleSite(t, samplesite.Options{ExtraArticles: 400})
	want := expectedArticles(site)
	data := filepath.Join(t.TempDir(), "data")
	env := []string{"NEWSARCHIVE_DATA=" + data}
	if p, code := run1(t, env, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100", "--max", "20"); code != 0 {
		t.Fatalf("first scrape: status %d\n%s", code, p.stderr)
	}
	first := archivedIDs(t, data)
	st, err := os.Stat(filepath.Join(data, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	// No file may grow past the archive's size plus 256 KB (ulimit -f
	// counts 512-byte blocks): the write-ahead log soon cannot grow.
	blocks := st.Size()/512 + 512
	cmd := exec.Command("sh", "-c", `ulimit -f "$1" && exec "$2" scrape --base-url "$3" --allow-private --rate 100`,
		"sh", strconv.FormatInt(blocks, 10), testenv.Binary(t), siteURL)
	cmd.Env = procEnv(env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	t.Logf("the scrape that could not write: %v, %q", err, last)
	if err == nil {
		t.Fatalf("a scrape whose archive could not be written exited 0")
	}
	if !strings.HasPrefix(last, "newsarchive: ") || !strings.Contains(last, "cannot be written") {
		t.Errorf("last line %q, want one line saying the archive cannot be written", last)
	}
	if n := strings.Count(stderr.String(), "cannot be written"); n > 10 {
		t.Errorf("the scrape went on after writes failed: %d lines say so", n)
	}
	if strings.Contains(stderr.String(), "goroutine ") || strings.Contains(stderr.String(), "panic") {
		t.Errorf("a stack trace on a write error:\n%s", stderr.String())
	}
	ids := archivedIDs(t, data)
	for id := range first {
		if !ids[id] {
			t.Errorf("article %s stored before the writes failed is gone", id)
		}
	}
	if len(ids) >= want {
		t.Fatalf("%d articles archived despite the limit; want fewer than %d", len(ids), want)
	}
	checkWholeRows(t, data)
	if p, code := run1(t, env, "scrape", "--base-url", siteURL, "--allow-private", "--rate", "100"); code != 0 {
		t.Fatalf("scrape without the limit: status %d\n%s", code, p.stderr)
	}
	if n := len(archivedIDs(t, data)); n != want {
		t.Errorf("after the write errors and a new scrape: %d articles, want %d", n, want)
	}
	checkWholeRows(t, data)
}
