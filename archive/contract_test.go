package archive_test

import (
	"context"
	"path/filepath"
	"testing"

	"newsarchive/archive"
	"newsarchive/internal/pgtest"
	"newsarchive/internal/storetest"
)

// Both archives keep the store contract: the embedded SQLite file and
// PostgreSQL (a private cluster, see pgtest).
func TestStoreContract(t *testing.T) {
	for name, target := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "archive.db") },
		"postgres": func(t *testing.T) string { return pgtest.URL(t) },
	} {
		t.Run(name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) storetest.Store {
				a, err := archive.Open(context.Background(), target(t))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { a.Close() })
				return a
			})
		})
	}
}
