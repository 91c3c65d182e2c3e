package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"newsarchive/internal/samplesite"
	"newsarchive/internal/testenv"
)

// savePages writes the sample site's pages (as served on www.rferl.org) to
// dir, one file each: the text articles, and the programme pages (which are
// not articles) when programmes is set. It returns the files written.
func savePages(t *testing.T, site *samplesite.Site, dir string, programmes bool) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, m := range site.Articles() {
		if m.Programme != programmes {
			continue
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://www.rferl.org"+m.Path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", m.Path, rec.Code)
		}
		file := filepath.Join(dir, m.ID+".html")
		if err := os.WriteFile(file, rec.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	if len(files) == 0 {
		t.Fatalf("the sample site has no such pages (programmes %v)", programmes)
	}
	return files
}

// Bad files are skipped with their reason and do not fail an import that
// archived something; an import that archived nothing at all exits 1.
func TestImportSkipsBadFiles(t *testing.T) {
	clearEnv(t)
	site := samplesite.New(samplesite.Options{})
	dir := t.TempDir()
	articles := savePages(t, site, filepath.Join(dir, "articles"), false)
	programmes := savePages(t, site, filepath.Join(dir, "programmes"), true)
	// A dangling link in a folder: listed as a page, but unreadable.
	broken := filepath.Join(dir, "broken")
	os.Mkdir(broken, 0o755)
	if err := os.Symlink(filepath.Join(dir, "missing.html"), filepath.Join(broken, "gone.html")); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		paths   []string
		code    int
		summary string // in the summary line on stdout
		says    string // in the last line of stderr, when the import fails
	}{
		{"articles", []string{articles[0], articles[1]}, 0, "imported 2 files: new 2, updated 0, unchanged 0, not an article 0, failed 0", ""},
		{"articles with pages that are not articles", []string{articles[0], programmes[0], broken}, 0,
			"imported 3 files: new 1, updated 0, unchanged 0, not an article 1, failed 1", ""},
		{"only pages that are not articles", []string{filepath.Join(dir, "programmes")}, 1,
			"not an article " + strconv.Itoa(len(programmes)), "no file could be imported"},
		{"only unreadable files", []string{broken}, 1, "failed 1", "no file could be imported"},
		{"a file that is not there", []string{articles[0], filepath.Join(dir, "missing.html")}, 2, "", "missing.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			code, out, errOut := cli(t, context.Background(), append([]string{"--data", data, "import"}, tt.paths...)...)
			last := lastLine(errOut)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stdout %q, stderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.summary) {
				t.Errorf("stdout %q, want it to say %q", out, tt.summary)
			}
			if tt.code == 0 && strings.HasPrefix(last, "newsarchive: ") {
				t.Errorf("a successful import ends with an error line: %q", last)
			}
			if tt.code != 0 && (!strings.HasPrefix(last, "newsarchive: ") || !strings.Contains(last, tt.says)) {
				t.Errorf("last line %q, want one line saying %q", last, tt.says)
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// An import whose archive writes start failing (a file size limit, as in
// TestArchiveWriteError: no privileges needed) stops at the first failed
// write with one line saying what failed and how many files were archived
// before, and exits non-zero; what was stored stays, and an import without
// the limit finishes the work.
func TestImportArchiveWriteError(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	t.Parallel()
	site := samplesite.New(samplesite.Options{ExtraArticles: 400})
	pages := filepath.Join(t.TempDir(), "pages")
	files := savePages(t, site, pages, false)
	data := filepath.Join(t.TempDir(), "data")
	env := []string{"NEWSARCHIVE_DATA=" + data}
	if p, code := run1(t, env, append([]string{"import"}, files[:10]...)...); code != 0 {
		t.Fatalf("first import: status %d\n%s", code, p.stderr)
	}
	first := archivedIDs(t, data)
	st, err := os.Stat(filepath.Join(data, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	// No file may grow past the archive's size plus 256 KB (ulimit -f
	// counts 512-byte blocks).
	blocks := st.Size()/512 + 512
	cmd := exec.Command("sh", "-c", `ulimit -f "$1" && exec "$2" import "$3"`,
		"sh", strconv.FormatInt(blocks, 10), testenv.Binary(t), pages)
	cmd.Env = procEnv(env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	last := lastLine(stderr.String())
	t.Logf("the import that could not write: %v, %q; stdout %q", err, last, stdout.String())
	if err == nil {
		t.Fatalf("an import whose archive could not be written exited 0")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("exit %v, want status 2 (an error)", err)
	}
	m := regexp.MustCompile(`^newsarchive: import stopped at \S+ \(file (\d+) of (\d+)\) with (\d+) files archived before it: .*cannot be written`).FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("last line %q, want one line saying where the import stopped, how many files it archived and that the archive cannot be written", last)
	}
	at, _ := strconv.Atoi(m[1])
	archivedBefore, _ := strconv.Atoi(m[3])
	if m[2] != strconv.Itoa(len(files)) || at >= len(files) || archivedBefore != at-1 {
		t.Errorf("stopped at file %s of %s with %s archived before; want a file before the last of %d, every one before it archived", m[1], m[2], m[3], len(files))
	}
	if n := strings.Count(stderr.String(), "cannot be written"); n > 3 {
		t.Errorf("the import went on after writes failed: %d lines say so", n)
	}
	if !strings.Contains(stdout.String(), "imported "+strconv.Itoa(at-1)+" of "+strconv.Itoa(len(files))+" files") {
		t.Errorf("stdout %q, want the summary of the files handled", stdout.String())
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
	if len(ids) >= len(files) {
		t.Fatalf("%d articles archived despite the limit; want fewer than %d", len(ids), len(files))
	}
	checkWholeRows(t, data)
	p, code := run1(t, env, "import", pages)
	if code != 0 {
		t.Fatalf("import without the limit: status %d\n%s", code, p.stderr)
	}
	if n := len(archivedIDs(t, data)); n != len(files) {
		t.Errorf("after the write errors and a new import: %d articles, want %d", n, len(files))
	}
	checkWholeRows(t, data)
}
