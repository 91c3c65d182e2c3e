package web_test

import (
	"os"
	"testing"

	"newsarchive/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}
