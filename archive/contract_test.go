package archive_test

import (
	"context"
	"path/filepath"
	"testing"

	"newsarchive/archive"
	"newsarchive/internal/storetest"
)

// The SQLite archive keeps the store contract.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		a, err := archive.Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	})
}
