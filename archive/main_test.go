package archive_test

import (
	"testing"

	"newsarchive/internal/testenv"
)

// TestMain stops the PostgreSQL cluster the tests started (testenv.Main).
func TestMain(m *testing.M) { testenv.Main(m) }
