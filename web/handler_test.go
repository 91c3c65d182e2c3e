package web

import (
	"net/http"
	"testing"
)

// handler is s.Handler(), failing the test if it cannot be built.
func handler(t testing.TB, s *Server) http.Handler {
	t.Helper()
	h, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}
