// Package shared finds, for tests, the reference material kept beside the
// repository in ../shared (real Pangea pages and sitemaps). It is not part
// of the repository: a test that needs it skips when it is absent, unless
// NEWSARCHIVE_SHARED is set (a machine that should have it), where it fails.
package shared

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is ../shared/<parts…> beside the repository; the test skips when it is
// absent (fails with NEWSARCHIVE_SHARED set).
func Dir(t testing.TB, parts ...string) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot tell where the repository is")
	}
	// this file is <repo>/internal/shared/shared.go
	dir := filepath.Join(append([]string{filepath.Dir(file), "..", "..", "..", "shared"}, parts...)...)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if os.Getenv("NEWSARCHIVE_SHARED") != "" {
			t.Fatalf("%s is absent, and NEWSARCHIVE_SHARED says it should be there", dir)
		}
		t.Skipf("%s is absent (it is not part of the repository)", dir)
	}
	return dir
}
