package main

import (
	"testing"

	"newsarchive/internal/testenv"
)

// TestMain removes the newsarchive binary the process tests built.
func TestMain(m *testing.M) { testenv.Main(m) }
